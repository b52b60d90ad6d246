"""A supervisor whose name is also an everyday word is masked where it is the name, only.

Found in review 26: with a supervisor called Will, an anonymised export
turned "Will we meet again?" into "[supervisor] we meet again?". The name
is masked where it reads as the name: inside a sentence with its capital,
and first in a sentence when what follows says so (the person doing
something, a possessive, a comma, a surname). Months ("May") need the
words around them to say so anywhere.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.core.export.anonymise import TextScreen
from reflect.core.privacy_names import name_lists

# (supervisor, typed, as the export has it): the name where it is the name.
MASKED = [
    ("Will", "Will is my supervisor.", "[supervisor] is my supervisor."),
    ("Will", "Will said we could wait.", "[supervisor] said we could wait."),
    ("Will", "Will's advice helped.", "[supervisor]'s advice helped."),
    ("Will", "Will, can we talk?", "[supervisor], can we talk?"),
    ("Will", "I talked it through with Will.", "I talked it through with [supervisor]."),
    ("Will", "Then: Will agreed.", "Then: [supervisor] agreed."),
    ("Will Jones", "Will Jones agreed.", "[supervisor] agreed."),
    ("Will Jones", "Will thinks so.", "[supervisor] thinks so."),
    ("will", "Will was calm.", "[supervisor] was calm."),
    ("May", "May agreed with the plan.", "[supervisor] agreed with the plan."),
    ("May", "I met with May on Tuesday.", "I met with [supervisor] on Tuesday."),
    ("Grace", "Grace said grace at tea.", "[supervisor] said grace at tea."),
    ("Hope", "I hope so, said Hope.", "I hope so, said [supervisor]."),
    ("Mark", "Mark noticed it first.", "[supervisor] noticed it first."),
    ("Rose", "As Rose suggested, I waited.", "As [supervisor] suggested, I waited."),
]
# The everyday word, left alone.
KEPT = [
    ("Will", "Will we meet again?"),
    ("Will", "Will it help the children?"),
    ("Will", "The family will move."),
    ("will", "Dad will call; mum will not."),
    ("Will Jones", "Will they cope?"),
    ("May", "May I ask for more time?"),
    ("May", "In May we met the school."),
    ("May", "In May, the plan changed."),
    ("Hope", "Hope you are well."),
    ("Mark", "Mark the date in the plan."),
    ("Bill", "Bill them for the visit."),
    ("Rose", "Rose to the challenge, she did."),
    ("Grace", "Grace period ends soon."),
]


@pytest.mark.parametrize(("supervisor", "typed", "masked"), MASKED)
def test_the_name_is_masked_where_it_is_the_name(supervisor: str, typed: str, masked: str) -> None:
    screen = TextScreen(supervisors=[supervisor])
    assert screen.text(typed) == masked
    assert screen.found["supervisor's name"] == masked.count("[supervisor]")


@pytest.mark.parametrize(("supervisor", "typed"), KEPT)
def test_the_everyday_word_is_left_alone(supervisor: str, typed: str) -> None:
    screen = TextScreen(supervisors=[supervisor])
    assert "[supervisor]" not in screen.text(typed)
    assert not screen.found["supervisor's name"]


@cache
def everyday_names() -> list[str]:
    """The scanner's given names that are also everyday words, with a capital."""
    return sorted(w.capitalize() for w in name_lists()[1] if w.isalpha())


@st.composite
def everyday_name(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(everyday_names()))


def test_the_list_holds_the_names_the_review_named() -> None:
    from reflect.core.privacy_everyday import is_everyday_word

    for word in ("Will", "May", "Grace", "Hope", "Joy", "Mark", "Bill", "Rose", "Faith"):
        assert is_everyday_word(word), word
    assert not is_everyday_word("Sarah")


@given(everyday_name(), st.sampled_from(["said", "agreed", "is", "was", "thinks", "asked"]))
def test_an_everyday_name_doing_something_is_masked(name: str, verb: str) -> None:
    screen = TextScreen(supervisors=[name])
    typed = f"{name} {verb} so. We talked with {name} about it."
    assert screen.text(typed) == f"[supervisor] {verb} so. We talked with [supervisor] about it."


@given(
    everyday_name(),
    st.sampled_from(["we", "you", "it", "they", "the", "this", "a"]),
    st.sampled_from(["", "Then. ", "It went well. ", "Notes:\n"]),
)
def test_an_everyday_word_first_before_a_lower_case_word_is_kept(
    name: str, follower: str, before: str
) -> None:
    """First in a sentence and followed by a small word ("Will we", "Hope you"): the word."""
    screen = TextScreen(supervisors=[name])
    typed = f"{before}{name} {follower} meet again?"
    assert screen.text(typed) == typed
    # In lower case, never the name, wherever it stands.
    lower = f"We {name.lower()} see; {name.lower()} {follower} meet."
    assert screen.text(lower) == lower
