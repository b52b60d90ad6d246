"""The line above the browse list says every filter in force, whole, at 80 columns.

Found in review 26: with a filter on at 80 columns the heading was one line
long and cut off at the edge, so the worker could not read which filters
were narrowing the list (nor the keys to change them).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.browse import BrowseScreen
from tests.helpers import TODAY
from tests.tui.conftest import build, settle
from tests.tui.test_focus import screen_text

EVERY_FILTER = EntryFilter(
    term="Autumn 2026",
    start=date(2026, 9, 1),
    end=date(2026, 11, 30),
    case_code="CF-4821",
    tag="Working with resistance",
    pcf_domain="Rights, Justice and Economic Wellbeing",
    status="complete",
    flagged=True,
)
# How the heading names each of them.
EVERY_PART = (
    "term Autumn 2026",
    "01 Sep 2026 to 30 Nov 2026",
    "case CF-4821",
    "theme or tag Working with resistance",
    "PCF: Rights, Justice and Economic Wellbeing",
    "complete only",
    "flagged for supervision",
)


def flat(text: str) -> str:
    """Text with every run of spaces and line breaks made one space."""
    return " ".join(text.split())


async def test_every_filter_is_shown_whole_at_80_columns(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    sample_journal.add_term("Autumn 2026", date(2026, 9, 1), date(2026, 12, 20))
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(BrowseScreen(filters=EVERY_FILTER, today=TODAY))
        await settle(pilot)
        shown = screen_text(app)
        lines = shown.splitlines()
        heading_widget = app.screen.query_one("#filters", Static)
        # Every filter's words are on the screen, none cut at the edge.
        for part in EVERY_PART:
            assert part in flat(shown), part
        assert "x to clear" in flat(shown)
        # Each filter is on one line, not broken across two.
        for part in EVERY_PART:
            assert any(part in line for line in lines), part
        assert heading_widget.size.height >= 2
        # The list still has room for rows below it.
        assert app.screen.query_one("#entries", DataTable).size.height >= 5


@given(
    st.lists(
        st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=30),
        min_size=1,
        max_size=8,
    ),
    st.integers(min_value=40, max_value=200),
    st.booleans(),
)
def test_the_heading_fits_its_width_and_never_breaks_a_filter(
    parts: list[str], width: int, searching: bool
) -> None:
    from reflect.tui.screens.browse_text import heading

    lines = heading(parts, searching, width).split("\n")
    assert all(len(line) <= width for line in lines)
    for part in parts:
        assert any(part in line for line in lines)
    # Nothing is left out, and the keys to change the filters are said.
    assert flat(" ".join(lines)).count("·") == len(parts) - 1
    assert "ctrl+f to change, x to clear" in flat(" ".join(lines))


def test_without_filters_the_heading_is_one_line() -> None:
    from reflect.tui.screens.browse_text import filter_parts, heading

    assert filter_parts(EVERY_FILTER) == list(EVERY_PART)
    assert heading([], False, 76) == "All entries, newest visit first  (ctrl+f to filter)"
    assert "\n" not in heading([], True, 76)
