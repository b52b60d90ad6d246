"""The reader's "next" and "previous" walk the list it was opened from, and escape
leaves that list's cursor on the entry read last: the home screen's recent
reflections, the trash and the supervision agenda, as browse does.

Found in review 26: from these three lists, escape put the cursor back on the
row first opened (or on the top row), so enter or r acted on another
family's entry than the one just read.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.supervision import SupervisionScreen
from reflect.tui.screens.trash import TrashScreen
from tests.tui.conftest import build, keys, settle
from tests.tui.test_browse_cursor_and_view import read_on, reading


def listed(table: DataTable[object]) -> list[int]:
    """The entries a table lists, top to bottom."""
    return [
        int(table.coordinate_to_cell_key((row, 0)).row_key.value or 0)
        for row in range(table.row_count)
    ]


def on_cursor(table: DataTable[object]) -> int:
    """The entry on the table's cursor row."""
    return listed(table)[table.cursor_row]


async def walk_and_come_back(pilot, table: DataTable[object], opened: int, on: int) -> int:  # type: ignore[no-untyped-def]
    """Open row ``opened``, go ``on`` entries further with "next" and one back, then escape.

    Checks that next and previous followed the table's order; the entry read last.
    """
    order = listed(table)
    screen = pilot.app.screen
    for _ in range(opened):
        await keys(pilot, "down")
    await keys(pilot, "enter")
    assert reading(pilot.app) == order[opened]
    assert await read_on(pilot, on) == order[opened + on]
    await keys(pilot, "p")  # previous: back one, in the list's order
    last = reading(pilot.app)
    assert last == order[opened + on - 1]
    await keys(pilot, "escape")
    assert pilot.app.screen is screen
    return last


async def test_home_recent_list_follows_the_reader(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#drafts", DataTable).row_count  # the sample has drafts
        recent = home.query_one("#recent", DataTable)
        recent.focus()
        await settle(pilot)
        last = await walk_and_come_back(pilot, recent, opened=1, on=4)
        # The keys are still on the recent list (not on the drafts above it),
        # its cursor on the entry read last: enter opens it again.
        assert recent.has_focus
        assert on_cursor(recent) == last and recent.cursor_row == 4
        # The line at the top says what enter does here, not "carry on with it".
        lead = str(home.query_one("#lead").render())
        assert "tab goes to it, and there enter carries on with it" in lead
        await keys(pilot, "shift+tab")
        assert home.query_one("#drafts", DataTable).has_focus
        assert "press enter to carry on with it" in str(home.query_one("#lead").render())
        await keys(pilot, "tab")
        await keys(pilot, "enter")
        assert reading(app) == last


async def test_trash_follows_the_reader(sample_journal: Journal, library: PromptLibrary) -> None:
    for entry in sample_journal.list_entries(EntryFilter(status="complete"), limit=6).items:
        sample_journal.delete(entry.id)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "x")
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        table = trash.query_one("#trash-table", DataTable)
        assert table.row_count == 6
        last = await walk_and_come_back(pilot, table, opened=0, on=4)
        assert on_cursor(table) == last and table.cursor_row == 3
        # r takes out the entry read last, not the one first opened.
        await keys(pilot, "r")
        assert last not in listed(table)
        assert sample_journal.get_entry(last).deleted_at is None


async def test_a_restored_entry_leaves_the_trash_cursor_on_its_row(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    for entry in sample_journal.list_entries(EntryFilter(status="complete"), limit=4).items:
        sample_journal.delete(entry.id)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "x")
        table = app.screen.query_one("#trash-table", DataTable)
        order = listed(table)
        await keys(pilot, "enter", "n", "n", "r", "escape")  # the third, taken out
        assert listed(table) == [order[0], order[1], order[3]]
        assert table.cursor_row == 2 and on_cursor(table) == order[3]


async def test_supervision_agenda_follows_the_reader(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    flagged = EntryFilter(status="complete", flagged=False)
    for entry in sample_journal.list_entries(flagged, limit=5).items:
        sample_journal.update_entry(entry.id, flagged=True)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s")
        agenda = app.screen
        assert isinstance(agenda, SupervisionScreen)
        table = agenda.query_one("#agenda", DataTable)
        assert table.row_count >= 6
        last = await walk_and_come_back(pilot, table, opened=1, on=4)
        assert on_cursor(table) == last and table.cursor_row == 4
        await keys(pilot, "enter")
        assert reading(app) == last


async def test_resizing_the_terminal_leaves_the_home_cursor_where_it_was(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """Found in tmux while checking the above: a resize refilled both lists, the
    cursor went back to the top and the keys to the drafts."""
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        recent.focus()
        for _ in range(8):
            await keys(pilot, "down")
        chosen = on_cursor(recent)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert recent.has_focus and on_cursor(recent) == chosen
        # In view: the list is two rows high at 80x24.
        rows_in_view = recent.size.height - recent.header_height
        assert recent.scroll_y <= recent.cursor_row < recent.scroll_y + rows_in_view
        await keys(pilot, "enter")
        assert reading(app) == chosen


@pytest.mark.parametrize("height", [24, 30])
async def test_the_recent_list_is_never_drawn_past_the_screens_edge(
    sample_journal: Journal, library: PromptLibrary, height: int
) -> None:
    """On a short terminal with drafts, the recent list was drawn past the
    bottom of the home screen: the cursor went down onto rows nobody could
    see (found in tmux at 80x24). It now takes the room there is and scrolls."""
    app = build(sample_journal, library)
    async with app.run_test(size=(80, height)) as pilot:
        await settle(pilot)
        home = app.screen.query_one("#home")
        recent = app.screen.query_one("#recent", DataTable)
        bottom = home.region.bottom - home.styles.padding.bottom
        assert recent.region.bottom <= bottom
        recent.focus()
        for _ in range(5):
            await keys(pilot, "down")
            rows_in_view = recent.scrollable_content_region.height - recent.header_height
            assert recent.scroll_y <= recent.cursor_row < recent.scroll_y + rows_in_view
