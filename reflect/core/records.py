"""Plain, immutable results handed out by the journal service.

Nothing here is attached to a database session, so results can cross threads
and outlive the call that made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PromptRef:
    """A prompt as shown to the worker, kept with the answer."""

    prompt_id: str
    question: str
    theme: str = ""


# A named tuple, not a frozen dataclass: a term's export reads about 33,000
# answers, and a frozen dataclass took nearly three times as long to make (its
# fields are set one call at a time). Change one with ``_replace``.
class AnswerView(NamedTuple):
    """One answer within an entry."""

    prompt_id: str
    question: str
    text: str
    theme: str = ""
    position: int = 0


@dataclass(frozen=True)
class ActionView:
    """A next step."""

    id: int
    text: str
    due: date | None
    done: bool
    entry_id: int | None = None
    session_id: int | None = None
    case_code: str | None = None


@dataclass(frozen=True)
class EntrySummary:
    """What a list row needs to show about an entry."""

    id: int
    uid: str
    visit_date: date
    case_code: str
    visit_type: str
    status: str
    flagged: bool
    first_words: str
    themes: tuple[str, ...]
    updated_at: datetime
    current_step: int = 0
    deleted: bool = False


@dataclass(frozen=True)
class EntryDetail:
    """An entry with everything in it."""

    id: int
    uid: str
    visit_date: date
    case_code: str
    visit_type: str
    visit_minutes: int | None
    prompt_set_id: str
    prompt_set_version: str
    status: str
    current_step: int
    flagged: bool
    supervisor_question: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    deleted_at: datetime | None
    answers: tuple[AnswerView, ...] = ()
    themes: tuple[str, ...] = ()
    pcf_domains: tuple[str, ...] = ()
    free_tags: tuple[str, ...] = ()
    actions: tuple[ActionView, ...] = ()
    # How many times its words or details have been saved (see Journal.save_entry).
    revision: int = 0

    def answer(self, prompt_id: str) -> AnswerView | None:
        """The answer to ``prompt_id``, if the entry has that prompt."""
        for candidate in self.answers:
            if candidate.prompt_id == prompt_id:
                return candidate
        return None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list."""

    items: tuple[T, ...]
    offset: int
    limit: int
    has_more: bool


@dataclass(frozen=True)
class SnippetPart:
    """A piece of a search snippet; ``match`` marks the words that matched."""

    text: str
    match: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One search result, best first."""

    entry: EntrySummary
    snippet: tuple[SnippetPart, ...]
    rank: float

    def snippet_text(self, before: str = "[", after: str = "]") -> str:
        """The snippet as plain text with the matching words marked."""
        return "".join(
            f"{before}{part.text}{after}" if part.match else part.text for part in self.snippet
        )


@dataclass(frozen=True)
class TermView:
    """A named period."""

    id: int
    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls within the term (both ends included)."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class RevisionView:
    """An earlier version of an entry."""

    id: int
    entry_id: int
    created_at: datetime
    answers: tuple[AnswerView, ...]
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list or search should include; every field narrows it."""

    start: date | None = None
    end: date | None = None
    term: str | None = None
    case_code: str | None = None
    tag: str | None = None
    status: str | None = None
    flagged: bool | None = None
    pcf_domain: str | None = None
    # Only entries not yet discussed in any recorded supervision session.
    undiscussed: bool = False
    in_trash: bool = False

    def is_empty(self) -> bool:
        """Whether nothing narrows the list (the trash aside)."""
        return self == EntryFilter(in_trash=self.in_trash)


# A named tuple, as `AnswerView`: an import makes one an entry, and a frozen
# dataclass of 19 fields took two and a half times as long to make. Change
# one with ``_replace``.
class EntryRecord(NamedTuple):
    """A whole entry as data, for bulk loading (sample journals, import)."""

    uid: str
    visit_date: date
    case_code: str
    visit_type: str
    prompt_set_id: str
    prompt_set_version: str
    status: str
    created_at: datetime
    updated_at: datetime
    answers: tuple[AnswerView, ...]
    visit_minutes: int | None = None
    flagged: bool = False
    supervisor_question: str = ""
    completed_at: datetime | None = None
    current_step: int = 0
    themes: tuple[str, ...] = ()
    pcf_domains: tuple[str, ...] = ()
    free_tags: tuple[str, ...] = ()
    actions: tuple[tuple[str, date | None, bool], ...] = ()


@dataclass(frozen=True)
class SessionView:
    """A recorded supervision session."""

    id: int
    session_date: date
    supervisor_initials: str
    notes: str
    entry_uids: tuple[str, ...] = ()
    actions: tuple[ActionView, ...] = ()
    # "draft" while being written (see reflect.core.sessions), else "complete".
    status: str = "complete"
