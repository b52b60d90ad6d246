"""Who has the journal open: a shared lock per open journal, an exclusive one to replace it.

SQLite already keeps two Reflects from corrupting the journal while both
write to it. Replacing the whole file (encrypting, changing the passphrase,
restoring a backup) is different: a Reflect still holding the old file would
go on writing to a file nobody will read again. So every open journal holds a
shared advisory lock on a small file beside it, and replacing the journal
needs the exclusive lock, which is refused while any Reflect has it open.

On systems without ``fcntl`` (Windows) the locks are not taken.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from reflect.core.errors import JournalInUse as JournalInUse  # re-exported

# Windows has no fcntl: there the locks are not taken.
LOCKING = sys.platform != "win32"


def try_lock(fd: int, *, shared: bool = False) -> bool:
    """Lock ``fd`` without waiting; False when another process holds it.

    The one place Reflect takes a file lock (journal, temporary copies,
    leftovers). Always True where locks are not taken.
    """
    if sys.platform == "win32":  # pragma: no cover - Windows
        return True
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def lock_path(journal: Path) -> Path:
    """The lock file beside ``journal``."""
    return journal.with_name(journal.name + ".lock")


class SharedLock:
    """Held while a journal is open; released by `release`."""

    def __init__(self, journal: Path | None) -> None:
        self._fd: int | None = None
        if not LOCKING or journal is None:
            return
        try:
            fd = os.open(lock_path(journal), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # a read-only folder: SQLite reports that more plainly
        if not try_lock(fd, shared=True):
            os.close(fd)
            raise JournalInUse(
                f"{journal} is being replaced (encrypted, restored or given a new "
                "passphrase) right now; try again in a moment."
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def exclusive(journal: Path) -> Iterator[None]:
    """Hold the journal alone, or raise JournalInUse when a Reflect has it open."""
    if not LOCKING:
        yield
        return
    fd = os.open(lock_path(journal), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not try_lock(fd):
            raise JournalInUse(
                f"{journal} is open in Reflect: close it there (and any other "
                "'reflect' command), then try again. Nothing has been changed."
            ) from None
        yield
    finally:
        os.close(fd)
