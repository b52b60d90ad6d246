"""Saving what a screen holds, without silently overwriting another window's save.

Each entry carries a revision number, raised by every save that changes its
words or details. A screen remembers the revision it last read or wrote and
passes it as ``base_revision``; when the journal holds a newer one (another
Reflect window saved the same entry meanwhile), the save is refused with
`EntryChangedElsewhere` and nothing is written. The screen then offers to
reload the other version (its own is kept in history by `keep_version`) or to
keep its own as the newest (``keep_current=True`` keeps the other in history).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from reflect.core.database import Database, Db
from reflect.core.errors import EntryNotFound
from reflect.core.files import JournalError
from reflect.core.reading import EntryReads, details_for, entry_rows
from reflect.core.records import AnswerView, EntryDetail
from reflect.core.scan_memo import ScanMemoMixin
from reflect.core.timestamps import stamp, utcnow
from reflect.core.vocab import EntryStatus, VisitType

# The details a screen may save with the words (columns of ``entry``).
SAVED_FIELDS = frozenset(
    {"visit_date", "case_code", "visit_type", "visit_minutes", "flagged", "supervisor_question"}
)


class EntryChangedElsewhere(JournalError):
    """The entry was saved by another window since this one read it."""

    def __init__(self, entry_id: int, current_revision: int) -> None:
        super().__init__(
            "This entry was changed in another Reflect window since you opened it, so your "
            "version was not saved over it. Reload the other version (yours is kept in "
            "History), or keep yours as the newest (the other is kept in History)."
        )
        self.entry_id = entry_id
        self.current_revision = current_revision


@dataclass(frozen=True)
class SavedEntry:
    """What a save did: the entry's revision now, and when."""

    revision: int
    saved_at: datetime
    changed: bool


class SavingMixin(EntryReads, ScanMemoMixin):
    """`Journal.save_entry` and `Journal.keep_version`."""

    def save_entry(
        self,
        entry_id: int,
        answers: Mapping[str, str] | None = None,
        fields: Mapping[str, Any] | None = None,
        *,
        step: int | None = None,
        base_revision: int | None = None,
        keep_current: bool = False,
    ) -> SavedEntry:
        """Store a screen's answers, details and step in one transaction.

        ``base_revision`` is the revision the screen's text is based on; if the
        entry has moved on since, `EntryChangedElsewhere` is raised and nothing
        is written. ``keep_current`` keeps the entry as it was in its history when
        the save changes it (an edit of a completed entry, or keeping one's
        own version over another window's). The revision goes up by one when any answer or
        detail changes.
        """
        unknown = set(fields or {}) - SAVED_FIELDS
        if unknown:
            raise ValueError(f"cannot save {', '.join(sorted(unknown))}")
        values = _column_values(fields or {})
        now = utcnow()
        with self._write() as db:
            row = db.row(
                "SELECT revision, deleted_at, status FROM entry WHERE id = :e", {"e": entry_id}
            )
            if row is None or row.deleted_at is not None:
                raise EntryNotFound(f"There is no entry number {entry_id}.")
            revision = int(row.revision)
            if base_revision is not None and revision != base_revision:
                raise EntryChangedElsewhere(entry_id, revision)
            # Read through this transaction's own connection, before the change;
            # kept in history only if something does change.
            before = self._entry_in(db, entry_id) if keep_current else None
            changed = False
            for prompt_id, answer_text in (answers or {}).items():
                result = db.execute(
                    "UPDATE answer SET text = :text WHERE entry_id = :e"
                    " AND prompt_id = :p AND text != :text",
                    {"text": answer_text, "e": entry_id, "p": prompt_id},
                )
                if result.rowcount:
                    changed = True
                elif not db.row(
                    "SELECT 1 FROM answer WHERE entry_id = :e AND prompt_id = :p",
                    {"e": entry_id, "p": prompt_id},
                ):
                    raise ValueError(f"entry {entry_id} has no prompt {prompt_id!r}")
            for name, value in values.items():
                result = db.execute(
                    f"UPDATE entry SET {name} = :v WHERE id = :e AND {name} IS NOT :v",
                    {"v": value, "e": entry_id},
                )
                changed = changed or bool(result.rowcount)
            if before is not None and changed:
                _insert_revision(db, before, now)
            params: dict[str, Any] = {"now": stamp(now), "e": entry_id, "bump": int(changed)}
            step_sql = ""
            if step is not None:
                step_sql, params["step"] = ", current_step = :step", step
            db.execute(
                f"UPDATE entry SET updated_at = :now, revision = revision + :bump{step_sql}"
                " WHERE id = :e",
                params,
            )
        if changed and row.status == EntryStatus.COMPLETE.value:
            # A completed entry changed: keep what the identifier check finds (scan_memo).
            self.remember_entry(self.get_entry(entry_id))
        return SavedEntry(revision + int(changed), now, changed)

    def keep_version(
        self,
        entry_id: int,
        answers: Mapping[str, str] | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        """Keep a version that is not the entry's own (a screen's words) in its history."""
        entry = self.get_entry(entry_id)
        texts = dict(answers or {})
        version = replace(
            entry,
            answers=tuple(a._replace(text=texts.get(a.prompt_id, a.text)) for a in entry.answers),
            **{k: v for k, v in (fields or {}).items() if k in SAVED_FIELDS},
        )
        with self._write() as db:
            _insert_revision(db, version, utcnow())

    def _entry_in(self, db: Db, entry_id: int) -> EntryDetail:
        return details_for(db, entry_rows(db, "e.id = :e", {"e": entry_id}))[0]


def _column_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Details as the entry table stores them, checked as `Journal.update_entry` checks them."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "case_code":
            value = Database._clean_case_code(value)
        elif name == "visit_type":
            value = VisitType(value).value
        elif name == "visit_date" and isinstance(value, date):
            value = value.isoformat()
        elif name == "flagged":
            value = int(bool(value))
        values[name] = value
    return values


def _insert_revision(db: Db, entry: EntryDetail, when: datetime) -> None:
    db.execute(
        "INSERT INTO entry_revision (entry_id, created_at, snapshot) VALUES (:e, :c, :s)",
        {"e": entry.id, "c": stamp(when), "s": snapshot_json(entry)},
    )


def snapshot_json(entry: EntryDetail) -> str:
    """An entry's words and details as its history keeps them."""
    return json.dumps(
        {
            "details": {
                "visit_date": entry.visit_date.isoformat(),
                "case_code": entry.case_code,
                "visit_type": entry.visit_type,
                "visit_minutes": entry.visit_minutes,
                "flagged": entry.flagged,
                "supervisor_question": entry.supervisor_question,
            },
            "answers": [_answer_json(a) for a in entry.answers],
        },
        ensure_ascii=False,
    )


def _answer_json(answer: AnswerView) -> dict[str, Any]:
    return {
        "prompt_id": answer.prompt_id,
        "question": answer.question,
        "text": answer.text,
        "theme": answer.theme,
        "position": answer.position,
    }
