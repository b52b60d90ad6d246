"""Reading a backup without putting it back: `reflect --db BACKUP list`, `export`, `search`.

A compact backup holds the journal's rows compressed, not a journal, so it
cannot be opened as one. To read it, a journal is built from it (as
`reflect restore` builds one) in a private temporary folder beside the
backup, read, and removed. Under the backup's own passphrase, so an
encrypted backup's copy is encrypted too. Nothing is ever written to the
backup itself.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.errors import JournalError

if TYPE_CHECKING:
    from reflect.core.progress import Progress


def is_backup(path: Path, passphrase: str | None) -> bool:
    """Whether ``path`` is a Reflect backup (which no command opens as a journal)."""
    from reflect.core.opening import inspect

    try:
        return inspect(Path(path), create=False, passphrase=passphrase, tidy=False).backup
    except JournalError:
        return False


@contextmanager
def journal_from_backup(
    source: Path, passphrase: str | None, progress: Progress | None = None
) -> Iterator[Path]:
    """A journal built from the backup ``source``, to read; removed when done.

    Built beside the backup, in a folder only this user can open: the
    backups folder is private, and the copy never lands in a shared
    temporary folder. A damaged backup is refused in one sentence
    (`reflect.core.backup_restore.identify`). ``progress``: hundredths of
    the build (about 6 seconds at 10,000 entries).
    """
    from reflect.core.backup_restore import build_journal, identify

    source = Path(source)
    found = identify(source, passphrase)
    with tempfile.TemporaryDirectory(prefix=".reading-", dir=source.parent) as folder:
        target = Path(folder) / source.name
        if found.compact:
            build_journal(source, found.key, target, progress)
        else:  # a whole copy of a journal, from before backups were compact
            shutil.copyfile(source, target)
        yield target
