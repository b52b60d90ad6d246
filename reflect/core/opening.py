"""The one way a journal file is looked at before it is opened.

`inspect` reads the file once and says what it is: missing, empty, plain,
encrypted, newer than this Reflect, damaged, or in use by another program.
For an encrypted journal it derives the SQLCipher key once (cached for the
process, see `cipher.raw_key`) and hands on the raw key, so every connection
after that opens without deriving it again.

Opening also tidies what a journal must not keep: group- or world-readable
modes on the file and its -wal/-shm are made private, and leftovers of an
interrupted encrypt, decrypt, passphrase change, restore or backup are
overwritten and removed (`reflect.core.leftovers.inspect_and_tidy`, which
builds on `inspect`). Each is said once, in `Inspection.notices`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.cipher import MIN_PAGE as MIN_PAGE  # re-exported
from reflect.core.cipher import PLAIN_HEADER as PLAIN_HEADER  # re-exported
from reflect.core.cipher import SALT_BYTES, connect_raw, raw_key, salt_of, sqlcipher
from reflect.core.cipher import Kind as Kind  # re-exported
from reflect.core.cipher import probe as probe  # re-exported
from reflect.core.errors import (
    JournalDamaged,
    JournalError,
    JournalInUse,
    JournalMissing,
    JournalTooNew,
    NotAJournal,
    NotWritable,
    PassphraseNeeded,
    WrongPassphrase,
    damaged_advice,
)
from reflect.core.files import LATEST_VERSION

ENV_PASSPHRASE = "REFLECT_PASSPHRASE"
# Why a plain journal whose first bytes are damaged cannot be opened.
DAMAGED_START = "its first bytes are damaged; it is not encrypted"
_SIDE_FILES = ("", "-wal", "-shm")
# SQLCipher 4's page size, which every encrypted journal and backup has: a
# file that is not a whole number of them was cut short.
SQLCIPHER_PAGE = 4096


@dataclass(frozen=True)
class Inspection:
    """What `inspect` found: enough to open the journal without looking again."""

    path: Path
    kind: Kind
    version: int
    # The SQLCipher raw key (PRAGMA key value) for an encrypted journal, else None.
    key: str | None
    notices: tuple[str, ...] = field(default=())
    # Where this journal's backups are, for messages about a damaged journal.
    backups_dir: Path | None = None
    # A backup (`reflect.core.backup_format`), which only restore reads.
    backup: bool = False

    @property
    def encrypted(self) -> bool:
        """Whether the journal is (or will be created) encrypted."""
        return self.key is not None


def inspect(
    path: Path,
    *,
    create: bool,
    passphrase: str | None,
    backups_dir: Path | None = None,
    tidy: bool = True,
) -> Inspection:
    """Look at the journal at ``path`` once and say how to open it.

    Raises a catalogue error (reflect.core.errors) for a read-only folder or
    file, a folder in its place, a missing journal (unless ``create``), a
    file that is neither SQLite nor opened by the passphrase, a missing or
    wrong passphrase, a damaged file (naming the newest backup in
    ``backups_dir``), a journal in use by another program, and a journal from
    a newer Reflect. Nothing is written to a refused file (though with
    ``tidy`` a file others could read is made private first). Leftovers of
    interrupted runs are removed by `reflect.core.leftovers.inspect_and_tidy`,
    which calls this first; ``tidy=False`` is for backups, which are only read.
    """
    path = Path(path)
    _check_folder(path, create)
    kind = probe(path)
    if kind is Kind.OTHER and path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal file.")
    if kind is Kind.MISSING and not create:
        raise JournalMissing(f"There is no journal at {path}.")
    if kind is Kind.MISSING and not path.parent.exists():
        raise JournalError(f"The folder {path.parent} does not exist.")
    key = None
    version = 0
    backup = False
    notices: list[str] = []
    if tidy and kind in (Kind.PLAIN, Kind.ENCRYPTED, Kind.DAMAGED):
        # Before anything reads it: SQLite gives a new -wal and -shm the file's mode.
        notices += tighten_modes(path)
    if kind in (Kind.MISSING, Kind.EMPTY):
        _make_private(path)  # SQLite gives -wal and -shm the journal's own mode
        if passphrase is not None:
            key = raw_key(passphrase, os.urandom(SALT_BYTES))
    elif kind is Kind.PLAIN:
        version, backup = _plain_version(path, backups_dir)
    elif kind is Kind.DAMAGED:
        raise damaged(path, backups_dir, DAMAGED_START)
    elif kind is Kind.OTHER or passphrase is None:
        raise _damaged_deep_down(path, backups_dir) or _not_readable(path, kind)
    else:
        key = raw_key(passphrase, salt_of(path))
        try:
            version, backup = _encrypted_version(path, key, backups_dir)
        except WrongPassphrase as wrong:
            deep = _damaged_deep_down(path, backups_dir)
            if deep is not None:
                raise deep from None
            raise _salt_damaged_or_wrong(path, passphrase, backups_dir, wrong) from None
    if version > LATEST_VERSION:
        raise JournalTooNew(
            f"{path} was written by a newer version of Reflect (journal version "
            f"{version}, this Reflect knows up to {LATEST_VERSION}); "
            "please update Reflect to open it. The journal has not been changed."
        )
    return Inspection(path, kind, version, key, tuple(notices), backups_dir, backup)


def _check_folder(path: Path, create: bool) -> None:
    if path.parent.is_dir() and not path.is_dir() and (path.exists() or create):
        # SQLite keeps its write-ahead log beside the journal, so even reading
        # needs a folder it can write in; say so plainly rather than fail later.
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise NotWritable(
                f"Reflect cannot write in {path.parent}: the folder is read-only. The journal "
                "has not been changed. Make the folder writable, or copy the journal somewhere "
                "that is and open it with --db."
            )
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise NotWritable(
                f"Reflect cannot write to {path}: the file is read-only. It has not been changed. "
                "Make it writable (or copy it) and try again."
            )


def _damaged_deep_down(path: Path, backups_dir: Path | None) -> JournalDamaged | None:
    """The damaged-journal error if the deep look finds a plain journal's schema, else None.

    Asked only once the quick look has failed to open the file, so an
    encrypted journal that opens is never read further than its first page.
    """
    if probe(path, deep=True) is Kind.DAMAGED:
        return damaged(path, backups_dir, DAMAGED_START)
    return None


def newest_encrypted_backup(backups_dir: Path) -> Path | None:
    """The most recently written encrypted backup (``journal-*.db``) in ``backups_dir``, or None."""
    try:
        found = [p for p in backups_dir.glob("journal-*.db") if p.is_file()]
    except OSError:
        return None
    for candidate in sorted(found, key=lambda p: p.stat().st_mtime, reverse=True):
        if probe(candidate) is Kind.ENCRYPTED:
            return candidate
    return None


def _salt_damaged_or_wrong(
    path: Path, passphrase: str, backups_dir: Path | None, wrong: WrongPassphrase
) -> JournalError:
    """After a passphrase failed: the journal is damaged if it opens the newest backup.

    The key is derived from the salt in the file's first 16 bytes, so damage
    there (or anywhere in page 1, whose check then fails) makes every
    passphrase fail. Only here, once the passphrase has
    failed, is the newest encrypted backup tried with it: if it opens the
    backup, the passphrase is right and the journal is damaged. That costs one
    more key derivation (0.13 s here) when the salts differ; a backup Reflect
    made shares an intact journal's salt, whose key is already derived. Neither
    file is written.
    """
    if backups_dir is None:
        return wrong
    backup = newest_encrypted_backup(backups_dir)
    if backup is not None and first_page_opens(backup, passphrase):
        return JournalDamaged(
            f"{path} is damaged (its first bytes are damaged, so no passphrase opens it: "
            f"yours is right, it opens the backup {backup.name}). Put that backup back with: "
            f"reflect --db '{path}' restore '{backup}'"
        )
    return WrongPassphrase(
        f"{wrong} If you are sure of it, the file may be damaged: run reflect --db '{path}' "
        f"check, then put a backup from {backups_dir} back with: reflect --db '{path}' "
        "restore FILE"
    )


def _not_readable(path: Path, kind: Kind) -> JournalError:
    if kind is Kind.ENCRYPTED:
        return PassphraseNeeded(
            f"{path} is encrypted, or not a Reflect journal: if it is encrypted, Reflect needs "
            f"its passphrase (it asks, or reads {ENV_PASSPHRASE})."
        )
    return NotAJournal(f"{path} is encrypted, or not a Reflect journal.")


def in_use(path: Path) -> JournalInUse:
    """The error for a journal held by another program."""
    return JournalInUse(
        f"{path} is in use by another program; try again in a moment. Nothing has been changed."
    )


def damaged(path: Path, backups_dir: Path | None, detail: str = "") -> JournalDamaged:
    """The error for a damaged journal, naming the newest backup and the restore command."""
    why = f" ({detail})" if detail else ""
    return JournalDamaged(f"{path} is damaged{why}. {damaged_advice(path, backups_dir)}")


def _truncated(path: Path) -> bool:
    """Whether the header promises more pages than the file holds (a cut-short copy).

    Only without a write-ahead log: a checkpoint stopped part-way (a crash)
    can leave the file shorter than its header says, and SQLite completes it
    from the log on the next open.
    """
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only valid when the two change counters agree.
    valid = header[24:28] == header[92:96] and pages > 0
    return valid and path.stat().st_size < pages * page_size


# The version, and whether the file is a compact backup (reading one query, not two).
_FIRST_LOOK = "SELECT count(*), coalesce(max(name = 'backup_fact'), 0) FROM sqlite_master"


def _plain_version(path: Path, backups_dir: Path | None) -> tuple[int, bool]:
    if _truncated(path):
        raise damaged(path, backups_dir, "it is shorter than it should be")
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            row = conn.execute("PRAGMA user_version").fetchone()
            # A damaged first page only shows when a page is read.
            _count, backup = conn.execute(_FIRST_LOOK).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise in_use(path) from None
        raise damaged(path, backups_dir, str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise damaged(path, backups_dir, str(exc)) from None
    return int(row[0]), bool(backup)


def _encrypted_version(path: Path, key: str, backups_dir: Path | None) -> tuple[int, bool]:
    module = sqlcipher()
    conn = connect_raw(path, key, read_only=True, timeout=1.0)
    try:
        _count, backup = conn.execute(_FIRST_LOOK).fetchone()
        return int(conn.execute("PRAGMA user_version").fetchone()[0]), bool(backup)
    except module.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise in_use(path) from None
        raise _wrong(path) from None
    except module.DatabaseError as exc:
        if _page_one_decrypted(exc):
            why = "it was cut short, or damaged after its first page"
            raise damaged(path, backups_dir, why) from None
        raise _wrong(path) from None
    finally:
        conn.close()


def _page_one_decrypted(exc: Exception) -> bool:
    """Whether SQLCipher's error came after page 1 decrypted with the key (a damaged file).

    A key that does not decrypt page 1 gives "file is not a database"; one
    that does, on a file cut short or damaged after it, gives "database disk
    image is malformed".
    """
    return "malformed" in str(exc)


def first_page_opens(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` decrypts page 1 of ``path``, whatever follows it.

    Tells an encrypted file that was cut short (not a whole number of pages,
    so `probe` calls it OTHER) from a file that is not Reflect's at all.
    """
    try:
        module = sqlcipher()
        conn = connect_raw(path, raw_key(passphrase, salt_of(path)), read_only=True, timeout=1.0)
    except (JournalError, OSError):
        return False  # no SQLCipher here, or the file went
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except module.DatabaseError as exc:
        return _page_one_decrypted(exc)
    finally:
        conn.close()
    return True


def _wrong(path: Path) -> WrongPassphrase:
    # Random bytes and a journal under another passphrase look the same; this
    # sentence is true of both (the wording existing tests and users know).
    cut = "" if path.stat().st_size % SQLCIPHER_PAGE == 0 else ", or the file was cut short"
    return WrongPassphrase(
        f"That passphrase does not open {path}: the passphrase is wrong{cut}, or the file is "
        "not a Reflect journal. Nothing has been changed."
    )


def _make_private(path: Path) -> None:
    """Create a new journal's file empty and private (0600), before SQLite writes it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return  # SQLite says why more plainly when it tries
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def tighten_modes(path: Path) -> list[str]:
    """Make the journal, its -wal and -shm private (0600) if others could read them."""
    loosened = []
    for suffix in _SIDE_FILES:
        side = Path(f"{path}{suffix}")
        try:
            mode = stat.S_IMODE(side.stat().st_mode)
            if mode & 0o077:
                os.chmod(side, 0o600)
                loosened.append(side.name)
        except OSError:
            continue  # absent, or not ours to change: SQLite reports the rest
    if not loosened:
        return []
    return [
        f"{', '.join(loosened)} could be read by other users of this computer; "
        "Reflect made {} private (only you can read {}).".format(
            *(("it", "it") if len(loosened) == 1 else ("them", "them"))
        )
    ]
