"""What the browse screen reads: a page of the list or of search results, in a worker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reflect.core.journal import Journal
from reflect.core.records import EntryFilter, EntrySummary, SearchHit, SnippetPart
from reflect.core.stopping import Stop, Stopped

PAGE = 100
# Fetch the next page when the cursor is this close to the last loaded row.
NEAR_END = 10
# Search results a page at a time: ranking every match is quick, building a
# row's summary and snippet is what costs, so only what fits a tall terminal
# is built per keystroke, and the next 40 as the cursor nears the end.
SEARCH_PAGE = 40


@dataclass(frozen=True)
class Loaded:
    """One page (or a set of search results) ready to show."""

    generation: int
    rows: tuple[EntrySummary, ...]
    snippets: tuple[tuple[SnippetPart, ...], ...] | None
    has_more: bool
    total: int | None
    append: bool


def read_page(
    journal: Journal,
    generation: int,
    query: str,
    filters: EntryFilter,
    after: tuple[date, int] | None,
    offset: int,
    stop: Stop | None = None,
) -> Loaded | None:
    """A page of the list, or of search results, with the true count on the first.

    None when a newer search stopped this one (``stop``): nobody wants its rows.
    """
    if query:
        # One more than a page, to know whether there are more; the true
        # count only with the first page (it does not change as you scroll).
        try:
            hits: list[SearchHit] = journal.search(
                query, limit=SEARCH_PAGE + 1, offset=offset, filters=filters, stop=stop
            )
            total = journal.count_matches(query, filters, stop=stop) if not offset else None
        except Stopped:
            return None
        shown = hits[:SEARCH_PAGE]
        return Loaded(
            generation,
            tuple(h.entry for h in shown),
            tuple(h.snippet for h in shown),
            len(hits) > SEARCH_PAGE,
            total,
            offset > 0,
        )
    page = journal.list_entries(filters, limit=PAGE, after=after)
    total = None if after else journal.count_entries(filters)
    return Loaded(generation, page.items, None, page.has_more, total, after is not None)
