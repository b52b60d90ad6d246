"""The journal service: the one door the terminal app, the command line and the tests use.

`Journal` is put together from one part per idea, each built on
`reflect.core.database.Database` (which owns the connections) and reaching the
file only through it:

- entries and drafts: `reflect.core.entries`, `reflect.core.saving` (saving a
  screen's words), `reflect.core.bulk` (loading many at once);
- reading whole entries: `reflect.core.reading` (shared with `Reader`);
- lists and search: `reflect.core.listing`, rankings kept ahead for a
  large journal `reflect.core.kept_rankings_build`;
- periods (terms): `reflect.core.periods`;
- supervision: `reflect.core.supervision` (sessions, tag counts),
  `reflect.core.sessions` (drafts and corrections);
- CPD: `reflect.core.cpd`; actions: `reflect.core.actions`;
- continuity with a family: `reflect.core.continuity`;
- the scanner's word lists: `reflect.core.wordlists`;
- the file itself (open, create, migrate, check): `reflect.core.store`,
  backups `reflect.core.backup`.

Every method takes a short-lived connection from the pool, so the service can
be shared between the event loop and worker threads. Results are plain
frozen dataclasses from `reflect.core.records`. Lists come in pages; nothing
reads the whole journal into memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.actions import ActionMixin
from reflect.core.bulk import BulkMixin
from reflect.core.continuity import ContinuityMixin
from reflect.core.cpd import CpdMixin
from reflect.core.database import PooledConnections
from reflect.core.entries import EntryMixin
from reflect.core.errors import EntryNotFound as EntryNotFound  # re-exported
from reflect.core.errors import TermError as TermError  # re-exported
from reflect.core.kept_rankings_build import KeptRankingMixin
from reflect.core.listing import ListingMixin
from reflect.core.lock import SharedLock
from reflect.core.periods import TermMixin
from reflect.core.reading import ReadMixin
from reflect.core.saving import SavingMixin
from reflect.core.sessions import SessionDraftMixin
from reflect.core.store import create_journal_engine
from reflect.core.supervision import SupervisionMixin
from reflect.core.wordlists import WordListMixin

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from reflect.core.progress import Progress


class Journal(
    EntryMixin,
    SavingMixin,
    BulkMixin,
    ListingMixin,
    KeptRankingMixin,
    TermMixin,
    SupervisionMixin,
    SessionDraftMixin,
    CpdMixin,
    ActionMixin,
    ContinuityMixin,
    WordListMixin,
    ReadMixin,
):
    """A reflective practice journal stored in one SQLite file."""

    def __init__(
        self, engine: Engine, path: Path | None = None, *, passphrase: str | None = None
    ) -> None:
        super().__init__(PooledConnections(engine))
        self.engine = engine
        self.path = path
        # The passphrase given, for an encrypted journal (backups use `key`).
        self.passphrase = passphrase if self.encrypted else None
        # The raw SQLCipher key (derived once, in `Journal.open`), for backups.
        self.key: str | None = None
        # What opening repaired (modes tightened, leftovers removed): tell once.
        self.notices: tuple[str, ...] = ()
        self.backups_dir: Path | None = None
        self._lock: SharedLock | None = None

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        passphrase: str | None = None,
        lock: bool = True,
        backups_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> Journal:
        """Open the journal at ``path``, creating and upgrading it as needed.

        An encrypted journal needs its ``passphrase``; a new one is created
        encrypted when a passphrase is given. ``lock=False`` skips the lock
        file, for reading a backup that no Reflect will write to. The file is
        looked at once (`reflect.core.opening.inspect`); ``backups_dir`` lets
        a damaged journal's message name the newest backup, and leftovers of
        interrupted runs there be removed. What opening repaired is in
        ``notices``, to be told once. A journal whose search index a stopped
        restore left out has it rebuilt here (``progress`` counts entries).
        """
        from reflect.core.leftovers import inspect_and_tidy

        path = Path(path)
        found = inspect_and_tidy(
            path, create=create, passphrase=passphrase, backups_dir=backups_dir, tidy=lock
        )
        engine = create_journal_engine(path, create=create, inspection=found)
        # The lock file is made only beside a journal that opened: a refused
        # file keeps its folder exactly as it was.
        try:
            held = SharedLock(path if lock else None)
        except BaseException:
            engine.dispose()
            raise
        journal = cls(engine, path, passphrase=passphrase)
        journal._lock = held
        journal.key = found.key
        journal.notices = found.notices
        journal.backups_dir = backups_dir
        if lock:
            journal._rebuild_a_left_out_index(progress)
        return journal

    def _rebuild_a_left_out_index(self, progress: Progress | None) -> None:
        """Rebuild the search index if a restore stopped before it did (see search_index)."""
        from reflect.core import search_index
        from reflect.core.errors import is_database_error

        try:
            left_out = search_index.is_left_out(self.engine)
        except Exception as exc:
            if not is_database_error(exc):
                raise
            return  # a damaged file: opening goes on, so `check` can say what is wrong
        if not left_out:
            return
        try:
            search_index.rebuild_in_steps(self.engine, progress)
        except BaseException:
            self.close()
            raise
        self.notices = (
            *self.notices,
            "The search index was rebuilt: the last restore stopped before it was.",
        )

    @property
    def encrypted(self) -> bool:
        """Whether the journal is encrypted at rest."""
        return self.engine.dialect.dbapi is not None and "sqlcipher" in (
            self.engine.dialect.dbapi.__name__
        )

    def close(self) -> None:
        """Release the journal's connections (and its lock)."""
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
