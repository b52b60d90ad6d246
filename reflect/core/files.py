"""The journal file before it is opened: the schema version, and checks.

Nothing here needs SQLAlchemy, so commands that only read (export, search)
can check a journal and open it through the driver alone. The errors live in
`reflect.core.errors` and the checks in `reflect.core.opening`; the names
below stay importable from here.
"""

from __future__ import annotations

from pathlib import Path

from reflect.core.errors import JournalError as JournalError  # re-exported
from reflect.core.errors import JournalTooNew as JournalTooNew  # re-exported
from reflect.core.errors import NotAJournal as NotAJournal  # re-exported
from reflect.core.errors import plain_message as plain_message  # re-exported

# The newest schema this Reflect knows; store.MIGRATIONS ends with this step.
LATEST_VERSION = 9
# How long a save waits for another Reflect's save to finish.
BUSY_TIMEOUT_MS = 5000


def read_user_version(path: Path) -> int:
    """Read a plain journal's schema version without writing anything to the file."""
    from reflect.core import opening

    return opening.inspect(path, create=False, passphrase=None, tidy=False).version


def check_openable(path: Path, *, create: bool, passphrase: str | None) -> tuple[bool, int]:
    """Whether the journal at ``path`` can be opened; (encrypted, schema version).

    A thin form of `reflect.core.opening.inspect`, which says more.
    """
    from reflect.core import opening

    found = opening.inspect(path, create=create, passphrase=passphrase, tidy=False)
    return found.encrypted, found.version
