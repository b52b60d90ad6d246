"""Browse after reading and resizing: the cursor on the entry last read, the view filled.

Found by a fresh-eyes review in tmux (review 26): after "next" in the reader,
escape put the cursor back on the row first opened, so enter or f acted on
another family's entry; and a terminal made taller left the results ending
part way down the screen although more matched.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens import browse_pages
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.screens.read import ReadScreen
from tests.tui.conftest import build, keys, settle
from tests.tui.test_browse import open_browse, search_in_browse, shown_ids


def reading(app) -> int:  # type: ignore[no-untyped-def]
    """The id of the entry the reader shows."""
    reader = app.screen
    assert isinstance(reader, ReadScreen) and reader.entry is not None
    return reader.entry.id


async def read_on(pilot, times: int) -> int:  # type: ignore[no-untyped-def]
    """Press the reader's "next" ``times`` times; the entry it ends on."""
    for _ in range(times):
        await keys(pilot, "n")
    return reading(pilot.app)


async def test_back_from_reading_on_the_cursor_is_on_the_entry_read_last(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#entries", DataTable)
        listed = shown_ids(app)
        await keys(pilot, "down", "down", "enter")
        last = await read_on(pilot, 3)
        assert last == listed[5]
        await keys(pilot, "escape")
        assert app.screen is screen
        assert table.cursor_row == 5 and shown_ids(app)[table.cursor_row] == last
        # Enter opens that family's entry again, not the one first opened.
        await keys(pilot, "enter")
        assert reading(app) == last


async def test_back_from_reading_past_the_pages_loaded_reads_on_to_the_entry(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse_pages, "PAGE", 20)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#entries", DataTable)
        everything = [e.id for e in sample_journal.list_entries(limit=1000).items]
        await keys(pilot, "enter")
        last = await read_on(pilot, 45)  # three pages on, read as "next" went
        assert last == everything[45]
        await keys(pilot, "escape")
        # The list is read again from the top, and on until the entry is there.
        assert shown_ids(app)[table.cursor_row] == last
        assert table.cursor_row == 45
        await keys(pilot, "enter")
        assert reading(app) == last


async def test_back_from_reading_search_results_past_the_first_page(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BrowseScreen, "search_page", lambda self: 4)
    ranked = [hit.entry.id for hit in sample_journal.search("visit", limit=200)]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_in_browse(pilot, "visit")
        table = screen.query_one("#entries", DataTable)
        await keys(pilot, "enter", "down", "enter")  # to the results, the second opened
        last = await read_on(pilot, 9)
        assert last == ranked[10]
        await keys(pilot, "escape")
        assert app.screen is screen
        assert screen.query_one("#search").value == "visit"  # type: ignore[attr-defined]
        assert shown_ids(app)[table.cursor_row] == last
        assert shown_ids(app) == ranked[: len(shown_ids(app))]  # the same order


async def test_an_entry_moved_to_the_trash_leaves_the_cursor_on_its_row(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#entries", DataTable)
        listed = shown_ids(app)
        await keys(pilot, "enter")
        deleted = await read_on(pilot, 3)
        await keys(pilot, "d", "y")
        assert app.screen is screen
        assert deleted not in shown_ids(app)
        # The entry that followed it, now on its row.
        assert table.cursor_row == 3 and shown_ids(app)[3] == listed[4]


async def test_a_taller_terminal_reads_more_results_to_fill_the_view(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    word = "the"  # in nearly every entry: many more results than a page
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_in_browse(pilot, word)
        table = screen.query_one("#entries", DataTable)
        first = shown_ids(app)
        assert len(first) == screen.search_page()
        await pilot.resize_terminal(100, 60)
        await settle(pilot)
        await settle(pilot)  # the page read after the table took its new size
        shown = shown_ids(app)
        # Rows down to the foot of the view and beyond, in the same order.
        assert len(shown) >= table.size.height + 1 > len(first)
        assert shown == [h.entry.id for h in sample_journal.search(word, limit=len(shown))]
        count = str(screen.query_one("#count").render())
        assert f"the best {len(shown)} shown" in count or f"{len(shown)} entries match" in count


async def test_a_taller_terminal_reads_more_of_the_list_to_fill_the_view(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse_pages, "PAGE", 20)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#entries", DataTable)
        first = shown_ids(app)
        assert len(first) < 50
        await pilot.resize_terminal(100, 60)
        await settle(pilot)
        await settle(pilot)
        shown = shown_ids(app)
        assert len(shown) >= table.size.height + 1 > len(first)
        assert shown == [e.id for e in sample_journal.list_entries(limit=len(shown)).items]
