"""Reading a Reflect Markdown export back into a journal.

The export's structure is Reflect's own: a line that begins with ``#`` or
``<!--`` is always structure, because typed text is escaped on export and can
never begin that way. Text comes from the Markdown; ids, dates and flags come
from each entry's ``reflect-entry`` comment line. Entries already in the
journal (same uid) are skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect.core.errors import ImportRefused as ImportRefused  # re-exported
from reflect.core.export import ENTRY_MARKER, EXPORT_MARKER, FORMAT_VERSION, SESSION_MARKER
from reflect.core.journal import Journal, TermError
from reflect.core.records import AnswerView, EntryRecord

_COMMENT = re.compile(r"^<!-- (reflect-[a-z]+) (\{.*\}) -->$")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DUE = re.compile(r" \(by (\d{2} [A-Z][a-z]{2} \d{4})\)$")


@dataclass(frozen=True)
class ParsedSession:
    """A supervision session read from an export."""

    session_date: date
    initials: str
    notes: str
    entry_uids: tuple[str, ...]
    actions: tuple[tuple[str, date | None, bool], ...]


@dataclass(frozen=True)
class ParsedExport:
    """Everything an export holds."""

    records: tuple[EntryRecord, ...]
    sessions: tuple[ParsedSession, ...]
    term: tuple[str, date, date] | None


@dataclass(frozen=True)
class ImportResult:
    """What an import added."""

    entries_added: int
    entries_skipped: int
    sessions_added: int


def unescape(lines: list[str]) -> str:
    """Typed text back from its escaped Markdown: paragraphs, hard breaks and escapes."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    texts = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        raw = "\n".join(paragraph)
        out: list[str] = []
        i = 0
        while i < len(raw):
            char = raw[i]
            if (
                char == "\\"
                and i + 1 < len(raw)
                and (raw[i + 1] == "\n" or raw[i + 1] in _ASCII_PUNCT)
            ):
                out.append(raw[i + 1])
                i += 2
            else:
                out.append(char)
                i += 1
        texts.append("".join(out))
    return "\n\n".join(texts)


def _sections(lines: list[str], marker: str) -> list[list[str]]:
    """Split ``lines`` at headings that start with ``marker`` (the heading line first)."""
    sections: list[list[str]] = []
    for line in lines:
        if line.startswith(marker):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
    return sections


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _action_texts(lines: list[str], states: list[list[Any]]) -> list[tuple[str, date | None, bool]]:
    items = [line[2:] for line in lines if line.startswith("- ")]
    actions = []
    for item, (due, done) in zip(items, states, strict=False):
        if done and item.startswith("done: "):
            item = item[len("done: ") :]
        if due:
            item = _DUE.sub("", item)
        actions.append((unescape([item]), _date(due), bool(done)))
    return actions


def _parse_entry(meta: dict[str, Any], body: list[str], where: str) -> EntryRecord:
    prompts: list[list[str]] = meta["prompts"]
    sections = _sections(body, "#### ")
    answers = []
    for position, ((prompt_id, theme), section) in enumerate(zip(prompts, sections, strict=False)):
        lines = [line for line in section[1:]]
        while lines and not lines[0].strip():
            lines.pop(0)
        question = ""
        if lines and lines[0].startswith("**") and lines[0].endswith("**") and len(lines[0]) > 4:
            question = unescape([lines.pop(0)[2:-2]])
        text = unescape(lines)
        answers.append(
            AnswerView(
                prompt_id, question, "" if text == "*Not answered.*" else text, theme, position
            )
        )
    if len(answers) != len(prompts):
        raise ImportRefused(f"{where}: an entry is missing some of its answers.")
    named = {section[0][5:].strip(): section[1:] for section in sections[len(prompts) :]}
    free_tags: tuple[str, ...] = ()
    for line in named.get("Tags", []):
        if line.startswith("- Tags: "):
            free_tags = tuple(unescape([t]) for t in line[len("- Tags: ") :].split(", "))
    actions = _action_texts(named.get("Next actions", []), meta["actions"])
    question_lines = named.get("Supervision", [])
    supervisor_question = ""
    if "Question for my supervisor:" in question_lines:
        supervisor_question = unescape(
            question_lines[question_lines.index("Question for my supervisor:") + 1 :]
        )
    created = _moment(meta["created"])
    updated = _moment(meta["updated"])
    assert created is not None and updated is not None
    return EntryRecord(
        uid=meta["uid"],
        visit_date=date.fromisoformat(meta["visit_date"]),
        case_code=meta["case_code"],
        visit_type=meta["visit_type"],
        prompt_set_id=meta["set"][0],
        prompt_set_version=meta["set"][1],
        status=meta["status"],
        created_at=created,
        updated_at=updated,
        completed_at=_moment(meta["completed"]),
        current_step=int(meta["step"]),
        answers=tuple(answers),
        visit_minutes=meta["visit_minutes"],
        flagged=bool(meta["flagged"]),
        supervisor_question=supervisor_question,
        themes=tuple(meta["themes"]),
        pcf_domains=tuple(meta["pcf"]),
        free_tags=free_tags,
        actions=tuple(actions),
    )


def _parse_session(meta: dict[str, Any], body: list[str]) -> ParsedSession:
    parts = _sections(["#### notes", *body], "#### ")
    named = {section[0][5:].strip(): section[1:] for section in parts}
    notes = unescape(named.get("notes", []))
    return ParsedSession(
        session_date=date.fromisoformat(meta["date"]),
        initials=meta["initials"],
        notes="" if notes == "*No notes.*" else notes,
        entry_uids=tuple(meta["entries"]),
        actions=tuple(_action_texts(named.get("Actions agreed", []), meta["actions"])),
    )


def parse_export(text: str, origin: str = "the file") -> ParsedExport:
    """Read an export's text; `ImportRefused` if it is not one."""
    lines = text.replace("\r\n", "\n").split("\n")
    header: dict[str, Any] | None = None
    blocks: list[tuple[str, dict[str, Any], list[str], int]] = []
    for number, line in enumerate(lines, start=1):
        match = _COMMENT.match(line)
        if match:
            try:
                meta = json.loads(match.group(2))
            except json.JSONDecodeError:
                raise ImportRefused(f"{origin} is damaged at line {number}.") from None
            if match.group(1) == EXPORT_MARKER and header is None:
                header = meta
            elif match.group(1) in (ENTRY_MARKER, SESSION_MARKER):
                blocks.append((match.group(1), meta, [], number))
            continue
        if line.startswith(("### ", "## ")) and blocks:
            blocks.append(("end", {}, [], number))
        elif blocks:
            blocks[-1][2].append(line)
    if header is None:
        raise ImportRefused(f"{origin} is not a Reflect export (it has no reflect-export line).")
    if int(header.get("format", 0)) > FORMAT_VERSION:
        raise ImportRefused(f"{origin} was exported by a newer Reflect; please update Reflect.")
    records, sessions = [], []
    try:
        for kind, meta, body, number in blocks:
            where = f"{origin}, line {number}"
            if kind == ENTRY_MARKER:
                records.append(_parse_entry(meta, body, where))
            elif kind == SESSION_MARKER:
                sessions.append(_parse_session(meta, body))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ImportRefused(f"{origin} is damaged near line {number} ({exc}).") from None
    term = None
    if "term" in header:
        name, start, end = header["term"]
        term = (name, date.fromisoformat(start), date.fromisoformat(end))
    return ParsedExport(tuple(records), tuple(sessions), term)


def import_export(journal: Journal, parsed: ParsedExport) -> ImportResult:
    """Add what ``parsed`` holds to ``journal``; entries and sessions already there are skipped."""
    added = journal.add_records(parsed.records)
    if parsed.term is not None:
        # Skipped when the journal already has a term of that name.
        with contextlib.suppress(TermError):
            journal.add_term(*parsed.term)
    existing = {
        (s.session_date, s.supervisor_initials, s.notes) for s in journal.supervision_sessions()
    }
    sessions_added = 0
    for session in parsed.sessions:
        if (session.session_date, session.initials, session.notes) in existing:
            continue
        journal.add_supervision_session(
            session.session_date,
            supervisor_initials=session.initials,
            notes=session.notes,
            entry_uids=session.entry_uids,
            actions=session.actions,
        )
        sessions_added += 1
    return ImportResult(added, len(parsed.records) - added, sessions_added)


def import_file(journal: Journal, path: Path) -> ImportResult:
    """Import the export at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportRefused(f"There is no file at {path}.") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{path} is not a Reflect export (it is not text).") from None
    return import_export(journal, parse_export(text, str(path)))
