"""Checking a journal and putting a backup back: the file surgery, kept out of the command line.

`restore` works whatever state the journal is in. A journal that opens is
first kept as a checked backup; one that is damaged, unreadable or empty is
moved aside into the backups folder, never deleted. Then a journal is
built from the backup (`reflect.core.backup_restore`; a backup made by an
earlier version, a whole copy of the journal, is copied) and put in place
through `reflect.core.atomic`, under the journal's exclusive lock, so no
running Reflect goes on writing to the old file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reflect.core.errors import (
    DiskFull,
    JournalError,
    JournalInUse,
    NotWritable,
    RestoreRefused,
)
from reflect.core.progress import Progress


@dataclass(frozen=True)
class BackupSummary:
    """A backup checked before it is put back."""

    path: Path
    entries: int


@dataclass(frozen=True)
class Restored:
    """What `restore` did."""

    entries: int
    # The journal as it was: a checked backup, or the file moved aside.
    kept: Path | None
    moved_aside: bool
    # Entries in the journal that was replaced, when it opened (None otherwise).
    replaced_entries: int | None = None


@dataclass(frozen=True)
class CheckReport:
    """What `check` found and repaired."""

    problems: list[str]
    repaired: list[str] = field(default_factory=list)

    @property
    def only_search_index(self) -> bool:
        """Whether every problem is in the search index (which can be rebuilt)."""
        return bool(self.problems) and all(p.startswith("search index") for p in self.problems)


def check(
    path: Path,
    passphrase: str | None,
    backups_dir: Path | None,
    *,
    repair_search: bool = False,
    progress: Progress | None = None,
) -> CheckReport:
    """Check the journal file, its links and its search index; repair what can be repaired.

    Opening the journal removes leftovers of interrupted runs and tightens
    its modes; those repairs are reported in ``repaired``. With
    ``repair_search``, a damaged search index (and only that) is rebuilt.
    ``progress`` counts the parts checked (`check_journal`).
    """
    from reflect.core.journal import Journal
    from reflect.core.store import check_journal, rebuild_search_index

    with Journal.open(path, create=False, passphrase=passphrase, backups_dir=backups_dir) as j:
        repaired = list(j.notices)
        problems = check_journal(j.engine, progress)
        report = CheckReport(problems, repaired)
        if repair_search and report.only_search_index:
            rebuild_search_index(j.engine)
            problems = check_journal(j.engine)
            if not problems:
                repaired.append("The search index was rebuilt.")
            report = CheckReport(problems, repaired)
    return report


def inspect_backup(
    source: Path, passphrase: str | None, progress: Progress | None = None
) -> BackupSummary:
    """Check the backup ``source`` (no lock) and count its entries; RestoreRefused if it is bad.

    A compact backup has every batch of rows read back
    (`reflect.core.backup_restore.check_compact`); a backup made by an
    earlier version, a whole copy of the journal, is opened and checked as
    a journal. ``progress`` counts hundredths, or the parts checked.
    """
    from reflect.core import search_index
    from reflect.core.backup_restore import check_compact, identify
    from reflect.core.journal import Journal
    from reflect.core.store import check_journal

    found = identify(source, passphrase)
    if found.compact:
        return BackupSummary(source, check_compact(source, found.key, progress).entries)
    with Journal.open(source, create=False, passphrase=passphrase, lock=False) as backup:
        problems = check_journal(backup.engine, progress)
        if search_index.is_left_out(backup.engine):  # backups leave it out: rebuilt on restore
            problems = [p for p in problems if not p.startswith("search index")]
        entries = backup.count_entries()
    if problems:
        raise RestoreRefused(
            f"{source} did not check out ({problems[0]}); the journal was not changed."
        )
    return BackupSummary(source, entries)


def _stamp(now: datetime) -> str:
    return f"{now:%Y-%m-%d-%H%M%S}"


def _unused(folder: Path, stem: str) -> Path:
    """``folder/stem.db``, or ``stem-2.db``, ``stem-3.db``... when a file has that name.

    Two restores within one second (or a leftover of a stopped one) would
    otherwise want the same name, and the second found its file taken.
    """
    candidate, n = folder / f"{stem}.db", 1
    while any(Path(f"{candidate}{s}").exists() for s in ("", "-wal", "-shm", ".partial")):
        n += 1
        candidate = folder / f"{stem}-{n}.db"
    return candidate


def _keep_current(
    path: Path,
    passphrase: str | None,
    backups_dir: Path,
    now: datetime,
    progress: Progress | None = None,
) -> tuple[Path | None, bool, int | None]:
    """Keep the journal as it is now as a checked backup if it opens.

    Returns (kept, must move aside, its entries when it opened).

    Called under the journal's exclusive lock. A journal that is damaged,
    empty, or under a passphrase we do not have must be moved aside instead.
    A full disk or a read-only folder stops the restore with nothing changed.
    """
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal
    from reflect.core.opening import Kind, probe
    from reflect.paths import make_private_dir

    kind = probe(path)
    if kind is Kind.MISSING:
        return None, False, None
    make_private_dir(backups_dir)
    if kind is Kind.EMPTY:
        return None, True, None
    kept = _unused(backups_dir, f"journal-{_stamp(now)}-before-restore")
    try:
        with Journal.open(path, create=False, passphrase=passphrase, lock=False) as current:
            make_backup(current, kept, progress=progress)
            entries = current.count_entries()
    except (JournalInUse, DiskFull, NotWritable):
        raise
    except JournalError:
        return None, True, None  # damaged, or a passphrase we do not have
    return kept, False, entries


def _move_aside(path: Path, backups_dir: Path, now: datetime) -> Path:
    """Move the journal (and its -wal, -shm) into the backups folder; never delete it."""
    # Named so it is never taken for a backup to restore from.
    aside = _unused(backups_dir, f"damaged-journal-{_stamp(now)}")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            _move(Path(f"{path}{suffix}"), Path(f"{aside}{suffix}"))
    return aside


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError:  # another file system: copy, flush, then remove
        shutil.copy2(source, target)
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
        source.unlink()


def restore(
    path: Path,
    source: Path,
    backups_dir: Path,
    *,
    entries: int,
    journal_passphrase: str | None,
    backup_passphrase: str | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Restored:
    """Put the checked backup ``source`` in place of the journal at ``path``.

    The journal as it is now is kept first (`_keep_current`). A compact
    backup (opened with ``backup_passphrase``) is built into a new journal
    and checked (`reflect.core.backup_restore.build_journal`), one made by
    an earlier version is copied; either way into a temporary file that
    replaces the journal only once complete. ``progress`` counts
    hundredths: keeping the journal to 40, the rest after. A journal open
    in Reflect is refused (JournalInUse) and left as it was.
    """
    from reflect.core.atomic import replacing
    from reflect.core.backup_restore import build_journal, identify
    from reflect.core.lock import exclusive
    from reflect.core.progress import part
    from reflect.paths import make_private_dir

    path, source = Path(path), Path(source).absolute()
    if source == path.absolute():
        raise RestoreRefused("That is the journal itself, not a backup of it.")
    now = now or datetime.now()
    found = identify(source, backup_passphrase)
    make_private_dir(path.parent)
    with exclusive(path):
        kept, move, replaced = _keep_current(
            path, journal_passphrase, backups_dir, now, part(progress, 0, 40, 100)
        )
        temporary = path.with_name(f".{path.name}.restoring")
        with replacing(path, temporary=temporary) as temp:
            if found.compact:
                build_journal(source, found.key, temp, part(progress, 40, 100, 100))
            else:
                shutil.copyfile(source, temp)
            if move:  # only once the copy is complete: a full disk changes nothing
                kept = _move_aside(path, backups_dir, now)
            # The old journal's log must not be applied to the restored file.
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
    return Restored(entries, kept, move, replaced)
