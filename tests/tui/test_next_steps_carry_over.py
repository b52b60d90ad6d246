"""What? So what? Now what?: the "Now what" answer becomes actions, and themes are offered.

The reviewer answered "Now what will you do as a result?" and found "No
actions yet." at the actions step and an empty themes list (review 22,
defect 2). Driven by keys, checked in the journal.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import SelectionList, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.vocab import RELATIONAL_THEMES
from tests.tui.conftest import build, settle, type_text
from tests.tui.test_reflection import start


async def test_now_what_lines_become_actions_and_every_theme_is_offered(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="driscoll")
        await type_text(pilot, "Kitchen table visit")
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+o")  # leave "So what?" unanswered
        assert screen.step.prompt is not None and screen.step.prompt.id == "now-what"
        await type_text(pilot, "Ring the health visitor by friday")
        await pilot.press("enter")
        await type_text(pilot, "Ask about nursery")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "tags"
        themes = screen.query_one("#themes", SelectionList)
        offered = [str(themes.get_option_at_index(i).prompt) for i in range(themes.option_count)]
        assert offered == list(RELATIONAL_THEMES)
        assert themes.selected == []  # the set's questions suggest no theme
        note = str(screen.query_one("#themes-note", Static).render())
        assert note == "None ticked from your answers: space ticks any this visit touched."
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.step.kind == "actions"
        assert [(a.text, a.due) for a in screen.actions_form.actions] == [
            ("Ring the health visitor", date(2026, 11, 27)),
            ("Ask about nursery", None),
        ]
    assert screen.entry_id is not None
    stored = empty_journal.get_entry(screen.entry_id).actions
    assert [a.text for a in stored] == ["Ring the health visitor", "Ask about nursery"]
