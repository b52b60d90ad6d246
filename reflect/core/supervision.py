"""Supervision sessions: recording one, with the entries discussed and the actions agreed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from reflect.core.database import Database, period_clauses
from reflect.core.records import ActionView, SessionView
from reflect.core.timestamps import stamp, to_date, to_datetime, utcnow

# A session keeps at most this many characters of its supervisor's name or initials.
SUPERVISOR_LIMIT = 12


def supervisor_field(text: str) -> str:
    """A supervisor's name or initials as a session keeps them: single spaces, cut to the limit."""
    return " ".join(text.split())[:SUPERVISOR_LIMIT]


@dataclass
class TagCounts:
    """Themes and PCF domains counted over a period's entries."""

    entries: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    pcf_domains: Counter[str] = field(default_factory=Counter)


def since_session_clause(session_date: date, recorded: datetime) -> tuple[str, dict[str, str]]:
    """The SQL condition keeping the entries (``e``) written since a supervision session.

    Entries are placed by their visit date, as every period in Reflect is: a
    visit after the session's day is after it, one before is before it. For a
    visit on the session's own day the times decide: the entry counts when it
    was written after the session's time. The session's time is when its
    record was begun (``created_at``: the worker records it during or after
    the meeting), if that was on the session's day; a session recorded on a
    later day has no time on its day, so its day's end stands in for it, and
    only an entry written after that day counts.
    """
    day_end = datetime.combine(session_date + timedelta(days=1), time()).astimezone()
    moment = min(recorded.astimezone(UTC), day_end.astimezone(UTC))
    clause = (
        "(e.visit_date > :session_day"
        " OR (e.visit_date = :session_day AND e.created_at > :session_moment))"
    )
    return clause, {"session_day": session_date.isoformat(), "session_moment": stamp(moment)}


class SupervisionReadMixin(Database):
    """Reading recorded (and draft) supervision sessions."""

    def supervisor_names(self) -> list[str]:
        """What every session (drafts too) holds as its supervisor, for masking in exports."""
        with self._read() as db:
            rows = db.execute(
                "SELECT DISTINCT supervisor_initials FROM supervision_session"
                " WHERE supervisor_initials != ''"
            )
            return [name for (name,) in rows]

    def supervision_sessions(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        session_id: int | None = None,
        entry_id: int | None = None,
        include_drafts: bool = False,
    ) -> list[SessionView]:
        """Recorded sessions between ``start`` and ``end`` (both included), earliest first.

        ``entry_id`` keeps only the sessions where that entry was discussed.
        Drafts (sessions still being written) only with ``include_drafts``.
        """
        clauses, params = period_clauses("session_date", start, end)
        if not include_drafts:
            clauses.append("status = 'complete'")
        if session_id is not None:
            clauses.append("id = :id")
            params["id"] = str(session_id)
        if entry_id is not None:
            clauses.append(
                "id IN (SELECT session_id FROM supervision_entry WHERE entry_id = :entry)"
            )
            params["entry"] = str(entry_id)
        with self._read() as db:
            rows = db.execute(
                "SELECT id, session_date, supervisor_initials, notes, status"
                " FROM supervision_session"
                f" WHERE {' AND '.join(clauses)} ORDER BY session_date, id",
                params,
            ).fetchall()
            sessions = []
            for sid, session_date, initials, notes, status in rows:
                uids = tuple(
                    uid
                    for (uid,) in db.execute(
                        "SELECT e.uid FROM supervision_entry se JOIN entry e"
                        " ON e.id = se.entry_id WHERE se.session_id = ?"
                        " ORDER BY e.visit_date, e.id",
                        (sid,),
                    )
                )
                actions = tuple(
                    ActionView(aid, text_, None if due is None else to_date(due), bool(done))
                    for aid, text_, due, done in db.execute(
                        "SELECT id, text, due, done FROM action WHERE session_id = ? ORDER BY id",
                        (sid,),
                    )
                )
                sessions.append(
                    SessionView(
                        id=sid,
                        session_date=to_date(session_date),
                        supervisor_initials=initials,
                        notes=notes,
                        entry_uids=uids,
                        actions=actions,
                        status=status,
                    )
                )
        return sessions


class SupervisionMixin(SupervisionReadMixin):
    """Recording supervision sessions and counting tags, for `Journal`."""

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
        initials = supervisor_field(supervisor_initials)
        with self._write() as db:
            session_id = int(
                db.value(
                    "INSERT INTO supervision_session (session_date, supervisor_initials,"
                    " notes, created_at) VALUES (:d, :i, :n, :c) RETURNING id",
                    {
                        "d": session_date.isoformat(),
                        "i": initials,
                        "n": notes,
                        "c": stamp(utcnow()),
                    },
                )
            )
            for uid in dict.fromkeys(entry_uids):
                db.execute(
                    "INSERT INTO supervision_entry (session_id, entry_id)"
                    " SELECT :s, id FROM entry WHERE uid = :u",
                    {"s": session_id, "u": uid},
                )
            for action in actions:
                action_text, due = action[0], action[1]
                done = bool(action[2]) if len(action) > 2 else False
                db.execute(
                    "INSERT INTO action (session_id, text, due, done, created_at)"
                    " VALUES (:s, :t, :d, :done, :c)",
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
        with self._read() as db:
            last = db.value(
                "SELECT id FROM supervision_session WHERE status = 'complete'"
                " ORDER BY session_date DESC, id DESC LIMIT 1"
            )
        return None if last is None else self.supervision_sessions(session_id=int(last))[0]

    def tag_counts(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        after_session: int | None = None,
    ) -> TagCounts:
        """How many live entries in the period carry each theme and PCF domain.

        ``after_session`` keeps only the entries since that supervision
        session (see `since_session_clause`), for "since your last supervision".
        """
        clauses, params = period_clauses("e.visit_date", start, end)
        clauses.append("e.deleted_at IS NULL")
        if after_session is not None:
            with self._read() as db:
                row = db.execute(
                    "SELECT session_date, created_at FROM supervision_session WHERE id = ?",
                    (after_session,),
                ).fetchone()
            if row is not None:
                since, since_params = since_session_clause(to_date(row[0]), to_datetime(row[1]))
                clauses.append(since)
                params.update(since_params)
        counts = TagCounts()
        with self._read() as db:
            counts.entries = int(
                db.value(f"SELECT count(*) FROM entry e WHERE {' AND '.join(clauses)}", params)
            )
            rows = db.rows(
                "SELECT t.kind, t.name, count(*) AS n FROM entry_tag et"
                " JOIN tag t ON t.id = et.tag_id JOIN entry e ON e.id = et.entry_id"
                f" WHERE {' AND '.join(clauses)} AND t.kind IN ('theme', 'pcf')"
                " GROUP BY t.kind, t.name",
                params,
            )
        for row in rows:
            target = counts.themes if row.kind == "theme" else counts.pcf_domains
            target[row.name] = int(row.n)
        return counts
