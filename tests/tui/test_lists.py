"""Lists where one row is chosen: a mark besides colour, in sight after End, no silent wrap."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList, Select
from textual.widgets._select import SelectOverlay

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import JumpScreen
from tests.tui.conftest import build, keys, settle
from tests.tui.test_reflection import start


def marked_rows(steps: OptionList) -> list[int]:
    return [
        i for i in range(steps.option_count) if str(steps.get_option_at_index(i).prompt)[:1] == "▶"
    ]


async def test_the_step_list_marks_the_chosen_step_keeps_it_in_sight_and_stops_at_the_top(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await keys(pilot, "ctrl+g")
        assert isinstance(app.screen, JumpScreen)
        steps = app.screen.query_one("#jump-list", OptionList)
        dialog = app.screen.query_one(".dialog")
        assert marked_rows(steps) == [screen.step_index]
        await keys(pilot, "end")
        last = steps.option_count - 1
        assert steps.highlighted == last and marked_rows(steps) == [last]
        # The marked row is drawn inside the dialog, not past its bottom edge.
        row_y = steps.region.y + steps.gutter.top + last - int(steps.scroll_y)
        assert steps.region.bottom <= dialog.region.bottom
        assert steps.content_region.y <= row_y < steps.content_region.bottom
        await keys(pilot, "home")
        assert steps.highlighted == 0 and marked_rows(steps) == [0]
        await keys(pilot, "up")
        assert steps.highlighted == 0  # no jump from the top to the last step
        await keys(pilot, "down", "enter")
        assert app.screen is screen and screen.step_index == 1


async def test_browse_marks_the_chosen_row_in_the_first_cell_and_follows_the_cursor(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "b")
        table = app.screen.query_one("#entries", DataTable)
        table.focus()
        await keys(pilot, "down", "down")

        def drawn(row: int) -> str:
            y = row + table.header_height - int(table.scroll_y)
            return table.render_line(y).text

        assert table.cursor_row == 2
        assert drawn(2).startswith("▶")
        assert not drawn(1).startswith("▶") and not drawn(3).startswith("▶")
        # Columns do not move: the mark sits in the first cell's padding.
        assert len(drawn(2)) == len(drawn(1))
        await keys(pilot, "up")
        assert drawn(1).startswith("▶") and not drawn(2).startswith("▶")


async def test_the_question_set_dropdown_marks_the_highlighted_choice(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        dropdown = app.screen.query_one("#prompt-set", Select)
        dropdown.focus()
        await keys(pilot, "enter")
        overlay = dropdown.query_one(SelectOverlay)
        assert dropdown.expanded and overlay.has_focus

        def marked() -> list[int]:
            rows = [overlay.render_line(y).text for y in range(overlay.content_region.height)]
            return [
                overlay._lines[overlay.scroll_offset.y + y][0]
                for y, row in enumerate(rows)
                if row.startswith("▶")
            ]

        assert marked() == [overlay.highlighted]
        before = overlay.highlighted
        await keys(pilot, "down")
        assert overlay.highlighted != before and marked() == [overlay.highlighted]
