"""Reading an archive, or a v0.1 Markdown export, back into a journal.

The whole file is read and checked before anything is written, so a damaged
or edited file is refused in one plain sentence and the journal is left as
it was. Entries already in the journal (same uid) are skipped, so importing
twice adds nothing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from reflect.core.export.archive import is_archive, read_archive
from reflect.core.export.parsed import ImportRefused, ParsedExport, ParsedSession
from reflect.core.journal import Journal, TermError
from reflect.core.progress import Progress

__all__ = [
    "ImportRefused",
    "ImportResult",
    "ParsedExport",
    "ParsedSession",
    "import_export",
    "import_file",
    "parse_export",
]


@dataclass(frozen=True)
class ImportResult:
    """What an import added."""

    entries_added: int
    entries_skipped: int
    sessions_added: int


def parse_export(text: str, origin: str = "the file") -> ParsedExport:
    """Read an archive or a v0.1 export's text; `ImportRefused` if it is neither, or damaged."""
    if is_archive(text):
        return read_archive(text, origin)
    # Only v0.1 exports need the Markdown reader (markdown-it, about 25 ms to import).
    from reflect.core.export.legacy import read_v01

    return read_v01(text, origin)


def import_export(
    journal: Journal, parsed: ParsedExport, progress: Progress | None = None
) -> ImportResult:
    """Add what ``parsed`` holds to ``journal``; entries and sessions already there are skipped.

    ``progress`` counts the entries written.
    """
    # One batch, so the entries go in as one transaction: all of them or none.
    added = journal.add_records(
        parsed.records, batch_size=max(1, len(parsed.records)), progress=progress
    )
    for term in parsed.terms:
        # Skipped when the journal already has a period of that name.
        with contextlib.suppress(TermError):
            journal.add_term(*term)
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
        existing.add((session.session_date, session.initials, session.notes))
        sessions_added += 1
    return ImportResult(added, len(parsed.records) - added, sessions_added)


def import_file(journal: Journal, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import the archive or export at ``path``; ``progress`` counts the entries written."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a file.") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRefused(f"{path} is not a Reflect export (it is not text).") from None
    return import_export(journal, parse_export(text, str(path)), progress)
