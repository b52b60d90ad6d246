"""Counts on screen read as numbers do elsewhere in Reflect: with thousands separated.

At 100,000 entries the home screen said "2757 of them flagged" beside
"18,212 reflections", and browse said "51,383 match" (seen in tmux).
"""

from __future__ import annotations

from datetime import date

from reflect.core.records import TermView
from reflect.tui.screens.browse_text import count_line
from reflect.tui.screens.home import HomeData, summary_text


def test_the_home_summary_separates_thousands() -> None:
    term = TermView(1, "Autumn 2026-27", date(2026, 9, 1), date(2026, 12, 18))
    data = HomeData(
        recent=(), drafts=(), term=term, term_count=18_212, flagged_count=2_757, total=100_000
    )
    assert summary_text(data) == (
        "This term (Autumn 2026-27): 18,212 reflections, 2,757 of them flagged for"
        " supervision  ·  100,000 in the journal in all"
    )
    alone = HomeData(recent=(), drafts=(), term=None, term_count=1, flagged_count=0, total=1)
    assert summary_text(alone) == "In all: 1 reflection, 0 of them flagged for supervision"


def test_the_search_count_says_what_matches() -> None:
    assert count_line(32, 51_383, searching=True, filtered=False) == (
        "51,383 entries match; the best 32 shown, more as you scroll. Enter to read."
    )
    assert count_line(32, 1_001, searching=True, filtered=False).startswith("1,001 entries match;")
    assert count_line(3, 3, searching=True, filtered=False) == (
        "3 entries match, best match first. Enter to read."
    )
