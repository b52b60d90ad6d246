"""Every bundled prompt set carries next steps over to actions and offers themes to tick.

In "What? So what? Now what?" the answer to "Now what will you do as a
result?" became no actions, and the themes step showed an empty list: the set
marked no prompt as filling the actions and carried no theme tags (review 22,
defect 2). These tests go over every bundled set, so a set added later is
held to the same.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary, bundled_prompts_dir, load_library
from reflect.core.vocab import RELATIONAL_THEMES
from reflect.core.writing import ReflectionDraft

DETAILS: dict[str, Any] = {
    "visit_date": date(2026, 11, 18),
    "case_code": "CF-2040",
    "visit_type": "home",
}
BUNDLED = sorted(load_library().sets)
# Johns' model looks in and out at the visit and asks no "what will you do"
# question of its own: its last question ("how might you handle it better?")
# is also about earlier experiences, so its lines are not taken as actions.
NO_NEXT_STEPS_QUESTION = {"johns"}


def test_every_bundled_set_is_checked() -> None:
    assert len(BUNDLED) >= 10 and "driscoll" in BUNDLED


@pytest.mark.parametrize("set_id", BUNDLED)
def test_the_next_steps_question_fills_the_actions(
    set_id: str, journal: Journal, library: PromptLibrary
) -> None:
    prompt_set = library.get(set_id)
    filling = [p for p in prompt_set.prompts if p.fills == "actions"]
    if set_id in NO_NEXT_STEPS_QUESTION:
        assert filling == []
        return
    assert len(filling) == 1, f"{set_id}: one question should fill the actions"
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), prompt_set)
    draft.created(draft.create(journal))
    index = next(i for i, s in enumerate(draft.steps) if s.prompt == filling[0])
    draft.go(index)
    draft.type_answer("Ring the health visitor by friday\nBook a joint visit with school\n")
    assert draft.actions_from_answer(date(2026, 11, 24)) == [
        ("Ring the health visitor", date(2026, 11, 27)),
        ("Book a joint visit with school", None),
    ]


@pytest.mark.parametrize("set_id", BUNDLED)
def test_the_themes_step_offers_every_theme_its_own_first(
    set_id: str, library: PromptLibrary
) -> None:
    prompt_set = library.get(set_id)
    own = list(dict.fromkeys(p.tag for p in prompt_set.prompts if p.tag))
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), prompt_set)
    names = draft.theme_names()
    assert names[: len(own)] == own
    assert set(names) == set(RELATIONAL_THEMES), f"{set_id} tags a theme not in the list"
    assert len(names) == len(RELATIONAL_THEMES)


def test_the_theme_list_is_the_default_sets_tags() -> None:
    text = (bundled_prompts_dir() / "relational.toml").read_text("utf-8")
    tags = {p["tag"] for p in tomllib.loads(text)["prompts"] if "tag" in p}
    assert tags == set(RELATIONAL_THEMES)


def test_the_what_so_what_now_what_set_offers_every_theme_unticked(
    journal: Journal, library: PromptLibrary
) -> None:
    # Its questions carry no theme tag: every theme is offered, none ticked,
    # and the sample journals (made with this set too) stay as they were.
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), library.get("driscoll"))
    draft.created(draft.create(journal))
    for index in (1, 2, 3):
        draft.go(index)
        draft.type_answer("Something written.")
    assert draft.suggested_themes() == set()
    assert draft.theme_names() == list(RELATIONAL_THEMES)
