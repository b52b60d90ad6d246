"""How a backup is written: the journal's rows copied into a fresh file, no search index."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import backup, crypto, search_index
from reflect.core.backup import BackupFailed, make_backup
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from reflect.core.store import fts_integrity_problems
from tests.helpers import TODAY, new_draft

PASSPHRASE = "tea and toast"
PLANTED = "Quillanbury marmalade"  # fictional, and in no sample text


def _everything(path: Path) -> dict[str, Any]:
    """Each table's rows (the index's own left out), the schema's text and the version."""
    conn = sqlite3.connect(path)
    try:
        schema = conn.execute(
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
        index_tables = {"entry_fts_data", "entry_fts_idx", "entry_fts_docsize"}
        rows = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for kind, name, sql in schema
            if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL")
            if name not in index_tables
        }
        return {
            "schema": schema,
            "rows": rows,
            "version": conn.execute("PRAGMA user_version").fetchone(),
            "orphans": conn.execute("PRAGMA foreign_key_check").fetchall(),
        }
    finally:
        conn.close()


def _filled(path: Path, library: PromptLibrary, passphrase: str | None = None) -> Journal:
    journal = Journal.open(path, passphrase=passphrase)
    fill_journal(journal, library, 60, seed=7, until=TODAY)
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": PLANTED})
    return journal


def test_a_backup_holds_every_row_and_the_same_schema(
    tmp_path: Path, library: PromptLibrary
) -> None:
    path = tmp_path / "journal.db"
    with _filled(path, library) as journal:
        with journal.engine.connect() as conn:  # a setting of the index's own is kept
            dbapi = conn.connection.dbapi_connection
            dbapi.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('automerge', 2)")
            dbapi.commit()
        made = make_backup(journal, tmp_path / "copy.db")
        # The journal's connections check references again, and it is still writable.
        with journal.engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert dbapi.execute("PRAGMA database_list").fetchall()[1:] == []
        new_draft(journal)
    journal_now = _everything(path)
    copied = _everything(made)
    # Answers refer to questions made after them in the schema: the copy keeps them.
    assert any(row[-1] is not None for row in copied["rows"]["answer"])
    assert copied["orphans"] == []
    assert copied["schema"] == journal_now["schema"]
    assert copied["version"] == journal_now["version"]
    # Everything but the newest draft (made after the backup) is in the copy.
    assert len(copied["rows"]["entry"]) == len(journal_now["rows"]["entry"]) - 1
    for name, rows in copied["rows"].items():
        if name not in {"entry", "answer"}:
            assert rows == journal_now["rows"][name], name
    assert ("automerge", 2) in copied["rows"]["entry_fts_config"]
    with Journal.open(made, lock=False) as copy:
        assert search_index.is_left_out(copy.engine)
        assert copy.count_entries() == 61


def test_a_failed_copy_leaves_nothing_and_the_journal_as_it_was(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    real_schema = backup._schema

    def with_a_table_the_journal_lacks(source: Any) -> list[tuple[str, str, str]]:
        return [*real_schema(source), ("table", "not_there", "CREATE TABLE not_there (x)")]

    with _filled(path, library) as journal:
        monkeypatch.setattr(backup, "_schema", with_a_table_the_journal_lacks)
        with pytest.raises(sqlite3.OperationalError, match="not_there"):
            make_backup(journal, tmp_path / "copy.db")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            p.name for p in tmp_path.iterdir() if p.name.startswith("journal.db")
        )
        monkeypatch.setattr(backup, "_schema", real_schema)
        with journal.engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert not dbapi.in_transaction
        new_draft(journal)
        made = make_backup(journal, tmp_path / "copy.db")
    with Journal.open(made, lock=False) as copy:
        assert copy.count_entries() == 62


def test_a_backup_that_does_not_check_out_is_not_kept(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(path: Path, key: str | None, progress: Any = None) -> None:
        raise BackupFailed(f"The backup {path} did not check out: page 3 is damaged.")

    monkeypatch.setattr(backup, "_verify", fails)
    with (
        _filled(tmp_path / "journal.db", library) as journal,
        pytest.raises(BackupFailed, match="did not check out"),
    ):
        make_backup(journal, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    assert not [p for p in tmp_path.iterdir() if "copy" in p.name]


def test_an_encrypted_backup_is_never_plain_on_disk_and_restores(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    seen: list[bytes] = []
    real_verify = backup._verify

    def looking(path: Path, key: str | None, progress: Any = None) -> None:
        # The copy as it is on disk once written, before it is checked and put in place.
        seen.extend(p.read_bytes() for p in path.parent.iterdir() if p.name != "journal.db")
        real_verify(path, key, progress)

    monkeypatch.setattr(backup, "_verify", looking)
    path = tmp_path / "journal.db"
    with _filled(path, library, PASSPHRASE) as journal:
        made = make_backup(journal, tmp_path / "copy.db")
    assert seen and crypto.is_encrypted(made)
    for contents in [*seen, made.read_bytes()]:
        assert not contents.startswith(b"SQLite format 3")
        assert PLANTED.encode() not in contents
    with pytest.raises(crypto.PassphraseNeeded):
        Journal.open(made, lock=False)

    env = {"REFLECT_PASSPHRASE": PASSPHRASE}
    restored = CliRunner(env=env).invoke(cli, ["--db", str(path), "restore", str(made), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert crypto.is_encrypted(path)
    checked = CliRunner(env=env).invoke(cli, ["--db", str(path), "check"])
    assert checked.exit_code == 0, checked.output
    with Journal.open(path, passphrase=PASSPHRASE) as journal:
        assert journal.count_entries() == 61
        assert not search_index.is_left_out(journal.engine)
        assert fts_integrity_problems(journal.engine) == []
        assert [h.entry.case_code for h in journal.search("Quillanbury")] == ["CF-1001"]
