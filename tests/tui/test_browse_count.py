"""The line under browse's list: more are promised only when more will load.

With a filter that left 10 of 60 entries, every match was on the list, and
the line still said "10 of 10 shown. Enter to read; more load as you scroll."
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable, Input

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.browse_text import count_line, list_lines
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


@given(
    shown=st.integers(min_value=0, max_value=100_000),
    extra=st.integers(min_value=0, max_value=10_000_000),
    searching=st.booleans(),
    filtered=st.booleans(),
    width=st.integers(min_value=56, max_value=200),
)
def test_the_count_line_fits_its_one_line_and_keeps_the_next_step(
    shown: int, extra: int, searching: bool, filtered: bool, width: int
) -> None:
    """At 60 columns the line was cut after "more as you": "Enter to read" was lost."""
    total = shown + extra
    filters = EntryFilter(case_code="CF-1") if filtered else EntryFilter()
    _above, below = list_lines(filters, "words" if searching else "", width, range(shown), total)
    assert len(below) <= width
    if shown:
        assert "Enter to read" in below
    if len(count_line(shown, total, searching=searching, filtered=filtered)) <= width:
        assert below == count_line(shown, total, searching=searching, filtered=filtered)


async def test_at_60_columns_the_count_line_is_whole(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(60, 24)) as pilot:
        await open_browse(pilot)
        await pilot.press("slash")
        await type_text(pilot, "the")
        await settle(pilot)
        below = str(app.screen.query_one("#count").render())
        total = sample_journal.count_matches("the")
        shown = app.screen.query_one("#entries", DataTable).row_count
        assert shown < total
        assert below == f"{total} entries match; best {shown} shown. Enter to read."
