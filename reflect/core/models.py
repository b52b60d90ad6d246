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

The database schema itself is created by the ordered migrations in
``store.py`` (plain SQL, so an old journal upgrades the same way every time);
these classes map onto it, and a test checks that both agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from reflect.core.vocab import (  # noqa: F401  (kept importable from here)
    PCF_DOMAINS,
    VISIT_TYPE_LABELS,
    EntryStatus,
    TagKind,
    VisitType,
)


class Entry(SQLModel, table=True):
    """One reflection on one visit."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    visit_date: date = Field(index=True)
    case_code: str = Field(index=True)
    visit_type: str = Field(default=VisitType.HOME.value)
    visit_minutes: int | None = None
    prompt_set_id: str
    prompt_set_version: str
    status: str = Field(default=EntryStatus.DRAFT.value)
    current_step: int = 0
    flagged: bool = False
    supervisor_question: str = ""
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    deleted_at: datetime | None = None
    # Raised by every save of the entry's words or details (migration 6).
    revision: int = 0


class Answer(SQLModel, table=True):
    """The answer to one prompt within an entry."""

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    prompt_id: str
    theme: str = ""
    text: str = ""
    position: int = 0
    question_id: int | None = Field(default=None, foreign_key="question.id")


class Question(SQLModel, table=True):
    """A prompt's question as shown, once per prompt set and version."""

    __table_args__ = (UniqueConstraint("prompt_set_id", "prompt_set_version", "prompt_id", "text"),)

    id: int | None = Field(default=None, primary_key=True)
    prompt_set_id: str
    prompt_set_version: str
    prompt_id: str
    text: str


class Tag(SQLModel, table=True):
    """A theme, a PCF domain or a free tag."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    name: str


class EntryTag(SQLModel, table=True):
    """Links an entry to a tag."""

    __tablename__ = "entry_tag"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    # No cascade from tag: the search triggers must see each link removed
    # while its tag still exists, so links are always removed first.
    tag_id: int = Field(foreign_key="tag.id", primary_key=True)


class SupervisionSession(SQLModel, table=True):
    """One supervision meeting."""

    __tablename__ = "supervision_session"

    id: int | None = Field(default=None, primary_key=True)
    session_date: date
    supervisor_initials: str = ""
    notes: str = ""
    created_at: datetime
    # "draft" while it is being written (it counts for nothing yet), then "complete".
    status: str = "complete"
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

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="CASCADE")
    session_id: int | None = Field(
        default=None, foreign_key="supervision_session.id", ondelete="SET NULL"
    )
    text: str
    due: date | None = None
    done: bool = False
    done_at: datetime | None = None
    created_at: datetime


class Term(SQLModel, table=True):
    """A named period: a university term or a placement."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    start: date
    end: date


class EntryRevision(SQLModel, table=True):
    """An earlier version of a completed entry, kept when it is edited."""

    __tablename__ = "entry_revision"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class ScannerWord(SQLModel, table=True):
    """A word or phrase on the worker's allow or flag list for the identifier scanner."""

    __tablename__ = "scanner_word"

    id: int | None = Field(default=None, primary_key=True)
    word: str = Field(unique=True)
    list_name: str
    created_at: datetime


class SupervisionRevision(SQLModel, table=True):
    """An earlier version of a recorded supervision session, kept when it is corrected."""

    __tablename__ = "supervision_revision"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="supervision_session.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class CpdRecord(SQLModel, table=True):
    """One piece of CPD, in the order of Social Work England's form."""

    __tablename__ = "cpd_record"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    title: str = ""
    cpd_type: str = ""
    description: str = ""
    activity_date: date
    learnt: str = ""
    impact: str = ""
    peer_reflection: str = ""
    # The peer's role ("my supervisor"), never their name.
    peer_role: str = ""
    # JSON lists of professional standard ids and PCF domains.
    standards: str = "[]"
    pcf_domains: str = "[]"
    status: str = "draft"
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    deleted_at: datetime | None = None


class CpdSource(SQLModel, table=True):
    """An entry or supervision session a CPD record draws on."""

    __tablename__ = "cpd_source"

    id: int | None = Field(default=None, primary_key=True)
    cpd_id: int = Field(foreign_key="cpd_record.id", ondelete="CASCADE")
    entry_id: int | None = Field(default=None, foreign_key="entry.id", ondelete="CASCADE")
    session_id: int | None = Field(
        default=None, foreign_key="supervision_session.id", ondelete="CASCADE"
    )


class CpdRevision(SQLModel, table=True):
    """An earlier version of a CPD record."""

    __tablename__ = "cpd_revision"

    id: int | None = Field(default=None, primary_key=True)
    cpd_id: int = Field(foreign_key="cpd_record.id", ondelete="CASCADE")
    created_at: datetime
    snapshot: str


class PromiseCheck(SQLModel, table=True):
    """Whether what was promised at the family's last visit happened, asked when writing."""

    __tablename__ = "promise_check"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    # "yes", "partly", "no" or "" (not answered).
    kept: str = ""
    note: str = ""
