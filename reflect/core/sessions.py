"""Supervision sessions that can be drafted, recorded, reopened and corrected.

A session being written in front of a supervisor is a *draft*: it is saved as
it is typed, like a reflection, and counts for nothing (no entry is
"discussed") until the worker records it. A recorded session can be reopened
and corrected; each correction first keeps the version before it, so nothing
written down about a supervision is ever overwritten without a copy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reflect.core.database import Db
from reflect.core.files import JournalError
from reflect.core.records import ActionView, SessionView
from reflect.core.supervision import SupervisionReadMixin
from reflect.core.timestamps import stamp, to_date, to_datetime, utcnow

DRAFT = "draft"
COMPLETE = "complete"


class SessionNotFound(JournalError):
    """No supervision session with that number."""


def more_than_initials(text: str) -> str:
    """A plain sentence when ``text`` looks like more than a supervisor's initials, else "".

    Initials are up to four capital letters, dots allowed ("JM", "J.M."). A
    space, a lower-case letter or more than four characters suggests a name,
    which this field need not hold (anonymised exports leave it out anyway).
    """
    typed = text.strip()
    if not typed:
        return ""
    if " " in typed or any(c.islower() for c in typed) or len(typed.replace(".", "")) > 4:
        return (
            "This looks like a name rather than initials: initials are enough here "
            "(for example JM)."
        )
    return ""


@dataclass(frozen=True)
class SessionContent:
    """Everything typed about one session, as the form holds it.

    ``actions`` are (id or None for a new one, text, due, done); an action
    left out is removed, so the form is the whole truth about the session.
    """

    session_date: date
    supervisor_initials: str = ""
    notes: str = ""
    entry_uids: tuple[str, ...] = ()
    actions: tuple[tuple[int | None, str, date | None, bool], ...] = ()


@dataclass(frozen=True)
class SessionRevision:
    """An earlier version of a recorded session."""

    id: int
    session_id: int
    created_at: datetime
    content: SessionContent


class SessionDraftMixin(SupervisionReadMixin):
    """Drafting, recording and correcting supervision sessions for `Journal`."""

    def start_session_draft(self, content: SessionContent) -> SessionView:
        """A new draft session holding ``content``; nothing counts as discussed yet."""
        now = stamp(utcnow())
        with self._write() as db:
            session_id = int(
                db.value(
                    "INSERT INTO supervision_session (session_date, supervisor_initials,"
                    " notes, created_at, updated_at, status)"
                    " VALUES (:d, '', '', :c, :c, :s) RETURNING id",
                    {"d": content.session_date.isoformat(), "c": now, "s": DRAFT},
                )
            )
            _write_content(db, session_id, content)
        return self.get_session(session_id)

    def save_session_draft(self, session_id: int, content: SessionContent) -> SessionView:
        """Autosave: replace the draft's content with what the form holds now."""
        with self._write() as db:
            _require_session(db, session_id, status=DRAFT)
            _write_content(db, session_id, content)
        return self.get_session(session_id)

    def record_session(self, session_id: int, content: SessionContent) -> SessionView:
        """Save the draft one last time and record it: its ticked entries are now discussed."""
        with self._write() as db:
            _require_session(db, session_id, status=DRAFT)
            _write_content(db, session_id, content)
            db.execute(
                "UPDATE supervision_session SET status = :s WHERE id = :id",
                {"s": COMPLETE, "id": session_id},
            )
        return self.get_session(session_id)

    def discard_session_draft(self, session_id: int) -> None:
        """Throw a draft session away (a recorded one cannot be thrown away here)."""
        with self._write() as db:
            _require_session(db, session_id, status=DRAFT)
            db.execute("DELETE FROM action WHERE session_id = :id", {"id": session_id})
            db.execute("DELETE FROM supervision_session WHERE id = :id", {"id": session_id})

    def session_drafts(self) -> list[SessionView]:
        """Sessions being written and not yet recorded, the most recently touched first."""
        with self._read() as db:
            wanted = [
                int(i)
                for (i,) in db.execute(
                    "SELECT id FROM supervision_session WHERE status = :s"
                    " ORDER BY updated_at DESC, id DESC",
                    {"s": DRAFT},
                )
            ]
        return [self.get_session(i) for i in wanted]

    def get_session(self, session_id: int) -> SessionView:
        """One session, draft or recorded."""
        found = self.supervision_sessions(session_id=session_id, include_drafts=True)
        if not found:
            raise SessionNotFound(f"There is no supervision session number {session_id}.")
        return found[0]

    def correct_session(self, session_id: int, content: SessionContent) -> SessionView:
        """Correct a recorded session, keeping the version before the correction."""
        before = self.get_session(session_id)
        with self._write() as db:
            _require_session(db, session_id, status=COMPLETE)
            _keep_revision(db, before)
            _write_content(db, session_id, content)
        return self.get_session(session_id)

    def keep_session_correction_as_draft(
        self, session_id: int, content: SessionContent
    ) -> SessionView:
        """Keep a correction to a recorded session as a draft again, the version before kept.

        For a correction the identifier check has not passed (the app closing
        with it unsaved): nothing typed is lost, and the session counts as
        recorded again (its entries discussed) only once it is recorded, after
        the check. The CPD form does the same (`keep_cpd_change_as_draft`).
        """
        before = self.get_session(session_id)
        with self._write() as db:
            _require_session(db, session_id, status=COMPLETE)
            _keep_revision(db, before)
            _write_content(db, session_id, content)
            db.execute(
                "UPDATE supervision_session SET status = :s WHERE id = :id",
                {"s": DRAFT, "id": session_id},
            )
        return self.get_session(session_id)

    def unmark_discussed(self, session_id: int, entry_uid: str) -> SessionView:
        """Say an entry was not discussed at a recorded session after all (a version is kept)."""
        before = self.get_session(session_id)
        if entry_uid not in before.entry_uids:
            return before
        with self._write() as db:
            _require_session(db, session_id, status=COMPLETE)
            _keep_revision(db, before)
            db.execute(
                "DELETE FROM supervision_entry WHERE session_id = :s"
                " AND entry_id = (SELECT id FROM entry WHERE uid = :u)",
                {"s": session_id, "u": entry_uid},
            )
        return self.get_session(session_id)

    def session_revisions(self, session_id: int) -> list[SessionRevision]:
        """Earlier versions of a session, oldest first."""
        with self._read() as db:
            rows = db.rows(
                "SELECT id, session_id, created_at, snapshot FROM supervision_revision"
                " WHERE session_id = :s ORDER BY created_at, id",
                {"s": session_id},
            )
        return [
            SessionRevision(
                r.id, r.session_id, to_datetime(r.created_at), content_from_json(r.snapshot)
            )
            for r in rows
        ]


def content_of(session: SessionView) -> SessionContent:
    """What a form would show for ``session``."""
    return SessionContent(
        session_date=session.session_date,
        supervisor_initials=session.supervisor_initials,
        notes=session.notes,
        entry_uids=session.entry_uids,
        actions=tuple((a.id, a.text, a.due, a.done) for a in session.actions),
    )


def content_to_json(content: SessionContent) -> str:
    """A session's content as the JSON a revision keeps."""
    return json.dumps(
        {
            "session_date": content.session_date.isoformat(),
            "supervisor_initials": content.supervisor_initials,
            "notes": content.notes,
            "entry_uids": list(content.entry_uids),
            "actions": [[a[1], a[2].isoformat() if a[2] else None, a[3]] for a in content.actions],
        },
        ensure_ascii=False,
    )


def content_from_json(snapshot: str) -> SessionContent:
    """The content a revision kept."""
    data: dict[str, Any] = json.loads(snapshot)
    return SessionContent(
        session_date=to_date(data["session_date"]),
        supervisor_initials=str(data.get("supervisor_initials", "")),
        notes=str(data.get("notes", "")),
        entry_uids=tuple(data.get("entry_uids", ())),
        actions=tuple(
            (None, str(t), to_date(d) if d else None, bool(done))
            for t, d, done in data.get("actions", ())
        ),
    )


def _require_session(db: Db, session_id: int, *, status: str) -> None:
    found = db.value("SELECT status FROM supervision_session WHERE id = :id", {"id": session_id})
    if found is None:
        raise SessionNotFound(f"There is no supervision session number {session_id}.")
    if found != status:
        what = "recorded already" if found == COMPLETE else "still a draft"
        raise JournalError(f"Supervision session number {session_id} is {what}.")


def _keep_revision(db: Db, before: SessionView) -> None:
    db.execute(
        "INSERT INTO supervision_revision (session_id, created_at, snapshot) VALUES (:s, :c, :j)",
        {"s": before.id, "c": stamp(utcnow()), "j": content_to_json(content_of(before))},
    )


def _write_content(db: Db, session_id: int, content: SessionContent) -> None:
    """Make the stored session say exactly what ``content`` says, keeping action ids."""
    now = stamp(utcnow())
    db.execute(
        "UPDATE supervision_session SET session_date = :d, supervisor_initials = :i,"
        " notes = :n, updated_at = :u WHERE id = :id",
        {
            "d": content.session_date.isoformat(),
            "i": " ".join(content.supervisor_initials.split())[:12],
            "n": content.notes,
            "u": now,
            "id": session_id,
        },
    )
    db.execute("DELETE FROM supervision_entry WHERE session_id = :s", {"s": session_id})
    for uid in dict.fromkeys(content.entry_uids):
        db.execute(
            "INSERT INTO supervision_entry (session_id, entry_id)"
            " SELECT :s, id FROM entry WHERE uid = :u",
            {"s": session_id, "u": uid},
        )
    kept = [a[0] for a in content.actions if a[0] is not None and a[0] > 0]
    existing = {
        int(i)
        for (i,) in db.execute(
            "SELECT id FROM action WHERE session_id = :s AND entry_id IS NULL",
            {"s": session_id},
        )
    }
    for gone in existing - set(kept):
        db.execute("DELETE FROM action WHERE id = :id", {"id": gone})
    for action_id, action_text, due, done in content.actions:
        values = {
            "t": action_text.strip(),
            "d": due.isoformat() if due else None,
            "done": int(done),
            "s": session_id,
            "c": now,
        }
        if action_id is not None and action_id in existing:
            db.execute(
                "UPDATE action SET text = :t, due = :d, done = :done,"
                " done_at = CASE WHEN :done AND done_at IS NULL THEN :c"
                " WHEN :done THEN done_at END WHERE id = :id",
                {**values, "id": action_id},
            )
        else:
            db.execute(
                "INSERT INTO action (session_id, text, due, done, created_at)"
                " VALUES (:s, :t, :d, :done, :c)",
                values,
            )


def views_actions(content: SessionContent) -> Sequence[ActionView]:
    """The content's actions as views (new ones numbered below zero), for a form."""
    return [
        ActionView(a[0] if a[0] is not None else -(n + 1), a[1], a[2], a[3])
        for n, a in enumerate(content.actions)
    ]
