"""Rankings kept ahead for the words most of a large journal holds.

bm25 reads every match of a word to rank it. In a journal of 100,000 entries
a word in most of them takes 50 to 130 ms to rank ("judgement" 54 ms, "th"
130), whatever the number of rows shown, which is too slow for search as
you type. So for each phrase with at least `KEPT_FROM` matches, the head of
its full ranking (the first `KEPT` entries, best first, exactly as the
search would order them) is kept in the journal, with a fingerprint of the
search index it was made from.

The fingerprint is a hash of FTS5's own averages and structure records.
Every change to an entry's indexed text (answers, case code, tags; new and
removed entries) writes a new segment and so changes the structure record:
while the fingerprint is the same, the index and every bm25 score are
exactly as they were, so the kept head *is* the head of the full ranking.
Moving an entry to the trash changes no indexed text: the search leaves the
trash out afterwards, from the kept head as from a full ranking. A rebuild
of the index starts the structure record afresh, so the paths that rebuild
it drop the kept heads first (`forget`). When the
fingerprint differs, the kept rows are not used (the search ranks in full,
as before) until they are made again (`reflect.core.kept_rankings_build`).

A journal with fewer than `KEPT_FROM` entries keeps nothing: bm25 over all
of its matches takes a few milliseconds.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import Any

# A phrase is kept when at least this many entries hold it: below it, bm25
# over every match takes about 10 ms at most (0.7 microseconds a match).
KEPT_FROM = 15_000
# How many of the best matches are kept per phrase: six screens of results.
KEPT = 200
# Raised whenever the way a search ranks changes, so rows kept before it go.
KEPT_VERSION = 1
# FTS5's records of the row count and token totals, and of its segments.
_AVERAGES, _STRUCTURE = 1, 10


@dataclass(frozen=True)
class Kept:
    """The head of one phrase's full ranking, as the search would order it."""

    matches: int  # entries holding the phrase, the trash included (FTS5's count)
    ranked: list[tuple[int, float]]  # (entry id, bm25 rank), best first; at most KEPT


# The row that counts the search index's rebuilds (see `forget`); no search
# phrase can be this, since every phrase begins with a quote or a bracket.
REBUILDS = "\x00rebuilds"


def fingerprint(db: Any, weights: str) -> bytes:
    """What the kept rankings depend on: the index's state, and how it is ranked.

    The index's state is FTS5's averages and structure records, and the
    number of times the index was rebuilt (a rebuild starts the structure
    record afresh, so the same amount of text rebuilt can give its very
    bytes again: found by review).
    """
    rebuilds = db.execute(
        "SELECT matches FROM kept_ranking WHERE phrase = :r", {"r": REBUILDS}
    ).fetchone()
    digest = hashlib.sha256(
        f"{KEPT_VERSION}|{KEPT}|{weights}|{rebuilds[0] if rebuilds else 0}|".encode()
    )
    for (block,) in db.execute(
        "SELECT block FROM entry_fts_data WHERE id IN (:a, :s) ORDER BY id",
        {"a": _AVERAGES, "s": _STRUCTURE},
    ):
        digest.update(bytes(block))
    return digest.digest()


def key_of(phrase: str) -> str:
    """The key a phrase's head is kept under: the same for a search the index treats alike.

    ASCII capitals are folded, as the index folds them ("Judg"* is "judg"*);
    other letters are kept as typed, where Python's lower() might not agree
    with the index's folding. The searches kept are made by the search's own
    `fts_phrases`, whose OR between the starts of a stem is folded too, the
    same way for the key kept and the key looked up.
    """
    return phrase.lower() if phrase.isascii() else phrase


def forget(db: Any) -> None:
    """Drop every kept head and count a rebuild: the search index is being rebuilt.

    A rebuild starts FTS5's structure record afresh, so rebuilding the same
    amount of text after a change can give the very bytes the heads were
    kept under (found by review). Every path that rebuilds the index calls
    this in the same transaction; the count is part of the `fingerprint`,
    so heads being made from the index before the rebuild are not written
    either. A journal from before version 11 has no such table.
    """
    if db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kept_ranking'"
    ).fetchone():
        db.execute("DELETE FROM kept_ranking WHERE phrase != :r", {"r": REBUILDS})
        db.execute(
            "INSERT INTO kept_ranking (phrase, matches, ids, ranks, basis)"
            " VALUES (:r, 1, x'', x'', x'')"
            " ON CONFLICT (phrase) DO UPDATE SET matches = matches + 1",
            {"r": REBUILDS},
        )


def pack(ranked: list[tuple[int, float]]) -> tuple[bytes, bytes]:
    """Ids and ranks as stored: little-endian, whatever machine wrote them."""
    count = len(ranked)
    ids = struct.pack(f"<{count}q", *(entry_id for entry_id, _rank in ranked))
    ranks = struct.pack(f"<{count}d", *(rank for _entry_id, rank in ranked))
    return ids, ranks


def unpack(ids: bytes, ranks: bytes) -> list[tuple[int, float]]:
    """The stored ids and ranks, as pairs in order."""
    count = len(ids) // 8
    pairs = zip(struct.unpack(f"<{count}q", ids), struct.unpack(f"<{count}d", ranks), strict=True)
    return list(pairs)


class KeptLookup:
    """Kept rankings of one read: the fingerprint is read once, then each phrase looked up."""

    def __init__(self, db: Any, weights: str) -> None:
        self._db = db
        self._weights = weights
        self._basis: bytes | None = None

    def get(self, phrase: str | None) -> Kept | None:
        """The kept head of ``phrase``'s ranking, or None: none kept, or the index changed since."""
        if phrase is None:
            return None
        row = self._db.execute(
            "SELECT matches, ids, ranks, basis FROM kept_ranking WHERE phrase = :p",
            {"p": key_of(phrase)},
        ).fetchone()
        if row is None:
            return None
        if self._basis is None:
            self._basis = fingerprint(self._db, self._weights)
        matches, ids, ranks, basis = row
        if bytes(basis) != self._basis:
            return None
        return Kept(int(matches), unpack(bytes(ids), bytes(ranks)))
