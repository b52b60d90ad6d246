"""Whole entries in bulk: loading many at once (sample, import) and reading many at once (export).

Both work in batches with a few queries each, so a term of a thousand entries
or a sample of a hundred thousand never needs a query per entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, text

from reflect.core.records import ActionView, AnswerView, EntryDetail, EntryFilter, EntryRecord
from reflect.core.store import write_connection
from reflect.core.timestamps import opt_datetime, stamp, to_date, to_datetime
from reflect.core.vocab import EntryStatus, TagKind, VisitType


class BulkMixin:
    """Bulk loading and reading for `Journal`, which provides what is declared here."""

    engine: Engine

    def _where(self, f: EntryFilter) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    @staticmethod
    def _clean_case_code(case_code: str) -> str:
        raise NotImplementedError

    @staticmethod
    def _tag_id(conn: Connection, kind: TagKind, name: str) -> int:
        raise NotImplementedError

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
        with write_connection(self.engine) as conn:
            existing = {
                row[0]
                for row in conn.execute(
                    text("SELECT uid FROM entry WHERE uid IN (SELECT value FROM json_each(:uids))"),
                    {"uids": json.dumps([r.uid for r in batch])},
                )
            }
            fresh = [r for r in batch if r.uid not in existing]
            if not fresh:
                return 0
            conn.exec_driver_sql("INSERT INTO fts_pause (one) VALUES (1)")
            new_ids: list[int] = []
            for record in fresh:
                entry_id = self._insert_record(conn, record, tag_ids)
                new_ids.append(entry_id)
            conn.exec_driver_sql("DELETE FROM fts_pause")
            conn.execute(
                text(
                    "INSERT INTO entry_fts (rowid, case_code, tags, body)"
                    " SELECT entry_id, case_code, tags, body FROM entry_doc"
                    " WHERE entry_id IN (SELECT value FROM json_each(:ids))"
                ),
                {"ids": json.dumps(new_ids)},
            )
        return len(fresh)

    def _insert_record(
        self, conn: Connection, r: EntryRecord, tag_ids: dict[tuple[str, str], int]
    ) -> int:
        entry_id = int(
            conn.execute(
                text(
                    "INSERT INTO entry (uid, visit_date, case_code, visit_type, visit_minutes,"
                    " prompt_set_id, prompt_set_version, status, current_step, flagged,"
                    " supervisor_question, created_at, updated_at, completed_at)"
                    " VALUES (:uid, :visit_date, :case_code, :visit_type, :visit_minutes,"
                    " :set_id, :set_version, :status, :step, :flagged, :question,"
                    " :created, :updated, :completed) RETURNING id"
                ),
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
            ).scalar_one()
        )
        if r.answers:
            conn.execute(
                text(
                    "INSERT INTO answer (entry_id, prompt_id, theme, question, text, position)"
                    " VALUES (:e, :prompt_id, :theme, :question, :text, :position)"
                ),
                [
                    {
                        "e": entry_id,
                        "prompt_id": a.prompt_id,
                        "theme": a.theme,
                        "question": a.question,
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
                    tag_ids[key] = self._tag_id(conn, kind, name)
                links.append({"e": entry_id, "t": tag_ids[key]})
        if links:
            conn.execute(text("INSERT INTO entry_tag (entry_id, tag_id) VALUES (:e, :t)"), links)
        if r.actions:
            conn.execute(
                text(
                    "INSERT INTO action (entry_id, text, due, done, created_at)"
                    " VALUES (:e, :text, :due, :done, :created)"
                ),
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

    def iter_details(
        self, filters: EntryFilter | None = None, *, batch_size: int = 500
    ) -> Iterator[EntryDetail]:
        """Every entry matching ``filters`` with everything in it, oldest visit first.

        Entries are read a batch at a time (four queries a batch), so memory
        stays flat however many match.
        """
        where, params = self._where(filters or EntryFilter())
        last_key: tuple[str, int] = ("", 0)
        while True:
            with self.engine.connect() as conn:
                rows = entry_rows(
                    conn,
                    f"{where} AND (e.visit_date > :k_date"
                    " OR (e.visit_date = :k_date AND e.id > :k_id))",
                    {**params, "k_date": last_key[0], "k_id": last_key[1], "batch": batch_size},
                    "ORDER BY e.visit_date, e.id LIMIT :batch",
                )
                if not rows:
                    return
                yield from details_for(conn, rows)
            last_key = (str(rows[-1][2]), int(rows[-1][0]))


def action_view(row: Any) -> ActionView:
    """An action row (id, text, due, done, entry_id, session_id, maybe case_code) as a view."""
    return ActionView(
        id=row.id,
        text=row.text,
        due=None if row.due is None else to_date(row.due),
        done=bool(row.done),
        entry_id=row.entry_id,
        session_id=row.session_id,
        case_code=getattr(row, "case_code", None),
    )


# The entry columns `details_for` reads, in this order.
ENTRY_COLUMNS = (
    "e.id, e.uid, e.visit_date, e.case_code, e.visit_type, e.visit_minutes, e.prompt_set_id,"
    " e.prompt_set_version, e.status, e.current_step, e.flagged, e.supervisor_question,"
    " e.created_at, e.updated_at, e.completed_at, e.deleted_at"
)


def raw(conn: Connection) -> Any:
    """The DB-API connection under ``conn``: plain tuples, without SQLAlchemy's row objects.

    Reading whole entries in bulk (export, the reading view) spends most of
    its time building rows; tuples from the driver cost a fraction of that.
    """
    return conn.connection.dbapi_connection


def entry_rows(conn: Connection, where: str, params: dict[str, Any], tail: str = "") -> list[Any]:
    """Entry rows (as `details_for` wants them) for an SQL condition on ``e``."""
    sql = f"SELECT {ENTRY_COLUMNS} FROM entry e WHERE {where} {tail}"
    return list(raw(conn).execute(sql, params).fetchall())


def details_for(conn: Connection, rows: Sequence[Any]) -> list[EntryDetail]:
    """Whole entries for these entry rows (ENTRY_COLUMNS), in four queries however many."""
    driver = raw(conn)
    ids = json.dumps([row[0] for row in rows])
    answers: dict[int, list[AnswerView]] = {}
    for entry_id, prompt_id, question, text_, theme, position in driver.execute(
        "SELECT entry_id, prompt_id, question, text, theme, position FROM answer"
        " WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY entry_id, position, id",
        (ids,),
    ):
        answers.setdefault(entry_id, []).append(
            AnswerView(prompt_id, question, text_, theme, position)
        )
    tags: dict[tuple[int, str], list[str]] = {}
    for entry_id, kind, name in driver.execute(
        "SELECT et.entry_id, t.kind, t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
        " WHERE et.entry_id IN (SELECT value FROM json_each(?)) ORDER BY t.name",
        (ids,),
    ):
        tags.setdefault((entry_id, kind), []).append(name)
    actions: dict[int, list[ActionView]] = {}
    for action_id, entry_id, session_id, text_, due, done in driver.execute(
        "SELECT id, entry_id, session_id, text, due, done FROM action"
        " WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids,),
    ):
        actions.setdefault(entry_id, []).append(
            ActionView(
                action_id,
                text_,
                None if due is None else to_date(due),
                bool(done),
                entry_id,
                session_id,
            )
        )
    theme, pcf, free = TagKind.THEME.value, TagKind.PCF.value, TagKind.FREE.value
    return [
        EntryDetail(
            id=r[0],
            uid=r[1],
            visit_date=to_date(r[2]),
            case_code=r[3],
            visit_type=r[4],
            visit_minutes=r[5],
            prompt_set_id=r[6],
            prompt_set_version=r[7],
            status=r[8],
            current_step=r[9],
            flagged=bool(r[10]),
            supervisor_question=r[11],
            created_at=to_datetime(r[12]),
            updated_at=to_datetime(r[13]),
            completed_at=opt_datetime(r[14]),
            deleted_at=opt_datetime(r[15]),
            answers=tuple(answers.get(r[0], ())),
            themes=tuple(tags.get((r[0], theme), ())),
            pcf_domains=tuple(tags.get((r[0], pcf), ())),
            free_tags=tuple(tags.get((r[0], free), ())),
            actions=tuple(actions.get(r[0], ())),
        )
        for r in rows
    ]
