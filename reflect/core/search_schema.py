"""The search index as SQL: the one part of the schema models cannot say.

Search uses an FTS5 external-content index (``entry_fts``) over the view
``entry_doc``: one row per entry with its case code, tag names and all answer
text. Triggers keep the index in step with every change. FTS5 needs the old
values to remove a row, so each change deletes the entry's old document in a
BEFORE trigger and adds the new one in an AFTER trigger. Bulk loads (sample
data, import) set the insert triggers aside inside their own transaction
(`insert_triggers_set_aside`) and index the new entries a chunk at a time;
other bulk changes pause the triggers with a row in ``fts_pause``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The prefix indexes of today's search index (see migrations 3 to 5 for why).
SEARCH_PREFIXES = "2 3 4 5 6 7 8 9 10"


# What FTS5 may hold in memory before writing a segment, while many entries
# are indexed in one transaction (import, rebuild): its default, 1 MB,
# fills every few dozen entries with our ten prefix indexes, and each
# segment written must be merged again later. With 16 MB a term's import
# (2,328 entries) took 1.41 s against 1.58 (`tests/bench/import_phases.py
# --versus-jrnl --before`, 7 rounds interleaved, 27 November).
BULK_PENDING_BYTES = 16 * 1024 * 1024


@contextmanager
def roomy_for_bulk(cursor: Any) -> Iterator[None]:
    """While many entries are indexed, let the index hold more in memory (`BULK_PENDING_BYTES`).

    The setting lives in the index's own configuration: it is put back as it
    was afterwards, so a journal's tables stay as they were (a restore gives
    back exactly what was backed up). On an error the caller's transaction,
    rolled back, puts it back.
    """
    had = cursor.execute("SELECT v FROM entry_fts_config WHERE k = 'hashsize'").fetchone()
    setting = "INSERT INTO entry_fts(entry_fts, rank) VALUES ('hashsize', ?)"
    cursor.execute(setting, (BULK_PENDING_BYTES,))
    yield
    if had is None:
        cursor.execute("DELETE FROM entry_fts_config WHERE k = 'hashsize'")
    else:
        cursor.execute(setting, (had[0],))


# The triggers that index an entry as each of its rows is inserted.
INSERT_TRIGGERS = (
    "entry_fts_insert",
    "answer_fts_ins_b",
    "answer_fts_ins_a",
    "tag_fts_ins_b",
    "tag_fts_ins_a",
)


@contextmanager
def insert_triggers_set_aside(cursor: Any) -> Iterator[None]:
    """While a bulk load inserts rows, without the triggers that would index each one.

    Even paused (``fts_pause``), a trigger costs SQLite a small program run
    for every row: a term's import (2,591 entries, 81,000 rows) spent about
    0.3 of its 1.5 s in them (`tests/bench/import_phases.py`). They are
    dropped inside the caller's transaction and made again from their own
    stored text before the block ends, so the journal's schema is as it was;
    should the block fail, the caller's rollback brings them back as well.
    The caller indexes the rows itself.
    """
    marks = ", ".join("?" for _ in INSERT_TRIGGERS)
    found = cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})"
        " ORDER BY rowid",
        INSERT_TRIGGERS,
    ).fetchall()
    for name, _sql in found:
        cursor.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in found:
        cursor.execute(sql)


def fts_statements(prefixes: str | None = None) -> tuple[str, ...]:
    """The search index, its source view and the triggers that keep it in step.

    Without ``prefixes`` this is migration 2 as it was first written; a new
    journal is given today's `SEARCH_PREFIXES`.
    """
    prefix_option = f", prefix='{prefixes}'" if prefixes else ""
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
        f"tokenize='porter unicode61 remove_diacritics 2'{prefix_option})",
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
