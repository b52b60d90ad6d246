"""Browsing a 100,000-entry journal reads a page at a time.

This counts work, not time: every row SQLAlchemy hands to Reflect is counted
while the browse screen opens, pages down, searches and filters. Speed itself
is measured by the benchmarks (tests/bench).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import cursor as sa_cursor
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.browse import PAGE, SEARCH_PAGE, BrowseScreen
from tests.helpers import TODAY, new_draft
from tests.tui.conftest import build, settle, type_text


class RowCounter:
    """Counts rows fetched through SQLAlchemy's cursor results."""

    def __init__(self) -> None:
        self.rows = 0

    def patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        strategy = sa_cursor.CursorFetchStrategy
        fetchone, fetchmany, fetchall = strategy.fetchone, strategy.fetchmany, strategy.fetchall
        counter = self

        def one(self: Any, *args: Any, **kwargs: Any) -> Any:
            row = fetchone(self, *args, **kwargs)
            counter.rows += row is not None
            return row

        def many(self: Any, *args: Any, **kwargs: Any) -> Any:
            rows = fetchmany(self, *args, **kwargs)
            counter.rows += len(rows)
            return rows

        def every(self: Any, *args: Any, **kwargs: Any) -> Any:
            rows = fetchall(self, *args, **kwargs)
            counter.rows += len(rows)
            return rows

        monkeypatch.setattr(strategy, "fetchone", one)
        monkeypatch.setattr(strategy, "fetchmany", many)
        monkeypatch.setattr(strategy, "fetchall", every)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[RowCounter]:
    counting = RowCounter()
    counting.patch(monkeypatch)
    yield counting


def test_the_counter_sees_every_row(tmp_path: Path, counter: RowCounter) -> None:
    # The checks below are only worth something if the counter cannot miss rows.
    with Journal.open(tmp_path / "small.db") as journal:
        for day in range(5):
            new_draft(journal, day=TODAY - timedelta(days=day))
        counter.rows = 0
        journal.list_entries(limit=3)
        assert counter.rows == 4  # a page and one more, to know there is more
        counter.rows = 0
        journal.count_entries()
        assert counter.rows == 1


@pytest.mark.slow  # the 100,000-entry journal is built once per run (tests/conftest.py)
async def test_browse_at_100000_entries_reads_a_page_at_a_time(
    large_journal_path: Path, library: PromptLibrary, counter: RowCounter
) -> None:
    with Journal.open(large_journal_path) as journal:
        app = build(journal, library)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            counter.rows = 0
            await pilot.press("b")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            table = screen.query_one("#entries", DataTable)
            # The first page (one extra row says whether there is more) and the count.
            assert table.row_count == PAGE
            assert counter.rows <= PAGE + 1 + 1
            assert "100 of 100,000 shown" in str(screen.query_one("#count").render())

            counter.rows = 0
            for _ in range(3):
                await pilot.press("ctrl+end")
                await settle(pilot)
            assert table.row_count == 4 * PAGE
            assert counter.rows <= 3 * (PAGE + 1)

            counter.rows = 0
            await pilot.press("slash")
            await type_text(pilot, "school")
            await settle(pilot)
            assert 0 < table.row_count <= SEARCH_PAGE
            # Per keystroke at most: the ids of a page of hits (one more says
            # whether there are more), those hits described, and the count.
            assert counter.rows <= len("school") * (2 * (SEARCH_PAGE + 1) + 1)

            counter.rows = 0
            await pilot.press("escape", "x")  # back to the list, every filter off
            await settle(pilot)
            assert table.row_count == PAGE
            assert counter.rows <= PAGE + 2
