"""Browsing a 100,000-entry journal reads a page at a time.

This counts work, not time: every row the database hands to Reflect is counted
while the browse screen opens, pages down, searches and filters. Speed itself
is measured by the benchmarks (tests/bench).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from reflect.core.database import Db
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.screens.browse_pages import PAGE
from tests.helpers import TODAY, new_draft
from tests.tui.conftest import build, settle, type_text


class _CountingCursor:
    """A driver cursor that counts every row it hands over."""

    def __init__(self, cursor: Any, counter: RowCounter) -> None:
        self._cursor = cursor
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __iter__(self) -> Iterator[Any]:
        for row in self._cursor:
            self._counter.rows += 1
            yield row

    def fetchone(self) -> Any:
        row = self._cursor.fetchone()
        self._counter.rows += row is not None
        return row

    def fetchmany(self, *args: Any) -> list[Any]:
        rows = self._cursor.fetchmany(*args)
        self._counter.rows += len(rows)
        return list(rows)

    def fetchall(self) -> list[Any]:
        rows = self._cursor.fetchall()
        self._counter.rows += len(rows)
        return list(rows)


class _CountingDriver:
    """A driver connection whose cursors count their rows."""

    def __init__(self, driver: Any, counter: RowCounter) -> None:
        self._driver = driver
        self._counter = counter

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)

    def execute(self, *args: Any) -> _CountingCursor:
        return _CountingCursor(self._driver.execute(*args), self._counter)


class RowCounter:
    """Counts rows fetched through the data layer's one door (`reflect.core.database.Db`)."""

    def __init__(self) -> None:
        self.rows = 0

    def patch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        init = Db.__init__
        counter = self

        def counting(db: Db, driver: Any) -> None:
            init(db, _CountingDriver(driver, counter))

        monkeypatch.setattr(Db, "__init__", counting)


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
            page = screen.search_page()
            assert 0 < table.row_count <= page
            # Per keystroke at most: the ids of a page of hits (one more says
            # whether there are more), those hits described, their snippets (one
            # row each, read by rowid: listing.search), the count and the trash.
            assert counter.rows <= len("school") * (3 * (page + 1) + 2)

            counter.rows = 0
            await pilot.press("escape", "escape")  # out of the box, back to the list
            await settle(pilot)
            assert table.row_count == PAGE
            assert counter.rows <= PAGE + 2
