"""The journal file before it is opened: errors, the schema version, and checks.

Nothing here needs SQLAlchemy, so commands that only read (export, search)
can check a journal and open it through the driver alone.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# The newest schema this Reflect knows; store.MIGRATIONS ends with this step.
LATEST_VERSION = 9
# How long a save waits for another Reflect's save to finish.
BUSY_TIMEOUT_MS = 5000


class JournalError(Exception):
    """A problem with the journal that the user can understand and act on.

    The message is one plain sentence, shown as it is.
    """


class JournalTooNew(JournalError):
    """The journal was written by a newer Reflect."""


class NotAJournal(JournalError):
    """The file is not a readable SQLite journal."""


def plain_message(exc: BaseException) -> str:
    """What went wrong with the journal, in one sentence a worker can act on."""
    if isinstance(exc, JournalError):
        return str(exc)
    reason = str(getattr(exc, "orig", None) or exc).strip()
    lowered = reason.lower()
    if "locked" in lowered or "busy" in lowered:
        return "The journal is busy in another Reflect; try again in a moment."
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return "The disk is full: free some space and Reflect will save again."
    if "readonly" in lowered or "read-only" in lowered:
        return "The journal cannot be written: its file or folder is read-only."
    if "unable to open" in lowered:
        return "The journal's folder cannot be written or read; check it still exists."
    if "not a database" in lowered or "malformed" in lowered:
        return (
            "The journal file is damaged; 'reflect check' says more, and a backup can replace it."
        )
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return reason or type(exc).__name__


def read_user_version(path: Path) -> int:
    """Read a journal's schema version without writing anything to the file."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA user_version").fetchone()
            # A file that is not SQLite only fails when a page is read.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAJournal(
            f"{path} is not a Reflect journal (it is not a readable SQLite file)."
        ) from exc
    return int(row[0])


def check_openable(path: Path, *, create: bool, passphrase: str | None) -> tuple[bool, int]:
    """Whether the journal at ``path`` can be opened; (encrypted, schema version).

    Raises `JournalError` subclasses with a plain message for a read-only
    folder or file, a folder in its place, a file that is not a journal, a
    missing or wrong passphrase, a journal from a newer Reflect and a missing
    journal (unless ``create``). The version of a journal still to be created
    is 0. Nothing is written.
    """
    from reflect.core import crypto

    encrypted = passphrase is not None and not (path.exists() and path.stat().st_size > 0)
    version = 0
    if path.parent.is_dir() and not path.is_dir() and (path.exists() or create):
        # SQLite keeps its write-ahead log beside the journal, so even reading
        # needs a folder it can write in; say so plainly rather than fail later.
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise JournalError(
                f"Reflect cannot write in {path.parent}: the folder is read-only. The journal "
                "has not been changed. Make the folder writable, or copy the journal somewhere "
                "that is and open it with --db."
            )
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise JournalError(
                f"Reflect cannot write to {path}: the file is read-only. It has not been changed. "
                "Make it writable (or copy it) and try again."
            )
    if path.exists():
        if path.is_dir():
            raise JournalError(f"{path} is a folder, not a journal file.")
        if path.stat().st_size > 0:
            if crypto.is_encrypted(path):
                if passphrase is None:
                    raise crypto.PassphraseNeeded(
                        f"{path} is encrypted: Reflect needs its passphrase "
                        f"(it asks, or reads {crypto.ENV_PASSPHRASE})."
                    )
                encrypted = True
                version = crypto.read_encrypted_version(path, passphrase)
            else:
                version = read_user_version(path)
            if version > LATEST_VERSION:
                raise JournalTooNew(
                    f"{path} was written by a newer version of Reflect (journal version "
                    f"{version}, this Reflect knows up to {LATEST_VERSION}); "
                    "please update Reflect to open it. The journal has not been changed."
                )
    elif not create:
        raise JournalError(f"There is no journal at {path}.")
    elif not path.parent.exists():
        raise JournalError(f"The folder {path.parent} does not exist.")
    return encrypted, version
