"""What the browse screen reads: a page of the list or of search results, in a worker."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from reflect.core.journal import Journal
from reflect.core.records import EntryFilter, EntrySummary, SearchHit, SnippetPart
from reflect.core.stopping import Stop, Stopped

PAGE = 100
# Fetch the next page when the cursor is this close to the last loaded row.
NEAR_END = 10
# Search results a page at a time: building a row's summary and snippet is
# what costs once the matches are ranked, so each keystroke builds only the
# rows in view (`search_page`), and the next page as the cursor or the view
# nears the end. At least SEARCH_PAGE, for a table not yet laid out. Reading
# NEAR_END rows more with each key, as before, made a third more snippets
# nobody could see yet ("th" at 100,000 entries: 33 of them, 12 ms).
SEARCH_PAGE = 20


def search_page(rows_in_view: int) -> int:
    """How many results a keystroke reads: the rows in view, SEARCH_PAGE at least."""
    return max(SEARCH_PAGE, rows_in_view)


@dataclass(frozen=True)
class Loaded:
    """One page (or a set of search results) ready to show."""

    generation: int
    rows: tuple[EntrySummary, ...]
    snippets: tuple[tuple[SnippetPart, ...], ...] | None
    has_more: bool
    total: int | None
    append: bool


class _CountBeside:
    """The matches of a search counted in a thread while the search ranks them.

    Counting words that are each in many entries ("school at" at 100,000
    entries: 79,000 matches) walks every match, about 5 ms, and the search
    beside it takes about 20: the two no longer add up. The count has a
    `Stop` of its own (`Stop.beside`): a newer search stops both.
    """

    def __init__(
        self, journal: Journal, query: str, filters: EntryFilter, stop: Stop | None
    ) -> None:
        self._stop = stop.beside() if stop is not None else Stop()
        self._outcome: list[int | BaseException] = []
        self._thread = threading.Thread(
            target=self._count, args=(journal, query, filters), name="reflect-count", daemon=True
        )
        self._thread.start()

    def _count(self, journal: Journal, query: str, filters: EntryFilter) -> None:
        try:
            self._outcome.append(journal.count_matches(query, filters, stop=self._stop))
        except BaseException as error:  # handed to the worker that waits
            self._outcome.append(error)

    def result(self) -> int:
        """The count, once made; its error (`Stopped` too) raised here."""
        self._thread.join()
        if isinstance(self._outcome[0], BaseException):
            raise self._outcome[0]
        return self._outcome[0]

    def abandon(self) -> None:
        """Stop the count and wait for its thread: the search beside it failed."""
        self._stop.stop()
        self._thread.join()


def read_page(
    journal: Journal,
    generation: int,
    query: str,
    filters: EntryFilter,
    after: tuple[date, int] | None,
    offset: int,
    stop: Stop | None = None,
    page: int = SEARCH_PAGE,
) -> Loaded | None:
    """A page of the list, or ``page`` search results, with the true count on the first.

    None when a newer search stopped this one (``stop``): nobody wants its rows.
    """
    if query:
        # One more than a page, to know whether there are more; the true
        # count only with the first page (it does not change as you scroll),
        # counted beside the search, on the other core.
        count = None if offset else _CountBeside(journal, query, filters, stop)
        try:
            hits: list[SearchHit] = journal.search(
                query, limit=page + 1, offset=offset, filters=filters, stop=stop
            )
            total = count.result() if count else None
        except Stopped:
            return None  # a newer search stopped the count too
        except BaseException:
            if count is not None:
                count.abandon()  # not left holding a connection, its error unread
            raise
        shown = hits[:page]
        return Loaded(
            generation,
            tuple(h.entry for h in shown),
            tuple(h.snippet for h in shown),
            len(hits) > page,
            total,
            offset > 0,
        )
    listed = journal.list_entries(filters, limit=PAGE, after=after)
    total = None if after else journal.count_entries(filters)
    return Loaded(generation, listed.items, None, listed.has_more, total, after is not None)
