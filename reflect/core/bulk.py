"""Whole entries in bulk: loading many at once (sample, import) and reading many at once (export).

Both work in batches with a few queries each, so a term of a thousand entries
or a sample of a hundred thousand never needs a query per entry.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence

from reflect.core.database import Database
from reflect.core.progress import Progress, tell
from reflect.core.records import EntryRecord


class BulkMixin(Database):
    """Loading whole entries in bulk, for `Journal`."""

    def add_records(
        self,
        records: Iterable[EntryRecord],
        *,
        batch_size: int = 2000,
        progress: Progress | None = None,
    ) -> int:
        """Load whole entries in bulk (sample journals, import); returns how many were added.

        Entries whose uid is already in the journal are skipped, so loading the
        same records twice adds nothing. The search index is paused during each
        batch and the new entries are indexed as they go in. ``progress``
        counts the entries looked at, of all ``records`` when they can be counted.
        """
        total = len(records) if isinstance(records, Collection) else 0
        added = seen = 0
        batch: list[EntryRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                added += self._add_batch(batch, progress, seen, total)
                seen += len(batch)
                batch = []
        if batch:
            added += self._add_batch(batch, progress, seen, total)
            seen += len(batch)
        tell(progress, seen, total or seen)
        return added

    def _add_batch(
        self, batch: Sequence[EntryRecord], progress: Progress | None, seen: int, total: int
    ) -> int:
        from reflect.core.bulk_load import Loader

        with self._write() as db:
            existing = {
                row[0]
                for row in db.execute(
                    "SELECT uid FROM entry WHERE uid IN (SELECT value FROM json_each(:uids))",
                    {"uids": json.dumps([r.uid for r in batch])},
                )
            }
            fresh = [r for r in batch if r.uid not in existing]
            if not fresh:
                return 0
            skipped = len(batch) - len(fresh)
            Loader(db, self._clean_case_code, self._tag_id).load(
                fresh, progress, start=seen + skipped, total=total
            )
        return len(fresh)
