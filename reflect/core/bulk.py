"""Whole entries in bulk: loading many at once (sample, import) and reading many at once (export).

Both work in batches with a few queries each, so a term of a thousand entries
or a sample of a hundred thousand never needs a query per entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from reflect.core.database import Database, Db
from reflect.core.questions import QuestionKey, question_id
from reflect.core.records import EntryRecord
from reflect.core.timestamps import stamp
from reflect.core.vocab import EntryStatus, TagKind, VisitType


class BulkMixin(Database):
    """Loading whole entries in bulk, for `Journal`."""

    def add_records(self, records: Iterable[EntryRecord], *, batch_size: int = 2000) -> int:
        """Load whole entries in bulk (sample journals, import); returns how many were added.

        Entries whose uid is already in the journal are skipped, so loading the
        same records twice adds nothing. The search index is paused during each
        batch and the new entries are indexed once at its end.
        """
        added = 0
        batch: list[EntryRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                added += self._add_batch(batch)
                batch = []
        if batch:
            added += self._add_batch(batch)
        return added

    def _add_batch(self, batch: Sequence[EntryRecord]) -> int:
        tag_ids: dict[tuple[str, str], int] = {}
        question_ids: dict[QuestionKey, int] = {}
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
            db.execute("INSERT INTO fts_pause (one) VALUES (1)")
            new_ids: list[int] = []
            for record in fresh:
                entry_id = self._insert_record(db, record, tag_ids, question_ids)
                new_ids.append(entry_id)
            db.execute("DELETE FROM fts_pause")
            db.execute(
                "INSERT INTO entry_fts (rowid, case_code, tags, body)"
                " SELECT entry_id, case_code, tags, body FROM entry_doc"
                " WHERE entry_id IN (SELECT value FROM json_each(:ids))",
                {"ids": json.dumps(new_ids)},
            )
        return len(fresh)

    def _insert_record(
        self,
        db: Db,
        r: EntryRecord,
        tag_ids: dict[tuple[str, str], int],
        question_ids: dict[QuestionKey, int],
    ) -> int:
        entry_id = int(
            db.value(
                "INSERT INTO entry (uid, visit_date, case_code, visit_type, visit_minutes,"
                " prompt_set_id, prompt_set_version, status, current_step, flagged,"
                " supervisor_question, created_at, updated_at, completed_at)"
                " VALUES (:uid, :visit_date, :case_code, :visit_type, :visit_minutes,"
                " :set_id, :set_version, :status, :step, :flagged, :question,"
                " :created, :updated, :completed) RETURNING id",
                {
                    "uid": r.uid,
                    "visit_date": r.visit_date.isoformat(),
                    "case_code": self._clean_case_code(r.case_code),
                    "visit_type": VisitType(r.visit_type).value,
                    "visit_minutes": r.visit_minutes,
                    "set_id": r.prompt_set_id,
                    "set_version": r.prompt_set_version,
                    "status": EntryStatus(r.status).value,
                    "step": r.current_step,
                    "flagged": int(r.flagged),
                    "question": r.supervisor_question,
                    "created": stamp(r.created_at),
                    "updated": stamp(r.updated_at),
                    "completed": stamp(r.completed_at) if r.completed_at else None,
                },
            )
        )
        if r.answers:
            db.many(
                "INSERT INTO answer (entry_id, prompt_id, theme, question_id, text, position)"
                " VALUES (:e, :prompt_id, :theme, :question, :text, :position)",
                [
                    {
                        "e": entry_id,
                        "prompt_id": a.prompt_id,
                        "theme": a.theme,
                        "question": question_id(
                            db,
                            (r.prompt_set_id, r.prompt_set_version, a.prompt_id, a.question),
                            question_ids,
                        ),
                        "text": a.text,
                        "position": a.position,
                    }
                    for a in r.answers
                ],
            )
        links = []
        for kind, names in (
            (TagKind.THEME, r.themes),
            (TagKind.PCF, r.pcf_domains),
            (TagKind.FREE, r.free_tags),
        ):
            for name in dict.fromkeys(names):
                key = (kind.value, name)
                if key not in tag_ids:
                    tag_ids[key] = self._tag_id(db, kind, name)
                links.append({"e": entry_id, "t": tag_ids[key]})
        if links:
            db.many("INSERT INTO entry_tag (entry_id, tag_id) VALUES (:e, :t)", links)
        if r.actions:
            db.many(
                "INSERT INTO action (entry_id, text, due, done, created_at)"
                " VALUES (:e, :text, :due, :done, :created)",
                [
                    {
                        "e": entry_id,
                        "text": action_text,
                        "due": due.isoformat() if due else None,
                        "done": int(done),
                        "created": stamp(r.created_at),
                    }
                    for action_text, due, done in r.actions
                ],
            )
        return entry_id
