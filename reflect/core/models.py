"""The journal's tables, all in one place.

The shape of a journal
======================

``Entry`` is one reflection on one visit. It holds the visit's details (date,
a case code the worker chose, never a name; the kind of visit and its length),
which prompt set was used (id and version, so an old entry still reads right
after the set changes), where the worker had got to (``current_step``, so a
draft resumes where it stopped), whether it is a draft or complete, whether to
bring it to supervision and the question for the supervisor. ``deleted_at``
set means the entry is in the trash; it can be restored until the trash is
emptied. ``uid`` is a stable identity that survives export and import.

``Answer`` is one prompt's answer within an entry. It keeps the prompt's id,
its theme and points at the question text exactly as it was shown (a
``Question``, stored once per prompt set and version), so history never
depends on today's prompt files.

``Tag`` is a label of one kind: a relational-practice ``theme``, one of the
nine ``pcf`` domains (BASW Professional Capabilities Framework), or a ``free``
tag the worker typed. ``EntryTag`` links entries and tags (many to many).

``Action`` is a next step with an optional due date. It belongs to an entry,
or to a supervision session when it was agreed there, or both.

``Term`` is a named period (a university term or a placement).

``SupervisionSession`` records one supervision: date, the supervisor's
initials and notes. ``SupervisionEntry`` links it to the entries discussed.

``SupervisionRevision`` keeps an earlier version of a recorded session (its
notes, entries and actions as JSON) each time it is reopened and corrected.

``CpdRecord`` is one piece of CPD in the shape of Social Work England's form,
written by the worker; ``CpdSource`` links it to the entries and sessions it
draws on (none for a course or reading); ``CpdRevision`` keeps its earlier
versions. ``PromiseCheck`` answers, for an entry, whether what was promised
at the family's last visit happened.

``EntryRevision`` keeps an earlier version of a completed entry (its answers
and details as JSON) every time it is edited, so nothing is ever overwritten
without a copy.

These classes are the schema: a new journal's tables and indexes are made
from their metadata (`reflect.core.store.create_schema`), and anything else that needs the
list of tables derives it from here. Only the search index (an FTS5 virtual
table, the view it reads and the triggers that keep it in step) is SQL, in
`reflect.core.search_schema`, since models cannot say it. An older journal
upgrades through the ordered steps in `reflect.core.migrations`; a test
migrates one from every earlier version and compares it with a new one in
full (tests/unit/test_schema.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from reflect.core.vocab import (  # noqa: F401  (kept importable from here)
    PCF_DOMAINS,
    VISIT_TYPE_LABELS,
    EntryStatus,
    TagKind,
    VisitType,
)


def _rowid() -> Any:
    # "id INTEGER PRIMARY KEY" as SQLite spells it: the rowid itself, never
    # null, so no NOT NULL is written (as the first migrations wrote it).
    return Field(default=None, primary_key=True, sa_column_kwargs={"nullable": True})


def _stored_default(value: str | int | bool, **kwargs: Any) -> Any:
    # The default in the table too, not only in Python: plain SQL inserts
    # (the service's, an old journal's migrations) rely on it.
    sql = text(str(int(value))) if isinstance(value, bool | int) else value
    return Field(default=value, sa_column_kwargs={"server_default": sql}, **kwargs)


class Entry(SQLModel, table=True):
    """One reflection on one visit."""

    # The browse list's order among live entries, read a page at a time.
    __table_args__ = (Index("ix_entry_live_date", "deleted_at", "visit_date", "id"),)

    id: int | None = _rowid()
    uid: str = Field(unique=True)
    visit_date: date = Field(index=True)
    case_code: str = Field(index=True)
    visit_type: str = Field(default=VisitType.HOME.value)
    visit_minutes: int | None = None
    prompt_set_id: str
    prompt_set_version: str
    status: str = Field(default=EntryStatus.DRAFT.value)
    current_step: int = _stored_default(0)
    flagged: bool = _stored_default(False)
    supervisor_question: str = _stored_default("")
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    deleted_at: datetime | None = None
    # Raised by every save of the entry's words or details (migration 6).
    revision: int = _stored_default(0)


class Answer(SQLModel, table=True):
    """The answer to one prompt within an entry."""

    __table_args__ = (
        UniqueConstraint("entry_id", "prompt_id"),
        Index("ix_answer_entry_position", "entry_id", "position"),
    )

    id: int | None = _rowid()
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    prompt_id: str
    theme: str = _stored_default("")
    text: str = _stored_default("")
    position: int = _stored_default(0)
    question_id: int | None = Field(default=None, foreign_key="question.id")


class Question(SQLModel, table=True):
    """A prompt's question as shown, once per prompt set and version."""

    __table_args__ = (UniqueConstraint("prompt_set_id", "prompt_set_version", "prompt_id", "text"),)

    id: int | None = _rowid()
    prompt_set_id: str
    prompt_set_version: str
    prompt_id: str
    text: str


class Tag(SQLModel, table=True):
    """A theme, a PCF domain or a free tag."""

    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: int | None = _rowid()
    kind: str
    name: str


class EntryTag(SQLModel, table=True):
    """Links an entry to a tag."""

    __tablename__ = "entry_tag"
    # Which entries carry a tag (counts, the tag filter).
    __table_args__ = (Index("ix_entry_tag_tag", "tag_id", "entry_id"),)

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    # No cascade from tag: the search triggers must see each link removed
    # while its tag still exists, so links are always removed first.
    tag_id: int = Field(foreign_key="tag.id", primary_key=True)


class SupervisionSession(SQLModel, table=True):
    """One supervision meeting."""

    __tablename__ = "supervision_session"

    id: int | None = _rowid()
    session_date: date
    supervisor_initials: str = _stored_default("")
    notes: str = _stored_default("")
    created_at: datetime
    # "draft" while it is being written (it counts for nothing yet), then "complete".
    # Sessions from before drafts existed were recorded, hence the default.
    status: str = _stored_default("complete")
    updated_at: datetime | None = None


class SupervisionEntry(SQLModel, table=True):
    """An entry discussed at a supervision session."""

    __tablename__ = "supervision_entry"

    session_id: int = Field(
        foreign_key="supervision_session.id", primary_key=True, ondelete="CASCADE"
    )
    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")


class Action(SQLModel, table=True):
    """A next step, from an entry or agreed in supervision."""

    __table_args__ = (
        Index("ix_action_entry", "entry_id"),
        Index("ix_action_open_due", "done", "due"),
    )

    id: int | None = _rowid()
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="CASCADE")
    session_id: int | None = Field(
        default=None, foreign_key="supervision_session.id", ondelete="SET NULL"
    )
    text: str
    due: date | None = None
    done: bool = _stored_default(False)
    done_at: datetime | None = None
    created_at: datetime


class Term(SQLModel, table=True):
    """A named period: a university term or a placement."""

    id: int | None = _rowid()
    name: str = Field(unique=True)
    start: date
    end: date


class EntryRevision(SQLModel, table=True):
    """An earlier version of a completed entry, kept when it is edited."""

    __tablename__ = "entry_revision"
    __table_args__ = (Index("ix_entry_revision_entry", "entry_id", "created_at"),)

    id: int | None = _rowid()
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class ScannerWord(SQLModel, table=True):
    """A word or phrase on the worker's allow or flag list for the identifier scanner."""

    __tablename__ = "scanner_word"
    __table_args__ = (CheckConstraint("list_name IN ('allow', 'flag')"),)

    id: int | None = _rowid()
    # One word is on one list whatever its case ("Oak Lodge" and "oak lodge").
    word: str = Field(unique=True, sa_type=String(collation="NOCASE"))
    list_name: str
    created_at: datetime


class SupervisionRevision(SQLModel, table=True):
    """An earlier version of a recorded supervision session, kept when it is corrected."""

    __tablename__ = "supervision_revision"
    __table_args__ = (Index("ix_supervision_revision_session", "session_id"),)

    id: int | None = _rowid()
    session_id: int = Field(foreign_key="supervision_session.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class CpdRecord(SQLModel, table=True):
    """One piece of CPD, in the order of Social Work England's form."""

    __tablename__ = "cpd_record"
    __table_args__ = (Index("ix_cpd_record_date", "deleted_at", "activity_date"),)

    id: int | None = _rowid()
    uid: str = Field(unique=True)
    title: str = _stored_default("")
    cpd_type: str = _stored_default("")
    description: str = _stored_default("")
    activity_date: date
    learnt: str = _stored_default("")
    impact: str = _stored_default("")
    peer_reflection: str = _stored_default("")
    # The peer's role ("my supervisor"), never their name.
    peer_role: str = _stored_default("")
    # JSON lists of professional standard ids and PCF domains.
    standards: str = _stored_default("[]")
    pcf_domains: str = _stored_default("[]")
    status: str = _stored_default("draft")
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    deleted_at: datetime | None = None


class CpdSource(SQLModel, table=True):
    """An entry or supervision session a CPD record draws on."""

    __tablename__ = "cpd_source"
    __table_args__ = (Index("ix_cpd_source_cpd", "cpd_id"),)

    id: int | None = _rowid()
    cpd_id: int = Field(foreign_key="cpd_record.id", ondelete="CASCADE")
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="CASCADE")
    session_id: int | None = Field(
        default=None, foreign_key="supervision_session.id", ondelete="CASCADE"
    )


class CpdRevision(SQLModel, table=True):
    """An earlier version of a CPD record."""

    __tablename__ = "cpd_revision"
    __table_args__ = (Index("ix_cpd_revision_cpd", "cpd_id", "created_at"),)

    id: int | None = _rowid()
    cpd_id: int = Field(foreign_key="cpd_record.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class PromiseCheck(SQLModel, table=True):
    """Whether what was promised at the family's last visit happened, asked when writing."""

    __tablename__ = "promise_check"

    # The entry's id is the row's id (INTEGER PRIMARY KEY), as for _rowid().
    entry_id: int = Field(
        foreign_key="entry.id",
        primary_key=True,
        ondelete="CASCADE",
        sa_column_kwargs={"nullable": True},
    )
    # "yes", "partly", "no" or "" (not answered).
    kept: str = _stored_default("")
    note: str = _stored_default("")


class IdentifierScan(SQLModel, table=True):
    """What the identifier check found in one entry, kept so an export need not scan it again.

    ``digest`` is a hash of the entry's texts in order, ``basis`` one of
    everything else the check depends on (the scanner's version and the
    worker's word lists); ``findings`` is a JSON list, for each text, of
    [kind, start, end]. It can be rebuilt from the entries at any time, so
    backups leave it out (scan_memo.py).
    """

    __tablename__ = "identifier_scan"
    __table_args__ = {"sqlite_with_rowid": False}

    digest: str = Field(primary_key=True)
    basis: str
    findings: str


class KeptRanking(SQLModel, table=True):
    """The head of one search phrase's full ranking, kept ahead for a large journal.

    ``ids`` and ``ranks`` are the first entries of the ranking and their
    bm25, packed; ``basis`` the fingerprint of the search index they were
    made from (reflect/core/kept_rankings.py). They can be made again at any
    time, so backups leave them out. The row of phrase "" only says for
    which index the rows were made.
    """

    __tablename__ = "kept_ranking"
    __table_args__ = {"sqlite_with_rowid": False}

    phrase: str = Field(primary_key=True)
    matches: int
    ids: bytes
    ranks: bytes
    basis: bytes


def table_names() -> tuple[str, ...]:
    """Every table of a journal (the search index's own aside), as the models name them."""
    return tuple(SQLModel.metadata.tables)
