"""Terms in the app, by key presses."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.terms import TermsScreen
from tests.tui.conftest import build, settle, type_text


async def test_add_suggest_overlap_and_remove_terms(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_terms()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TermsScreen)
        assert "No terms yet" in str(screen.query_one("#term-msg", Static).render())
        await type_text(pilot, "Placement 1")
        await pilot.press("tab")
        await type_text(pilot, "07/09/2026")
        await pilot.press("tab")
        await type_text(pilot, "18/12/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert [t.name for t in empty_journal.terms()] == ["Placement 1"]
        await pilot.press("ctrl+a")  # this year's UK terms: Autumn overlaps the placement
        await settle(pilot)
        assert [t.name for t in empty_journal.terms()] == [
            "Autumn 2026-27",
            "Placement 1",
            "Spring 2026-27",
            "Summer 2026-27",
        ]
        await pilot.press("ctrl+a")  # again: every one is already there
        await settle(pilot)
        assert "Skipped" in str(screen.query_one("#term-msg", Static).render())
        await pilot.click("#term-name")
        await type_text(pilot, "Backwards")
        await pilot.press("tab")
        await type_text(pilot, "01/08/2027")
        await pilot.press("tab")
        await type_text(pilot, "01/07/2027")
        await pilot.press("enter")
        await settle(pilot)
        assert "before it starts" in str(screen.query_one("#term-msg", Static).render())
        table = screen.query_one("#term-table", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert [t.name for t in empty_journal.terms()] == [
            "Placement 1",
            "Spring 2026-27",
            "Summer 2026-27",
        ]
