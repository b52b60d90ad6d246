"""The Themes column lists the themes an entry's answers touched, most written first.

A prompt's theme tag can differ from its heading (Gibbs's "Feelings" touches
"Use of self and emotion"), so the order follows the prompt's tag, for every
bundled set, and for entries written with relational version 1.
"""

from __future__ import annotations

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary, load_library
from reflect.core.records import PromptRef
from tests.helpers import TODAY

# Sorts before every real theme: listed alphabetically it would come first.
UNTOUCHED = "A theme nobody wrote about"
BUNDLED_SETS = sorted(load_library().sets)


def test_every_bundled_set_is_covered() -> None:
    assert set(BUNDLED_SETS) >= {
        "relational",
        "relational-short",
        "quick",
        "gibbs",
        "driscoll",
        "kolb",
        "johns",
        "schon",
        "fook",
        "ruch",
    }


@pytest.mark.parametrize("set_id", BUNDLED_SETS)
def test_themes_follow_what_the_answers_touched(
    journal: Journal, library: PromptLibrary, set_id: str
) -> None:
    prompt_set = library.get(set_id)
    entry = journal.create_draft(
        visit_date=TODAY,
        case_code="CF-2001",
        visit_type="home",
        prompt_set_id=prompt_set.id,
        prompt_set_version=prompt_set.version,
        prompts=[PromptRef(p.id, p.question, p.theme) for p in prompt_set.prompts],
    )
    # The first prompt of each tag gets an answer, each longer than the last:
    # the tag answered last has the most words. Untagged prompts get the
    # longest answers of all, which must not lift any theme.
    tags: list[str] = []
    answers: dict[str, str] = {}
    for prompt in prompt_set.prompts:
        if prompt.tag is None:
            answers[prompt.id] = "A long answer to an untagged step. " * 40
        elif prompt.tag not in tags:
            tags.append(prompt.tag)
            answers[prompt.id] = "word " * (10 * len(tags))
    journal.save_draft(entry.id, answers)
    journal.set_tags(entry.id, themes=[UNTOUCHED, *tags])
    [summary] = journal.list_entries().items
    assert summary.themes == (*reversed(tags), UNTOUCHED)


def test_version_one_entries_order_by_their_headings(journal: Journal) -> None:
    # Relational version 1 is no longer on disk; its tagged questions had the
    # tag as their heading, and one question (help-harm) is not in version 2.
    entry = journal.create_draft(
        visit_date=TODAY,
        case_code="CF-2002",
        visit_type="home",
        prompt_set_id="relational",
        prompt_set_version="1",
        prompts=[
            PromptRef(
                "relationship-help-harm", "Help or harm?", "The relationship as the intervention"
            ),
            PromptRef("power", "Power?", "Partnership and its limits"),
        ],
    )
    journal.save_draft(entry.id, {"relationship-help-harm": "word " * 30, "power": "word " * 5})
    journal.set_tags(
        entry.id,
        themes=[UNTOUCHED, "Partnership and its limits", "The relationship as the intervention"],
    )
    [summary] = journal.list_entries().items
    assert summary.themes == (
        "The relationship as the intervention",
        "Partnership and its limits",
        UNTOUCHED,
    )


def test_a_users_own_set_orders_by_its_own_tags(journal: Journal) -> None:
    entry = journal.create_draft(
        visit_date=TODAY,
        case_code="CF-2003",
        visit_type="home",
        prompt_set_id="mine",
        prompt_set_version="1",
        prompts=[PromptRef("how", "How was it?", "How it was")],
    )
    journal.save_draft(entry.id, {"how": "Hard, and I was tired."})
    journal.set_tags(entry.id, themes=[UNTOUCHED, "Use of self and emotion"])
    # Unknown to the bundled sets: no answer touched a theme, alphabetical.
    assert journal.list_entries().items[0].themes == (UNTOUCHED, "Use of self and emotion")
    journal.prompt_tags = {("mine", "how"): "Use of self and emotion"}
    assert journal.list_entries().items[0].themes == ("Use of self and emotion", UNTOUCHED)
