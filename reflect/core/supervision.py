"""Supervision sessions: recording one, with the entries discussed and the actions agreed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, text

from reflect.core.reading import period_clauses
from reflect.core.records import SessionView
from reflect.core.store import write_connection
from reflect.core.timestamps import stamp, utcnow


@dataclass
class TagCounts:
    """Themes and PCF domains counted over a period's entries."""

    entries: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    pcf_domains: Counter[str] = field(default_factory=Counter)


class SupervisionMixin:
    """Supervision sessions for `Journal`."""

    engine: Engine

    def supervision_sessions(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        session_id: int | None = None,
        entry_id: int | None = None,
        include_drafts: bool = False,
    ) -> list[SessionView]:
        raise NotImplementedError  # reading.ReadMixin

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

    def last_supervision(self) -> SessionView | None:
        """The most recent supervision session recorded, if any."""
        with self.engine.connect() as conn:
            last = conn.execute(
                text(
                    "SELECT id FROM supervision_session WHERE status = 'complete'"
                    " ORDER BY session_date DESC, id DESC LIMIT 1"
                )
            ).scalar_one_or_none()
        return None if last is None else self.supervision_sessions(session_id=int(last))[0]

    def tag_counts(self, start: date | None = None, end: date | None = None) -> TagCounts:
        """How many live entries in the period carry each theme and PCF domain."""
        clauses, params = period_clauses("e.visit_date", start, end)
        clauses.append("e.deleted_at IS NULL")
        counts = TagCounts()
        with self.engine.connect() as conn:
            counts.entries = int(
                conn.execute(
                    text(f"SELECT count(*) FROM entry e WHERE {' AND '.join(clauses)}"), params
                ).scalar_one()
            )
            rows = conn.execute(
                text(
                    "SELECT t.kind, t.name, count(*) AS n FROM entry_tag et"
                    " JOIN tag t ON t.id = et.tag_id JOIN entry e ON e.id = et.entry_id"
                    f" WHERE {' AND '.join(clauses)} AND t.kind IN ('theme', 'pcf')"
                    " GROUP BY t.kind, t.name"
                ),
                params,
            ).all()
        for row in rows:
            target = counts.themes if row.kind == "theme" else counts.pcf_domains
            target[row.name] = int(row.n)
        return counts
