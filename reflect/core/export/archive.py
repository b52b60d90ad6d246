"""The archive: every entry exactly as it is kept, to move a journal, keep it or restore it.

The format is JSON Lines (one JSON value per line, UTF-8, ASCII only, keys
sorted), documented in the README under "The archive format":

    {"archive":"reflect","version":2}
    {"term":{"end":"2026-12-19","name":"Autumn 2026-27","start":"2026-09-01"}}
    {"entry":{"uid":"...","answers":[{"prompt_id":"...","question":"...","text":"...",...}],...}}
    {"session":{"date":"2026-11-10","initials":"JB","notes":"...","entries":["uid"],...}}
    {"cpd":{"uid":"...","title":"...","status":"draft","entries":["uid"],"sessions":[0],...}}
    {"words":{"allow":["Oakfield Team"],"flag":["Tyler"]}}
    {"end":{"cpd":1,"entries":1,"sessions":1,"terms":1,"words":2}}

Version 1 archives (and version 2 ones with no CPD records or words) have no
"cpd" or "words" lines and no such counts.

Text is stored as JSON strings, so every character survives: leading and
trailing spaces, tabs, blank lines, CRLF and lone CR, NUL, and any literal
text. The last line counts what came before it, so a cut-off file is noticed.
Nothing varies between two archives of the same journal (no export date), so
export, import into an empty journal and export again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, TextIO, cast

from reflect.core.cpd import ArchivedCpd, CpdReadMixin
from reflect.core.export import parsed
from reflect.core.export.archive_cpd import cpd_data, read_cpd, read_words, words_data
from reflect.core.export.parsed import Damaged, ImportRefused, ParsedExport, ParsedSession
from reflect.core.export.scope import Document
from reflect.core.records import EntryDetail, EntryRecord, SessionView
from reflect.core.wordlists import ListedWord, WordListReadMixin


class ArchiveReader(CpdReadMixin, WordListReadMixin):
    """What the archive reads besides entries and sessions (for the type checker)."""


# Version 2 added CPD records and the word lists ("cpd" and "words" lines).
ARCHIVE_VERSION = 2
MAGIC = '{"archive":"reflect"'


def _line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True) + "\n"


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def entry_data(entry: EntryDetail) -> dict[str, Any]:
    """An entry as the archive keeps it: everything the journal holds for it but its number."""
    return {
        "uid": entry.uid,
        "visit_date": entry.visit_date.isoformat(),
        "case_code": entry.case_code,
        "visit_type": entry.visit_type,
        "visit_minutes": entry.visit_minutes,
        "prompt_set_id": entry.prompt_set_id,
        "prompt_set_version": entry.prompt_set_version,
        "status": entry.status,
        "current_step": entry.current_step,
        "flagged": entry.flagged,
        "supervisor_question": entry.supervisor_question,
        "created_at": _iso(entry.created_at),
        "updated_at": _iso(entry.updated_at),
        "completed_at": _iso(entry.completed_at),
        "answers": [
            {"prompt_id": a.prompt_id, "question": a.question, "text": a.text, "theme": a.theme}
            for a in entry.answers
        ],
        "themes": list(entry.themes),
        "pcf_domains": list(entry.pcf_domains),
        "free_tags": list(entry.free_tags),
        "actions": [{"text": a.text, "due": _iso(a.due), "done": a.done} for a in entry.actions],
    }


def session_data(session: SessionView, uids: set[str]) -> dict[str, Any]:
    """A session as the archive keeps it; only entries in the archive are named."""
    return {
        "date": session.session_date.isoformat(),
        "initials": session.supervisor_initials,
        "notes": session.notes,
        "entries": [uid for uid in session.entry_uids if uid in uids],
        "actions": [{"text": a.text, "due": _iso(a.due), "done": a.done} for a in session.actions],
    }


def write_archive(doc: Document, out: TextIO) -> None:
    """Write the archive: terms in the period, the entries, the sessions, CPD records, words.

    Version 1 when there are no CPD records or words to hold, so a Reflect
    that reads only version 1 still reads it; else version 2. CPD records and
    word lists belong to no case: they go only into an archive of the whole
    journal (no case or flagged filter), CPD drafts only with drafts included.
    """
    scope = doc.scope
    start, end = scope.period
    journal = cast("ArchiveReader", doc.journal)
    whole = scope.case_code is None and not scope.flagged_only
    cpd = journal.cpd_records(start, end, complete_only=not scope.include_drafts) if whole else []
    # The always-flag list names the worker's families: never in an anonymised
    # archive, nor in one made to hand over a single case.
    words = journal.listed_words() if whole and not doc.screen.anonymise else []
    version = ARCHIVE_VERSION if cpd or words else 1
    out.write(_line({"archive": "reflect", "version": version}))
    terms = [
        t
        for t in doc.journal.terms()
        if (end is None or t.start <= end) and (start is None or start <= t.end)
    ]
    for t in terms:
        out.write(
            _line(
                {"term": {"name": t.name, "start": t.start.isoformat(), "end": t.end.isoformat()}}
            )
        )
    count = 0
    entry_uids: dict[int, str] = {}
    for entry in doc.entries():
        out.write(_line({"entry": entry_data(entry)}))
        entry_uids[entry.id] = entry.uid
        count += 1
    uids = set(doc.outline.titles)
    for session in doc.sessions:
        out.write(_line({"session": session_data(session, uids)}))
    ended = {"entries": count, "sessions": len(doc.sessions), "terms": len(terms)}
    if version >= 2:
        session_at = {s.id: n for n, s in enumerate(doc.sessions)}
        for record in cpd:
            out.write(_line({"cpd": cpd_data(record, entry_uids, session_at, doc.screen)}))
        if words:
            out.write(_line({"words": words_data(words)}))
        ended |= {"cpd": len(cpd), "words": len(words)}
    out.write(_line({"end": ended}))


def is_archive(text: str) -> bool:
    """Whether ``text`` starts as an archive does."""
    return text.startswith(MAGIC)


def _record(data: Any) -> EntryRecord:
    if not isinstance(data, dict):
        parsed.damaged("an entry should be a table")
    return EntryRecord(
        uid=parsed.text(data.get("uid"), "an entry's uid"),
        visit_date=parsed.required(
            parsed.day(data.get("visit_date"), "a visit date"), "a visit date"
        ),
        case_code=parsed.case_code(data.get("case_code")),
        visit_type=parsed.visit_type(data.get("visit_type")),
        prompt_set_id=parsed.text(data.get("prompt_set_id"), "a prompt set"),
        prompt_set_version=parsed.text(data.get("prompt_set_version"), "a prompt set's version"),
        status=parsed.status(data.get("status")),
        created_at=parsed.required(
            parsed.moment(data.get("created_at"), "when an entry was made"), "created_at"
        ),
        updated_at=parsed.required(
            parsed.moment(data.get("updated_at"), "when an entry was changed"), "updated_at"
        ),
        completed_at=parsed.moment(
            data.get("completed_at"), "when an entry was completed", optional=True
        ),
        visit_minutes=parsed.whole(data.get("visit_minutes"), "a visit's length", optional=True),
        current_step=parsed.required(
            parsed.whole(data.get("current_step"), "an entry's step"), "current_step"
        ),
        flagged=parsed.flag(data.get("flagged"), "flagged"),
        supervisor_question=parsed.text(data.get("supervisor_question"), "a question"),
        answers=parsed.answers(data.get("answers")),
        themes=parsed.texts(data.get("themes"), "themes"),
        pcf_domains=parsed.texts(data.get("pcf_domains"), "PCF domains"),
        free_tags=parsed.texts(data.get("free_tags"), "tags"),
        actions=parsed.actions(data.get("actions")),
    )


def _session(data: Any) -> ParsedSession:
    if not isinstance(data, dict):
        parsed.damaged("a session should be a table")
    return ParsedSession(
        session_date=parsed.required(
            parsed.day(data.get("date"), "a session's date"), "a session's date"
        ),
        initials=parsed.text(data.get("initials"), "a supervisor's initials"),
        notes=parsed.text(data.get("notes"), "a session's notes"),
        entry_uids=parsed.texts(data.get("entries"), "the entries discussed"),
        actions=parsed.actions(data.get("actions")),
    )


def _lines(text: str) -> Iterator[str]:
    """``text.split("\\n")`` without its last piece if that is empty, one at a time.

    Not a list of them all: for a whole journal's archive that list was as
    big again as the file, held until the last line was read.
    """
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    if start < len(text):
        yield text[start:]


def read_archive(text: str | Iterable[str], origin: str) -> ParsedExport:
    """Read a whole archive, its text or its lines; `ImportRefused` names the line that is wrong.

    Lines are as ``text.split("\\n")`` cuts them, without a last one that is empty.
    """
    reading = ArchiveReading(_lines(text) if isinstance(text, str) else text, origin)
    records = tuple(reading.entries())
    return ParsedExport(
        records,
        tuple(reading.sessions),
        tuple(reading.terms),
        tuple(reading.cpd),
        tuple(reading.words or ()),
    )


class ArchiveReading:
    """An archive read a line at a time: its entries handed on as they are read.

    `entries` yields each entry once its line is read and checked; the terms,
    sessions, CPD records and words (a few of each) are kept here meanwhile.
    What needs the whole file is checked when its last entry has been handed
    on, before `entries` ends: the last line's counts, and that no entry or
    CPD record comes twice (for which only the uids are kept, not the
    entries). So a caller writing the entries as they come, in one
    transaction, rolls it back on the `ImportRefused` and nothing is written.
    """

    def __init__(self, lines: Iterable[str], origin: str) -> None:
        self.lines = lines
        self.origin = origin
        self.sessions: list[ParsedSession] = []
        self.terms: list[tuple[str, date, date]] = []
        self.cpd: list[ArchivedCpd] = []
        self.words: list[ListedWord] | None = None

    def entries(self) -> Iterator[EntryRecord]:
        """Each entry as its line is read; `ImportRefused` at a damaged line, or at the end."""
        origin, sessions, terms, cpd = self.origin, self.sessions, self.terms, self.cpd
        uids: set[str] = set()
        twice = False
        read = 0  # entry lines, a repeated one too
        version = ARCHIVE_VERSION
        ended = False
        for number, line in enumerate(self.lines, start=1):
            try:
                value = json.loads(line)
                if not isinstance(value, dict) or (len(value) != 1 and number > 1):
                    parsed.damaged("each line should hold one table")
                if ended:
                    parsed.damaged("there is more after the last line")
                if number == 1:
                    named = value.get("version")
                    if not isinstance(named, int) or value.get("archive") != "reflect":
                        parsed.damaged("the first line should name the archive")
                    if named > ARCHIVE_VERSION:
                        raise ImportRefused(
                            f"{origin} was made by a newer Reflect; please update Reflect."
                        )
                    version = named
                    continue
                ((kind, data),) = value.items()
                if kind == "entry":
                    record = _record(data)
                    read += 1
                    if record.uid in uids:
                        twice = True  # said after the last line, as when read whole
                    else:
                        uids.add(record.uid)
                        yield record
                elif kind == "session":
                    sessions.append(_session(data))
                elif kind == "term":
                    terms.append(parsed.term(data))
                elif kind == "cpd" and version >= 2:
                    cpd.append(read_cpd(data, len(sessions)))
                elif kind == "words" and version >= 2:
                    if self.words is not None:
                        parsed.damaged("it holds the word lists twice")
                    self.words = read_words(data)
                elif kind == "end":
                    counted: tuple[int, ...] = (read, len(sessions), len(terms))
                    keys: tuple[str, ...] = ("entries", "sessions", "terms")
                    if version >= 2:
                        counted += (len(cpd), len(self.words or ()))
                        keys += ("cpd", "words")
                    if not isinstance(data, dict) or counted != tuple(data.get(k) for k in keys):
                        parsed.damaged("it does not hold what its last line counts")
                    ended = True
                else:
                    parsed.damaged(f"{kind!r} is not something an archive holds")
            except (Damaged, json.JSONDecodeError, RecursionError) as exc:
                reason = "it is not JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
                if isinstance(exc, RecursionError):
                    reason = "it is nested too deeply"
                raise ImportRefused(f"{origin} is damaged at line {number}: {reason}.") from None
        if not ended:
            raise ImportRefused(
                f"{origin} is incomplete (its last line is missing): nothing was imported."
            )
        if twice:
            raise ImportRefused(f"{origin} is damaged: it holds one entry twice.")
        if len({r.uid for r in cpd}) != len(cpd):
            raise ImportRefused(f"{origin} is damaged: it holds one CPD record twice.")
