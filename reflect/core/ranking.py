"""Which matches a search shows first: bm25, reading only the words that rank.

BM25's idf, as FTS5 computes it (Robertson and Sparck Jones), is
log((N - n + 0.5) / (n + 0.5)) for a word in n of the N entries: zero or
below once the word is in half the entries or more. FTS5 clamps it to 1e-6
so that scores stay positive. Beside a word in clearly fewer than half the
entries (47 in 100: an idf of 0.1), such a common word's share of an
entry's score is a few millionths: it decides nothing but near-ties. Yet
bm25 reads every position of every match for it ("the" beside "kitchen"
over 100,000 entries: 47 ms, where "kitchen" alone takes 19).

So when a search has both kinds of word, the common ones only filter: the
matches of the others are ranked by bm25 over them alone, and the best
kept if they hold the common words too. When every word is common, bm25
over the whole query is kept: the idf is then the same tiny constant for
every entry, so the order is still by how often and where (the worker's
words above theme tags) each entry says them, which is what the search is
for ("judgement" is in three entries of four of the sample journal).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reflect.core import kept_rankings
from reflect.core.database import Db
from reflect.core.kept_rankings import KeptLookup

# bm25's weight for each indexed column: case code, tags, the worker's answers.
# What the worker wrote counts double a theme tag: a tag says what a prompt
# was about, the words say what happened. A case code is looked up, not read.
BM25_WEIGHTS = "2.0, 0.5, 1.0"
# Ranked candidates checked against the common words, one query per batch,
# before handing the rest to one query that tests every match (see `ranked`).
CHECK_BATCH = 100
CHECK_AT_MOST = 2_000
# When the rarest word is in fewer entries than this, bm25 over every word
# reads at most that many matches, which costs less than the split's counts
# and lookups ("the kitchen" at 10,000 entries: 12 ms whole against 23 split;
# at 100,000: 79 against 37), so the query is not split.
SPLIT_FROM = 5_000
# Entries in the trash looked up one by one when counting matches; past this
# many, one query joins every match to its entry instead.
TRASH_LOOKUPS = 1_000


@dataclass(frozen=True)
class Terms:
    """A search split by what each word says: FTS5 queries, or None for none."""

    match: str  # every word: what an entry must contain to be found
    informative: str | None  # the words in fewer than half the entries: they rank
    common: str | None  # the words in half the entries or more: they only filter
    empty: bool  # some word is in no entry at all, so nothing matches
    phrases: tuple[str, ...] = ()  # every word's phrase, in the order they are joined


def split_terms(db: Db, phrases: Sequence[str]) -> Terms:
    """Count the entries holding each phrase, and split the phrases by bm25's idf.

    N is the number of entries, as FTS5 counts them: the index holds one row
    for every entry, the trash included. Each count reads only that phrase's
    list of entries (a word in every entry of 100,000: about 9 ms). One word,
    or a rarest word in fewer than `SPLIT_FROM` entries, is not split.
    """
    match = " AND ".join(phrases)
    words = tuple(phrases)
    if len(phrases) == 1:
        return Terms(match, match, None, empty=False, phrases=words)  # one word: nothing to split
    entries = int(db.value("SELECT count(*) FROM entry"))
    informative: list[str] = []
    common: list[str] = []
    fewest = entries
    kept = KeptLookup(db, BM25_WEIGHTS)
    for phrase in phrases:
        holding = count_phrase(db, phrase, kept)
        if holding == 0:
            return Terms(match, None, None, empty=True, phrases=words)
        fewest = min(fewest, holding)
        # idf = log((N - n + 0.5) / (n + 0.5)) > 0 exactly when n < N / 2.
        (informative if 2 * holding < entries else common).append(phrase)
    if fewest < SPLIT_FROM:
        return Terms(match, match, None, empty=False, phrases=words)  # few to rank: bm25 over all
    return Terms(
        match,
        " AND ".join(informative) or None,
        " AND ".join(common) or None,
        empty=False,
        phrases=words,
    )


def count_phrase(db: Db, phrase: str, kept: KeptLookup | None = None) -> int:
    """How many entries hold ``phrase``, the trash included: kept with its ranking, or counted."""
    found = (kept or KeptLookup(db, BM25_WEIGHTS)).get(phrase)
    if found is not None:
        return found.matches
    return int(db.value("SELECT count(*) FROM entry_fts WHERE entry_fts MATCH :p", {"p": phrase}))


def _select(rank: str, joined: bool, where: str, extra: str = "") -> str:
    """Matches of :match (and ``where``, and ``extra``), best ``rank`` first.

    Ties (equal scores) list the newest written first.
    """
    if joined:
        return (
            f"SELECT entry_fts.rowid AS id, {rank} AS rank"
            " FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid"
            f" WHERE entry_fts MATCH :match AND {where}{extra}"
            " ORDER BY rank, entry_fts.rowid DESC LIMIT :limit OFFSET :offset"
        )
    # Every live entry: rank in the index alone, instead of joining each
    # match to its entry (a word in every entry of 100,000: 145 ms against
    # 246 ms here). The few entries in the trash are left out afterwards.
    return (
        f"SELECT rowid AS id, {rank} AS rank FROM entry_fts WHERE entry_fts MATCH :match{extra}"
        " ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset"
    )


def ranked(
    db: Db,
    terms: Terms,
    *,
    where: str,
    params: dict[str, Any],
    joined: bool,
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    """(id, rank) of the matches from ``offset``, best first, at most ``limit``.

    ``joined``: with filters, each match is joined to its entry and tested by
    ``where`` (which leaves out the trash); without, the trash is left out
    here. The rank is bm25's: lower is better.
    """
    if terms.empty:
        return []
    bm25 = f"bm25(entry_fts, {BM25_WEIGHTS})"
    trashed: set[int] = (
        set()
        if joined
        else {row[0] for row in db.execute("SELECT id FROM entry WHERE deleted_at IS NOT NULL")}
    )
    wanted = offset + limit
    # The head of a full ranking kept ahead (reflect.core.kept_rankings):
    # exactly what ranking every match would give, while the index is
    # unchanged; only for a search without filters, and one phrase ranking.
    kept = None if joined else KeptLookup(db, BM25_WEIGHTS)
    if terms.informative is None or terms.common is None:
        head = kept.get(terms.match) if kept else None
        if head is not None:
            live = [hit for hit in head.ranked if hit[0] not in trashed]
            if len(live) >= wanted:
                return live[offset:wanted]
        if kept is not None and head is None:
            from_heads = best_of_kept_heads(db, kept, terms, trashed, wanted)
            if from_heads is not None:
                return from_heads[offset:wanted]
        # Every word ranks, or every word is common: bm25 over the whole
        # query, read from the top and enough rows more to make up for any
        # in the trash, then cut to the page.
        rows = db.execute(
            _select(bm25, joined, where),
            {**params, "match": terms.match, "limit": wanted + len(trashed), "offset": 0},
        )
        live = [(entry_id, float(rank)) for entry_id, rank in rows if entry_id not in trashed]
        return live[offset:wanted]
    # Some words rank and some only filter: rank the matches of the first by
    # bm25 over them alone, then keep those that hold the others too, checked
    # a batch of ids at a time (the best 100 of "kitchen" in 100,000: 19 ms
    # to rank, 1.4 ms to check against "the", where bm25 over both took 47).
    informative = {**params, "match": terms.informative}
    head = kept.get(terms.informative) if kept else None
    if head is not None:
        # The kept head in order, checked against the common words as below;
        # past its end, the ranking is read in full after all.
        found = _holding_in_order(db, terms.common, head.ranked, trashed, wanted)
        if len(found) >= wanted:
            return found[offset:wanted]
    kept_hits: list[tuple[int, float]] = []
    cursor = db.execute(
        _select(bm25, joined, where), {**informative, "limit": CHECK_AT_MOST, "offset": 0}
    )
    checked = 0
    while batch := cursor.fetchmany(CHECK_BATCH):
        checked += len(batch)
        kept_hits += _holding_in_order(db, terms.common, batch, trashed, wanted - len(kept_hits))
        if len(kept_hits) >= wanted:
            cursor.close()
            return kept_hits[offset:wanted]
    if checked < CHECK_AT_MOST:
        return kept_hits[offset:wanted]  # every match was checked
    # Few of the best hold the common words: test every match for them in
    # one query instead (the same order; a bounded cost, 40 to 80 ms at
    # 100,000, where checking 50,000 ids a batch at a time would take 1 s).
    column = "entry_fts.rowid" if joined else "rowid"
    holds = f" AND +{column} IN (SELECT rowid FROM entry_fts WHERE entry_fts MATCH :common)"
    rows = db.execute(
        _select(bm25, joined, where, holds),
        {**informative, "common": terms.common, "limit": wanted + len(trashed), "offset": 0},
    )
    live = [(entry_id, float(rank)) for entry_id, rank in rows if entry_id not in trashed]
    return live[offset:wanted]


def best_of_kept_heads(
    db: Db, kept: KeptLookup, terms: Terms, trashed: set[int], wanted: int
) -> list[tuple[int, float]] | None:
    """The best ``wanted`` live matches of several words, from their kept heads; None if unsure.

    FTS5's bm25 is a sum over the query's phrases, each phrase's share
    worked out as for that phrase alone (its idf from its own count, with
    the entry's length and the average length): an entry's score for
    "school" AND "at"* is its score for "school" plus its score for "at"*,
    added from 0.0 in the query's order (`test_a_search_scores_the_sum_of_its_words`).
    An entry in no phrase's kept head scores, for each phrase, no better
    than that head's last entry, so in all no better than the sum of the
    heads' last scores. So FTS5 ranks exactly only the entries of the heads
    that hold every word (one pass over the matches, computing bm25 for
    those few: the worker's read for "school at" at 100,000 entries, 79,000
    matches, took 31 ms against 91 ranking every match, `python -m
    tests.bench.kept_read`), and those scoring better than that bound, in
    order, are the head of the full ranking (Fagin's threshold algorithm).
    Used only when every phrase is one word or a word's start (an OR
    between a stem's starts adds its own shares first, in another order)
    and every one has a kept head.
    """
    phrases = terms.phrases
    # Deeper than half a head, the heads seldom vouch for the result and the
    # pass below is wasted (12 to 20 ms at 100,000): pairs of kept words
    # were answered 21 times in 40 for 21 rows, 10 for 61, 3 for 121 (review).
    if not 0 < wanted <= kept_rankings.KEPT // 2:
        return None
    if len(phrases) < 2 or any(" OR " in phrase for phrase in phrases):
        return None
    total = 0.0
    heads = []
    for phrase in phrases:
        head = kept.get(phrase)
        if head is None or not head.ranked:
            return None
        heads.append(head)
        total += -head.ranked[-1][1]  # FTS5's rank is -1.0 times its sum from 0.0
    bound = -1.0 * total
    # A margin of a few units in the last place: a build of SQLite that
    # fuses FTS5's multiply and add rounds the sum differently (review).
    bound -= 16 * math.ulp(bound)
    ids = {entry_id for head in heads for entry_id, _rank in head.ranked} - trashed
    # "+rowid", not "rowid": given the ids, FTS5 would start afresh for each
    # one, and bm25 count every word's matches again each time (100 times
    # slower: "and the" 3.4 s against 28 ms at 100,000, review).
    rows = db.execute(
        f"SELECT rowid, bm25(entry_fts, {BM25_WEIGHTS}) FROM entry_fts"
        " WHERE entry_fts MATCH :match AND +rowid IN (SELECT value FROM json_each(:ids))",
        {"match": terms.match, "ids": json.dumps(sorted(ids))},
    )
    scored = sorted(((float(rank), -entry_id) for entry_id, rank in rows))
    if len(scored) < wanted or scored[wanted - 1][0] >= bound:
        return None  # an entry outside the heads might rank among these
    return [(-negated_id, rank) for rank, negated_id in scored[:wanted]]


def _holding_in_order(
    db: Db, common: str, ranked: Sequence[tuple[int, float]], trashed: set[int], wanted: int
) -> list[tuple[int, float]]:
    """Of ``ranked`` (best first), those out of the trash that hold ``common``, in order.

    Checked a batch at a time, stopping once ``wanted`` are found.
    """
    found: list[tuple[int, float]] = []
    for start in range(0, len(ranked), CHECK_BATCH):
        live = [
            (entry_id, float(rank))
            for entry_id, rank in ranked[start : start + CHECK_BATCH]
            if entry_id not in trashed
        ]
        holding_ids = holding(db, common, [entry_id for entry_id, _rank in live])
        found += [hit for hit in live if hit[0] in holding_ids]
        if len(found) >= wanted:
            break
    return found


def holding(db: Db, match: str, ids: list[int]) -> set[int]:
    """Which of ``ids`` hold every word of ``match`` (FTS5 looks each id up)."""
    if not ids:
        return set()
    marks = ", ".join(f":id{i}" for i in range(len(ids)))
    return {
        row[0]
        for row in db.execute(
            f"SELECT rowid FROM entry_fts WHERE entry_fts MATCH :match AND rowid IN ({marks})",
            {"match": match, **{f"id{i}": entry_id for i, entry_id in enumerate(ids)}},
        )
    }
