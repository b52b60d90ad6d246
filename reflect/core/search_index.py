"""Telling a journal whose search index was left out, and building it again a step at a time.

The index is rebuilt from the entries themselves, so a backup need not carry
it: at 10,000 realistic entries it is more than half the journal file. A
backup holds the journal's rows without it (reflect/core/backup_format.py),
and a whole-copy backup of an earlier version kept the index's tables empty;
restoring either rebuilds the index, reporting how far it has got.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reflect.core import kept_rankings
from reflect.core.database import Database, PooledConnections
from reflect.core.search_schema import roomy_for_bulk

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Entries indexed per statement while rebuilding: small enough to report
# progress every fraction of a second, large enough to cost nothing extra.
REBUILD_STEP = 2_000


# Entries, but nothing in the index: a journal just built from a backup (or
# an old whole-copy backup), whose index has not been rebuilt yet.
LEFT_OUT = "SELECT EXISTS (SELECT 1 FROM entry) AND NOT EXISTS (SELECT 1 FROM entry_fts_idx)"


def is_left_out(engine: Engine) -> bool:
    """Whether this journal has entries but an empty index (see `LEFT_OUT`)."""
    with Database(PooledConnections(engine))._read() as db:
        return bool(db.value(LEFT_OUT))


def rebuild_in_steps(
    engine: Engine, report: Callable[[int, int], None] | None = None, step: int = REBUILD_STEP
) -> int:
    """Build the search index again from every entry, ``step`` entries a statement.

    ``report(done, total)`` is called after each step. All in one transaction:
    stopped half way, the journal keeps the index it had. Returns the entries
    indexed.
    """
    with Database(PooledConnections(engine))._write() as db:
        ids = [int(row[0]) for row in db.execute("SELECT id FROM entry ORDER BY id")]
        kept_rankings.forget(db)  # a rebuilt index may look as it did when they were kept
        db.execute("INSERT INTO entry_fts(entry_fts) VALUES ('delete-all')")
        with roomy_for_bulk(db):
            for start in range(0, len(ids), step):
                chunk = ids[start : start + step]
                db.execute(
                    "INSERT INTO entry_fts (rowid, case_code, tags, body)"
                    " SELECT entry_id, case_code, tags, body FROM entry_doc"
                    " WHERE entry_id BETWEEN :first AND :last",
                    {"first": chunk[0], "last": chunk[-1]},
                )
                if report is not None:
                    report(start + len(chunk), len(ids))
    return len(ids)
