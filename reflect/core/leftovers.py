"""Finding and removing what an interrupted encrypt, decrypt, restore or backup left behind.

Every whole-file write goes through `reflect.core.atomic`, which writes a
hidden temporary copy (``.NAME.converting``, ``.NAME.partial``) and holds a
lock on it while writing. A copy that nobody holds is a leftover of a run
that was killed: it may hold entries in plain text (a decrypt's copy), so it
is overwritten with zeros, flushed, and only then deleted.

An interrupted ``reflect encrypt`` can also leave backups in plain text (the
journal is converted first, its backups after): when an encrypted journal is
opened, any plain backup in its backups folder is encrypted with its key.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import replace
from pathlib import Path

from reflect.core import crypto
from reflect.core.atomic import temporary_for
from reflect.core.cipher import Kind, probe
from reflect.core.counting import counted
from reflect.core.errors import JournalError, NotAJournal, is_database_error
from reflect.core.lock import try_lock
from reflect.core.opening import Inspection, inspect

# The endings of the hidden temporary copies Reflect writes (see atomic.py).
_TEMP_ENDINGS = (".converting", ".partial", ".restoring")
_CHUNK = 1024 * 1024


def _is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(_TEMP_ENDINGS)


def _is_regular(path: Path) -> bool:
    """Whether ``path`` is a file itself (a symlink is never taken for its target)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def find(journal: Path, backups_dir: Path | None) -> list[Path]:
    """The temporary copies beside ``journal`` and in ``backups_dir`` (held or not)."""
    found = [
        journal.with_name(f".{journal.name}{ending}")
        for ending in _TEMP_ENDINGS
        if _is_regular(journal.with_name(f".{journal.name}{ending}"))
    ]
    if backups_dir is not None and backups_dir.is_dir():
        with contextlib.suppress(OSError):
            found += sorted(p for p in backups_dir.iterdir() if _is_temporary(p) and _is_regular(p))
        # A 'reflect backup --to' killed part-way: its copy beside a target it
        # noted as being written (only those: one look each, not every backup).
        found += [p for p in map(temporary_for, pending_backups(backups_dir)) if _is_regular(p)]
    return list(dict.fromkeys(found))  # a target beside the journal is found once


# Not in every platform's os (Windows has no symlinks to fear here).
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def shred(path: Path) -> bool:
    """Overwrite ``path`` with zeros, flush, delete; False if a running Reflect is writing it.

    A symlink is not followed (OSError), nor is anything but a regular file
    overwritten; OSError also when the folder cannot be written.
    """
    try:
        fd = os.open(path, os.O_RDWR | _NO_FOLLOW)
    except FileNotFoundError:
        return True
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        if not try_lock(fd):
            return False  # being written right now: not a leftover
        remaining = os.fstat(fd).st_size
        zeros = bytes(_CHUNK)
        while remaining > 0:
            remaining -= os.write(fd, zeros[: min(_CHUNK, remaining)])
        os.fsync(fd)
        path.unlink()
    finally:
        os.close(fd)
    return True


def plain_backups(backups_dir: Path | None) -> list[Path]:
    """Backups in ``backups_dir`` stored without encryption."""

    if backups_dir is None or not backups_dir.is_dir():
        return []
    with contextlib.suppress(OSError):
        return sorted(
            p
            for p in backups_dir.iterdir()
            if not p.name.startswith((".", "damaged-")) and p.is_file() and probe(p) is Kind.PLAIN
        )
    return []


def tidy_leftovers(journal: Path, backups_dir: Path | None, key: str | None) -> list[str]:
    """Remove leftovers of interrupted runs; encrypt plain backups of an encrypted journal.

    Returns one notice per kind of repair, for the user to be told once.
    """
    notices = []
    near = {journal.parent, *([backups_dir] if backups_dir is not None else [])}
    # Named in full when outside Reflect's folders (beside a 'backup --to' target).
    removed, kept = [], []
    for path in find(journal, backups_dir):
        name = path.name if path.parent in near else str(path)
        try:
            if shred(path):
                removed.append(name)
        except OSError as exc:
            # A read-only USB stick, a folder whose permissions changed: the
            # journal still opens, and the user is told what is left.
            kept.append(f"{name}: {exc.strerror or exc}")
    if removed:
        notices.append(
            f"Removed {counted(len(removed), 'unfinished copy', 'unfinished copies')} "
            f"left by an interrupted encrypt, decrypt, restore or backup ({', '.join(removed)})."
        )
    if kept:
        notices.append(
            # The pronoun far after the count agrees with it by hand.
            f"Could not remove {counted(len(kept), 'unfinished copy', 'unfinished copies')} "
            f"left by an interrupted run ({'; '.join(kept)}): delete "
            f"{'it' if len(kept) == 1 else 'them'} by hand."
        )
    if backups_dir is not None:
        # A noted target whose copy is gone (removed above, or never begun)
        # is forgotten, so the list stays as short as the runs killed.
        for target in pending_backups(backups_dir):
            if not _is_regular(temporary_for(target)):
                clear_pending(backups_dir, target)
    if key is not None:
        done = 0
        for backup in plain_backups(backups_dir):
            try:
                crypto.convert_with_keys(backup, None, key, lock=False)
                done += 1
            except Exception as exc:
                # A file that is not a whole journal, or a full disk, must not
                # stop the journal opening; anything else is a bug.
                if not isinstance(exc, JournalError | OSError) and not is_database_error(exc):
                    raise
        if done:
            notices.append(
                f"Encrypted {counted(done, 'backup', 'backups')} still stored without "
                "encryption (an earlier 'reflect encrypt' was interrupted)."
            )
    return notices


# Backups written outside the backups folder (``reflect backup --to``): an
# encrypt cannot reach them, so it lists them with a warning instead.
_OUTSIDE_LIST = ".written-elsewhere.txt"


def remember_outside(backups_dir: Path, backup: Path) -> None:
    """Note that a backup of this journal was written at ``backup``, outside its folder."""
    from reflect.paths import make_private_dir

    make_private_dir(backups_dir)
    listed = backups_dir / _OUTSIDE_LIST
    known = set(outside_backups(backups_dir, existing_only=False))
    if backup in known:
        return
    fd = os.open(listed, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(f"{backup}\n")


# Backups being written outside the backups folder right now (or by a run
# that was killed): noted before writing, forgotten once the backup is in
# place or failed, so an open looks only beside these for a leftover copy.
_PENDING_LIST = ".backups-being-written.txt"


def pending_backups(backups_dir: Path) -> list[Path]:
    """Targets outside ``backups_dir`` whose backup was begun and not yet finished."""
    try:
        lines = (backups_dir / _PENDING_LIST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return list(dict.fromkeys(Path(line) for line in lines if line.strip()))


def note_pending(backups_dir: Path, target: Path) -> None:
    """Note, before writing it, that a backup is being written at ``target``."""
    from reflect.paths import make_private_dir

    make_private_dir(backups_dir)
    fd = os.open(backups_dir / _PENDING_LIST, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(f"{target}\n")


def clear_pending(backups_dir: Path, target: Path) -> None:
    """Forget ``target`` as being written (its backup is in place, or failed and removed)."""
    listed = backups_dir / _PENDING_LIST
    rest = [p for p in pending_backups(backups_dir) if p != target]
    with contextlib.suppress(OSError):  # a stale note costs one look at the next open
        if rest:
            listed.write_text("".join(f"{p}\n" for p in rest), encoding="utf-8")
        else:
            listed.unlink(missing_ok=True)


def outside_backups(backups_dir: Path | None, *, existing_only: bool = True) -> list[Path]:
    """Backups this journal's Reflect wrote outside its backups folder (still there)."""
    if backups_dir is None:
        return []
    try:
        lines = (backups_dir / _OUTSIDE_LIST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    paths = [Path(line) for line in lines if line.strip()]
    return [p for p in paths if p.is_file()] if existing_only else paths


def inspect_and_tidy(
    path: Path,
    *,
    create: bool,
    passphrase: str | None,
    backups_dir: Path | None = None,
    tidy: bool = True,
) -> Inspection:
    """`reflect.core.opening.inspect`, then (with ``tidy``) remove what interrupted runs left.

    Leftovers are removed only once the journal is accepted, and each removal
    is told once in the inspection's notices. A backup is refused (NotAJournal):
    only `reflect restore` reads one.
    """
    found = inspect(path, create=create, passphrase=passphrase, backups_dir=backups_dir, tidy=tidy)
    if found.backup:
        raise NotAJournal(
            f"{found.path} is a Reflect backup, not a journal: to put it back in place of the "
            f"journal, run: reflect restore '{found.path}'"
        )
    if not tidy or found.kind not in (Kind.PLAIN, Kind.ENCRYPTED):
        return found
    removed = tidy_leftovers(found.path, backups_dir, found.key)
    return replace(found, notices=(*found.notices, *removed)) if removed else found
