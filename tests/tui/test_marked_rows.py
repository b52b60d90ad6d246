"""The Actions list and the home screen's tables mark the chosen row "▶", not only by colour.

The earlier fix reached Browse and the dropdowns, but the Actions list and
the home screen's "Drafts to finish" and "Recent reflections" still showed
the chosen row by colour and bold alone (review 22, defect 5).
"""

from __future__ import annotations

from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.tui.conftest import build, keys, settle


def marked_rows(table: DataTable) -> list[int]:  # type: ignore[type-arg]
    """The rows drawn with the mark, by row index (rows in view only)."""
    rows = []
    for y in range(table.header_height, table.size.height):
        row = y - table.header_height + int(table.scroll_y)
        if row < table.row_count and table.render_line(y).text.startswith("▶"):
            rows.append(row)
    return rows


async def test_the_actions_list_marks_the_chosen_row(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "a")
        table = app.screen.query_one("#actions-table", DataTable)
        assert table.row_count >= 3 and table.has_focus
        assert marked_rows(table) == [table.cursor_row] == [0]
        await keys(pilot, "down", "down")
        assert marked_rows(table) == [2]
        await keys(pilot, "up")
        assert marked_rows(table) == [1]


async def test_the_home_screen_marks_one_row_in_the_table_the_keys_go_to(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one("#drafts", DataTable)
        recent = app.screen.query_one("#recent", DataTable)
        assert drafts.row_count >= 2 and recent.row_count >= 2
        assert drafts.has_focus
        assert marked_rows(drafts) == [0] and marked_rows(recent) == []
        await keys(pilot, "down")
        assert marked_rows(drafts) == [1]
        await keys(pilot, "tab")
        assert recent.has_focus
        assert marked_rows(drafts) == [] and marked_rows(recent) == [0]
        await keys(pilot, "down")
        assert marked_rows(recent) == [1]


async def test_a_list_filled_as_it_goes_marks_its_highlighted_option() -> None:
    # Review 25: the supervision sessions, an entry's versions and the
    # actions list showed the highlighted option by colour alone.
    from textual.app import App, ComposeResult

    from reflect.tui.widgets.marked_list import MarkedRowsOptionList

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield MarkedRowsOptionList(id="list")

    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        options = app.query_one(MarkedRowsOptionList)
        options.add_options(["Fri 20 Nov 2026", "Fri 13 Nov 2026", "Fri 6 Nov 2026"])
        options.focus()
        options.highlighted = 1
        await pilot.pause()
        lines = [options.render_line(y).text for y in range(3)]
        assert lines[1].startswith("▶") and "13 Nov" in lines[1]
        assert not lines[0].startswith("▶") and not lines[2].startswith("▶")
        assert lines[0].index("Fri") == lines[1].index("Fri")  # nothing moves


async def test_with_no_draft_the_recent_reflections_take_the_keys(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    # Review 25: with no draft the top recent row looked chosen, but had no
    # mark and enter opened nothing until tab (the hidden drafts list held
    # the focus).
    for draft in sample_journal.drafts(limit=100):
        sample_journal.delete(draft.id)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        assert recent.has_focus and marked_rows(recent) == [0]
        await keys(pilot, "down", "enter")
        assert type(app.screen).__name__ == "ReadScreen"
