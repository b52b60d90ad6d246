"""Encrypting, decrypting or re-keying a journal together with its backups.

The journal is converted first (`crypto.convert`, under its exclusive lock),
then every backup in its backups folder, whatever its name. A run killed
between the two leaves backups as they were; the next open of an encrypted
journal encrypts any still plain (`reflect.core.leftovers.tidy`). What
Reflect cannot convert is reported: backups it wrote outside its folder, and
damaged journals `restore` moved aside, which stay readable if they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.core.errors import JournalError


@dataclass(frozen=True)
class Rekeyed:
    """What changing the encryption did to the backups."""

    converted: int
    # Backups under a passphrase we were not given: left as they were.
    left: int
    # Plain copies Reflect made that this could not reach (encrypting only).
    readable_elsewhere: tuple[Path, ...] = ()
    readable_aside: tuple[Path, ...] = ()


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
        and probe(p) in (Kind.PLAIN, Kind.ENCRYPTED)
    )


def change_encryption(path: Path, backups_dir: Path, old: str | None, new: str | None) -> Rekeyed:
    """Convert the journal at ``path`` from passphrase ``old`` to ``new``, then its backups.

    None for ``old`` means the journal is plain; None for ``new``, that it is
    to be stored without encryption.
    """
    from reflect.core import crypto
    from reflect.core.leftovers import outside_backups
    from reflect.core.opening import Kind, probe

    crypto.convert(path, old, new)
    converted = left = 0
    for backup in backup_files(backups_dir):
        encrypted = probe(backup) is Kind.ENCRYPTED
        if (old is None and encrypted) or (new is None and not encrypted):
            continue  # already as wanted, or under a passphrase we do not have
        try:
            crypto.convert(backup, old if encrypted else None, new, lock=False)
            converted += 1
        except JournalError:
            left += 1
    if new is None:
        return Rekeyed(converted, left)
    elsewhere = tuple(p for p in outside_backups(backups_dir) if probe(p) is Kind.PLAIN)
    aside = tuple(
        p
        for p in (sorted(backups_dir.glob("damaged-journal-*.db")) if backups_dir.is_dir() else [])
        if probe(p) is Kind.PLAIN
    )
    return Rekeyed(converted, left, elsewhere, aside)
