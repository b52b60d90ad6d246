"""A journal, or part of it, as one Markdown document (and back: see `reflect.core.importer`).

The document is for people: a title with the period, contents, a summary,
every entry in date order and the supervision sessions. Each entry and session
also carries a one-line HTML comment with what is not text (ids, dates,
flags), so ``reflect import`` can read the document back without loss. All
typed text goes through `escape_text`, so nothing typed can add a heading, a
comment or any other structure.

``--format cpd`` exports the worker's CPD records instead (`reflect.core.cpd_export`).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect import __version__
from reflect.core.dates import long_date
from reflect.core.errors import InvalidInput
from reflect.core.privacy import NO_WORDS, WordLists, count_by_kind, describe_counts, mask, scan
from reflect.core.records import EntryDetail, EntryFilter, SessionView, TermView
from reflect.core.render import entry_markdown, escape_text
from reflect.core.vocab import VisitType

if TYPE_CHECKING:
    from reflect.core.reading import ReadMixin

FORMAT_VERSION = 1
EXPORT_MARKER = "reflect-export"
ENTRY_MARKER = "reflect-entry"
SESSION_MARKER = "reflect-session"
GENERATED_PREFIX = "Generated on "

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ExportScope:
    """Which entries go in the document, and how it is made."""

    start: date | None = None
    end: date | None = None
    term: TermView | None = None
    case_code: str | None = None
    flagged_only: bool = False
    include_drafts: bool = False
    anonymise: bool = False
    # CPD records are anonymised unless this is set (--keep-case-codes).
    keep_case_codes: bool = False

    @property
    def period(self) -> tuple[date | None, date | None]:
        """The dates covered, the term's unless given."""
        if self.term is not None:
            return self.start or self.term.start, self.end or self.term.end
        return self.start, self.end

    def title(self) -> str:
        """The document's title."""
        if self.term is not None:
            return f"Reflective journal: {self.term.name}"
        start, end = self.period
        if start and end:
            return f"Reflective journal: {long_date(start)} to {long_date(end)}"
        return "Reflective journal"

    def entry_filter(self) -> EntryFilter:
        start, end = self.period
        return EntryFilter(
            start=start,
            end=end,
            case_code=self.case_code,
            flagged=True if self.flagged_only else None,
            status=None if self.include_drafts else "complete",
        )


@dataclass
class ExportResult:
    """The document, what went into it, and identifiers found in the typed text."""

    text: str
    entries: int
    sessions: int
    identifiers: Counter[str] = field(default_factory=Counter)
    # What --anonymise replaced, by kind (labels such as "name"); empty otherwise.
    masked: Counter[str] = field(default_factory=Counter)

    def masked_summary(self) -> str:
        """For example "3 names and 1 postcode" (empty when nothing was masked)."""
        return describe_counts(self.masked)

    def identifiers_summary(self) -> str:
        """For example "2 postcodes and 1 phone number" (empty when none)."""
        parts = [
            f"{n} {label}{'s' if n != 1 else ''}" for label, n in self.identifiers.most_common()
        ]
        return (
            ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""
        )


def count_identifiers(entries: list[EntryDetail], sessions: list[SessionView]) -> Counter[str]:
    """What the scanner finds in everything typed: answers, questions, actions, notes."""
    found: Counter[str] = Counter()
    texts = [s.notes for s in sessions]
    for entry in entries:
        texts += [a.text for a in entry.answers]
        texts += [entry.supervisor_question, *(a.text for a in entry.actions)]
    for value in texts:
        findings = scan(value)
        if findings:  # most texts have none: skip the update's own cost
            found.update(f.label for f in findings)
    return found


# Below this many entries a second process saves less than it costs to start.
FORK_FROM = 200


def _count_meanwhile(
    entries: list[EntryDetail], sessions: list[SessionView]
) -> Callable[[], Counter[str]]:
    """Start `count_identifiers`; the function returned gives its result.

    The scan takes about a quarter of a long export. From the command line
    on Linux (one thread) a forked child runs it on another core while the
    document is rendered: 0.40 -> 0.32 s for 1,000 entries on a 2-core
    machine. The child touches nothing but the entries already in memory and
    sends back only the counts. Elsewhere (the app's worker threads, other
    systems, short exports) it runs here and now.
    """
    import threading

    if (
        not sys.platform.startswith("linux")
        or threading.active_count() != 1
        or len(entries) < FORK_FROM
    ):
        found = count_identifiers(entries, sessions)
        return lambda: found
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, which never returns
        try:
            os.close(read_end)
            payload = json.dumps(count_identifiers(entries, sessions)).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)

    def result() -> Counter[str]:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _pid, status = os.waitpid(pid, 0)
        if status != 0 or not payload:  # the child failed: count here instead
            return count_identifiers(entries, sessions)
        return Counter(json.loads(payload))

    return result


class Anonymiser:
    """Replaces case codes with placeholders (Family A, Family B, ...) in order of appearance."""

    def __init__(self, words: WordLists = NO_WORDS) -> None:
        self.names: dict[str, str] = {}
        self.words = words  # the worker's allow and flag lists
        self.masked: Counter[str] = Counter()  # what the scanner found and masked, by kind

    def placeholder(self, case_code: str) -> str:
        key = case_code.casefold()
        if key not in self.names:
            self.names[key] = f"Family {_letters(len(self.names))}"
        return self.names[key]

    def text(self, value: str) -> str:
        """Mask every case code met so far, then any identifier the scanner finds."""
        for code in sorted(self.names, key=len, reverse=True):
            start = value.casefold().find(code)
            while start != -1:
                value = value[:start] + self.names[code] + value[start + len(code) :]
                start = value.casefold().find(code, start + len(self.names[code]))
        findings = scan(value, self.words)
        if findings:
            self.masked.update(count_by_kind(findings))
        return mask(value, findings)

    def entry(self, entry: EntryDetail) -> EntryDetail:
        return replace(
            entry,
            case_code=self.placeholder(entry.case_code),
            answers=tuple(replace(a, text=self.text(a.text)) for a in entry.answers),
            supervisor_question=self.text(entry.supervisor_question),
            free_tags=tuple(self.text(t) for t in entry.free_tags),
            actions=tuple(replace(a, text=self.text(a.text)) for a in entry.actions),
        )


def _letters(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _comment(marker: str, data: dict[str, Any]) -> str:
    # json.dumps escapes nothing that could end an HTML comment except "-->",
    # which cannot occur: no text goes in here, only ids, dates and names from lists.
    payload = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    # "--" inside a comment is not allowed; JSON reads "-\u002d" back as "--".
    safe = payload.replace("--", "-\\u002d")
    return f"<!-- {marker} {safe} -->"


def _entry_meta(entry: EntryDetail) -> dict[str, Any]:
    def stamp(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "uid": entry.uid,
        "visit_date": entry.visit_date.isoformat(),
        "case_code": entry.case_code,
        "visit_type": entry.visit_type,
        "visit_minutes": entry.visit_minutes,
        "set": [entry.prompt_set_id, entry.prompt_set_version],
        "status": entry.status,
        "step": entry.current_step,
        "flagged": entry.flagged,
        "created": stamp(entry.created_at),
        "updated": stamp(entry.updated_at),
        "completed": stamp(entry.completed_at),
        "prompts": [[a.prompt_id, a.theme] for a in entry.answers],
        "themes": list(entry.themes),
        "pcf": list(entry.pcf_domains),
        "actions": [[a.due.isoformat() if a.due else None, a.done] for a in entry.actions],
    }


def entry_title(entry: EntryDetail) -> str:
    """How an entry is named in the contents and its heading."""
    visit = VisitType(entry.visit_type).label
    return f"{long_date(entry.visit_date, weekday=True)}, {entry.case_code}, {visit}"


def _summary(entries: list[EntryDetail]) -> list[str]:
    kinds = Counter(VisitType(e.visit_type).label for e in entries)
    themes = Counter(t for e in entries for t in e.themes)
    pcf = Counter(d for e in entries for d in e.pcf_domains)
    open_actions = [(e, a) for e in entries for a in e.actions if not a.done]

    def counted(counter: Counter[str]) -> str:
        return "; ".join(f"{escape_text(k)} ({n})" for k, n in counter.most_common()) or "none"

    lines = [
        f"- Visits: {len(entries)}",
        f"- Kinds of visit: {counted(kinds)}",
        f"- Themes: {counted(themes)}",
        f"- PCF domains: {counted(pcf)}",
        f"- Open actions: {len(open_actions)}",
    ]
    for entry, action in open_actions:
        due = f", by {action.due:%d %b %Y}" if action.due else ""
        lines.append(f"  - {escape_text(action.text)} ({escape_text(entry.case_code)}{due})")
    return lines


def _session_lines(session: SessionView, titles: dict[str, str]) -> list[str]:
    who = (
        f", with {escape_text(session.supervisor_initials)}" if session.supervisor_initials else ""
    )
    lines = [f"### {long_date(session.session_date, weekday=True)}{who}", ""]
    lines.append(
        _comment(
            SESSION_MARKER,
            {
                "date": session.session_date.isoformat(),
                "initials": session.supervisor_initials,
                # Only entries in this document: others could not be linked on import.
                "entries": [uid for uid in session.entry_uids if uid in titles],
                "actions": [
                    [a.due.isoformat() if a.due else None, a.done] for a in session.actions
                ],
            },
        )
    )
    lines.append("")
    notes = session.notes
    lines += [escape_text(notes) if notes.strip() else "*No notes.*", ""]
    discussed = [titles[uid] for uid in session.entry_uids if uid in titles]
    if discussed:
        lines += ["#### Entries discussed", ""]
        lines += [f"- {escape_text(t)}" for t in discussed]
        lines.append("")
    if session.actions:
        lines += ["#### Actions agreed", ""]
        for action in session.actions:
            due = f" (by {action.due:%d %b %Y})" if action.due else ""
            lines.append(f"- {escape_text(action.text)}{due}")
        lines.append("")
    return lines


def collect(
    journal: ReadMixin,
    scope: ExportScope,
    progress: Progress | None = None,
    masked: Counter[str] | None = None,
) -> tuple[list[EntryDetail], list[SessionView]]:
    """The entries and sessions in scope, anonymised if asked.

    Anonymising masks what the scanner finds, with the worker's word lists;
    ``masked`` (when given) is updated with how many of each kind.
    """
    entries: list[EntryDetail] = []
    for entry in journal.iter_details(scope.entry_filter()):
        entries.append(entry)
        if progress and len(entries) % 100 == 0:
            progress(len(entries))
    start, end = scope.period
    sessions = journal.supervision_sessions(start, end)
    if scope.anonymise:
        anon = Anonymiser(journal.word_lists())
        for entry in entries:
            anon.placeholder(entry.case_code)
        entries = [anon.entry(e) for e in entries]
        sessions = [
            replace(
                s,
                notes=anon.text(s.notes),
                actions=tuple(replace(a, text=anon.text(a.text)) for a in s.actions),
            )
            for s in sessions
        ]
        if masked is not None:
            masked.update(anon.masked)
    return entries, sessions


def render_markdown(
    entries: list[EntryDetail],
    sessions: list[SessionView],
    scope: ExportScope,
    generated: datetime,
) -> str:
    """The whole document."""
    header: dict[str, Any] = {"format": FORMAT_VERSION}
    if scope.term is not None:
        header["term"] = [scope.term.name, scope.term.start.isoformat(), scope.term.end.isoformat()]
    lines = [f"# {escape_text(scope.title())}", "", _comment(EXPORT_MARKER, header), ""]
    start, end = scope.period
    period = (
        f"From {long_date(start)} to {long_date(end)}. "
        if start and end
        else f"From {long_date(start)}. "
        if start
        else f"Up to {long_date(end)}. "
        if end
        else ""
    )
    which = "Complete entries" if not scope.include_drafts else "Complete entries and drafts"
    if scope.flagged_only:
        which += " flagged for supervision"
    lines += [f"{period}{which}.", ""]
    lines += [f"{GENERATED_PREFIX}{long_date(generated)} by Reflect {__version__}.", ""]
    if scope.anonymise:
        lines += [
            "Case codes are replaced by placeholders (Family A, Family B, ...), and what "
            "Reflect's scanner found (names, postcodes, phone numbers, email addresses, NHS "
            "and National Insurance numbers, dates of birth, street addresses) by a note such "
            "as [postcode]. The scanner cannot find everything.",
            "",
        ]
    lines += ["## Contents", ""]
    if entries:
        lines += [f"{i}. {escape_text(entry_title(e))}" for i, e in enumerate(entries, start=1)]
    else:
        lines.append("No entries in this period.")
    lines += ["", "## Summary", "", *_summary(entries), "", "## Entries", ""]
    for entry in entries:
        body = entry_markdown(entry, heading_level=3).split("\n")
        # The entry's heading, then its machine-readable line, then the rest.
        lines += [body[0], "", _comment(ENTRY_MARKER, _entry_meta(entry)), *body[1:]]
    lines += ["## Supervision sessions", ""]
    if sessions:
        titles = {e.uid: entry_title(e) for e in entries}
        for session in sessions:
            lines += _session_lines(session, titles)
    else:
        lines += ["No supervision sessions recorded in this period.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def export(
    journal: ReadMixin,
    scope: ExportScope,
    *,
    fmt: str = "markdown",
    generated: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Build the document for ``scope`` in ``fmt`` ("markdown" or "cpd")."""
    generated = generated or datetime.now()
    if fmt == "cpd":  # the worker's CPD records, not the entries: see cpd_export
        from reflect.core.cpd_export import export_cpd

        text, records, found = export_cpd(
            journal,  # type: ignore[arg-type]  # Journal and Reader both read CPD records
            *scope.period,
            title=scope.title().replace("Reflective journal", "CPD records"),
            anonymise=not scope.keep_case_codes,
            generated=generated,
        )
        return ExportResult(text, records, 0, found)
    masked: Counter[str] = Counter()
    entries, sessions = collect(journal, scope, progress, masked)
    if fmt not in ("cpd", "markdown"):
        raise InvalidInput(f"Unknown format {fmt!r}: choose markdown or cpd.")
    counting = _count_meanwhile(entries, sessions)
    try:
        text = render_markdown(entries, sessions, scope, generated)
    finally:
        identifiers = counting()  # the child is waited for even if rendering failed
    return ExportResult(text, len(entries), len(sessions), identifiers, masked)


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` all at once (see `reflect.core.atomic`); private (0600).

    An existing file is refused unless ``force``.
    """
    from reflect.core.atomic import write_text_atomically
    from reflect.core.errors import FileExists, FileMissing

    path = Path(path)
    if path.exists() and not force:
        raise FileExists(f"{path} already exists: choose another name, or use --force.")
    if not path.parent.is_dir():
        raise FileMissing(f"The folder {path.parent} does not exist.")
    write_text_atomically(path, text)


def without_generated_line(text: str) -> str:
    """The document minus the line that says when it was made (for comparing exports)."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(GENERATED_PREFIX))
