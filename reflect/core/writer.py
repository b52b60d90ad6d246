"""A journal opened to add to it in bulk (import), on one driver connection, without SQLAlchemy.

`reflect import` writes through `BulkMixin` and a few small parts (terms,
sessions, CPD records, word lists), all of which reach the file only through
`Database`'s two doors. `Writer` is those parts on one connection it opens
itself, with the pragmas every journal connection gets
(`store.prepare_connection`), so the command does not import SQLAlchemy
and `Journal`'s other parts: about 0.2 s of CPU of a term's import of about
2 (tests/bench/import_phases.py). A new journal is made exactly as
`Journal.open` makes one (`store.create_schema`); `Writer.open` returns None
for a journal that needs upgrading first, or whose search index a stopped
restore left out: then `Journal.open` is the way in, as for `Reader`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Self

from reflect.core.bulk import BulkMixin
from reflect.core.cpd import CpdMixin
from reflect.core.database import Database, SingleConnection
from reflect.core.files import BUSY_TIMEOUT_MS, LATEST_VERSION
from reflect.core.lock import SharedLock
from reflect.core.periods import TermMixin
from reflect.core.reading import ReadMixin
from reflect.core.supervision import SupervisionMixin
from reflect.core.wordlists import WordListMixin


class Writer(BulkMixin, TermMixin, SupervisionMixin, CpdMixin, WordListMixin, ReadMixin):
    """What an import writes to, opened as `Journal.open` opens a journal (lock included)."""

    def __init__(self, connection: Any, path: Path, lock: SharedLock) -> None:
        super().__init__(SingleConnection(connection))
        self._connection = connection
        self._lock: SharedLock | None = lock
        self.path = path
        # What opening repaired (modes tightened, leftovers removed): tell once.
        self.notices: tuple[str, ...] = ()

    @classmethod
    def open(
        cls, path: Path, *, passphrase: str | None = None, backups_dir: Path | None = None
    ) -> Self | None:
        """Open (or make) an up-to-date journal to write to; errors as `Journal.open` gives them.

        None when the journal needs upgrading or its search index rebuilt:
        nothing is written to it then, and `Journal.open` does both.
        """
        from reflect.core.errors import as_user_error
        from reflect.core.leftovers import inspect_and_tidy
        from reflect.core.search_index import LEFT_OUT
        from reflect.core.store import create_schema, prepare_connection

        path = Path(path)
        found = inspect_and_tidy(path, create=True, passphrase=passphrase, backups_dir=backups_dir)
        if found.version not in (0, LATEST_VERSION):
            return None
        connection: Any = None
        try:
            if found.key is not None:
                from reflect.core.cipher import connect_raw

                connection = connect_raw(path, found.key, timeout=BUSY_TIMEOUT_MS / 1000)
            else:
                connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            prepare_connection(connection)
            if found.version == 0:
                # Under the write lock, unless another Reflect has just made it.
                with Database(SingleConnection(connection))._write() as db:
                    if int(db.value("PRAGMA user_version")) == 0:
                        create_schema(db)
            if connection.execute("PRAGMA user_version").fetchone()[0] != LATEST_VERSION or bool(
                connection.execute(LEFT_OUT).fetchone()[0]
            ):
                connection.close()
                return None
        except Exception as exc:
            if connection is not None:
                connection.close()
            known = as_user_error(exc, path=path, backups_dir=found.backups_dir)
            if known is not None and known is not exc:
                raise known from exc
            raise
        # The lock file is made only beside a journal that opened, as `Journal.open` does.
        try:
            held = SharedLock(path)
        except BaseException:
            connection.close()
            raise
        writer = cls(connection, path, held)
        writer.notices = found.notices
        return writer

    def holds_nothing(self) -> bool:
        """Whether the journal holds no row of anything (the search index's own set-up aside)."""
        with self._read() as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'entry_fts%' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return not any(db.value(f'SELECT EXISTS (SELECT 1 FROM "{t}")') for t in tables)

    def close(self) -> None:
        """Close the file and release its lock."""
        self._connection.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def remove_made_journal(path: Path) -> None:
    """Remove a journal this command made and left empty, with its log, index and lock files.

    For an import into a journal not yet made that refused the file: the
    file is read once, as it is written, and no journal is left behind.
    """
    from reflect.core.lock import lock_path

    for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), lock_path(path)):
        made.unlink(missing_ok=True)
