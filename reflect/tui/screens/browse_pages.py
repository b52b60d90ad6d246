"""What the browse screen reads: a page of the list or of search results, in a worker."""

from __future__ import annotations

import threading
from collections.abc import Callable
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
# rows in view and NEAR_END more (`search_page`), and the next page as the
# cursor nears the end. At least SEARCH_PAGE, for a table not yet laid out.
SEARCH_PAGE = 20


def search_page(rows_in_view: int) -> int:
    """How many results a keystroke reads: the rows in view, NEAR_END more, SEARCH_PAGE at least."""
    return max(SEARCH_PAGE, rows_in_view + NEAR_END)


@dataclass(frozen=True)
class Loaded:
    """One page (or a set of search results) ready to show."""

    generation: int
    rows: tuple[EntrySummary, ...]
    snippets: tuple[tuple[SnippetPart, ...], ...] | None
    has_more: bool
    total: int | None
    append: bool


def _count_beside(
    journal: Journal, query: str, filters: EntryFilter, stop: Stop | None
) -> Callable[[], int]:
    """Start counting the matches of ``query`` in a thread; the call returned waits for it.

    Counting words that are each in many entries ("school at" at 100,000
    entries: 79,000 matches) walks every match, about 5 ms, and the search
    beside it about 20: the two no longer add up. The count has a `Stop` of
    its own (`Stop.beside`): a newer search stops both.
    """
    count_stop = stop.beside() if stop is not None else None
    outcome: list[int | BaseException] = []

    def count() -> None:
        try:
            outcome.append(journal.count_matches(query, filters, stop=count_stop))
        except BaseException as error:  # handed to the waiting worker
            outcome.append(error)

    thread = threading.Thread(target=count, name="reflect-count", daemon=True)
    thread.start()

    def counted() -> int:
        thread.join()
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    return counted


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
        count = None if offset else _count_beside(journal, query, filters, stop)
        try:
            hits: list[SearchHit] = journal.search(
                query, limit=page + 1, offset=offset, filters=filters, stop=stop
            )
            total = count() if count else None
        except Stopped:
            return None
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
