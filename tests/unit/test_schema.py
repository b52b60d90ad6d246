"""The models are the schema: a new journal is made from them, and an old one migrated to match.

A journal made at every earlier version (0 to the one before the newest) by
the migration steps, then migrated, must equal a new journal in full: every
table's columns (type, nullability, default, primary key), foreign keys,
indexes (name, columns, collation, unique), CHECK constraints and column
collations, the search index's virtual table, triggers and view.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

from reflect.core import models
from reflect.core.crypto import _counts
from reflect.core.files import LATEST_VERSION
from reflect.core.journal import Journal
from reflect.core.migrations import MIGRATIONS
from reflect.core.store import create_journal_engine, migrate_to


def describe(path: Path) -> dict[str, Any]:
    """Everything about a journal's schema that a migration could get wrong."""
    conn = sqlite3.connect(path)
    found: dict[str, Any] = {}
    for name, kind, sql in conn.execute(
        "SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ):
        if kind == "index":
            continue  # described with its table below
        if kind != "table" or sql.startswith("CREATE VIRTUAL TABLE"):
            # Triggers, the search view and the search index: as written.
            found[name] = (kind, " ".join(sql.split()))
            continue
        if name.startswith("entry_fts_"):
            continue  # the search index's own shadow tables, made by FTS5
        columns = {
            row[1]: {"type": row[2], "not null": row[3], "default": row[4], "key": row[5]}
            for row in conn.execute(f'PRAGMA table_xinfo("{name}")')
        }
        keys = sorted(
            (row[2], row[3], row[4], row[5], row[6])
            for row in conn.execute(f'PRAGMA foreign_key_list("{name}")')
        )
        indexes = []
        for _seq, index, unique, origin, partial in conn.execute(f'PRAGMA index_list("{name}")'):
            index_columns = tuple(
                (row[2], row[4], row[3])  # column, collation, descending
                for row in conn.execute(f'PRAGMA index_xinfo("{index}")')
                if row[5]  # key columns, not the rowid
            )
            # A UNIQUE constraint's index is named by its place in the table's
            # text, which an ALTER TABLE changes: name only the declared ones.
            label = index if origin == "c" else f"({origin})"
            indexes.append((label, unique, index_columns, partial))
        found[name] = ("table", columns, keys, sorted(indexes), _checks_and_collations(sql))
    conn.close()
    return found


def _checks_and_collations(sql: str) -> tuple[list[str], list[str]]:
    """What PRAGMA cannot say: CHECK constraints and column collations, from the table's text."""
    flat = " ".join(sql.replace('"', "").split())
    checks = sorted(re.findall(r"CHECK \((.*?\))\)", flat))
    collations = sorted(re.findall(r"(\w+) [A-Z]+(?: NOT NULL| UNIQUE)* COLLATE (\w+)", flat))
    return checks, [f"{column} {collation}" for column, collation in collations]


@pytest.fixture(scope="module")
def new_journal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("new") / "new.db"
    Journal.open(path, lock=False).close()
    return describe(path)


def test_a_new_journal_has_every_model_table_and_the_search_index(
    new_journal: dict[str, Any],
) -> None:
    tables = {n for n, d in new_journal.items() if d[0] == "table" and n != "entry_fts"}
    assert tables == set(SQLModel.metadata.tables) | {"fts_pause"}
    assert new_journal["entry_fts"][1].endswith("prefix='2 3 4 5 6 7 8 9 10')")
    assert new_journal["entry_doc"][0] == "view"
    assert sum(1 for d in new_journal.values() if d[0] == "trigger") == 16
    assert new_journal["scanner_word"][4] == (
        ["list_name IN ('allow', 'flag')"],
        ["word NOCASE"],
    )


@pytest.mark.parametrize("start_version", [0, *(m.version for m in MIGRATIONS[:-1])])
def test_a_migrated_journal_equals_a_new_one_in_full(
    tmp_path: Path, start_version: int, new_journal: dict[str, Any]
) -> None:
    path = tmp_path / "old.db"
    engine = create_journal_engine(path, migrate=False)
    # Made by the steps as that Reflect made it, then upgraded by the steps
    # alone (from 0 too, where opening would make a new journal instead).
    assert migrate_to(engine, start_version) == start_version
    assert migrate_to(engine, LATEST_VERSION) == LATEST_VERSION
    engine.dispose()
    migrated = describe(path)
    assert migrated.keys() == new_journal.keys()
    for name, description in new_journal.items():
        assert migrated[name] == description, name


def test_a_change_to_a_model_would_be_caught(tmp_path: Path, new_journal: dict[str, Any]) -> None:
    """The comparison sees a default, a null and an index, not only column names."""
    path = tmp_path / "changed.db"
    Journal.open(path, lock=False).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE tag ADD COLUMN colour VARCHAR DEFAULT 'blue'")
    conn.execute("DROP INDEX ix_action_open_due")
    conn.execute("CREATE INDEX ix_action_open_due ON action (done)")
    conn.commit()
    conn.close()
    changed = describe(path)
    assert changed["tag"] != new_journal["tag"]
    assert changed["action"] != new_journal["action"]
    assert changed["entry"] == new_journal["entry"]


def test_an_encrypted_copy_counts_every_model_table(tmp_path: Path) -> None:
    """Converting checks the rows of every table, the word lists included (they were missed)."""
    path = tmp_path / "j.db"
    Journal.open(path).close()
    conn = sqlite3.connect(path)
    assert set(_counts(conn, "main")) == set(models.table_names())
    assert "scanner_word" in _counts(conn, "main")
    conn.close()
