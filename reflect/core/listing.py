"""Lists of entries: pages, counts, drafts, and search with ranked, highlighted hits.

The `Journal` mixes this in; queries go through `Database._read`. Every list
comes a page at a time, found by keyset paging or, for search, by ranking
every match and reading only the rows asked for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any

from reflect.core import ranking
from reflect.core.database import Db
from reflect.core.ranking import holding, ranked, split_terms
from reflect.core.reading import EntryReads, Reader
from reflect.core.records import EntryFilter, EntrySummary, Page, SearchHit, SnippetPart
from reflect.core.stopping import Stop
from reflect.core.timestamps import to_date, to_datetime
from reflect.core.typed_prefix import stem_starts
from reflect.core.vocab import EntryStatus

# Private-use characters mark matches inside FTS5 snippets; they cannot be
# typed on a normal keyboard and are stripped from answers before display.
_MATCH_OPEN = "\ue000"
_MATCH_CLOSE = "\ue001"


def _split(value: str | None, sep: str = "\x1f") -> tuple[str, ...]:
    return tuple(value.split(sep)) if value else ()


def fts_phrases(
    user_text: str, *, prefix_last: bool = True, matches: Callable[[str], bool] | None = None
) -> list[str]:
    """What a person typed as FTS5 phrases, one a word: every one must match.

    Words are quoted, so FTS5 operators and punctuation typed by the user are
    just text. The last word also matches as a prefix while someone is still
    typing it. Empty when nothing searchable was typed.

    ``matches(phrase)`` says whether any entry holds a phrase. Given, a last
    word that matches nothing as typed also matches from where an ending may
    have begun (`reflect.core.typed_prefix`): the index keeps stems, so
    "conferen" is looked for as "confer" too, instead of finding nothing
    until "conference" is finished.
    """
    # Control characters (a NUL ends FTS5's query string early) are never
    # meant as search terms: treat them as spaces.
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in user_text)
    words = [w for w in cleaned.split() if re.search(r"\w", w)]
    if prefix_last and words and len(re.findall(r"\w", words[-1])) == 1:
        # The first letter of a word still being typed: as a word it matches
        # nothing ("money w" said "Nothing matches"), as a start most of a
        # journal. It is left out until the next letter.
        words.pop()
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    # From two letters on: a one-letter prefix matches most of a journal and
    # tells nothing about what is being looked for.
    if words and prefix_last and re.search(r"\w\w$", words[-1]):
        quoted[-1] += "*"
        starts = stem_starts(words[-1]) if matches is not None else []
        if starts and matches is not None and not matches(quoted[-1]):
            quoted[-1] = "(" + " OR ".join([quoted[-1], *(f'"{s}"*' for s in starts)]) + ")"
    return quoted


def _matches_any(db: Db) -> Callable[[str], bool]:
    """Whether any entry (the trash included) holds an FTS5 phrase: one index lookup."""

    def matches(phrase: str) -> bool:
        found = db.execute(
            "SELECT 1 FROM entry_fts WHERE entry_fts MATCH :p LIMIT 1", {"p": phrase}
        ).fetchone()
        return found is not None

    return matches


def fts_query(user_text: str, *, prefix_last: bool = True) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word must appear (AND).

    Returns None when nothing searchable was typed (see `fts_phrases`).
    """
    return " AND ".join(fts_phrases(user_text, prefix_last=prefix_last)) or None


def _snippet(db: Db, match: str, entry_id: int) -> str:
    """The words around a match in one entry's answers; its case code or tags' if only they match.

    The answers' snippet alone first: the one from any column is needed only
    when the words are not in the answers, and making both for every row
    cost a quarter more ("th" at 100,000 entries: 17 against 13 ms a page).
    """
    marks = f"'{_MATCH_OPEN}', '{_MATCH_CLOSE}', '…', 16"
    for column in (2, -1):
        (text,) = db.execute(
            f"SELECT snippet(entry_fts, {column}, {marks}) FROM entry_fts"
            " WHERE entry_fts MATCH :match AND rowid = :id",
            {"match": match, "id": entry_id},
        ).fetchone()
        if text and _MATCH_OPEN in text:
            return str(text)
    return str(text or "")


def _parse_snippet(raw: str) -> tuple[SnippetPart, ...]:
    parts: list[SnippetPart] = []
    for i, chunk in enumerate(re.split(f"[{_MATCH_OPEN}{_MATCH_CLOSE}]", raw)):
        if chunk:
            parts.append(SnippetPart(" ".join(chunk.split("\n")), match=i % 2 == 1))
    return tuple(parts)


_SUMMARY_COLUMNS = """
    e.id, e.uid, e.visit_date, e.case_code, e.visit_type, e.status, e.flagged,
    COALESCE((SELECT substr(a.text, 1, 160) FROM answer a
              WHERE a.entry_id = e.id AND trim(a.text) != ''
              ORDER BY a.position, a.id LIMIT 1), '') AS first_words,
    (SELECT group_concat(name, char(31)) FROM (
        SELECT t.name AS name FROM entry_tag et JOIN tag t ON t.id = et.tag_id
        WHERE et.entry_id = e.id AND t.kind = 'theme'
        -- most relevant first: the theme whose questions got the most words
        ORDER BY (SELECT coalesce(sum(length(a.text)), 0) FROM answer a
                  WHERE a.entry_id = et.entry_id AND a.theme = t.name) DESC, t.name)) AS themes,
    (SELECT group_concat(a.prompt_id || char(30) || a.theme || char(30) || length(a.text),
                         char(31))
     FROM answer a WHERE a.entry_id = e.id AND trim(a.text) != '') AS answer_sizes,
    e.prompt_set_id, e.updated_at, e.current_step, e.deleted_at
"""


@cache
def _bundled_prompt_tags() -> dict[tuple[str, str], str]:
    from reflect.core.prompts import load_library

    return load_library().prompt_tags()


def _themes_most_relevant_first(
    row: Any, prompt_tags: Mapping[tuple[str, str], str]
) -> tuple[str, ...]:
    """The entry's themes, those its answers touched first, by how much was written.

    An answer touches its prompt's theme tag, or its heading when the tag is
    the heading (the SQL's order, kept for themes no answer touched).
    """
    themes = _split(row.themes)
    if len(themes) < 2 or not row.answer_sizes:
        return themes
    words: dict[str, int] = dict.fromkeys(themes, 0)
    for answer in row.answer_sizes.split("\x1f"):
        prompt_id, heading, size = answer.split("\x1e")
        tag = prompt_tags.get((row.prompt_set_id, prompt_id))
        for touched in {tag, heading}:
            if touched in words:
                words[touched] += int(size)
    return tuple(sorted(themes, key=lambda theme: -words[theme]))  # stable: ties keep SQL's order


def _summary(row: Any, prompt_tags: Mapping[tuple[str, str], str] | None = None) -> EntrySummary:
    return EntrySummary(
        id=row.id,
        uid=row.uid,
        visit_date=to_date(row.visit_date),
        case_code=row.case_code,
        visit_type=row.visit_type,
        status=row.status,
        flagged=bool(row.flagged),
        first_words=" ".join(row.first_words.split()),
        themes=_themes_most_relevant_first(
            row, _bundled_prompt_tags() if prompt_tags is None else prompt_tags
        ),
        updated_at=to_datetime(row.updated_at),
        current_step=row.current_step,
        deleted=row.deleted_at is not None,
    )


class ListingMixin(EntryReads):
    """Pages of entry summaries and search, for `Journal`."""

    # Which theme each prompt touches, from the prompt sets in use (the app
    # sets it from its library); None: the bundled sets'.
    prompt_tags: Mapping[tuple[str, str], str] | None = None

    def list_entries(
        self,
        filters: EntryFilter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        after: tuple[date, int] | None = None,
    ) -> Page[EntrySummary]:
        """A page of entries matching ``filters``, newest visit first.

        ``after`` is the (visit date, id) of the last row already shown: the
        page then starts just below it, which costs the same however deep the
        list goes (an offset makes SQLite walk every row above it).
        """
        where, params = self._where(filters or EntryFilter())
        if after is not None:
            where += " AND (e.visit_date, e.id) < (:after_date, :after_id)"
            params.update(after_date=after[0].isoformat(), after_id=after[1])
        params.update(limit=limit + 1, offset=offset)
        with self._read() as db:
            rows = db.rows(
                f"SELECT {_SUMMARY_COLUMNS} FROM entry e WHERE {where}"
                " ORDER BY e.visit_date DESC, e.id DESC LIMIT :limit OFFSET :offset",
                params,
            )
        return Page(
            tuple(_summary(r, self.prompt_tags) for r in rows[:limit]),
            offset,
            limit,
            len(rows) > limit,
        )

    def count_entries(self, filters: EntryFilter | None = None) -> int:
        """How many entries match ``filters``."""
        where, params = self._where(filters or EntryFilter())
        with self._read() as db:
            return int(db.value(f"SELECT count(*) FROM entry e WHERE {where}", params))

    def summaries(self, uids: Iterable[str]) -> list[EntrySummary]:
        """The entries with these uids (the trash included), in visit order."""
        wanted = list(dict.fromkeys(uids))
        if not wanted:
            return []
        marks = ", ".join(f":u{i}" for i in range(len(wanted)))
        with self._read() as db:
            rows = db.rows(
                f"SELECT {_SUMMARY_COLUMNS} FROM entry e WHERE e.uid IN ({marks})"
                " ORDER BY e.visit_date, e.id",
                {f"u{i}": uid for i, uid in enumerate(wanted)},
            )
        return [_summary(r, self.prompt_tags) for r in rows]

    def drafts(self, limit: int = 20) -> list[EntrySummary]:
        """Drafts to resume, the most recently touched first."""
        # The ids first, then the summaries of those few. No index gives
        # drafts by when they were touched, so SQLite sorts them all: with
        # the summary's subqueries in the same query it worked them out for
        # every draft first. And "+" keeps it from reaching each live entry
        # through the date index, a lookup each, where one pass over the
        # table is quicker. 5,057 drafts in 100,000 entries: 400 ms, now 16
        # (`python -m tests.bench.home_lists JOURNAL`).
        newest_first = "ORDER BY e.updated_at DESC, e.id DESC"
        with self._read() as db:
            rows = db.rows(
                f"SELECT {_SUMMARY_COLUMNS} FROM entry e WHERE e.id IN ("
                " SELECT e.id FROM entry e WHERE +e.deleted_at IS NULL AND e.status = :status"
                f" {newest_first} LIMIT :limit) {newest_first}",
                {"status": EntryStatus.DRAFT.value, "limit": limit},
            )
        return [_summary(r, self.prompt_tags) for r in rows]

    def count_matches(
        self, query: str, filters: EntryFilter | None = None, *, stop: Stop | None = None
    ) -> int:
        """How many entries match every word of ``query`` (and ``filters``): all of them.

        ``stop``: a newer search may stop this count (`reflect.core.stopping`).
        """
        if fts_query(query) is None:
            return 0
        filters = filters or EntryFilter()
        where, params = self._where(filters)
        with self._read(stop) as db:
            match = " AND ".join(fts_phrases(query, matches=_matches_any(db)))
            params.update(match=match)
            if filters == EntryFilter():
                # Every live entry: count in the index alone, less the few
                # matches in the trash, found by their ids, one lookup each.
                # Joining the matches to their entries to find those in the
                # trash walked every match again, even with the trash empty
                # (a word in every entry of 100,000: 30 ms; now 10 in all).
                total = ranking.count_phrase(db, match)  # kept with its ranking, if it is
                trashed = [
                    row[0]
                    for row in db.execute("SELECT id FROM entry WHERE deleted_at IS NOT NULL")
                ]
                if len(trashed) <= ranking.TRASH_LOOKUPS:
                    return total - len(holding(db, match, trashed))
                return total - int(
                    db.value(
                        "SELECT count(*) FROM entry e JOIN entry_fts ON entry_fts.rowid = e.id"
                        " WHERE e.deleted_at IS NOT NULL AND entry_fts MATCH :match",
                        params,
                    )
                )
            return int(
                db.value(
                    "SELECT count(*) FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid"
                    f" WHERE entry_fts MATCH :match AND {where}",
                    params,
                )
            )

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        filters: EntryFilter | None = None,
        stop: Stop | None = None,
    ) -> list[SearchHit]:
        """Entries matching every word of ``query``, best first, with highlighted snippets.

        Every match is ranked by bm25 over the words in fewer than half the
        entries; a word in half of them or more only filters (bm25 gives it
        almost no weight), and when every word is that common bm25 over all
        of them decides (`reflect.core.ranking`). Only the ``limit`` rows from
        ``offset`` on get a summary and snippets: a screen asks for what it
        shows and for more as the list scrolls. ``stop``: a newer search may
        stop this one part way, which then raises `Stopped`
        (`reflect.core.stopping`).
        """
        if fts_query(query) is None:
            return []
        filters = filters or EntryFilter()
        where, params = self._where(filters)
        with self._read(stop) as db:
            phrases = fts_phrases(query, matches=_matches_any(db))
            match = " AND ".join(phrases)
            # First the ids of the best few by rank alone (ties: the newest
            # written first)...
            best = ranked(
                db,
                split_terms(db, phrases),
                where=where,
                params=params,
                joined=filters != EntryFilter(),
                limit=limit,
                offset=offset,
            )
            if not best:
                return []
            # ...then the summary of those few, and their snippets one entry
            # at a time: with the rowid given, FTS5 reads only that entry's
            # part of the index, where one query for all of them walked every
            # match again (a word in every entry of 100,000: 41 snippets in 14
            # to 31 ms, where the walk alone took 30 to 50).
            order = {entry_id: i for i, (entry_id, _rank) in enumerate(best)}
            marks = ", ".join(f":id{i}" for i in range(len(order)))
            rows = db.rows(
                f"SELECT {_SUMMARY_COLUMNS} FROM entry e WHERE e.id IN ({marks})",
                {f"id{i}": entry_id for i, entry_id in enumerate(order)},
            )
            snippets = {entry_id: _snippet(db, match, entry_id) for entry_id in order}
        return [
            SearchHit(
                _summary(r, self.prompt_tags),
                _parse_snippet(snippets[r.id]),
                best[order[r.id]][1],
            )
            for r in sorted(rows, key=lambda r: order[r.id])
        ]


class SearchReader(ListingMixin, Reader):
    """A `Reader` that also lists and searches: `reflect search` without SQLAlchemy.

    The same `ListingMixin` queries as `Journal`'s, so the command and the app
    rank alike; `SearchReader.open` returns None when the journal needs
    upgrading first (then `Journal.open` is the way in).
    """
