"""The journal service: the one door the terminal app, the command line and the tests use.

Every method opens its own short-lived connection or session, so the service
can be shared between the event loop and worker threads. Results are plain
frozen dataclasses from `reflect.core.records`. Lists come in pages; nothing
reads the whole journal into memory.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text

from reflect.core.bulk import BulkMixin, action_view
from reflect.core.reading import TermError as TermError  # re-exported
from reflect.core.reading import details_for, entry_rows
from reflect.core.vocab import TagKind, VisitType

if TYPE_CHECKING:
    from sqlmodel import Session

from reflect.core.continuity import ContinuityMixin
from reflect.core.cpd import CpdMixin
from reflect.core.errors import EntryNotFound as EntryNotFound  # re-exported
from reflect.core.errors import InvalidInput, JournalError
from reflect.core.listing import ListingMixin
from reflect.core.lock import SharedLock
from reflect.core.questions import QuestionKey, question_id
from reflect.core.records import (
    ActionView,
    AnswerView,
    EntryDetail,
    Page,
    PromptRef,
    RevisionView,
    TermView,
)
from reflect.core.saving import SavingMixin
from reflect.core.saving import snapshot_json as _snapshot_json
from reflect.core.sessions import SessionDraftMixin
from reflect.core.store import create_journal_engine, write_connection
from reflect.core.supervision import SupervisionMixin
from reflect.core.timestamps import stamp, to_date, to_datetime, utcnow
from reflect.core.wordlists import WordListMixin

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


class Journal(
    ListingMixin,
    BulkMixin,
    SupervisionMixin,
    SavingMixin,
    WordListMixin,
    SessionDraftMixin,
    CpdMixin,
    ContinuityMixin,
):
    """A reflective practice journal stored in one SQLite file."""

    def __init__(
        self, engine: Engine, path: Path | None = None, *, passphrase: str | None = None
    ) -> None:
        self.engine = engine
        self.path = path
        # The passphrase given, for an encrypted journal (backups use `key`).
        self.passphrase = passphrase if self.encrypted else None
        # The raw SQLCipher key (derived once, in `Journal.open`), for backups.
        self.key: str | None = None
        # What opening repaired (modes tightened, leftovers removed): tell once.
        self.notices: tuple[str, ...] = ()
        self.backups_dir: Path | None = None
        self._lock: SharedLock | None = None

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        passphrase: str | None = None,
        lock: bool = True,
        backups_dir: Path | None = None,
    ) -> Journal:
        """Open the journal at ``path``, creating and upgrading it as needed.

        An encrypted journal needs its ``passphrase``; a new one is created
        encrypted when a passphrase is given. ``lock=False`` skips the lock
        file, for reading a backup that no Reflect will write to. The file is
        looked at once (`reflect.core.opening.inspect`); ``backups_dir`` lets
        a damaged journal's message name the newest backup, and leftovers of
        interrupted runs there be removed. What opening repaired is in
        ``notices``, to be told once.
        """
        from reflect.core.opening import inspect

        path = Path(path)
        found = inspect(
            path, create=create, passphrase=passphrase, backups_dir=backups_dir, tidy=lock
        )
        engine = create_journal_engine(path, create=create, inspection=found)
        # The lock file is made only beside a journal that opened: a refused
        # file keeps its folder exactly as it was.
        try:
            held = SharedLock(path if lock else None)
        except BaseException:
            engine.dispose()
            raise
        journal = cls(engine, path, passphrase=passphrase)
        journal._lock = held
        journal.key = found.key
        journal.notices = found.notices
        journal.backups_dir = backups_dir
        return journal

    @property
    def encrypted(self) -> bool:
        """Whether the journal is encrypted at rest."""
        return self.engine.dialect.dbapi is not None and "sqlcipher" in (
            self.engine.dialect.dbapi.__name__
        )

    def close(self) -> None:
        """Release the journal's connections (and its lock)."""
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------

    def _session(self, *, write: bool = False) -> Session:
        # SQLModel (and pydantic) load on the first ORM call, not at import:
        # listing, searching and exporting never need them.
        from sqlmodel import Session

        bind = self.engine.execution_options(immediate=True) if write else self.engine
        return Session(bind, expire_on_commit=False)

    @contextmanager
    def _driver(self) -> Iterator[Any]:
        # A pooled connection's driver-level connection, for the shared reads.
        with self.engine.connect() as conn:
            yield conn.connection.dbapi_connection

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
        with write_connection(self.engine) as conn:
            entry_id = conn.execute(
                text(
                    "INSERT INTO entry (uid, visit_date, case_code, visit_type, visit_minutes,"
                    " prompt_set_id, prompt_set_version, status, current_step, flagged,"
                    " supervisor_question, created_at, updated_at)"
                    " VALUES (:uid, :visit_date, :case_code, :visit_type, :visit_minutes,"
                    " :set_id, :set_version, 'draft', 0, 0, '', :now, :now) RETURNING id"
                ),
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
            ).scalar_one()
            if prompts:
                known: dict[QuestionKey, int] = {}
                conn.execute(
                    text(
                        "INSERT INTO answer (entry_id, prompt_id, theme, question_id, text,"
                        " position) VALUES (:entry_id, :prompt_id, :theme, :question, '',"
                        " :position)"
                    ),
                    [
                        {
                            "entry_id": entry_id,
                            "prompt_id": p.prompt_id,
                            "theme": p.theme,
                            "question": question_id(
                                conn,
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
        with write_connection(self.engine) as conn:
            self._require_entry(conn, entry_id)
            for prompt_id, answer_text in (answers or {}).items():
                result = conn.execute(
                    text(
                        "UPDATE answer SET text = :text WHERE entry_id = :entry_id"
                        " AND prompt_id = :prompt_id AND text != :text"
                    ),
                    {"text": answer_text, "entry_id": entry_id, "prompt_id": prompt_id},
                )
                if result.rowcount == 0 and not self._has_prompt(conn, entry_id, prompt_id):
                    raise ValueError(f"entry {entry_id} has no prompt {prompt_id!r}")
                changed = changed or bool(result.rowcount)
            params: dict[str, Any] = {"now": stamp(now), "entry_id": entry_id}
            step_sql = ""
            if current_step is not None:
                step_sql = ", current_step = :step"
                params["step"] = current_step
            params["bump"] = int(changed)  # see saving.py: changed words raise the revision
            conn.execute(
                text(
                    "UPDATE entry SET updated_at = :now, revision = revision + :bump"
                    f"{step_sql} WHERE id = :entry_id"
                ),
                params,
            )
        return now

    def update_entry(self, entry_id: int, **fields: Any) -> EntryDetail:
        """Change an entry's details (visit date, case code, type, length, flag, question, step)."""
        from reflect.core.models import Entry

        unknown = set(fields) - _EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
        if "case_code" in fields:
            fields["case_code"] = self._clean_case_code(fields["case_code"])
        if "visit_type" in fields:
            fields["visit_type"] = VisitType(fields["visit_type"]).value
        with self._session(write=True) as session:
            entry = session.get(Entry, entry_id)
            if entry is None:
                raise EntryNotFound(f"There is no entry number {entry_id}.")
            for name, value in fields.items():
                setattr(entry, name, value)
            entry.revision += 1
            entry.updated_at = utcnow()
            session.add(entry)
            session.commit()
        return self.get_entry(entry_id)

    def complete(self, entry_id: int) -> EntryDetail:
        """Mark a draft as a complete reflection."""
        now = utcnow()
        with write_connection(self.engine) as conn:
            self._require_entry(conn, entry_id)
            conn.execute(
                text(
                    "UPDATE entry SET status = 'complete', completed_at = COALESCE(completed_at,"
                    " :now), updated_at = :now WHERE id = :entry_id"
                ),
                {"now": stamp(now), "entry_id": entry_id},
            )
        return self.get_entry(entry_id)

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
        with write_connection(self.engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO entry_revision (entry_id, created_at, snapshot)"
                    " VALUES (:e, :c, :s)"
                ),
                {"e": before.id, "c": stamp(utcnow()), "s": _snapshot_json(before)},
            )

    def revisions(self, entry_id: int) -> list[RevisionView]:
        """Earlier versions of an entry, newest first."""
        with self._read() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, entry_id, created_at, snapshot FROM entry_revision"
                    " WHERE entry_id = :entry_id ORDER BY created_at DESC, id DESC"
                ),
                {"entry_id": entry_id},
            ).all()
        return [_revision_view(row) for row in rows]

    def restore_revision(self, revision_id: int) -> EntryDetail:
        """Bring back an earlier version; the current one is kept as a revision too."""
        with self._read() as conn:
            row = conn.execute(
                text(
                    "SELECT id, entry_id, created_at, snapshot FROM entry_revision WHERE id = :id"
                ),
                {"id": revision_id},
            ).one_or_none()
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
        with write_connection(self.engine) as conn:
            self._require_entry(conn, entry_id)
            for kind, names in wanted.items():
                if names is None:
                    continue
                target = {" ".join(n.split()) for n in names if n.strip()}
                current = {
                    row.name: row.id
                    for row in conn.execute(
                        text(
                            "SELECT t.id, t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
                            " WHERE et.entry_id = :entry_id AND t.kind = :kind"
                        ),
                        {"entry_id": entry_id, "kind": kind.value},
                    )
                }
                for name in set(current) - target:
                    conn.execute(
                        text("DELETE FROM entry_tag WHERE entry_id = :e AND tag_id = :t"),
                        {"e": entry_id, "t": current[name]},
                    )
                for name in sorted(target - set(current)):
                    tag_id = self._tag_id(conn, kind, name)
                    conn.execute(
                        text("INSERT INTO entry_tag (entry_id, tag_id) VALUES (:e, :t)"),
                        {"e": entry_id, "t": tag_id},
                    )
            conn.execute(
                text("UPDATE entry SET updated_at = :now WHERE id = :e"),
                {"now": stamp(utcnow()), "e": entry_id},
            )
        return self.get_entry(entry_id)

    def add_action(
        self,
        text_: str,
        *,
        entry_id: int | None = None,
        session_id: int | None = None,
        due: date | None = None,
    ) -> ActionView:
        """Record a next step for an entry or from a supervision session."""
        from reflect.core.models import Action

        if not text_.strip():
            raise InvalidInput("An action needs some words.")
        with self._session(write=True) as session:
            action = Action(
                entry_id=entry_id,
                session_id=session_id,
                text=text_.strip(),
                due=due,
                created_at=utcnow(),
            )
            session.add(action)
            session.commit()
            session.refresh(action)
            assert action.id is not None
            return ActionView(
                id=action.id,
                text=action.text,
                due=action.due,
                done=action.done,
                entry_id=action.entry_id,
                session_id=action.session_id,
            )

    def set_action_done(self, action_id: int, done: bool = True) -> None:
        """Mark an action done (or not done again)."""
        from reflect.core.models import Action

        with self._session(write=True) as session:
            action = session.get(Action, action_id)
            if action is None:
                raise JournalError(f"There is no action number {action_id}.")
            action.done = done
            action.done_at = utcnow() if done else None
            session.add(action)
            session.commit()

    def remove_action(self, action_id: int) -> None:
        """Remove an action altogether."""
        with write_connection(self.engine) as conn:
            conn.execute(text("DELETE FROM action WHERE id = :id"), {"id": action_id})

    def open_actions(self, limit: int = 100, offset: int = 0) -> Page[ActionView]:
        """Actions not yet done across live entries, oldest due date first (undated last)."""
        with self._read() as conn:
            rows = conn.execute(
                text(
                    "SELECT a.id, a.text, a.due, a.done, a.entry_id, a.session_id, e.case_code"
                    " FROM action a LEFT JOIN entry e ON e.id = a.entry_id"
                    " WHERE a.done = 0 AND (e.id IS NULL OR e.deleted_at IS NULL)"
                    " ORDER BY a.due IS NULL, a.due, a.id LIMIT :limit OFFSET :offset"
                ),
                {"limit": limit + 1, "offset": offset},
            ).all()
        items = tuple(action_view(row) for row in rows[:limit])
        return Page(items, offset, limit, len(rows) > limit)

    # -- trash ----------------------------------------------------------------

    def delete(self, entry_id: int) -> None:
        """Move an entry to the trash; `restore` brings it back."""
        self._set_deleted(entry_id, utcnow())

    def restore(self, entry_id: int) -> None:
        """Take an entry out of the trash."""
        self._set_deleted(entry_id, None)

    def empty_trash(self) -> int:
        """Delete every entry in the trash for good; returns how many."""
        with write_connection(self.engine) as conn:
            result = conn.execute(text("DELETE FROM entry WHERE deleted_at IS NOT NULL"))
            return int(result.rowcount)

    def count_real_entries(self) -> int:
        """Entries (the trash included) that ``reflect sample`` did not invent."""
        from reflect.core.sample import INVENTED_UID_PREFIX

        with self._read() as conn:
            return int(
                conn.execute(
                    text("SELECT count(*) FROM entry WHERE substr(uid, 1, :n) != :prefix"),
                    {"n": len(INVENTED_UID_PREFIX), "prefix": INVENTED_UID_PREFIX},
                ).scalar_one()
            )

    def discard_if_empty(self, entry_id: int) -> bool:
        """Delete a draft for good if nothing was written in it; True when it was deleted.

        A draft started and left without a word (a case code typed, then
        escape) is clutter, not a record: nothing in it can be lost.
        """
        with write_connection(self.engine) as conn:
            empty = conn.execute(
                text(
                    "SELECT 1 FROM entry e WHERE e.id = :e AND e.status = 'draft'"
                    " AND trim(e.supervisor_question, :blank) = ''"
                    " AND NOT EXISTS (SELECT 1 FROM answer a"
                    "  WHERE a.entry_id = e.id AND trim(a.text, :blank) != '')"
                    " AND NOT EXISTS (SELECT 1 FROM action x WHERE x.entry_id = e.id)"
                    " AND NOT EXISTS (SELECT 1 FROM entry_tag t WHERE t.entry_id = e.id)"
                ),
                {"e": entry_id, "blank": " \t\r\n"},
            ).first()
            if empty is None:
                return False
            conn.execute(text("DELETE FROM entry WHERE id = :e"), {"e": entry_id})
            return True

    def _set_deleted(self, entry_id: int, when: datetime | None) -> None:
        with write_connection(self.engine) as conn:
            self._require_entry(conn, entry_id, include_trash=True)
            conn.execute(
                text("UPDATE entry SET deleted_at = :when WHERE id = :e"),
                {"when": stamp(when) if when else None, "e": entry_id},
            )

    # -- reading ------------------------------------------------------------

    def get_entry(self, entry_id: int) -> EntryDetail:
        """One entry with its answers, tags and actions (also from the trash)."""
        with self._read() as conn:
            driver = conn.connection.dbapi_connection
            rows = entry_rows(driver, "e.id = :e", {"e": entry_id})
            if not rows:
                raise EntryNotFound(f"There is no entry number {entry_id}.")
            return details_for(driver, rows)[0]

    def last_prompt_set_id(self) -> str | None:
        """The prompt set of the most recently started entry, to preselect it."""
        with self._read() as conn:
            value = conn.execute(
                text("SELECT prompt_set_id FROM entry ORDER BY created_at DESC, id DESC LIMIT 1")
            ).scalar_one_or_none()
        return None if value is None else str(value)

    # -- terms ----------------------------------------------------------------

    def add_term(self, name: str, start: date, end: date) -> TermView:
        """Add a named period; refuses reversed dates and a name already used.

        Periods may overlap: a placement sits inside a university term, and
        both cross the registration year.
        """
        name = " ".join(name.split())
        if not name:
            raise TermError("A term needs a name.")
        if end < start:
            raise TermError(
                f"The term {name!r} ends ({end:%d %b %Y}) before it starts ({start:%d %b %Y})."
            )
        for term in self.terms():
            if term.name.casefold() == name.casefold():
                raise TermError(f"There is already a term called {term.name!r}.")
        # A plain statement, not the ORM: an import that brings a term would
        # otherwise load SQLModel for this alone (about 0.3 s).
        with write_connection(self.engine) as conn:
            term_id = conn.execute(
                text('INSERT INTO term (name, start, "end") VALUES (:n, :s, :e) RETURNING id'),
                {"n": name, "s": start.isoformat(), "e": end.isoformat()},
            ).scalar_one()
        return TermView(int(term_id), name, start, end)

    def remove_term(self, name: str) -> None:
        """Remove a term; its entries stay, they just are not grouped by it any more."""
        term = self.get_term(name)
        with write_connection(self.engine) as conn:
            conn.execute(text("DELETE FROM term WHERE id = :id"), {"id": term.id})

    # -- helpers --------------------------------------------------------------

    @staticmethod
    def _clean_case_code(case_code: str) -> str:
        cleaned = " ".join(case_code.split())
        if not cleaned:
            raise InvalidInput("An entry needs a case code.")
        if len(cleaned) > 40:
            raise InvalidInput("A case code is at most 40 characters.")
        return cleaned

    @staticmethod
    def _tag_id(conn: Connection, kind: TagKind, name: str) -> int:
        found = conn.execute(
            text("SELECT id FROM tag WHERE kind = :k AND name = :n"), {"k": kind.value, "n": name}
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
        return int(
            conn.execute(
                text("INSERT INTO tag (kind, name) VALUES (:k, :n) RETURNING id"),
                {"k": kind.value, "n": name},
            ).scalar_one()
        )

    @staticmethod
    def _has_prompt(conn: Connection, entry_id: int, prompt_id: str) -> bool:
        return (
            conn.execute(
                text("SELECT 1 FROM answer WHERE entry_id = :e AND prompt_id = :p"),
                {"e": entry_id, "p": prompt_id},
            ).first()
            is not None
        )

    @staticmethod
    def _require_entry(conn: Connection, entry_id: int, *, include_trash: bool = False) -> None:
        row = conn.execute(
            text("SELECT deleted_at FROM entry WHERE id = :e"), {"e": entry_id}
        ).first()
        if row is None or (row.deleted_at is not None and not include_trash):
            raise EntryNotFound(f"There is no entry number {entry_id}.")


def _revision_view(row: Any) -> RevisionView:
    data = json.loads(row.snapshot)
    return RevisionView(
        id=row.id,
        entry_id=row.entry_id,
        created_at=to_datetime(row.created_at),
        answers=tuple(AnswerView(**a) for a in data.get("answers", [])),
        details=dict(data.get("details", {})),
    )
