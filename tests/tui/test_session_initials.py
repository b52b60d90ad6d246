"""The session form warns, under the field, when a name is typed where initials go."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sessions import more_than_initials
from reflect.tui.screens.session import RecordSessionScreen
from tests.tui.conftest import build, keys, settle, type_text


@pytest.mark.parametrize("typed", ["Sarah Jones", "sarah", "sj", "JMKLO", "J M"])
def test_more_than_initials_is_said(typed: str) -> None:
    assert "initials are enough" in more_than_initials(typed)


@pytest.mark.parametrize("typed", ["", "JM", "JMK", "J.M.", "ABCD"])
def test_initials_pass(typed: str) -> None:
    assert more_than_initials(typed) == ""


async def test_a_name_in_the_initials_field_is_warned_about_and_still_saved(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        screen = app.screen
        assert isinstance(screen, RecordSessionScreen)
        note = screen.query_one("#s-initials-msg", Static)
        assert not note.display
        await type_text(pilot, "Sarah Jones")
        await settle(pilot)
        assert note.display and note.region.height > 0  # on the form, under the field
        assert "looks like a name rather than initials" in str(note.render())
        await pilot.press(*["backspace"] * len("Sarah Jones"))
        await type_text(pilot, "SJ")
        await settle(pilot)
        assert not note.display
        await pilot.press(*["backspace"] * 2)
        await type_text(pilot, "Sarah Jones")
        await pilot.press("ctrl+s")
        await settle(pilot)
    # A warning, not a refusal: what was typed is kept.
    (session,) = sample_journal.supervision_sessions()
    assert session.supervisor_initials == "Sarah Jones"
