"""Making the kept rankings (`reflect.core.kept_rankings`) for a large journal.

Which phrases: those a person types. Search as you type sends the word
being typed as a prefix ("judg"*, from two letters on, with the starts of
its stem when the letters match nothing: `reflect.core.typed_prefix`) and
each word before it whole ("money"). The index keeps stems, not the words
typed, so the words come from the journal's own text: a sample of entries
spread over the journal is read, and every word in enough of them gives its
whole-word phrase and one phrase for each of its starts, made by the same
`fts_phrases` the search uses. Each phrase is then counted in the index,
and those with at least `KEPT_FROM` matches have the head of their full
ranking kept, read with the search's own query (`reflect.core.ranking`).

Everything is read in one snapshot and written in one transaction, with
the fingerprint of the snapshot: if the journal changed meanwhile (the
fingerprint read again as the rows are written differs), nothing is
written, and the rankings are made again later.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from reflect.core import kept_rankings
from reflect.core.database import Database
from reflect.core.kept_rankings import REBUILDS, fingerprint, key_of, pack
from reflect.core.listing import _matches_any, fts_phrases
from reflect.core.progress import Progress, tell
from reflect.core.ranking import BM25_WEIGHTS, _select

# Entries whose text is read to find the words a journal uses (spread over it).
SAMPLED = 2_000
# Phrases ranked between two looks at whether the journal changed meanwhile
# (a few seconds at 100,000 entries): a change makes the work pointless.
CHANGE_EVERY = 25
# A word is tried when the sample says it may be in this share of KEPT_FROM
# entries or more: the sample only estimates, the index's count decides.
MARGIN = 0.5


def typed_phrases(
    texts: list[str], entries: int, matches: Callable[[str], bool] | None = None
) -> list[str]:
    """The phrases search would send for the common words in ``texts``, a sample of ``entries``.

    Each word held by enough of the sampled texts (see `MARGIN`) gives its
    whole-word phrase and the phrase of each of its starts from two letters,
    as `fts_phrases` makes them with the index's ``matches``.
    """
    if not texts:
        return []
    holding: Counter[str] = Counter()
    for text in texts:
        holding.update(set(re.findall(r"\w\w+", text.lower())))
    wanted = MARGIN * kept_rankings.KEPT_FROM * len(texts) / entries
    phrases: dict[str, None] = {}
    for word, count in holding.items():
        if count < wanted:
            continue
        for whole in fts_phrases(word, prefix_last=False):
            phrases[whole] = None
        for end in range(2, len(word) + 1):
            typed = fts_phrases(word[:end], matches=matches)
            if len(typed) == 1:
                phrases[typed[0]] = None
    return list(phrases)


class KeptRankingMixin(Database):
    """Making the kept rankings: `Journal.keep_rankings`."""

    def rankings_kept(self) -> bool:
        """Whether the kept rankings fit the index as it is (or the journal is too small)."""
        with self._read() as db:
            if int(db.value("SELECT count(*) FROM entry")) < kept_rankings.KEPT_FROM:
                return True
            basis = db.execute("SELECT basis FROM kept_ranking WHERE phrase = ''").fetchone()
            return basis is not None and bytes(basis[0]) == fingerprint(db, BM25_WEIGHTS)

    def keep_rankings(
        self, progress: Progress | None = None, stop: Callable[[], bool] | None = None
    ) -> int | None:
        """Make the kept rankings again; how many phrases are kept, or None when not written.

        None: ``stop()`` said to stop, or the journal changed while they were
        being made. ``progress(done, total)`` counts phrases looked at.
        A journal with fewer than `KEPT_FROM` entries keeps none (any kept
        before are removed).
        """
        rows: dict[str, tuple[int, bytes, bytes]] = {}
        with self._read() as db:
            basis = fingerprint(db, BM25_WEIGHTS)
            entries = int(db.value("SELECT count(*) FROM entry"))
            phrases = (
                typed_phrases(_sampled_texts(db, entries), entries, _matches_any(db))
                if entries >= kept_rankings.KEPT_FROM
                else []
            )
            ranked_sql = _select(f"bm25(entry_fts, {BM25_WEIGHTS})", False, "")
            for done, phrase in enumerate(phrases, 1):
                if stop is not None and stop():
                    return None
                if done % CHANGE_EVERY == 0 and self._changed_since(basis):
                    return None  # written to meanwhile: what is made would not be written
                tell(progress, done, len(phrases))
                count = "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH :p"
                matches = int(db.value(count, {"p": phrase}))
                if matches < kept_rankings.KEPT_FROM:
                    continue
                ranked = [
                    (int(entry_id), float(rank))
                    for entry_id, rank in db.execute(
                        ranked_sql, {"match": phrase, "limit": kept_rankings.KEPT, "offset": 0}
                    )
                ]
                rows[key_of(phrase)] = (matches, *pack(ranked))
        with self._write() as db:
            if fingerprint(db, BM25_WEIGHTS) != basis:
                return None  # written to meanwhile: these would not fit it
            db.execute("DELETE FROM kept_ranking WHERE phrase != :r", {"r": REBUILDS})
            # The row of no phrase says for which index these were made,
            # even when no phrase was worth keeping.
            db.many(
                "INSERT INTO kept_ranking (phrase, matches, ids, ranks, basis)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (key, matches, ids, ranks, basis)
                    for key, (matches, ids, ranks) in {"": (0, b"", b""), **rows}.items()
                ],
            )
        return len(rows)

    def _changed_since(self, basis: bytes) -> bool:
        """Whether the journal's index is no longer the one ``basis`` was read from.

        Read on a connection of its own, outside the snapshot being ranked.
        """
        with self._read() as db:
            return fingerprint(db, BM25_WEIGHTS) != basis


def _sampled_texts(db: Any, entries: int) -> list[str]:
    """The indexed text of about `SAMPLED` entries spread evenly over the journal."""
    step = max(1, entries // SAMPLED)
    return [
        " ".join(parts)
        for parts in db.execute(
            "SELECT d.case_code, d.tags, d.body FROM entry_doc d"
            " WHERE d.entry_id IN (SELECT id FROM entry WHERE id % :step = 0)",
            {"step": step},
        )
    ]
