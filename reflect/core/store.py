"""Opening a journal file: engine, connection pragmas, creating and migrating it.

Every connection gets WAL, ``synchronous=FULL`` (a committed save survives a
power cut), ``foreign_keys=ON`` and a busy timeout, so a second Reflect waits
briefly instead of failing. Write transactions start with ``BEGIN IMMEDIATE``
so two writers queue on the lock instead of failing half way through.

The schema version lives in ``PRAGMA user_version``. A new journal is made
from the models at the newest version (`reflect.core.schema`); an older one
goes through the ordered steps of `reflect.core.migrations`, each in one
transaction together with its version bump, so a journal is always at exactly
one version. A journal whose version is newer than this Reflect knows is
refused before anything is written to it. The search index is described in
`reflect.core.search_schema`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core import kept_rankings
from reflect.core.database import Database, Db, PooledConnections
from reflect.core.errors import as_user_error, is_database_error
from reflect.core.files import BUSY_TIMEOUT_MS, LATEST_VERSION
from reflect.core.migrations import MIGRATIONS as MIGRATIONS  # re-exported
from reflect.core.migrations import Migration as Migration  # re-exported
from reflect.core.opening import Inspection, inspect
from reflect.core.progress import Progress, heartbeat, tell
from reflect.core.schema_snapshot import snapshot_ddl
from reflect.core.search_schema import SEARCH_PREFIXES, fts_statements, roomy_for_bulk

if TYPE_CHECKING:
    # Loaded by `create_journal_engine`: a new journal's schema (`create_schema`)
    # and its connections' pragmas (`prepare_connection`) need no SQLAlchemy.
    from sqlalchemy import Connection, Engine


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level: transactions are begun explicitly by the
    # "begin" hook below, which is SQLAlchemy's recommended recipe for SQLite.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Sorts and temporary indexes stay in memory: entry text never lands
        # in a temporary file outside the journal (encrypted or not).
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def prepare_connection(dbapi_conn: Any) -> None:
    """Set the pragmas every journal connection gets on a driver connection of one's own."""
    _on_connect(dbapi_conn, None)


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_journal_engine(
    path: Path,
    *,
    create: bool = True,
    migrate: bool = True,
    passphrase: str | None = None,
    inspection: Inspection | None = None,
) -> Engine:
    """Open (and if asked, create) the journal at ``path`` and bring it up to date.

    An encrypted journal needs its ``passphrase``; a new journal is created
    encrypted when one is given. A plain journal ignores it. ``inspection``
    is what `reflect.core.opening.inspect` already found, so the file is not
    looked at (nor the key derived) twice.

    Raises `JournalError` subclasses with a plain message for a missing file,
    a file that is not a journal, a missing or wrong passphrase and a journal
    from a newer Reflect. In every such case the file is left exactly as it was.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    from reflect.core import crypto

    path = Path(path)
    found = inspection or inspect(path, create=create, passphrase=passphrase, tidy=False)

    options: dict[str, Any] = {}
    if found.key is not None:
        module = crypto.sqlcipher()
        key = found.key

        def keyed() -> Any:
            conn = module.connect(
                str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            crypto.prepare(conn, key)  # before anything reads a page
            return conn

        options = {"module": module, "creator": keyed}
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        **options,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        if migrate:
            bring_up_to_date(engine)
    except Exception as exc:
        engine.dispose()
        known = as_user_error(exc, path=path, backups_dir=found.backups_dir)
        if known is not None and known is not exc:
            raise known from exc
        raise
    return engine


def _database(engine: Engine) -> Database:
    # The file-level work goes through the same door as the service's.
    return Database(PooledConnections(engine))


def _version(db: Db) -> int:
    return int(db.value("PRAGMA user_version"))


def bring_up_to_date(engine: Engine) -> int:
    """Make a new journal from the models, or migrate an older one; return the version reached."""
    database = _database(engine)
    with database._read() as db:
        if _version(db) != 0:
            return migrate_to(engine, LATEST_VERSION)
    with database._write() as db:
        # Read again under the write lock: another Reflect may have just made it.
        if _version(db) == 0:
            create_schema(db)
    return migrate_to(engine, LATEST_VERSION)


def create_schema(db: Db) -> None:
    """A new journal's schema at the newest version, inside the caller's transaction.

    The tables and indexes are the models' metadata, rendered as SQLite's
    DDL and kept in reflect/data (`reflect.core.schema_snapshot`); the search
    index comes from `reflect.core.search_schema`.
    """
    # The models' DDL as kept in reflect/data (schema_snapshot): SQLModel need not load.
    for statement in snapshot_ddl():
        db.execute(statement)
    for statement in fts_statements(SEARCH_PREFIXES):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {LATEST_VERSION}")


def migrate_to(engine: Engine, target: int) -> int:
    """Apply every migration step up to ``target``; return the version reached.

    Each step runs in its own write transaction with its version bump, and the
    version is read again inside it, so two Reflects opening an old journal at
    once cannot apply a step twice.
    """
    if target > LATEST_VERSION:
        raise ValueError(f"no migration to version {target}")
    database = _database(engine)
    with database._read() as db:
        if _version(db) >= target:
            return _version(db)  # up to date: no write lock needed to open it
    for step in MIGRATIONS:
        if step.version > target:
            break
        with database._write() as db:
            if _version(db) >= step.version:
                continue
            for statement in step.statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {step.version}")
    with database._read() as db:
        return _version(db)


def check_journal(engine: Engine, progress: Progress | None = None) -> list[str]:
    """Every problem SQLite, the foreign keys and the search index report; [] when all is well.

    ``progress`` counts the three parts: the file, the links, the search index.
    """
    problems: list[str] = []
    try:
        with _database(engine)._read() as db:
            tell(progress, 0, 3)
            with heartbeat(db.driver, progress, 0, 3):
                checked = db.execute("PRAGMA integrity_check").fetchall()
            for (message,) in checked:
                if message != "ok":
                    problems.append(f"database: {message}")
            tell(progress, 1, 3)
            with heartbeat(db.driver, progress, 1, 3):
                missing = db.execute("PRAGMA foreign_key_check").fetchall()
            for row in missing:
                problems.append(f"a {row[0]} row (number {row[1]}) points to a missing {row[2]}")
            tell(progress, 2, 3)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        # Too damaged for the checks themselves to run.
        return [f"database: the file is damaged ({getattr(exc, 'orig', None) or exc})"]
    problems += fts_integrity_problems(engine, progress)
    tell(progress, 3, 3)
    return problems


def fts_integrity_problems(engine: Engine, progress: Progress | None = None) -> list[str]:
    """Ask FTS5 to compare the search index with the journal; [] when they agree."""
    try:
        with _database(engine)._write() as db, heartbeat(db.driver, progress, 2, 3):
            db.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('integrity-check', 1)")
    except Exception as exc:  # the check reports problems as errors
        return [f"search index: {exc}"]
    return []


def rebuild_search_index(engine: Engine) -> None:
    """Repair the search index: put back any missing trigger, then rebuild it from the journal."""
    with _database(engine)._write() as db:
        present = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        for statement in fts_statements():
            if statement.startswith("CREATE TRIGGER ") and statement.split()[2] not in present:
                db.execute(statement)
        kept_rankings.forget(db)  # a rebuilt index may look as it did when they were kept
        with roomy_for_bulk(db):
            db.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
