"""Supervision sessions: recording one, with the entries discussed and the actions agreed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Engine, text

from reflect.core.records import ActionView, SessionView
from reflect.core.store import write_connection
from reflect.core.timestamps import stamp, to_date, utcnow


class SupervisionMixin:
    """Supervision sessions for `Journal`."""

    engine: Engine

    def add_supervision_session(
        self,
        session_date: date,
        *,
        supervisor_initials: str = "",
        notes: str = "",
        entry_uids: Iterable[str] = (),
        actions: Sequence[tuple[str, date | None] | tuple[str, date | None, bool]] = (),
    ) -> SessionView:
        """Record a supervision session; entries discussed are named by their uid."""
        initials = " ".join(supervisor_initials.split())[:12]
        with write_connection(self.engine) as conn:
            session_id = int(
                conn.execute(
                    text(
                        "INSERT INTO supervision_session (session_date, supervisor_initials,"
                        " notes, created_at) VALUES (:d, :i, :n, :c) RETURNING id"
                    ),
                    {
                        "d": session_date.isoformat(),
                        "i": initials,
                        "n": notes,
                        "c": stamp(utcnow()),
                    },
                ).scalar_one()
            )
            for uid in dict.fromkeys(entry_uids):
                conn.execute(
                    text(
                        "INSERT INTO supervision_entry (session_id, entry_id)"
                        " SELECT :s, id FROM entry WHERE uid = :u"
                    ),
                    {"s": session_id, "u": uid},
                )
            for action in actions:
                action_text, due = action[0], action[1]
                done = bool(action[2]) if len(action) > 2 else False
                conn.execute(
                    text(
                        "INSERT INTO action (session_id, text, due, done, created_at)"
                        " VALUES (:s, :t, :d, :done, :c)"
                    ),
                    {
                        "s": session_id,
                        "t": action_text.strip(),
                        "d": due.isoformat() if due else None,
                        "done": int(done),
                        "c": stamp(utcnow()),
                    },
                )
        return self.supervision_sessions(session_id=session_id)[0]

    def supervision_sessions(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        session_id: int | None = None,
    ) -> list[SessionView]:
        """Sessions between ``start`` and ``end`` (both included), earliest first."""
        clauses, params = ["1 = 1"], {}
        if start:
            clauses.append("session_date >= :start")
            params["start"] = start.isoformat()
        if end:
            clauses.append("session_date <= :end")
            params["end"] = end.isoformat()
        if session_id is not None:
            clauses.append("id = :id")
            params["id"] = str(session_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, session_date, supervisor_initials, notes FROM supervision_session"
                    f" WHERE {' AND '.join(clauses)} ORDER BY session_date, id"
                ),
                params,
            ).all()
            sessions = []
            for row in rows:
                uids = tuple(
                    r[0]
                    for r in conn.execute(
                        text(
                            "SELECT e.uid FROM supervision_entry se JOIN entry e"
                            " ON e.id = se.entry_id WHERE se.session_id = :s"
                            " ORDER BY e.visit_date, e.id"
                        ),
                        {"s": row.id},
                    )
                )
                actions = tuple(
                    ActionView(
                        a.id, a.text, None if a.due is None else to_date(a.due), bool(a.done)
                    )
                    for a in conn.execute(
                        text(
                            "SELECT id, text, due, done FROM action WHERE session_id = :s"
                            " ORDER BY id"
                        ),
                        {"s": row.id},
                    )
                )
                sessions.append(
                    SessionView(
                        id=row.id,
                        session_date=to_date(row.session_date),
                        supervisor_initials=row.supervisor_initials,
                        notes=row.notes,
                        entry_uids=uids,
                        actions=actions,
                    )
                )
        return sessions
