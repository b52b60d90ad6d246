"""What a CPD record is: the form's fields, a record as stored, as archived, and its versions.

The records themselves are kept and changed through `reflect.core.cpd`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reflect.core.files import JournalError

DRAFT = "draft"
COMPLETE = "complete"


class CpdNotFound(JournalError):
    """No CPD record with that number."""


@dataclass(frozen=True)
class CpdFields:
    """What the worker writes on the form, in the form's order."""

    title: str = ""
    cpd_type: str = ""
    description: str = ""
    activity_date: date = field(default_factory=date.today)
    learnt: str = ""
    impact: str = ""
    peer_reflection: str = ""
    peer_role: str = ""
    standards: tuple[str, ...] = ()
    pcf_domains: tuple[str, ...] = ()
    entry_ids: tuple[int, ...] = ()
    session_ids: tuple[int, ...] = ()

    def missing(self) -> list[str]:
        """The form's required parts not yet written, in plain words."""
        needed = (
            ("a title", self.title),
            ("the type of CPD", self.cpd_type),
            ("a short description and why it is relevant", self.description),
            ("what you learnt", self.learnt),
            ("the impact on your practice and the people you work with", self.impact),
        )
        return [label for label, value in needed if not value.strip()]


@dataclass(frozen=True)
class CpdView:
    """A CPD record as stored."""

    id: int
    uid: str
    fields: CpdFields
    status: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None

    @property
    def has_peer_reflection(self) -> bool:
        """Whether the worker wrote what they learnt from discussing it with a peer."""
        return bool(self.fields.peer_reflection.strip())

    @property
    def complete(self) -> bool:
        """Whether it counts towards the registration year."""
        return self.status == COMPLETE


@dataclass(frozen=True)
class ArchivedCpd:
    """A CPD record as an archive holds it: fields, state and times, links by entry uid.

    ``fields.entry_ids`` and ``fields.session_ids`` are not used: entries are
    named by ``entry_uids``, and ``session_refs`` are the positions of the
    sessions in the archive, which the importer turns into this journal's ids.
    """

    uid: str
    fields: CpdFields
    status: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    entry_uids: tuple[str, ...] = ()
    session_refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class CpdRevisionView:
    """An earlier version of a CPD record."""

    id: int
    cpd_id: int
    created_at: datetime
    fields: CpdFields
