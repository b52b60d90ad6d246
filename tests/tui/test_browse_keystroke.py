"""What a key typed in browse's search box makes the screen do.

Each key's new results should be drawn, not the whole screen laid out again:
Textual's search box gave itself a new scrollable width with every letter,
and the count line asked for a new layout with every count, each a reflow of
every widget while the search ran. A box whose text no longer fits must still
scroll to show what is being typed.
"""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.tui.conftest import build, settle, type_text
from tests.tui.test_browse import open_browse


async def test_a_key_that_changes_only_the_results_lays_nothing_out_again(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash")
        await type_text(pilot, "the")  # in nearly every entry: a full page each key
        await settle(pilot)
        table = screen.query_one("#entries", DataTable)
        page = table.row_count
        count_before = str(screen.query_one("#count").render())
        laid_out: list[str] = []
        layout = Screen._refresh_layout

        def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
            laid_out.append(type(self).__name__)
            layout(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await type_text(pilot, "y")  # "they": other results, as many
        await settle(pilot)
        assert table.row_count == page  # the same number of rows, so the same size
        assert str(screen.query_one("#count").render()) != count_before  # a new count
        assert screen.query_one("#search", Input).value == "they"  # the letter is shown
        assert laid_out == []


async def test_a_search_longer_than_the_box_still_shows_what_is_being_typed(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(40, 24)) as pilot:
        screen = await open_browse(pilot)
        box = screen.query_one("#search", Input)
        await pilot.press("slash")
        words = "supervision judgement relationship partnership"
        await type_text(pilot, words)
        await settle(pilot)
        room = box.scrollable_content_region.width
        assert len(words) > room  # the text no longer fits
        assert box.virtual_size.width == len(words) + 1  # the text and the cursor after it
        assert box.scroll_x > 0
        line = box.render_line(0).text
        assert "partnership" in line  # the end, where the cursor is, is in view
        await pilot.press("home")
        await settle(pilot)
        assert box.scroll_x == 0
        assert box.render_line(0).text.lstrip().startswith("supervision")
        await pilot.press("end", "ctrl+u")  # emptied: back to fitting in the box
        await type_text(pilot, "kin")
        await settle(pilot)
        assert box.virtual_size.width == room and box.scroll_x == 0
