"""The schema's history: the ordered steps that bring an older journal up to date.

A new journal is made from the models (`reflect.core.schema`); these steps
only ever upgrade one made by an earlier Reflect, so they stay exactly as
they were written. tests/unit/test_schema.py migrates a journal from every
earlier version and compares it with a new one in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.core.files import LATEST_VERSION
from reflect.core.questions import MIGRATION_9
from reflect.core.search_schema import fts_statements


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

# Version 10: the identifier check's findings per entry (see scan_memo.py).
_IDENTIFIER_SCANS = (
    """
    CREATE TABLE identifier_scan (
        digest VARCHAR NOT NULL,
        basis VARCHAR NOT NULL,
        findings VARCHAR NOT NULL,
        PRIMARY KEY (digest)
    ) WITHOUT ROWID
    """,
)

# Version 11: the heads of search rankings kept ahead (see kept_rankings.py).
_KEPT_RANKINGS = (
    """
    CREATE TABLE kept_ranking (
        phrase VARCHAR NOT NULL,
        matches INTEGER NOT NULL,
        ids BLOB NOT NULL,
        ranks BLOB NOT NULL,
        basis BLOB NOT NULL,
        PRIMARY KEY (phrase)
    ) WITHOUT ROWID
    """,
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "entries, answers, tags, actions, terms, supervision, revisions", _TABLES_V1),
    Migration(2, "full-text search over answers, case codes and tags", fts_statements()),
    Migration(3, "prefix indexes for search as you type", _FTS_WITH_PREFIXES),
    Migration(4, "longer prefix indexes for search as you type", _FTS_WITH_LONGER_PREFIXES),
    Migration(5, "prefix indexes up to ten letters", _FTS_WITH_WHOLE_WORD_PREFIXES),
    Migration(6, "a revision number on each entry", _ENTRY_REVISION),
    Migration(7, "the worker's word lists for the identifier scanner", _SCANNER_WORDS),
    Migration(8, "CPD records, session drafts and versions, promise checks", _PRACTITIONERS_YEAR),
    Migration(9, "each question stored once per prompt-set version", MIGRATION_9),
    Migration(10, "the identifier check's findings, kept per entry", _IDENTIFIER_SCANS),
    Migration(11, "search rankings kept ahead for large journals", _KEPT_RANKINGS),
)

assert MIGRATIONS[-1].version == LATEST_VERSION, "files.LATEST_VERSION is the newest step"
