"""The journal file before it is opened: the schema version, and checks.

Nothing here needs SQLAlchemy, so commands that only read (export, search)
can check a journal and open it through the driver alone. The errors live in
`reflect.core.errors` and the checks in `reflect.core.opening`; the names
below stay importable from here.
"""

from __future__ import annotations

from reflect.core.errors import JournalError as JournalError  # re-exported
from reflect.core.errors import JournalTooNew as JournalTooNew  # re-exported
from reflect.core.errors import NotAJournal as NotAJournal  # re-exported
from reflect.core.errors import plain_message as plain_message  # re-exported

# The newest schema this Reflect knows; store.MIGRATIONS ends with this step.
LATEST_VERSION = 11
# How long a save waits for another Reflect's save to finish.
BUSY_TIMEOUT_MS = 5000
