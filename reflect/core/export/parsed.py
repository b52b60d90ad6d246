"""What an import reads from a file, checked field by field before anything is written.

Every reader (the archive, v0.1 Markdown) builds its records through these
checks, so an edited or truncated file is refused in one plain sentence and
the journal is left as it was: nothing is written until the whole file has
been read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NoReturn

from reflect.core.cpd import ArchivedCpd
from reflect.core.errors import ImportRefused as ImportRefused  # re-exported
from reflect.core.records import AnswerView, EntryRecord
from reflect.core.vocab import EntryStatus, VisitType
from reflect.core.wordlists import ListedWord


class Damaged(Exception):
    """A value in the file is not what Reflect wrote there; the reader says where."""


@dataclass(frozen=True)
class ParsedSession:
    """A supervision session read from a file."""

    session_date: date
    initials: str
    notes: str
    entry_uids: tuple[str, ...]
    actions: tuple[tuple[str, date | None, bool], ...]


@dataclass(frozen=True)
class ParsedExport:
    """Everything a file holds."""

    records: tuple[EntryRecord, ...]
    sessions: tuple[ParsedSession, ...]
    terms: tuple[tuple[str, date, date], ...] = ()
    # Archives from version 2 on: CPD records (drafts too) and the worker's word lists.
    cpd: tuple[ArchivedCpd, ...] = ()
    words: tuple[ListedWord, ...] = ()


def damaged(what: str) -> NoReturn:
    """Stop reading: ``what`` is wrong."""
    raise Damaged(what)


def text(value: Any, what: str) -> str:
    """A string (any text at all, exactly as it is)."""
    if not isinstance(value, str):
        damaged(f"{what} should be text")
    return value


def texts(value: Any, what: str) -> tuple[str, ...]:
    """A list of strings."""
    if not isinstance(value, list):
        damaged(f"{what} should be a list")
    for v in value:  # a loop, not a call of `text` a string (an import reads three lists an entry)
        if not isinstance(v, str):
            text(v, what)
    return tuple(value)


def flag(value: Any, what: str) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        damaged(f"{what} should be true or false")
    return value


def whole(value: Any, what: str, *, optional: bool = False) -> int | None:
    """A whole number from 0 to a million (None allowed when ``optional``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        damaged(f"{what} should be a whole number")
    return value


def day(value: Any, what: str, *, optional: bool = False) -> date | None:
    """A date written as 2026-10-01."""
    if value is None and optional:
        return None
    try:
        return date.fromisoformat(text(value, what))
    except ValueError:
        damaged(f"{what} should be a date")


def moment(value: Any, what: str, *, optional: bool = False) -> datetime | None:
    """A date and time in ISO form."""
    if value is None and optional:
        return None
    try:
        return datetime.fromisoformat(text(value, what))
    except ValueError:
        damaged(f"{what} should be a date and time")


def required(value: date | datetime | int | None, what: str) -> Any:
    """``value``, which must be there."""
    if value is None:
        damaged(f"{what} is missing")
    return value


def case_code(value: Any) -> str:
    """A case code as the journal keeps it: not blank, at most 40 characters."""
    code = " ".join(text(value, "a case code").split())
    if not code or len(code) > 40:
        damaged("a case code should be 1 to 40 characters")
    return code


def visit_type(value: Any) -> str:
    """One of Reflect's kinds of visit."""
    try:
        return VisitType(text(value, "a kind of visit")).value
    except ValueError:
        damaged(f"{value!r} is not a kind of visit")


def status(value: Any) -> str:
    """complete or draft."""
    try:
        return EntryStatus(text(value, "a status")).value
    except ValueError:
        damaged(f"{value!r} is not a status")


def answers(value: Any) -> tuple[AnswerView, ...]:
    """The answers of one entry: prompt ids unique."""
    if not isinstance(value, list):
        damaged("an entry's answers should be a list")
    found = []
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            damaged("an answer should be a table")
        get = item.get
        prompt_id, question, said, theme = (
            get("prompt_id"), get("question"), get("text"), get("theme")
        )  # fmt: skip
        # The four looked at at once (a term's import reads 33,000 answers); when
        # one is not text, `text` names the first that is not, as ever.
        if (
            type(prompt_id) is str
            and type(question) is str
            and type(said) is str
            and type(theme) is str
        ):
            found.append(AnswerView(prompt_id, question, said, theme, position))
        else:
            found.append(
                AnswerView(
                    text(prompt_id, "a prompt id"),
                    text(question, "a question"),
                    text(said, "an answer"),
                    text(theme, "a theme"),
                    position,
                )
            )
    if len({a.prompt_id for a in found}) != len(found):
        damaged("an entry has the same prompt twice")
    return tuple(found)


def actions(value: Any) -> tuple[tuple[str, date | None, bool], ...]:
    """Actions as (text, due, done)."""
    if not isinstance(value, list):
        damaged("actions should be a list")
    found = []
    for item in value:
        if not isinstance(item, dict):
            damaged("an action should be a table")
        found.append(
            (
                text(item.get("text"), "an action"),
                day(item.get("due"), "an action's due date", optional=True),
                flag(item.get("done"), "whether an action is done"),
            )
        )
    return tuple(found)


def term(value: Any) -> tuple[str, date, date]:
    """A term as (name, start, end), the end not before the start."""
    if not isinstance(value, dict):
        damaged("a term should be a table")
    name = text(value.get("name"), "a term's name")
    start = required(day(value.get("start"), "a term's start"), "a term's start")
    end = required(day(value.get("end"), "a term's end"), "a term's end")
    if not name.strip() or end < start:
        damaged("a term needs a name and an end after its start")
    return name, start, end
