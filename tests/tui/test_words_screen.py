"""The worker's words for the identifier check, by key presses from home."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.wordlists import ListedWord
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.words import WordsScreen
from tests.tui.conftest import build, settle, type_text


async def test_add_move_and_remove_words_from_home(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WordsScreen)
        assert "No words yet" in str(screen.query_one("#word-msg", Static).render())
        await type_text(pilot, "Kowalczyk")
        await pilot.press("enter")  # enter flags: the safe default
        await settle(pilot)
        await type_text(pilot, "Oakfield Team")
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert "'Oakfield Team' will never be flagged." in str(
            screen.query_one("#word-msg", Static).render()
        )
        assert empty_journal.listed_words() == [
            ListedWord("Oakfield Team", "allow"),
            ListedWord("Kowalczyk", "flag"),
        ]
        await type_text(pilot, "kowalczyk")
        await pilot.press("ctrl+a")  # moves it to the other list
        await settle(pilot)
        assert [w.list_name for w in empty_journal.listed_words()] == ["allow", "allow"]
        await pilot.press("ctrl+f")  # nothing typed: said plainly, nothing changes
        await settle(pilot)
        assert "Type a word" in str(screen.query_one("#word-msg", Static).render())
        table = screen.query_one("#word-table", DataTable)
        assert table.row_count == 2
        await pilot.press("tab")
        table.move_cursor(row=0)
        await pilot.press("delete")
        await settle(pilot)
        assert [w.word for w in empty_journal.listed_words()] == ["Oakfield Team"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
