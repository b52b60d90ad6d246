"""The line under browse's list: more are promised only when more will load.

With a filter that left 10 of 60 entries, every match was on the list, and
the line still said "10 of 10 shown. Enter to read; more load as you scroll."
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.browse_text import count_line
from reflect.tui.screens.filters import FilterScreen
from tests.tui.conftest import build, settle, type_text
from tests.tui.test_browse import open_browse, shown_ids


def test_every_entry_shown_is_said_plainly() -> None:
    assert count_line(10, 10, searching=False, filtered=True) == (
        "All 10 matching entries shown. Enter to read."
    )
    assert count_line(1, 1, searching=False, filtered=True) == (
        "1 matching entry shown. Enter to read."
    )
    assert count_line(1_200, 1_200, searching=False, filtered=False) == (
        "All 1,200 entries shown. Enter to read."
    )


def test_more_are_promised_only_when_there_are_more() -> None:
    assert count_line(40, 60, searching=False, filtered=True) == (
        "40 of 60 shown. Enter to read; more load as you scroll."
    )
    assert count_line(100, 100_000, searching=False, filtered=False) == (
        "100 of 100,000 shown. Enter to read; more load as you scroll."
    )


async def test_a_filter_that_leaves_a_few_says_all_are_shown(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    case = sample_journal.list_entries(limit=1).items[0].case_code
    by_case = sample_journal.list_entries(EntryFilter(case_code=case), limit=1000).items
    assert 1 < len(by_case) < 80  # a few of the journal's 80
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#f-case", Input).focus()
        await type_text(pilot, case.lower())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown_ids(app) == [e.id for e in by_case]
        assert app.screen.query_one("#entries", DataTable).row_count == len(by_case)
        below = str(app.screen.query_one("#count").render())
        assert below == f"All {len(by_case)} matching entries shown. Enter to read."
        assert "more load" not in below
