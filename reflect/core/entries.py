"""Entries and drafts: starting one, autosaving it, its details and tags, history, the trash.

Every write holds the write lock for one short transaction (`Database._write`);
an entry is read back whole through `EntryReads.get_entry`. Saving a screen's
words against another window's save is `reflect.core.saving`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reflect.core.database import Db
from reflect.core.errors import JournalError
from reflect.core.questions import QuestionKey, question_id
from reflect.core.reading import EntryReads, details_for, entry_rows
from reflect.core.records import AnswerView, EntryDetail, PromptRef, RevisionView
from reflect.core.saving import snapshot_json as _snapshot_json
from reflect.core.scan_memo import ScanMemoMixin, forget
from reflect.core.timestamps import stamp, to_date, to_datetime, utcnow
from reflect.core.vocab import INVENTED_UID_PREFIX, TagKind, VisitType

_EDITABLE_FIELDS = frozenset(
    {
        "visit_date",
        "case_code",
        "visit_type",
        "visit_minutes",
        "flagged",
        "supervisor_question",
        "current_step",
    }
)


class EntryMixin(EntryReads, ScanMemoMixin):
    """Writing entries, for `Journal`."""

    # -- entries: create, autosave, complete --------------------------------

    def create_draft(
        self,
        *,
        visit_date: date,
        case_code: str,
        visit_type: str,
        prompt_set_id: str,
        prompt_set_version: str,
        prompts: Sequence[PromptRef],
        visit_minutes: int | None = None,
    ) -> EntryDetail:
        """Start a new reflection as a draft, with an empty answer for each prompt."""
        case_code = self._clean_case_code(case_code)
        visit_type = VisitType(visit_type).value
        if len({p.prompt_id for p in prompts}) != len(prompts):
            raise ValueError("prompt ids within an entry must be unique")
        now = utcnow()
        with self._write() as db:
            entry_id = db.value(
                "INSERT INTO entry (uid, visit_date, case_code, visit_type, visit_minutes,"
                " prompt_set_id, prompt_set_version, status, current_step, flagged,"
                " supervisor_question, created_at, updated_at)"
                " VALUES (:uid, :visit_date, :case_code, :visit_type, :visit_minutes,"
                " :set_id, :set_version, 'draft', 0, 0, '', :now, :now) RETURNING id",
                {
                    "uid": uuid.uuid4().hex,
                    "visit_date": visit_date.isoformat(),
                    "case_code": case_code,
                    "visit_type": visit_type,
                    "visit_minutes": visit_minutes,
                    "set_id": prompt_set_id,
                    "set_version": prompt_set_version,
                    "now": stamp(now),
                },
            )
            if prompts:
                known: dict[QuestionKey, int] = {}
                db.many(
                    "INSERT INTO answer (entry_id, prompt_id, theme, question_id, text,"
                    " position) VALUES (:entry_id, :prompt_id, :theme, :question, '',"
                    " :position)",
                    [
                        {
                            "entry_id": entry_id,
                            "prompt_id": p.prompt_id,
                            "theme": p.theme,
                            "question": question_id(
                                db,
                                (prompt_set_id, prompt_set_version, p.prompt_id, p.question),
                                known,
                            ),
                            "position": i,
                        }
                        for i, p in enumerate(prompts)
                    ],
                )
        return self.get_entry(entry_id)

    def save_draft(
        self,
        entry_id: int,
        answers: Mapping[str, str] | None = None,
        *,
        current_step: int | None = None,
    ) -> datetime:
        """The autosave path: store changed answer texts (and the step reached) at once.

        Only answers whose text differs are written, so saving every second or
        two while someone types costs one small transaction. Returns the time
        of the save. Works on drafts and on completed entries being edited; a
        completed entry's earlier version is kept by `edit_entry`.
        """
        now = utcnow()
        changed = False
        with self._write() as db:
            self._require_entry(db, entry_id)
            for prompt_id, answer_text in (answers or {}).items():
                result = db.execute(
                    "UPDATE answer SET text = :text WHERE entry_id = :entry_id"
                    " AND prompt_id = :prompt_id AND text != :text",
                    {"text": answer_text, "entry_id": entry_id, "prompt_id": prompt_id},
                )
                if result.rowcount == 0 and not self._has_prompt(db, entry_id, prompt_id):
                    raise ValueError(f"entry {entry_id} has no prompt {prompt_id!r}")
                changed = changed or bool(result.rowcount)
            params: dict[str, Any] = {"now": stamp(now), "entry_id": entry_id}
            step_sql = ""
            if current_step is not None:
                step_sql = ", current_step = :step"
                params["step"] = current_step
            params["bump"] = int(changed)  # see saving.py: changed words raise the revision
            db.execute(
                "UPDATE entry SET updated_at = :now, revision = revision + :bump"
                f"{step_sql} WHERE id = :entry_id",
                params,
            )
        return now

    def update_entry(self, entry_id: int, **fields: Any) -> EntryDetail:
        """Change an entry's details (visit date, case code, type, length, flag, question, step)."""
        unknown = set(fields) - _EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
        values = dict(fields)
        if "case_code" in values:
            values["case_code"] = self._clean_case_code(values["case_code"])
        if "visit_type" in values:
            values["visit_type"] = VisitType(values["visit_type"]).value
        if isinstance(values.get("visit_date"), date):
            values["visit_date"] = values["visit_date"].isoformat()
        if "flagged" in values:
            values["flagged"] = int(bool(values["flagged"]))
        # The names are checked against _EDITABLE_FIELDS above: columns, never input.
        assignments = "".join(f", {name} = :{name}" for name in values)
        with self._write() as db:
            self._require_entry(db, entry_id, include_trash=True)
            db.execute(
                f"UPDATE entry SET revision = revision + 1, updated_at = :now{assignments}"
                " WHERE id = :entry_id",
                {**values, "now": stamp(utcnow()), "entry_id": entry_id},
            )
        return self.get_entry(entry_id)

    def complete(self, entry_id: int) -> EntryDetail:
        """Mark a draft as a complete reflection."""
        now = utcnow()
        with self._write() as db:
            self._require_entry(db, entry_id)
            db.execute(
                "UPDATE entry SET status = 'complete', completed_at = COALESCE(completed_at,"
                " :now), updated_at = :now WHERE id = :entry_id",
                {"now": stamp(now), "entry_id": entry_id},
            )
        entry = self.get_entry(entry_id)
        # What the identifier check finds is kept now, so an export need not scan it.
        self.remember_entry(entry)
        return entry

    def edit_entry(
        self,
        entry_id: int,
        answers: Mapping[str, str] | None = None,
        *,
        keep_revision: bool = True,
        **fields: Any,
    ) -> EntryDetail:
        """Edit a completed entry, keeping its previous version as a revision.

        An editing screen that saves as the worker types keeps one revision for
        the version it opened (the first save) and passes ``keep_revision=False``
        after that, so the history has one version per sitting, not per second.
        """
        before = self.get_entry(entry_id)
        changed_answers = {
            pid: new
            for pid, new in (answers or {}).items()
            if (old := before.answer(pid)) is None or old.text != new
        }
        changed_fields = {k: v for k, v in fields.items() if getattr(before, k, object()) != v}
        if not changed_answers and not changed_fields:
            return before
        if keep_revision:
            self._keep_revision(before)
        if changed_answers:
            self.save_draft(entry_id, changed_answers)
        if changed_fields:
            self.update_entry(entry_id, **changed_fields)
        return self.get_entry(entry_id)

    def _keep_revision(self, before: EntryDetail) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO entry_revision (entry_id, created_at, snapshot) VALUES (:e, :c, :s)",
                {"e": before.id, "c": stamp(utcnow()), "s": _snapshot_json(before)},
            )

    def revisions(self, entry_id: int) -> list[RevisionView]:
        """Earlier versions of an entry, newest first."""
        with self._read() as db:
            rows = db.rows(
                "SELECT id, entry_id, created_at, snapshot FROM entry_revision"
                " WHERE entry_id = :entry_id ORDER BY created_at DESC, id DESC",
                {"entry_id": entry_id},
            )
        return [_revision_view(row) for row in rows]

    def restore_revision(self, revision_id: int) -> EntryDetail:
        """Bring back an earlier version; the current one is kept as a revision too."""
        with self._read() as db:
            row = db.row(
                "SELECT id, entry_id, created_at, snapshot FROM entry_revision WHERE id = :id",
                {"id": revision_id},
            )
        if row is None:
            raise JournalError(f"There is no earlier version number {revision_id}.")
        revision = _revision_view(row)
        details: dict[str, Any] = {
            k: v for k, v in revision.details.items() if k in _EDITABLE_FIELDS
        }
        if "visit_date" in details:
            details["visit_date"] = to_date(details["visit_date"])
        return self.edit_entry(
            revision.entry_id, {a.prompt_id: a.text for a in revision.answers}, **details
        )

    # -- tags and actions ----------------------------------------------------

    def set_tags(
        self,
        entry_id: int,
        *,
        themes: Iterable[str] | None = None,
        pcf_domains: Iterable[str] | None = None,
        free_tags: Iterable[str] | None = None,
    ) -> EntryDetail:
        """Replace the entry's tags of each kind given (kinds left as None stay as they are)."""
        wanted = {
            TagKind.THEME: themes,
            TagKind.PCF: pcf_domains,
            TagKind.FREE: free_tags,
        }
        with self._write() as db:
            self._require_entry(db, entry_id)
            for kind, names in wanted.items():
                if names is None:
                    continue
                target = {" ".join(n.split()) for n in names if n.strip()}
                current = {
                    row.name: row.id
                    for row in db.rows(
                        "SELECT t.id, t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
                        " WHERE et.entry_id = :entry_id AND t.kind = :kind",
                        {"entry_id": entry_id, "kind": kind.value},
                    )
                }
                for name in set(current) - target:
                    db.execute(
                        "DELETE FROM entry_tag WHERE entry_id = :e AND tag_id = :t",
                        {"e": entry_id, "t": current[name]},
                    )
                for name in sorted(target - set(current)):
                    tag_id = self._tag_id(db, kind, name)
                    db.execute(
                        "INSERT INTO entry_tag (entry_id, tag_id) VALUES (:e, :t)",
                        {"e": entry_id, "t": tag_id},
                    )
            db.execute(
                "UPDATE entry SET updated_at = :now WHERE id = :e",
                {"now": stamp(utcnow()), "e": entry_id},
            )
        return self.get_entry(entry_id)

    # -- trash ----------------------------------------------------------------

    def delete(self, entry_id: int) -> None:
        """Move an entry to the trash; `restore` brings it back."""
        self._set_deleted(entry_id, utcnow())

    def restore(self, entry_id: int) -> None:
        """Take an entry out of the trash."""
        self._set_deleted(entry_id, None)

    def empty_trash(self) -> int:
        """Delete every entry in the trash for good; returns how many."""
        with self._write() as db:
            forget(db, details_for(db, entry_rows(db, "e.deleted_at IS NOT NULL", {})))
            result = db.execute("DELETE FROM entry WHERE deleted_at IS NOT NULL")
            return int(result.rowcount)

    def count_real_entries(self) -> int:
        """Entries (the trash included) that ``reflect sample`` did not invent."""
        with self._read() as db:
            return int(
                db.value(
                    "SELECT count(*) FROM entry WHERE substr(uid, 1, :n) != :prefix",
                    {"n": len(INVENTED_UID_PREFIX), "prefix": INVENTED_UID_PREFIX},
                )
            )

    def discard_if_empty(self, entry_id: int) -> bool:
        """Delete a draft for good if nothing was written in it; True when it was deleted.

        A draft started and left without a word (a case code typed, then
        escape) is clutter, not a record: nothing in it can be lost.
        """
        with self._write() as db:
            empty = db.row(
                "SELECT 1 FROM entry e WHERE e.id = :e AND e.status = 'draft'"
                " AND trim(e.supervisor_question, :blank) = ''"
                " AND NOT EXISTS (SELECT 1 FROM answer a"
                "  WHERE a.entry_id = e.id AND trim(a.text, :blank) != '')"
                " AND NOT EXISTS (SELECT 1 FROM action x WHERE x.entry_id = e.id)"
                " AND NOT EXISTS (SELECT 1 FROM entry_tag t WHERE t.entry_id = e.id)",
                {"e": entry_id, "blank": " \t\r\n"},
            )
            if empty is None:
                return False
            db.execute("DELETE FROM entry WHERE id = :e", {"e": entry_id})
            return True

    def _set_deleted(self, entry_id: int, when: datetime | None) -> None:
        with self._write() as db:
            self._require_entry(db, entry_id, include_trash=True)
            db.execute(
                "UPDATE entry SET deleted_at = :when WHERE id = :e",
                {"when": stamp(when) if when else None, "e": entry_id},
            )

    def last_prompt_set_id(self) -> str | None:
        """The prompt set of the most recently started entry, to preselect it."""
        with self._read() as db:
            value = db.value(
                "SELECT prompt_set_id FROM entry ORDER BY created_at DESC, id DESC LIMIT 1"
            )
        return None if value is None else str(value)

    @staticmethod
    def _has_prompt(db: Db, entry_id: int, prompt_id: str) -> bool:
        return (
            db.row(
                "SELECT 1 FROM answer WHERE entry_id = :e AND prompt_id = :p",
                {"e": entry_id, "p": prompt_id},
            )
            is not None
        )


def _revision_view(row: Any) -> RevisionView:
    data = json.loads(row.snapshot)
    return RevisionView(
        id=row.id,
        entry_id=row.entry_id,
        created_at=to_datetime(row.created_at),
        answers=tuple(AnswerView(**a) for a in data.get("answers", [])),
        details=dict(data.get("details", {})),
    )
