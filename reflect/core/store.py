"""Opening a journal file: engine, connection pragmas, migrations and the search index.

Every connection gets WAL, ``synchronous=FULL`` (a committed save survives a
power cut), ``foreign_keys=ON`` and a busy timeout, so a second Reflect waits
briefly instead of failing. Write transactions start with ``BEGIN IMMEDIATE``
so two writers queue on the lock instead of failing half way through.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS`` is an
ordered list; each step runs in one transaction together with the version bump,
so a journal is always at exactly one version. A journal whose version is newer
than this Reflect knows is refused before anything is written to it.

Search uses an FTS5 external-content index (``entry_fts``) over the view
``entry_doc``: one row per entry with its case code, tag names and all answer
text. Triggers keep the index in step with every change. FTS5 needs the old
values to remove a row, so each change deletes the entry's old document in a
BEFORE trigger and adds the new one in an AFTER trigger. Bulk loads (sample
data, import) pause the triggers with a row in ``fts_pause`` inside their own
transaction and index the new entries once at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from reflect.core.errors import as_user_error
from reflect.core.files import BUSY_TIMEOUT_MS, LATEST_VERSION
from reflect.core.opening import Inspection, inspect
from reflect.core.progress import Progress, heartbeat, tell
from reflect.core.questions import MIGRATION_9


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    description: str
    statements: tuple[str, ...]


_TABLES_V1 = (
    """
    CREATE TABLE entry (
        id INTEGER PRIMARY KEY,
        uid VARCHAR NOT NULL UNIQUE,
        visit_date DATE NOT NULL,
        case_code VARCHAR NOT NULL,
        visit_type VARCHAR NOT NULL,
        visit_minutes INTEGER,
        prompt_set_id VARCHAR NOT NULL,
        prompt_set_version VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        current_step INTEGER NOT NULL DEFAULT 0,
        flagged BOOLEAN NOT NULL DEFAULT 0,
        supervisor_question VARCHAR NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        completed_at DATETIME,
        deleted_at DATETIME
    )
    """,
    "CREATE INDEX ix_entry_visit_date ON entry (visit_date)",
    "CREATE INDEX ix_entry_case_code ON entry (case_code)",
    "CREATE INDEX ix_entry_live_date ON entry (deleted_at, visit_date, id)",
    """
    CREATE TABLE answer (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        prompt_id VARCHAR NOT NULL,
        theme VARCHAR NOT NULL DEFAULT '',
        question VARCHAR NOT NULL,
        text VARCHAR NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        UNIQUE (entry_id, prompt_id)
    )
    """,
    "CREATE INDEX ix_answer_entry_position ON answer (entry_id, position)",
    """
    CREATE TABLE tag (
        id INTEGER PRIMARY KEY,
        kind VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        UNIQUE (kind, name)
    )
    """,
    """
    CREATE TABLE entry_tag (
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag (id),
        PRIMARY KEY (entry_id, tag_id)
    )
    """,
    "CREATE INDEX ix_entry_tag_tag ON entry_tag (tag_id, entry_id)",
    """
    CREATE TABLE supervision_session (
        id INTEGER PRIMARY KEY,
        session_date DATE NOT NULL,
        supervisor_initials VARCHAR NOT NULL DEFAULT '',
        notes VARCHAR NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL
    )
    """,
    """
    CREATE TABLE supervision_entry (
        session_id INTEGER NOT NULL REFERENCES supervision_session (id) ON DELETE CASCADE,
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        PRIMARY KEY (session_id, entry_id)
    )
    """,
    """
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER REFERENCES entry (id) ON DELETE CASCADE,
        session_id INTEGER REFERENCES supervision_session (id) ON DELETE SET NULL,
        text VARCHAR NOT NULL,
        due DATE,
        done BOOLEAN NOT NULL DEFAULT 0,
        done_at DATETIME,
        created_at DATETIME NOT NULL
    )
    """,
    "CREATE INDEX ix_action_entry ON action (entry_id)",
    "CREATE INDEX ix_action_open_due ON action (done, due)",
    """
    CREATE TABLE term (
        id INTEGER PRIMARY KEY,
        name VARCHAR NOT NULL UNIQUE,
        start DATE NOT NULL,
        "end" DATE NOT NULL
    )
    """,
    """
    CREATE TABLE entry_revision (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        created_at DATETIME NOT NULL,
        snapshot VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX ix_entry_revision_entry ON entry_revision (entry_id, created_at)",
)


def _fts_statements() -> tuple[str, ...]:
    """The search index, its source view and the triggers that keep it in step."""
    doc_cols = "entry_id, case_code, tags, body"
    paused = "WHEN NOT EXISTS (SELECT 1 FROM fts_pause)"

    def remove(entry_ref: str) -> str:
        return (
            f"INSERT INTO entry_fts(entry_fts, rowid, case_code, tags, body) "
            f"SELECT 'delete', {doc_cols} FROM entry_doc WHERE entry_id = {entry_ref};"
        )

    def add(entry_ref: str) -> str:
        return (
            f"INSERT INTO entry_fts(rowid, case_code, tags, body) "
            f"SELECT {doc_cols} FROM entry_doc WHERE entry_id = {entry_ref};"
        )

    def pair(name: str, event_sql: str, table: str, before_ref: str, after_ref: str) -> list[str]:
        return [
            f"CREATE TRIGGER {name}_b BEFORE {event_sql} ON {table} {paused} "
            f"BEGIN {remove(before_ref)} END",
            f"CREATE TRIGGER {name}_a AFTER {event_sql} ON {table} {paused} "
            f"BEGIN {add(after_ref)} END",
        ]

    statements = [
        "CREATE TABLE fts_pause (one INTEGER PRIMARY KEY CHECK (one = 1))",
        # Subqueries fix the order of concatenation: FTS5 must be given exactly
        # the same text to remove a document as it was given to add it.
        """
        CREATE VIEW entry_doc AS
        SELECT e.id AS entry_id,
               e.case_code AS case_code,
               COALESCE((SELECT group_concat(name, ' ; ') FROM (
                   SELECT t.name AS name FROM entry_tag et JOIN tag t ON t.id = et.tag_id
                   WHERE et.entry_id = e.id ORDER BY t.id)), '') AS tags,
               COALESCE((SELECT group_concat(body, char(10)) FROM (
                   SELECT a.text AS body FROM answer a
                   WHERE a.entry_id = e.id ORDER BY a.position, a.id)), '') AS body
        FROM entry e
        """,
        "CREATE VIRTUAL TABLE entry_fts USING fts5("
        "case_code, tags, body, content='entry_doc', content_rowid='entry_id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry {paused} BEGIN {add('new.id')} END",
        f"CREATE TRIGGER entry_fts_delete BEFORE DELETE ON entry {paused} "
        f"BEGIN {remove('old.id')} END",
    ]
    statements += pair("entry_fts_case", "UPDATE OF case_code", "entry", "old.id", "new.id")
    statements += pair("answer_fts_ins", "INSERT", "answer", "new.entry_id", "new.entry_id")
    statements += pair(
        "answer_fts_upd", "UPDATE OF text, position", "answer", "old.entry_id", "new.entry_id"
    )
    statements += pair("answer_fts_del", "DELETE", "answer", "old.entry_id", "old.entry_id")
    statements += pair("tag_fts_ins", "INSERT", "entry_tag", "new.entry_id", "new.entry_id")
    statements += pair("tag_fts_del", "DELETE", "entry_tag", "old.entry_id", "old.entry_id")
    tagged = "(SELECT entry_id FROM entry_tag WHERE tag_id = {ref}.id)"
    statements += [
        f"CREATE TRIGGER tag_fts_rename_b BEFORE UPDATE OF name ON tag {paused} BEGIN "
        f"INSERT INTO entry_fts(entry_fts, rowid, case_code, tags, body) "
        f"SELECT 'delete', {doc_cols} FROM entry_doc "
        f"WHERE entry_id IN {tagged.format(ref='old')}; END",
        f"CREATE TRIGGER tag_fts_rename_a AFTER UPDATE OF name ON tag {paused} BEGIN "
        f"INSERT INTO entry_fts(rowid, case_code, tags, body) "
        f"SELECT {doc_cols} FROM entry_doc WHERE entry_id IN {tagged.format(ref='new')}; END",
        # Index whatever a version-1 journal already holds.
        "INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')",
    ]
    return tuple(statements)


_FTS_WITH_PREFIXES = (
    "DROP TABLE entry_fts",
    # Prefix indexes for two and three letters keep search-as-you-type quick
    # on a large journal (the benchmarks: p95 61 -> 48 ms at 100,000 entries).
    "CREATE VIRTUAL TABLE entry_fts USING fts5("
    "case_code, tags, body, content='entry_doc', content_rowid='entry_id', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')",
    "INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')",
)

_FTS_WITH_LONGER_PREFIXES = (
    "DROP TABLE entry_fts",
    # Prefixes of four to six letters too: without them a word being typed
    # ("partn") merges every indexed word that starts that way, twice per
    # keystroke. At 100,000 entries search-as-you-type p95 goes from 52 to
    # 23 ms, for an index about half as large again (282 to 439 MB there,
    # about 1.6 MB more per thousand entries).
    "CREATE VIRTUAL TABLE entry_fts USING fts5("
    "case_code, tags, body, content='entry_doc', content_rowid='entry_id', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5 6')",
    "INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')",
)

_FTS_WITH_WHOLE_WORD_PREFIXES = (
    "DROP TABLE entry_fts",
    # And seven to ten letters: a longer word being typed ("partner", which
    # is also the start of "partnership") otherwise merges the long lists of
    # every word it starts, twice per keystroke (76 ms at 100,000 entries,
    # against 10 to 20 ms for most keystrokes). The index grows by about 6%
    # there (439 to 467 MB).
    "CREATE VIRTUAL TABLE entry_fts USING fts5("
    "case_code, tags, body, content='entry_doc', content_rowid='entry_id', "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8 9 10')",
    "INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')",
)

_ENTRY_REVISION = (
    # Counts the saves of an entry's words and details, so a save from a
    # window that opened an older version is refused instead of overwriting
    # (see Journal.save_entry).
    "ALTER TABLE entry ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
)

# Version 7: the worker's word lists (see wordlists.py).
_SCANNER_WORDS = (
    """
    CREATE TABLE scanner_word (
        id INTEGER PRIMARY KEY,
        word VARCHAR NOT NULL UNIQUE COLLATE NOCASE,
        list_name VARCHAR NOT NULL CHECK (list_name IN ('allow', 'flag')),
        created_at DATETIME NOT NULL
    )
    """,
)

_PRACTITIONERS_YEAR = (
    # CPD records: Social Work England's form, composed by the worker.
    # standards and pcf_domains hold JSON lists of the ids chosen.
    """
    CREATE TABLE cpd_record (
        id INTEGER PRIMARY KEY,
        uid VARCHAR NOT NULL UNIQUE,
        title VARCHAR NOT NULL DEFAULT '',
        cpd_type VARCHAR NOT NULL DEFAULT '',
        description VARCHAR NOT NULL DEFAULT '',
        activity_date DATE NOT NULL,
        learnt VARCHAR NOT NULL DEFAULT '',
        impact VARCHAR NOT NULL DEFAULT '',
        peer_reflection VARCHAR NOT NULL DEFAULT '',
        peer_role VARCHAR NOT NULL DEFAULT '',
        standards VARCHAR NOT NULL DEFAULT '[]',
        pcf_domains VARCHAR NOT NULL DEFAULT '[]',
        status VARCHAR NOT NULL DEFAULT 'draft',
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        completed_at DATETIME,
        deleted_at DATETIME
    )
    """,
    "CREATE INDEX ix_cpd_record_date ON cpd_record (deleted_at, activity_date)",
    # The entries and sessions a record draws on (none for a course or reading).
    """
    CREATE TABLE cpd_source (
        id INTEGER PRIMARY KEY,
        cpd_id INTEGER NOT NULL REFERENCES cpd_record (id) ON DELETE CASCADE,
        entry_id INTEGER REFERENCES entry (id) ON DELETE CASCADE,
        session_id INTEGER REFERENCES supervision_session (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_cpd_source_cpd ON cpd_source (cpd_id)",
    """
    CREATE TABLE cpd_revision (
        id INTEGER PRIMARY KEY,
        cpd_id INTEGER NOT NULL REFERENCES cpd_record (id) ON DELETE CASCADE,
        created_at DATETIME NOT NULL,
        snapshot VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX ix_cpd_revision_cpd ON cpd_revision (cpd_id, created_at)",
    # A session is a draft while it is being written; only recorded ones
    # count as discussed. Sessions from before this step were recorded.
    "ALTER TABLE supervision_session ADD COLUMN status VARCHAR NOT NULL DEFAULT 'complete'",
    "ALTER TABLE supervision_session ADD COLUMN updated_at DATETIME",
    """
    CREATE TABLE supervision_revision (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES supervision_session (id) ON DELETE CASCADE,
        created_at DATETIME NOT NULL,
        snapshot VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX ix_supervision_revision_session ON supervision_revision (session_id)",
    # Continuity: did what was promised at the last visit happen?
    """
    CREATE TABLE promise_check (
        entry_id INTEGER PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
        kept VARCHAR NOT NULL DEFAULT '',
        note VARCHAR NOT NULL DEFAULT ''
    )
    """,
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "entries, answers, tags, actions, terms, supervision, revisions", _TABLES_V1),
    Migration(2, "full-text search over answers, case codes and tags", _fts_statements()),
    Migration(3, "prefix indexes for search as you type", _FTS_WITH_PREFIXES),
    Migration(4, "longer prefix indexes for search as you type", _FTS_WITH_LONGER_PREFIXES),
    Migration(5, "prefix indexes up to ten letters", _FTS_WITH_WHOLE_WORD_PREFIXES),
    Migration(6, "a revision number on each entry", _ENTRY_REVISION),
    Migration(7, "the worker's word lists for the identifier scanner", _SCANNER_WORDS),
    Migration(8, "CPD records, session drafts and versions, promise checks", _PRACTITIONERS_YEAR),
    Migration(9, "each question stored once per prompt-set version", MIGRATION_9),
)

assert MIGRATIONS[-1].version == LATEST_VERSION, "files.LATEST_VERSION is the newest step"


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
            migrate_to(engine, LATEST_VERSION)
    except Exception as exc:
        engine.dispose()
        known = as_user_error(exc, path=path, backups_dir=found.backups_dir)
        if known is not None and known is not exc:
            raise known from exc
        raise
    return engine


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction takes the write lock at once."""
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        yield conn


def current_version(conn: Connection) -> int:
    """The schema version of the journal behind ``conn``."""
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def migrate_to(engine: Engine, target: int) -> int:
    """Apply every migration step up to ``target``; return the version reached.

    Each step runs in its own write transaction with its version bump, and the
    version is read again inside it, so two Reflects opening an old journal at
    once cannot apply a step twice.
    """
    if target > LATEST_VERSION:
        raise ValueError(f"no migration to version {target}")
    with engine.connect() as conn:
        if current_version(conn) >= target:
            return current_version(conn)  # up to date: no write lock needed to open it
    for step in MIGRATIONS:
        if step.version > target:
            break
        with write_connection(engine) as conn:
            if current_version(conn) >= step.version:
                continue
            for statement in step.statements:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(f"PRAGMA user_version = {step.version}")
    with engine.connect() as conn:
        return current_version(conn)


def check_journal(engine: Engine, progress: Progress | None = None) -> list[str]:
    """Every problem SQLite, the foreign keys and the search index report; [] when all is well.

    ``progress`` counts the three parts: the file, the links, the search index.
    """
    from sqlalchemy.exc import DatabaseError

    problems: list[str] = []
    try:
        with engine.connect() as conn:
            driver = conn.connection.dbapi_connection
            tell(progress, 0, 3)
            with heartbeat(driver, progress, 0, 3):
                checked = conn.exec_driver_sql("PRAGMA integrity_check").all()
            for (message,) in checked:
                if message != "ok":
                    problems.append(f"database: {message}")
            tell(progress, 1, 3)
            with heartbeat(driver, progress, 1, 3):
                missing = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            for row in missing:
                problems.append(f"a {row[0]} row (number {row[1]}) points to a missing {row[2]}")
            tell(progress, 2, 3)
    except DatabaseError as exc:  # too damaged for the checks themselves to run
        return [f"database: the file is damaged ({exc.orig or exc})"]
    problems += fts_integrity_problems(engine, progress)
    tell(progress, 3, 3)
    return problems


def fts_integrity_problems(engine: Engine, progress: Progress | None = None) -> list[str]:
    """Ask FTS5 to compare the search index with the journal; [] when they agree."""
    try:
        with (
            write_connection(engine) as conn,
            heartbeat(conn.connection.dbapi_connection, progress, 2, 3),
        ):
            conn.execute(
                text("INSERT INTO entry_fts(entry_fts, rank) VALUES ('integrity-check', 1)")
            )
    except Exception as exc:  # the check reports problems as errors
        return [f"search index: {exc}"]
    return []


def rebuild_search_index(engine: Engine) -> None:
    """Repair the search index: put back any missing trigger, then rebuild it from the journal."""
    with write_connection(engine) as conn:
        present = {
            row[0]
            for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        for statement in _fts_statements():
            if statement.startswith("CREATE TRIGGER ") and statement.split()[2] not in present:
                conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
