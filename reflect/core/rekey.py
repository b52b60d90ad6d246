"""Encrypting, decrypting or re-keying a journal together with its backups.

Under the journal's exclusive lock, a converted copy of the journal and of
every backup in its backups folder (whatever its name) is written and
checked first; only then are they renamed into place, one after another. A
run killed while the copies are written changes nothing (the copies are
leftovers the next open shreds). The renames take milliseconds, and the
journal goes last, so it is never encrypted while a backup is still plain.
Decrypting is the exception: its copies are plain, so each is written and
renamed in turn, the journal first, and at most one plain copy ever sits
beside an encrypted file.
Should a run still stop between renames, the next open of an encrypted
journal encrypts any plain backup (`reflect.core.leftovers.tidy_leftovers`).

What Reflect cannot convert is reported: backups it wrote outside its
folder, and damaged journals `restore` moved aside, which stay readable if
they were.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from reflect.core.atomic import held, put_in_place
from reflect.core.errors import JournalError, JournalMissing, PassphraseNeeded
from reflect.core.progress import Progress, part, tell


@dataclass(frozen=True)
class Rekeyed:
    """What changing the encryption did to the backups."""

    converted: int
    # Backups under a passphrase we were not given: left as they were.
    left: int
    # Plain copies Reflect made that this could not reach (encrypting only).
    readable_elsewhere: tuple[Path, ...] = ()
    readable_aside: tuple[Path, ...] = ()


def _write_copies(
    jobs: list[tuple[Path, str | None]],
    new_key: str | None,
    held_copies: ExitStack,
    progress: Progress | None = None,
) -> tuple[list[tuple[Path, Path]], int]:
    """Write and check a converted copy of each file; ([(file, copy)], backups left as they were).

    Each copy stays locked in ``held_copies`` until it is renamed, so no
    other Reflect takes it for a leftover. The first job is the journal: if
    its copy fails, every copy is removed and the error raised. A backup
    whose copy fails (another passphrase, not a journal) is left as it was.
    Anything else (a full disk) removes every copy and is raised: nothing has
    been changed. ``progress`` counts the files written.
    """
    from reflect.core import crypto

    ready: list[tuple[Path, Path]] = []
    mine: list[Path] = []
    left = 0
    try:
        for index, (target, old_key) in enumerate(jobs):
            temporary = crypto.converting_copy(target)
            held_copies.enter_context(held(temporary))
            mine.append(temporary)
            try:
                crypto.fill_converted(
                    target, old_key, new_key, temporary, part(progress, index, index, len(jobs))
                )
            except JournalError:
                temporary.unlink(missing_ok=True)
                if index == 0:
                    raise
                left += 1
                tell(progress, index + 1, len(jobs))
                continue
            ready.append((target, temporary))
            tell(progress, index + 1, len(jobs))
    except BaseException:
        for temporary in mine:
            temporary.unlink(missing_ok=True)
        raise
    return ready, left


def backup_files(backups_dir: Path) -> list[Path]:
    """Every backup in ``backups_dir``, whatever its name (``backup --to`` too)."""
    from reflect.core.opening import Kind, probe

    if not backups_dir.is_dir():
        return []
    return sorted(
        p
        for p in backups_dir.iterdir()
        if not p.name.startswith((".", "damaged-"))
        and p.is_file()
        and probe(p, deep=True) in (Kind.PLAIN, Kind.ENCRYPTED)
    )


def change_encryption(
    path: Path,
    backups_dir: Path,
    old: str | None,
    new: str | None,
    progress: Progress | None = None,
) -> Rekeyed:
    """Convert the journal at ``path`` from passphrase ``old`` to ``new``, then its backups.

    None for ``old`` means the journal is plain; None for ``new``, that it is
    to be stored without encryption. ``progress`` counts the files (the
    journal and each backup) converted.
    """
    from reflect.core import crypto
    from reflect.core.leftovers import outside_backups
    from reflect.core.lock import exclusive
    from reflect.core.opening import Kind, probe

    path = Path(path)
    if not path.exists():
        raise JournalMissing(f"There is no journal at {path}.")
    # The deep look: encrypt, decrypt and passphrase run rarely, and must not
    # take a damaged plain journal for an encrypted one.
    kind = probe(path, deep=True)
    if kind is Kind.DAMAGED:
        from reflect.core.opening import DAMAGED_START, damaged

        raise damaged(path, backups_dir, DAMAGED_START)
    if kind is Kind.ENCRYPTED:
        if old is None:
            raise PassphraseNeeded(f"{path} is encrypted: its passphrase is needed.")
        crypto.read_encrypted_version(path, old)  # a wrong passphrase stops here
        journal_key = crypto.key_for(path, old)
    else:
        journal_key = None
    new_key = crypto.new_key(new) if new is not None else None
    jobs: list[tuple[Path, str | None]] = [(path, journal_key)]
    for backup in backup_files(backups_dir):
        encrypted = probe(backup, deep=True) is Kind.ENCRYPTED
        if (old is None and encrypted) or (new is None and not encrypted):
            continue  # already as wanted, or under a passphrase we do not have
        jobs.append((backup, crypto.key_for(backup, old) if encrypted and old else None))
    converted = left = 0
    with exclusive(path):
        if new is None:
            # Decrypting writes plain copies: one at a time, each renamed at
            # once, so at most one plain copy ever sits beside an encrypted file.
            for index, (target, old_key) in enumerate(jobs):
                try:
                    with ExitStack() as held_copies:
                        ((_, temporary),), _ = _write_copies([(target, old_key)], None, held_copies)
                        put_in_place(temporary, target)
                except JournalError:
                    if index == 0:
                        raise  # the journal itself: nothing has been changed
                    left += 1  # a backup under another passphrase: as it was
                    tell(progress, index + 1, len(jobs))
                    continue
                tell(progress, index + 1, len(jobs))
                crypto.drop_log(target)
                converted += index > 0
        else:
            with ExitStack() as held_copies:
                ready, left = _write_copies(jobs, new_key, held_copies, progress)
                # Encrypting: the journal last, so it is never encrypted while a
                # backup is still plain.
                for target, temporary in [*ready[1:], ready[0]]:
                    put_in_place(temporary, target)
                    crypto.drop_log(target)
            converted = len(ready) - 1
    if new is None:
        return Rekeyed(converted, left)
    elsewhere = tuple(p for p in outside_backups(backups_dir) if _readable(p))
    return Rekeyed(converted, left, elsewhere, readable_moved_aside(backups_dir))


def _readable(path: Path) -> bool:
    """Whether ``path`` is a journal anyone can read: plain, or plain with damaged first bytes."""
    from reflect.core.opening import Kind, probe

    return probe(path, deep=True) in (Kind.PLAIN, Kind.DAMAGED)


def readable_moved_aside(backups_dir: Path) -> tuple[Path, ...]:
    """Damaged journals `reflect restore` moved into ``backups_dir`` that are not encrypted."""
    found = sorted(backups_dir.glob("damaged-journal-*.db")) if backups_dir.is_dir() else []
    return tuple(p for p in found if _readable(p))
