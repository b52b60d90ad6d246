"""Reading an archive, or a v0.1 Markdown export, back into a journal.

An archive's entries are written as they are read, in one transaction, so a
damaged or edited file is refused in one plain sentence and the journal is
left as it was (`reflect import` removes a journal it made for the file
and left empty). `check_import` refuses what is plainly no archive before
any journal is opened. Entries and CPD records already in the journal
(same uid), sessions already there (same date, supervisor and notes) and
words already on a list are skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from reflect.core.collector import no_cycle_collection
from reflect.core.errors import TermError
from reflect.core.export.archive import MAGIC, ArchiveReading, is_archive, read_archive
from reflect.core.export.parsed import ImportRefused, ParsedExport, ParsedSession
from reflect.core.progress import Progress
from reflect.core.supervision import supervisor_field

if TYPE_CHECKING:
    from reflect.core.cpd import ArchivedCpd
    from reflect.core.journal import Journal
    from reflect.core.records import EntryRecord
    from reflect.core.wordlists import ListedWord
    from reflect.core.writer import Writer

    # What an import writes to: a `Journal`, or the command's `Writer` (no SQLAlchemy).
    Target = Journal | Writer

ARCHIVE_MAGIC = MAGIC.encode("ascii")
ENTRY_LINE = b'{"entry":'

__all__ = [
    "ImportRefused",
    "ImportResult",
    "ParsedExport",
    "ParsedSession",
    "check_import",
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
    # Entries here that the file holds a newer, different version of: not
    # taken (without ``take_newer``), or taken in place of the journal's.
    entries_newer_in_file: tuple[tuple[date, str], ...] = ()
    entries_replaced: tuple[tuple[date, str], ...] = ()


def parse_export(text: str, origin: str = "the file") -> ParsedExport:
    """Read an archive or a v0.1 export's text; `ImportRefused` if it is neither, or damaged."""
    if is_archive(text):
        return read_archive(text, origin)
    # Only v0.1 exports need the Markdown reader (markdown-it, about 25 ms to import).
    from reflect.core.export.legacy import read_v01

    return read_v01(text, origin)


def import_export(
    journal: Target,
    parsed: ParsedExport,
    progress: Progress | None = None,
    *,
    take_newer: bool = False,
) -> ImportResult:
    """Add what ``parsed`` holds to ``journal``; entries and sessions already there are skipped.

    ``progress`` counts the entries written. With ``take_newer``, an entry
    the file holds a newer version of is replaced by it (see `import_file`).
    """
    records = iter(parsed.records)
    return _write(journal, records, parsed, len(parsed.records), progress, take_newer)


class _TheRest(Protocol):
    """What a file holds besides its entries (`ParsedExport`, or `ArchiveReading` once read)."""

    @property
    def terms(self) -> Sequence[tuple[str, date, date]]: ...
    @property
    def sessions(self) -> Sequence[ParsedSession]: ...
    @property
    def cpd(self) -> Sequence[ArchivedCpd]: ...
    @property
    def words(self) -> Sequence[ListedWord] | None: ...


def _write(
    journal: Target,
    records: Iterator[EntryRecord],
    rest: _TheRest,
    total: int,
    progress: Progress | None,
    take_newer: bool = False,
) -> ImportResult:
    """Write the entries as ``records`` yields them, in one transaction, then ``rest``.

    ``rest`` is complete only once ``records`` is used up (an archive's
    sessions come after its entries).
    """
    # One transaction, so the entries go in all of them or none; a version
    # already here that differs is named, not skipped without a word.
    entries = journal.add_records_as_read(
        records, total=total, progress=progress, take_newer=take_newer
    )
    for term in rest.terms:
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
    for session in rest.sessions:
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
    cpd_added = journal.add_archived_cpd(rest.cpd, session_ids) if rest.cpd else 0
    words_added = journal.add_listed_words(rest.words) if rest.words else 0
    return ImportResult(
        entries.added,
        entries.skipped,
        sessions_added,
        cpd_added,
        len(rest.cpd) - cpd_added,
        words_added,
        entries.differing,
        entries.newer_in_file,
        entries.replaced,
    )


def import_file(
    journal: Target, path: Path, progress: Progress | None = None, *, take_newer: bool = False
) -> ImportResult:
    """Import the archive or export at ``path``; ``progress`` counts the entries written.

    With ``take_newer``, an entry here that the file holds a newer version of
    (saved later there, and different) is replaced by the file's version:
    its details, answers, tags and actions, with the journal's version kept
    in its history; never one saved here at the same time or later.

    An archive is written as it is read, a batch of entries at a time, in one
    transaction: never held whole, so an archive of 100,000 entries imports
    in the memory of a few hundred. A damaged line, even the last, rolls the
    transaction back and nothing is imported. Entries already here are
    skipped; those whose words differ are named, for which only the file's
    uids are kept (to refuse an entry twice), never its texts.
    """
    origin = str(path)
    with no_cycle_collection(), _refused_unreadable(path), Path(path).open("rb") as handle:
        first = handle.readline()
        if not first.startswith(ARCHIVE_MAGIC):
            parsed = parse_export((first + handle.read()).decode("utf-8"), origin)
            return import_export(journal, parsed, progress, take_newer=take_newer)
        total = _entry_lines(handle)  # for progress: a quick count of bytes, nothing kept
        handle.seek(len(first))
        reading = ArchiveReading(_lines(first, handle), origin)
        return _write(journal, reading.entries(), reading, total, progress, take_newer)


def check_import(path: Path, *, whole: bool = True) -> None:
    """Refuse a file that cannot be imported (`ImportRefused`), before any journal is opened.

    A missing file, a folder, or one that is neither an archive nor a v0.1
    export is refused at once; with ``whole``, every line of an archive is
    read and checked too (and nothing kept). Review 25: a failed import into
    a fresh folder made an unencrypted journal without a word, and the app
    then skipped its passphrase screen. `reflect import` now checks without
    ``whole`` and lets `import_file` find a damage as it writes (the file
    read once, not twice); it then removes the journal it made, which holds
    nothing (`reflect.core.writer.remove_made_journal`).
    """
    origin = str(path)
    with no_cycle_collection(), _refused_unreadable(path), Path(path).open("rb") as handle:
        first = handle.readline()
        if not first.startswith(ARCHIVE_MAGIC):
            parse_export((first + handle.read()).decode("utf-8"), origin)
        elif whole:
            for _ in ArchiveReading(_lines(first, handle), origin).entries():
                pass


@contextlib.contextmanager
def _refused_unreadable(path: Path) -> Iterator[None]:
    """A file that is missing, a folder or not text: refused in one sentence."""
    try:
        yield
    except FileNotFoundError:
        raise ImportRefused(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path} is a folder, not a file.") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{path} is not a Reflect export (it is not text).") from None


def _lines(first: bytes, handle: BinaryIO) -> Iterator[str]:
    """The archive's lines as ``text.split("\\n")`` cuts them, decoded one by one.

    ("\\n" is never part of another character in UTF-8, so each line decodes
    as it would within the whole; a last piece that is empty is no line.)
    """
    return (raw.removesuffix(b"\n").decode("utf-8") for raw in chain((first,), handle))


def _entry_lines(handle: BinaryIO) -> int:
    """How many lines from here on are entries (Reflect writes each on a line of its own)."""
    return sum(1 for raw in handle if raw.startswith(ENTRY_LINE))
