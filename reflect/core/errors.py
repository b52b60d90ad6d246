"""Every problem a user can cause or meet, each in one plain sentence.

This module is core's ground floor: it imports nothing from Reflect, so every
other module can raise from it. Each user-facing error is a `JournalError`
subclass; the command line's funnel shows those as one line and lets any
other exception through as the bug it is.

Driver and system errors that are the user's (a full disk, no permission, a
journal held by another program, a damaged file) become catalogue errors at
the core's edge through `as_user_error`; anything else is left alone.
"""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path


class JournalError(Exception):
    """A problem with the journal that the user can understand and act on.

    The message is one plain sentence, shown as it is.
    """


# -- the file itself --------------------------------------------------------


class JournalMissing(JournalError):
    """There is no journal where one was expected."""


class JournalTooNew(JournalError):
    """The journal was written by a newer Reflect."""


class NotAJournal(JournalError):
    """The file is neither a Reflect journal nor one this passphrase opens."""


class JournalDamaged(NotAJournal):
    """The file is SQLite but damaged (truncated, scribbled over)."""


class JournalInUse(JournalError):
    """Another program (or another Reflect) holds the journal."""


class NotWritable(JournalError):
    """A file or folder Reflect must write to is read-only, or not allowed."""


class DiskFull(JournalError):
    """The disk has no room for what Reflect must write."""


# -- encryption -------------------------------------------------------------


class PassphraseNeeded(JournalError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphrase(JournalError):
    """The passphrase does not open the journal."""


class EncryptionUnavailable(JournalError):
    """sqlcipher3 is not installed on this computer."""


class ConversionFailed(JournalError):
    """An encrypted or decrypted copy did not check out; the journal is as it was."""


# -- safety commands --------------------------------------------------------


class BackupFailed(JournalError):
    """A backup could not be made or did not check out."""


class RestoreRefused(JournalError):
    """A backup could not be put in place; the journal is as it was."""


# -- what the user asked for ------------------------------------------------


class ImportRefused(JournalError):
    """The file cannot be imported; nothing was added."""


class TermError(JournalError):
    """A term could not be added or found."""


class EntryNotFound(JournalError):
    """No entry with that id (or it is in the trash when it should not be)."""


class InvalidInput(JournalError, ValueError):
    """A value typed by the user does not do (a date, a case code, a format).

    Also a ValueError, so screens that check a field with ``except ValueError``
    keep working.
    """


class UnknownName(JournalError, KeyError):
    """A named thing (a prompt set) does not exist. Also a KeyError."""

    def __str__(self) -> str:
        # KeyError quotes its message; this one is a sentence.
        return str(self.args[0]) if self.args else ""


class FileExists(JournalError, FileExistsError):
    """A file the user named already exists and will not be overwritten."""


class FileMissing(JournalError, FileNotFoundError):
    """A file or folder the user named does not exist."""


class NotAFile(JournalError):
    """A path named for writing is a device, a pipe, a socket or a folder, not a file."""


def folder_missing(folder: Path) -> str:
    """Why a file cannot be made in ``folder``: it does not exist, or it is a file."""
    if folder.exists():
        return f"{folder} is a file, not a folder: choose a folder to write into."
    return f"The folder {folder} does not exist."


class OutputNotWritten(NotWritable, OSError):
    """A file the user asked for could not be written (also an OSError, as it was before)."""


def cannot_write(exc: OSError, target: Path) -> OutputNotWritten:
    """``exc``, met writing ``target``, as one sentence naming ``target`` (never a temporary)."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OutputNotWritten(
            f"The disk is full, so {target} could not be written: free some space and "
            "try again. Nothing already saved was lost."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputNotWritten(
            f"Reflect is not allowed to write {target}: the file or its folder is "
            "read-only. Nothing already saved was lost."
        )
    if code in (errno.ENOENT, errno.ENOTDIR):
        return OutputNotWritten(
            f"{target} could not be written: its folder {target.parent} does not take "
            "new files. Choose another folder; nothing already saved was lost."
        )
    reason = (exc.strerror or type(exc).__name__).lower()
    return OutputNotWritten(
        f"{target} could not be written ({reason}): choose another file or folder. "
        "Nothing already saved was lost."
    )


# -- turning driver and system errors into the catalogue ----------------------


def damaged_advice(path: Path | None, backups_dir: Path | None) -> str:
    """What to do about a damaged journal: the newest backup and the exact restore command."""
    newest = newest_backup(backups_dir) if backups_dir is not None else None
    db = f"--db '{path}' " if path is not None else ""
    if backups_dir is None:
        return (
            f"Put the newest backup back with: reflect {db}restore FILE "
            "('reflect locate' shows the backups folder)."
        )
    if newest is None:
        return (
            f"There is no backup in {backups_dir}; if you have one elsewhere, put it back "
            f"with: reflect {db}restore FILE"
        )
    return f"The newest backup is {newest}: put it back with: reflect {db}restore '{newest}'"


def missing_journal(
    path: Path, backups_dir: Path | None, *, chosen: bool, empty: bool = False
) -> JournalMissing:
    """No journal at ``path``: a first run, unless its backups are there (then how to restore).

    ``chosen`` says the journal was named with --db (or REFLECT_DB), so the
    restore command names it too, and a first run is not suggested.
    ``empty``: the file is there but holds nothing (0 bytes), which a
    journal never is once made.
    """
    newest = newest_backup(backups_dir) if backups_dir is not None else None
    there = (
        f"The journal at {path} is empty (0 bytes)" if empty else f"There is no journal at {path}"
    )
    if newest is None or backups_dir is None:
        hint = "" if chosen else " Start one with 'reflect', or try 'reflect demo'."
        return JournalMissing(f"{there}.{hint}")
    count = sum(1 for p in backups_dir.glob("journal-*.db") if p.is_file())
    backups = "1 backup" if count == 1 else f"{count} backups"
    made = datetime.fromtimestamp(newest.stat().st_mtime)
    when = f"{made:%A} {made.day} {made:%B %Y} at {made:%H:%M}"
    db = f"--db '{path}' " if chosen else ""
    return JournalMissing(
        f"{there}, but {backups_dir} holds {backups} of it; the newest "
        f"was made on {when}. Put it back with: reflect {db}restore '{newest}'"
    )


def newest_backup(folder: Path) -> Path | None:
    """The most recently written backup in ``folder``, or None."""
    try:
        found = [p for p in folder.glob("journal-*.db") if p.is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


def as_user_error(
    exc: BaseException, *, path: Path | None = None, backups_dir: Path | None = None
) -> JournalError | None:
    """The catalogue error ``exc`` stands for when the user can act on it, else None.

    ``path`` names the journal and ``backups_dir`` its backups, so a damaged
    journal's message can point to the newest backup.
    """
    if isinstance(exc, JournalError):
        return exc
    if isinstance(exc, OSError):
        code = exc.errno
        where = f" ({exc.filename})" if exc.filename else ""
        if code in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(
                f"The disk is full{where}: free some space and try again. "
                "Nothing already saved was lost."
            )
        if code in (errno.EACCES, errno.EPERM, errno.EROFS):
            return NotWritable(
                f"Reflect is not allowed to write there{where}: the file or folder is "
                "read-only. Nothing already saved was lost."
            )
        return None
    reason = str(getattr(exc, "orig", None) or exc).strip().lower()
    if not is_database_error(exc):
        return None
    if "locked" in reason or "busy" in reason:
        return JournalInUse(
            "The journal is in use by another program (or another Reflect); try again in a moment."
        )
    if "disk is full" in reason or "database or disk is full" in reason:
        return DiskFull("The disk is full: free some space and Reflect will save again.")
    if "disk i/o error" in reason:
        # SQLCipher reports a write that found no room as an I/O error.
        return DiskFull(
            "Reflect could not write to the disk (it may be full, or failing): free some "
            "space and try again. Nothing already saved was lost."
        )
    if "readonly" in reason or "read-only" in reason:
        return NotWritable("The journal cannot be written: its file or folder is read-only.")
    if "unable to open" in reason:
        return NotWritable("The journal's folder cannot be written or read; check it still exists.")
    if "not a database" in reason or "malformed" in reason:
        return JournalDamaged(
            "The journal file is damaged; 'reflect check' says more. "
            + damaged_advice(path, backups_dir)
        )
    return None


def is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a database driver's error (sqlite3, SQLCipher or SQLAlchemy)."""
    # sqlite3's, SQLCipher's and SQLAlchemy's DatabaseError share only the name.
    return any(klass.__name__ == "DatabaseError" for klass in type(exc).__mro__)


def plain_message(exc: BaseException) -> str:
    """What went wrong, in one sentence a worker can act on (for any exception)."""
    known = as_user_error(exc)
    if known is not None:
        return str(known)
    reason = str(getattr(exc, "orig", None) or exc).strip()
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return reason or type(exc).__name__
