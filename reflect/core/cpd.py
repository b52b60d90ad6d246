"""CPD records: Social Work England's form, written by the worker, with history.

A record may draw on entries and supervision sessions (shown beside the form
to draw on) or on nothing at all (a course, reading, a shadowing day); the
worker writes the learning. A draft is saved as it is typed; a complete
record counts towards the registration year; editing a complete record keeps
the version before it.

`CpdReadMixin` is shared by `Journal` and `Reader` (export); writing is
`CpdMixin`, `Journal`'s.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Any

# What a record is lives in cpd_records; these names are also this module's.
from reflect.core.cpd_records import COMPLETE as COMPLETE
from reflect.core.cpd_records import DRAFT as DRAFT
from reflect.core.cpd_records import ArchivedCpd as ArchivedCpd
from reflect.core.cpd_records import CpdFields as CpdFields
from reflect.core.cpd_records import CpdNotFound as CpdNotFound
from reflect.core.cpd_records import CpdRevisionView as CpdRevisionView
from reflect.core.cpd_records import CpdView as CpdView
from reflect.core.database import Database, Db
from reflect.core.files import JournalError
from reflect.core.timestamps import opt_datetime, stamp, to_date, to_datetime, utcnow

_COLUMNS = (
    "id, uid, title, cpd_type, description, activity_date, learnt, impact, peer_reflection,"
    " peer_role, standards, pcf_domains, status, created_at, updated_at, completed_at"
)


class CpdReadMixin(Database):
    """Reading CPD records; shared by `Journal` and `Reader`."""

    def cpd_records(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        complete_only: bool = False,
        record_id: int | None = None,
    ) -> list[CpdView]:
        """Records dated between ``start`` and ``end`` (both included), earliest first."""
        clauses, params = ["deleted_at IS NULL"], {}
        if start:
            clauses.append("activity_date >= :start")
            params["start"] = start.isoformat()
        if end:
            clauses.append("activity_date <= :end")
            params["end"] = end.isoformat()
        if complete_only:
            clauses.append(f"status = '{COMPLETE}'")
        if record_id is not None:
            clauses.append("id = :id")
            params["id"] = str(record_id)
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM cpd_record WHERE {' AND '.join(clauses)}"
                " ORDER BY activity_date, id",
                params,
            ).fetchall()
            sources: dict[int, tuple[list[int], list[int]]] = {r[0]: ([], []) for r in rows}
            if rows:
                marks = ", ".join("?" for _ in rows)
                for cpd_id, entry_id, session_id in db.execute(
                    "SELECT cpd_id, entry_id, session_id FROM cpd_source"
                    f" WHERE cpd_id IN ({marks}) ORDER BY id",
                    [r[0] for r in rows],
                ):
                    if entry_id is not None:
                        sources[cpd_id][0].append(entry_id)
                    if session_id is not None:
                        sources[cpd_id][1].append(session_id)
        return [_view(r, *sources[r[0]]) for r in rows]

    def case_codes(self) -> list[str]:
        """Every case code in the journal (for masking them in what leaves it)."""
        with self._read() as db:
            return [c for (c,) in db.execute("SELECT DISTINCT case_code FROM entry")]


class CpdMixin(CpdReadMixin):
    """Writing CPD records, for `Journal`."""

    def get_cpd(self, record_id: int) -> CpdView:
        """One record (draft or complete)."""
        found = self.cpd_records(record_id=record_id)
        if not found:
            raise CpdNotFound(f"There is no CPD record number {record_id}.")
        return found[0]

    def create_cpd(self, fields: CpdFields) -> CpdView:
        """Start a draft record."""
        now = stamp(utcnow())
        with self._write() as db:
            record_id = int(
                db.value(
                    "INSERT INTO cpd_record (uid, activity_date, created_at, updated_at)"
                    " VALUES (:u, :d, :c, :c) RETURNING id",
                    {"u": uuid.uuid4().hex, "d": fields.activity_date.isoformat(), "c": now},
                )
            )
            _write(db, record_id, fields)
        return self.get_cpd(record_id)

    def save_cpd_draft(self, record_id: int, fields: CpdFields) -> CpdView:
        """Autosave a draft as the form holds it."""
        with self._write() as db:
            _require(db, record_id, DRAFT)
            _write(db, record_id, fields)
        return self.get_cpd(record_id)

    def complete_cpd(self, record_id: int, fields: CpdFields) -> CpdView:
        """Save a draft as complete; refuses while a required part is unwritten."""
        missing = fields.missing()
        if missing:
            raise JournalError(f"Before it is complete, please write {_listed(missing)}.")
        with self._write() as db:
            _require(db, record_id, DRAFT)
            _write(db, record_id, fields)
            db.execute(
                "UPDATE cpd_record SET status = :s, completed_at = :c WHERE id = :id",
                {"s": COMPLETE, "c": stamp(utcnow()), "id": record_id},
            )
        return self.get_cpd(record_id)

    def edit_cpd(self, record_id: int, fields: CpdFields) -> CpdView:
        """Change a complete record, keeping the version before the change."""
        missing = fields.missing()
        if missing:
            raise JournalError(f"A complete record still needs {_listed(missing)}.")
        return self._change_complete(record_id, fields, to_draft=False)

    def keep_cpd_change_as_draft(self, record_id: int, fields: CpdFields) -> CpdView:
        """Keep a change to a complete record as a draft again, the version before kept.

        For a change the identifier check has not passed (the app closing
        with it unsaved): nothing typed is lost, and the record counts as
        complete again only once it is completed, after the check.
        """
        return self._change_complete(record_id, fields, to_draft=True)

    def _change_complete(self, record_id: int, fields: CpdFields, *, to_draft: bool) -> CpdView:
        """Write a change to a complete record, its version before kept (``to_draft``: a draft)."""
        before = self.get_cpd(record_id)
        with self._write() as db:
            _require(db, record_id, COMPLETE)
            db.execute(
                "INSERT INTO cpd_revision (cpd_id, created_at, snapshot) VALUES (:i, :c, :s)",
                {"i": record_id, "c": stamp(utcnow()), "s": fields_to_json(before.fields)},
            )
            _write(db, record_id, fields)
            if to_draft:
                db.execute(
                    "UPDATE cpd_record SET status = :s, completed_at = NULL WHERE id = :id",
                    {"s": DRAFT, "id": record_id},
                )
        return self.get_cpd(record_id)

    def cpd_revisions(self, record_id: int) -> list[CpdRevisionView]:
        """Earlier versions of a record, oldest first."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, cpd_id, created_at, snapshot FROM cpd_revision WHERE cpd_id = ?"
                " ORDER BY created_at, id",
                (record_id,),
            ).fetchall()
        return [CpdRevisionView(i, c, to_datetime(at), fields_from_json(s)) for i, c, at, s in rows]

    def add_archived_cpd(
        self, records: Sequence[ArchivedCpd], session_ids: Sequence[int] = ()
    ) -> int:
        """Add records read from an archive, as they were; those already here (by uid) are skipped.

        ``session_ids`` are this journal's ids of the archive's sessions, in
        the archive's order. One transaction: all of them or none. Returns how
        many were added.
        """
        added = 0
        with self._write() as db:
            for record in records:
                if db.value("SELECT 1 FROM cpd_record WHERE uid = :u", {"u": record.uid}):
                    continue
                record_id = int(
                    db.value(
                        "INSERT INTO cpd_record (uid, activity_date, created_at, updated_at)"
                        " VALUES (:u, :d, :c, :c) RETURNING id",
                        {
                            "u": record.uid,
                            "d": record.fields.activity_date.isoformat(),
                            "c": stamp(record.created_at),
                        },
                    )
                )
                found = (
                    db.value("SELECT id FROM entry WHERE uid = :u", {"u": u})
                    for u in record.entry_uids
                )
                entry_ids = [int(i) for i in found if i is not None]  # an entry not here: no link
                linked = [session_ids[i] for i in record.session_refs if i < len(session_ids)]
                fields = replace(
                    record.fields, entry_ids=tuple(entry_ids), session_ids=tuple(linked)
                )
                _write(db, record_id, fields)
                # _write stamps the time of writing: put back the record's own.
                db.execute(
                    "UPDATE cpd_record SET status = :s, created_at = :c, updated_at = :u,"
                    " completed_at = :d WHERE id = :id",
                    {
                        "s": record.status,
                        "c": stamp(record.created_at),
                        "u": stamp(record.updated_at),
                        "d": None if record.completed_at is None else stamp(record.completed_at),
                        "id": record_id,
                    },
                )
                added += 1
        return added

    def delete_cpd(self, record_id: int) -> None:
        """Remove a record (a draft started by mistake, say)."""
        with self._write() as db:
            db.execute(
                "UPDATE cpd_record SET deleted_at = :c WHERE id = :id",
                {"c": stamp(utcnow()), "id": record_id},
            )


def fields_to_json(fields: CpdFields) -> str:
    """A record's fields as the JSON a revision keeps."""
    data = asdict(fields)
    data["activity_date"] = fields.activity_date.isoformat()
    return json.dumps(data, ensure_ascii=False)


def fields_from_json(snapshot: str) -> CpdFields:
    """The fields a revision kept."""
    data: dict[str, Any] = json.loads(snapshot)
    data["activity_date"] = to_date(data["activity_date"])
    for name in ("standards", "pcf_domains", "entry_ids", "session_ids"):
        data[name] = tuple(data.get(name, ()))
    return CpdFields(**data)


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _view(row: Sequence[Any], entry_ids: list[int], session_ids: list[int]) -> CpdView:
    return CpdView(
        id=row[0],
        uid=row[1],
        fields=CpdFields(
            title=row[2],
            cpd_type=row[3],
            description=row[4],
            activity_date=to_date(row[5]),
            learnt=row[6],
            impact=row[7],
            peer_reflection=row[8],
            peer_role=row[9],
            standards=tuple(json.loads(row[10] or "[]")),
            pcf_domains=tuple(json.loads(row[11] or "[]")),
            entry_ids=tuple(entry_ids),
            session_ids=tuple(session_ids),
        ),
        status=row[12],
        created_at=to_datetime(row[13]),
        updated_at=to_datetime(row[14]),
        completed_at=opt_datetime(row[15]),
    )


def _require(db: Db, record_id: int, status: str) -> None:
    found = db.value(
        "SELECT status FROM cpd_record WHERE id = :id AND deleted_at IS NULL",
        {"id": record_id},
    )
    if found is None:
        raise CpdNotFound(f"There is no CPD record number {record_id}.")
    if found != status:
        raise JournalError(
            f"CPD record number {record_id} is {'complete' if found == COMPLETE else 'a draft'}."
        )


def _write(db: Db, record_id: int, fields: CpdFields) -> None:
    db.execute(
        "UPDATE cpd_record SET title = :title, cpd_type = :cpd_type,"
        " description = :description, activity_date = :activity_date, learnt = :learnt,"
        " impact = :impact, peer_reflection = :peer_reflection, peer_role = :peer_role,"
        " standards = :standards, pcf_domains = :pcf_domains, updated_at = :now"
        " WHERE id = :id",
        {
            "title": " ".join(fields.title.split()),
            "cpd_type": " ".join(fields.cpd_type.split()),
            "description": fields.description.strip(),
            "activity_date": fields.activity_date.isoformat(),
            "learnt": fields.learnt.strip(),
            "impact": fields.impact.strip(),
            "peer_reflection": fields.peer_reflection.strip(),
            "peer_role": " ".join(fields.peer_role.split()),
            "standards": json.dumps(list(fields.standards)),
            "pcf_domains": json.dumps(list(fields.pcf_domains)),
            "now": stamp(utcnow()),
            "id": record_id,
        },
    )
    db.execute("DELETE FROM cpd_source WHERE cpd_id = :id", {"id": record_id})
    for entry_id in dict.fromkeys(fields.entry_ids):
        db.execute(
            "INSERT INTO cpd_source (cpd_id, entry_id) VALUES (:c, :e)",
            {"c": record_id, "e": entry_id},
        )
    for session_id in dict.fromkeys(fields.session_ids):
        db.execute(
            "INSERT INTO cpd_source (cpd_id, session_id) VALUES (:c, :s)",
            {"c": record_id, "s": session_id},
        )
