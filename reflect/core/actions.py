"""Actions: next steps from an entry, or agreed at a supervision session."""

from __future__ import annotations

from datetime import date
from typing import Any

from reflect.core.database import Database
from reflect.core.errors import InvalidInput, JournalError
from reflect.core.records import ActionView, Page
from reflect.core.timestamps import stamp, to_date, utcnow


class ActionMixin(Database):
    """Adding, ticking off and listing actions, for `Journal`."""

    def add_action(
        self,
        text_: str,
        *,
        entry_id: int | None = None,
        session_id: int | None = None,
        due: date | None = None,
    ) -> ActionView:
        """Record a next step for an entry or from a supervision session."""
        if not text_.strip():
            raise InvalidInput("An action needs some words.")
        with self._write() as db:
            action_id = db.value(
                "INSERT INTO action (entry_id, session_id, text, due, done, created_at)"
                " VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
                (
                    entry_id,
                    session_id,
                    text_.strip(),
                    due.isoformat() if due else None,
                    stamp(utcnow()),
                ),
            )
        return ActionView(int(action_id), text_.strip(), due, False, entry_id, session_id)

    def set_action_done(self, action_id: int, done: bool = True) -> None:
        """Mark an action done (or not done again)."""
        with self._write() as db:
            changed = db.execute(
                "UPDATE action SET done = ?, done_at = ? WHERE id = ?",
                (int(done), stamp(utcnow()) if done else None, action_id),
            ).rowcount
        if not changed:
            raise JournalError(f"There is no action number {action_id}.")

    def remove_action(self, action_id: int) -> None:
        """Remove an action altogether."""
        with self._write() as db:
            db.execute("DELETE FROM action WHERE id = ?", (action_id,))

    def open_actions(self, limit: int = 100, offset: int = 0) -> Page[ActionView]:
        """Actions not yet done across live entries, oldest due date first (undated last)."""
        with self._read() as db:
            rows = db.rows(
                "SELECT a.id, a.text, a.due, a.done, a.entry_id, a.session_id, e.case_code"
                " FROM action a LEFT JOIN entry e ON e.id = a.entry_id"
                " WHERE a.done = 0 AND (e.id IS NULL OR e.deleted_at IS NULL)"
                " ORDER BY a.due IS NULL, a.due, a.id LIMIT :limit OFFSET :offset",
                {"limit": limit + 1, "offset": offset},
            )
        items = tuple(action_view(row) for row in rows[:limit])
        return Page(items, offset, limit, len(rows) > limit)


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
