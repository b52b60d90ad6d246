"""Reading an archive, or a v0.1 Markdown export, back into a journal.

The whole file is read and checked before anything is written, so a damaged
or edited file is refused in one plain sentence and the journal is left as
it was. Entries and CPD records already in the journal (same uid), sessions
already there (same date, supervisor and notes) and words already on a list
are skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from reflect.core.export.archive import MAGIC, is_archive, read_archive
from reflect.core.export.parsed import ImportRefused, ParsedExport, ParsedSession
from reflect.core.journal import Journal, TermError
from reflect.core.progress import Progress
from reflect.core.supervision import supervisor_field

ARCHIVE_MAGIC = MAGIC.encode("ascii")

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
    cpd_added: int = 0
    cpd_skipped: int = 0
    words_added: int = 0
    # Entries skipped as already here whose words differ in the file: each
    # (visit date, case code). The journal's version was kept.
    entries_differing: tuple[tuple[date, str], ...] = ()


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
    # Looked at before adding: what is here already is skipped, and a
    # version that differs must not be skipped without a word.
    differing = tuple((r.visit_date, r.case_code) for r in journal.differing(parsed.records))
    # One batch, so the entries go in as one transaction: all of them or none.
    added = journal.add_records(
        parsed.records, batch_size=max(1, len(parsed.records)), progress=progress
    )
    for term in parsed.terms:
        # Skipped when the journal already has a period of that name.
        with contextlib.suppress(TermError):
            journal.add_term(*term)
    # The journal's id for each session, by what the importer matches sessions on.
    existing = {
        (s.session_date, s.supervisor_initials, s.notes): s.id
        for s in journal.supervision_sessions()
    }
    sessions_added = 0
    session_ids: list[int] = []  # in the file's order, for the CPD records' links
    for session in parsed.sessions:
        # Keyed as the journal keeps a session's supervisor, so an archive written
        # by hand or by an older Reflect matches the session it added last time.
        key = (session.session_date, supervisor_field(session.initials), session.notes)
        if key not in existing:
            existing[key] = journal.add_supervision_session(
                session.session_date,
                supervisor_initials=session.initials,
                notes=session.notes,
                entry_uids=session.entry_uids,
                actions=session.actions,
            ).id
            sessions_added += 1
        session_ids.append(existing[key])
    cpd_added = journal.add_archived_cpd(parsed.cpd, session_ids) if parsed.cpd else 0
    words_added = journal.add_listed_words(parsed.words) if parsed.words else 0
    return ImportResult(
        added,
        len(parsed.records) - added,
        sessions_added,
        cpd_added,
        len(parsed.cpd) - cpd_added,
        words_added,
        differing,
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused (it ran about 250 times in a term's import).

    Reading a term makes hundreds of thousands of small objects, none in a
    cycle, and each collection walked them all again: about 5% of the time.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def import_file(journal: Journal, path: Path, progress: Progress | None = None) -> ImportResult:
    """Import the archive or export at ``path``; ``progress`` counts the entries written."""
    return import_read(journal, read_import(path), progress)


def read_import(path: Path) -> ParsedExport:
    """What the archive or export at ``path`` holds, checked whole; `ImportRefused` if it cannot be.

    Read before any journal is opened: a file that cannot be imported must
    not leave a new journal behind (review 25: a failed import into a fresh
    folder made an unencrypted journal without a word, and the app then
    skipped its passphrase screen).
    """
    with _no_cycle_collection():
        try:
            with Path(path).open("rb") as handle:
                return _read(handle, str(path))
        except FileNotFoundError:
            raise ImportRefused(f"There is no file at {path}.") from None
        except IsADirectoryError:
            raise ImportRefused(f"{path} is a folder, not a file.") from None
        except UnicodeDecodeError:
            raise ImportRefused(f"{path} is not a Reflect export (it is not text).") from None


def import_read(
    journal: Journal, parsed: ParsedExport, progress: Progress | None = None
) -> ImportResult:
    """Write what `read_import` read into ``journal``, in one transaction."""
    with _no_cycle_collection():
        return import_export(journal, parsed, progress)


def _read(handle: BinaryIO, origin: str) -> ParsedExport:
    """What the file holds: an archive a line at a time, anything else whole.

    An archive is never held whole, as bytes or as text: only what each line
    becomes is kept (a whole 10,000-entry journal's archive is 53 MB).
    """
    first = handle.readline()
    if not first.startswith(ARCHIVE_MAGIC):
        return parse_export((first + handle.read()).decode("utf-8"), origin)
    # The lines of ``text.split("\n")``, decoded one by one ("\n" is never
    # part of another character in UTF-8, so each line decodes as it would
    # within the whole); a last piece that is empty is no line.
    lines = (raw.removesuffix(b"\n").decode("utf-8") for raw in chain((first,), handle))
    return read_archive(lines, origin)
