"""Whole entries in bulk: loading many at once (sample, import) and reading many at once (export).

Both work in batches with a few queries each, so a term of a thousand entries
or a sample of a hundred thousand never needs a query per entry.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING

from reflect.core.database import Database, Db
from reflect.core.progress import Progress, tell
from reflect.core.records import EntryRecord

if TYPE_CHECKING:
    from reflect.core.bulk_load import Loader


@dataclass(frozen=True)
class RecordsAdded:
    """What `BulkMixin.add_records_as_read` did with the entries it was given."""

    added: int
    skipped: int
    # Skipped entries whose words differ here: each (visit date, case code).
    differing: tuple[tuple[date, str], ...] = ()
    # Entries here that the file holds a newer, different version of (saved
    # later there): taken with ``take_newer`` (`replaced`), else only counted.
    newer_in_file: tuple[tuple[date, str], ...] = ()
    replaced: tuple[tuple[date, str], ...] = ()


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
            loader = Loader(db, self._clean_case_code, self._tag_id)
            return self._add_within(loader, batch, progress, seen, total)

    @staticmethod
    def _add_within(
        loader: Loader,
        batch: Sequence[EntryRecord],
        progress: Progress | None,
        seen: int,
        total: int,
    ) -> int:
        """Write those of ``batch`` not here yet in ``loader``'s transaction; how many."""
        existing = {
            row[0]
            for row in loader.db.execute(
                "SELECT uid FROM entry WHERE uid IN (SELECT value FROM json_each(:uids))",
                {"uids": json.dumps([r.uid for r in batch])},
            )
        }
        fresh = [r for r in batch if r.uid not in existing]
        if not fresh:
            return 0
        skipped = len(batch) - len(fresh)
        loader.load(fresh, progress, start=seen + skipped, total=total)
        return len(fresh)

    def add_records_as_read(
        self,
        records: Iterable[EntryRecord],
        *,
        total: int = 0,
        progress: Progress | None = None,
        take_newer: bool = False,
    ) -> RecordsAdded:
        """Load entries as ``records`` yields them, all in one transaction (import).

        Only a batch is held at a time, so an archive of any size is imported
        in the same memory; if ``records`` raises part way (a damaged line, a
        count that does not match), everything is rolled back. As in
        `add_records`, an entry whose uid is here already is skipped; those
        whose words differ are named in the result (see `differing`), looked
        at before their batch is written. ``progress`` counts the entries
        looked at, of ``total`` (a count made beforehand; 0 if not known).

        An entry here that the file holds a newer version of (saved later,
        and different in anything the file holds) is counted in
        ``newer_in_file``; with ``take_newer`` the file's version replaces it
        whole instead (`replace_with_newer`), in the same transaction.
        """
        from reflect.core.bulk_load import CHUNK, Loader

        added = seen = 0
        differing: list[tuple[date, str]] = []
        newer: list[tuple[date, str]] = []
        replaced: list[tuple[date, str]] = []
        with self._write() as db:
            loader = Loader(db, self._clean_case_code, self._tag_id)
            batch: list[EntryRecord] = []
            for record in chain(records, (None,)):
                if record is not None:
                    batch.append(record)
                    if len(batch) < CHUNK:
                        continue
                if batch:
                    # Before `_differing`: an entry replaced reads the same as the file's.
                    found = replace_with_newer(loader, batch, take=take_newer)
                    (replaced if take_newer else newer).extend(found)
                    differing += [(r.visit_date, r.case_code) for r in self._differing(db, batch)]
                    counted = max(total, seen + len(batch))  # a count beforehand may be short
                    added += self._add_within(loader, batch, progress, seen, counted)
                    seen += len(batch)
                    batch = []
            tell(progress, seen, max(total, seen))
        return RecordsAdded(added, seen - added, tuple(differing), tuple(newer), tuple(replaced))

    def differing(self, records: Sequence[EntryRecord]) -> list[EntryRecord]:
        """Of ``records``, those already in the journal (same uid) whose words differ.

        `add_records` skips an entry whose uid is already here, so an entry
        edited on another machine and brought back by import would keep this
        journal's version without a word. Compared: the case code, the visit
        date, the question for supervision and every answer's text.
        """
        with self._read() as db:
            return self._differing(db, records)

    def _differing(self, db: Db, records: Sequence[EntryRecord]) -> list[EntryRecord]:
        wanted = {r.uid: r for r in records}
        held: dict[str, tuple[str, str, str, dict[str, str]]] = {}
        rows = db.execute(
            "SELECT e.uid, e.case_code, e.visit_date, e.supervisor_question,"
            " a.prompt_id, a.text FROM entry e LEFT JOIN answer a ON a.entry_id = e.id"
            " WHERE e.uid IN (SELECT value FROM json_each(:uids))",
            {"uids": json.dumps(list(wanted))},
        )
        for uid, case_code, visit_date, question, prompt_id, text in rows:
            entry = held.setdefault(uid, (case_code, str(visit_date), question or "", {}))
            if prompt_id is not None:
                entry[3][prompt_id] = text or ""
        found = []
        for uid, (case_code, visit_date, question, answers) in held.items():
            record = wanted[uid]
            theirs = (
                self._clean_case_code(record.case_code),
                record.visit_date.isoformat(),
                record.supervisor_question or "",
                _written({a.prompt_id: a.text for a in record.answers}),
            )
            if theirs != (case_code, visit_date, question, _written(answers)):
                found.append(record)
        return found


def replace_with_newer(
    loader: Loader, batch: Sequence[EntryRecord], *, take: bool
) -> list[tuple[date, str]]:
    """The entries here that ``batch`` holds a newer, different version of; replaced if ``take``.

    Newer: saved later in the file than here (``updated_at``), never the
    same time or earlier. Different: in its details, answers, tags or
    actions. An entry in the trash is left there as it is. Each replaced
    entry keeps the version it had in its history (`entry_revision`), and
    its revision goes up, so a screen open on it is told it changed.
    """
    from reflect.core.reading import details_for, entry_rows
    from reflect.core.timestamps import to_datetime

    wanted = {r.uid: r for r in batch}
    rows = entry_rows(
        loader.db,
        "e.uid IN (SELECT value FROM json_each(:uids)) AND e.deleted_at IS NULL",
        {"uids": json.dumps(list(wanted))},
    )
    # ENTRY_COLUMNS: uid third, updated_at fourteenth.
    later = [row for row in rows if to_datetime(wanted[row[2]].updated_at) > to_datetime(row[13])]
    if not later:
        return []
    pairs = [
        (entry, wanted[entry.uid])
        for entry in details_for(loader.db, later)
        if loader.content_of(wanted[entry.uid]) != loader.content_here(entry)
    ]
    if take and pairs:
        loader.replace(pairs)
    return [(record.visit_date, record.case_code) for _, record in pairs]


def _written(answers: dict[str, str]) -> dict[str, str]:
    """The answers with something in them, by prompt (an empty one is no difference)."""
    return {prompt_id: text for prompt_id, text in answers.items() if text.strip()}
