"""What a backup holds (the journal's rows, compressed), and that restore gives every row back."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.cli import cli
from reflect.core import backup, backup_format, backup_restore, crypto, search_index
from reflect.core.backup import BackupFailed, make_backup
from reflect.core.journal import Journal
from reflect.core.kept_rankings import REBUILDS
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from reflect.core.store import fts_integrity_problems
from tests.helpers import TODAY, new_draft

PASSPHRASE = "tea and toast"
PLANTED = "Quillanbury marmalade"  # fictional, and in no sample text


def _everything(path: Path, key: str | None = None) -> dict[str, Any]:
    """Each table's rows (the index's own left out), the schema's text and the version."""
    conn = backup_format.connect(path, key)
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
            "application": conn.execute("PRAGMA application_id").fetchone(),
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


def _restore(path: Path, made: Path, passphrase: str | None = None) -> Any:
    env = {"REFLECT_PASSPHRASE": passphrase} if passphrase else {}
    return CliRunner(env=env).invoke(cli, ["--db", str(path), "restore", str(made), "--yes"])


def test_a_backup_is_a_small_sqlite_file_of_compressed_rows(
    tmp_path: Path, library: PromptLibrary
) -> None:
    path = tmp_path / "journal.db"
    with _filled(path, library) as journal:
        made = make_backup(journal, tmp_path / "copy.db")
    conn = sqlite3.connect(made)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        assert {"backup_fact", "backup_batch"} <= tables
        assert "entry" not in tables and "answer" not in tables
        contents = backup_format.read_facts(conn)
        (data,) = conn.execute(
            "SELECT data FROM backup_batch WHERE table_name = 'answer' AND number = 0"
        ).fetchone()
    finally:
        conn.close()
    assert contents.entries == 61
    assert PLANTED.encode() not in made.read_bytes()  # compressed, not as typed
    assert not data.startswith(b"[")
    assert any(PLANTED in str(column) for row in backup_format.decode(data) for column in row)


def test_every_row_and_the_schema_come_back(tmp_path: Path, library: PromptLibrary) -> None:
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
            assert not dbapi.in_transaction
        new_draft(journal)  # after the backup: not in it
    journal_now = _everything(path)
    built = tmp_path / "built.db"
    backup_restore.build_journal(made, None, built)
    copied = _everything(built)
    assert any(row[-1] is not None for row in copied["rows"]["answer"])
    assert copied["orphans"] == []
    assert copied["schema"] == journal_now["schema"]
    assert copied["version"] == journal_now["version"]
    assert copied["application"] == journal_now["application"]
    assert len(copied["rows"]["entry"]) == len(journal_now["rows"]["entry"]) - 1
    for name, rows in copied["rows"].items():
        if name == "entry":
            assert rows == [r for r in journal_now["rows"]["entry"] if r in rows]
        elif name == "identifier_scan":  # made again by the next export (scan_memo.py)
            assert rows == [] and journal_now["rows"][name]
        elif name != "answer":
            assert rows == journal_now["rows"][name], name
    assert ("automerge", 2) in copied["rows"]["entry_fts_config"]

    assert _restore(path, made).exit_code == 0
    with Journal.open(path) as journal:
        assert journal.count_entries() == 61
        assert not search_index.is_left_out(journal.engine)
        assert fts_integrity_problems(journal.engine) == []
        assert [h.entry.case_code for h in journal.search("Quillanbury")] == ["CF-1001"]


# Values of every kind SQLite keeps: any text (NUL and long text too), BLOBs,
# NULLs, 64-bit integers and floats (infinities too: SQLite stores no NaN).
VALUES = st.one_of(
    st.none(),
    st.text(),
    st.builds(
        lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(1, 9_000)
    ),
    st.binary(max_size=300),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(VALUES, VALUES, VALUES), max_size=30))
def test_any_values_come_back_exactly(tmp_path_factory: pytest.TempPathFactory, rows: Any) -> None:
    folder = tmp_path_factory.mktemp("values")
    source = sqlite3.connect(folder / "source.db", isolation_level=None)
    source.execute("CREATE TABLE anything (id INTEGER PRIMARY KEY, a, b BLOB, c TEXT)")
    source.executemany("INSERT INTO anything (a, b, c) VALUES (?, ?, ?)", rows)
    backup_format.write(source, folder / "backup.db", None)
    source.close()
    backup_restore.build_journal(folder / "backup.db", None, folder / "built.db")
    built = sqlite3.connect(folder / "built.db")
    got = built.execute("SELECT a, b, c, typeof(a), typeof(b), typeof(c) FROM anything")
    again = sqlite3.connect(folder / "source.db")
    want = again.execute("SELECT a, b, c, typeof(a), typeof(b), typeof(c) FROM anything")
    assert got.fetchall() == want.fetchall()
    built.close()
    again.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_what_the_worker_typed_comes_back_and_is_found(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("typed")
    path = folder / "journal.db"
    with Journal.open(path) as journal:
        for text in texts:
            entry = new_draft(journal)
            journal.save_draft(entry.id, {"context": text, "next": f"{PLANTED} {len(text)}"})
        before = _everything(path)["rows"]
        made = make_backup(journal, folder / "b.db")
    path.unlink()
    assert _restore(path, made).exit_code == 0
    after = _everything(path)["rows"]
    # Tables made again from the entries are not in a backup; the restore's
    # rebuild of the search index counts itself in kept_ranking (kept_rankings.py).
    assert after.pop("kept_ranking") == [(REBUILDS, 1, b"", b"", b"")]
    assert before.pop("kept_ranking") == []
    assert after == before
    with Journal.open(path) as journal:
        assert len(journal.search("Quillanbury")) == len(texts)


def test_a_failed_backup_leaves_nothing_and_the_journal_as_it_was(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    real_schema = backup_format.journal_schema

    def with_a_table_the_journal_lacks(source: Any) -> list[tuple[str, str, str]]:
        return [*real_schema(source), ("table", "not_there", "CREATE TABLE not_there (x)")]

    with _filled(path, library) as journal:
        monkeypatch.setattr(backup_format, "journal_schema", with_a_table_the_journal_lacks)
        with pytest.raises(sqlite3.OperationalError, match="not_there"):
            make_backup(journal, tmp_path / "copy.db")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            p.name for p in tmp_path.iterdir() if p.name.startswith("journal.db")
        )
        monkeypatch.setattr(backup_format, "journal_schema", real_schema)
        with journal.engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi.execute("PRAGMA foreign_keys").fetchone() == (1,)
            assert not dbapi.in_transaction
        new_draft(journal)
        made = make_backup(journal, tmp_path / "copy.db")
    assert backup_restore.check_compact(made, None).entries == 62


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


def _damaged(made: Path, how: str) -> None:
    if how == "cut short":
        made.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    else:  # a batch's bytes changed: zlib's checksum no longer matches
        conn = sqlite3.connect(made)
        conn.execute(
            "UPDATE backup_batch SET data = substr(data, 1, 20) || x'00ff00ff' "
            "|| substr(data, 25) WHERE table_name = 'answer' AND number = 0"
        )
        conn.commit()
        conn.close()


@pytest.mark.parametrize(
    ("how", "passphrase"),
    [("cut short", None), ("a damaged batch", None), ("cut short", PASSPHRASE)],
)
def test_a_damaged_backup_is_refused_in_one_sentence_and_the_journal_kept(
    tmp_path: Path, library: PromptLibrary, how: str, passphrase: str | None
) -> None:
    if passphrase:
        pytest.importorskip("sqlcipher3")
    path = tmp_path / "journal.db"
    with _filled(path, library, passphrase) as journal:
        made = make_backup(journal, tmp_path / "copy.db")
        new_draft(journal, "CF-AFTER")
        key = journal.key
    _damaged(made, how)
    before = _everything(path, key)
    result = _restore(path, made, passphrase)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    # An encrypted file cut short reads as one under another passphrase: the
    # catalogue's sentence for both says so.
    assert str(made) in line
    assert "The journal was not changed." in line or "Nothing has been changed." in line
    assert "Traceback" not in result.output
    assert _everything(path, key) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not (tmp_path / "journal-backups").exists()  # refused before anything was kept


def test_a_journal_built_wrong_is_not_put_in_place(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    with _filled(path, library) as journal:
        made = make_backup(journal, tmp_path / "copy.db")
        new_draft(journal, "CF-AFTER")
    before = _everything(path)
    monkeypatch.setattr(backup_restore, "_problems", lambda journal, contents: ["row 3 lost"])
    result = _restore(path, made)
    assert result.exit_code == 1
    assert "did not check out (row 3 lost). The journal was not changed." in result.stderr
    assert _everything(path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_encrypted_backup_is_never_plain_on_disk_and_restores(
    tmp_path: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    seen: list[bytes] = []
    real_verify = backup._verify

    def looking(path: Path, key: str | None, progress: Any = None) -> None:
        # Every file beside the journal once the backup is written, before it
        # is checked and put in place: the temporary copy and nothing else.
        found = [
            p for p in path.parent.iterdir() if p.is_file() and not p.name.startswith("journal.db")
        ]
        assert found == [path] and path.name.endswith(".partial")
        seen.extend(p.read_bytes() for p in found)
        real_verify(path, key, progress)

    monkeypatch.setattr(backup, "_verify", looking)
    path = tmp_path / "journal.db"
    with _filled(path, library, PASSPHRASE) as journal:
        made = make_backup(journal, tmp_path / "copy.db")
        key = journal.key
    assert seen and crypto.is_encrypted(made)
    for contents in [*seen, made.read_bytes()]:
        assert not contents.startswith(b"SQLite format 3")
        assert PLANTED.encode() not in contents
    with pytest.raises(crypto.PassphraseNeeded):
        Journal.open(made, lock=False)
    assert backup_restore.check_compact(made, key).entries == 61

    built: list[bytes] = []
    real_problems = backup_restore._problems

    def looking_at_the_journal_built(journal: Any, contents: Any) -> list[str]:
        built.extend(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("."))
        return real_problems(journal, contents)

    monkeypatch.setattr(backup_restore, "_problems", looking_at_the_journal_built)
    assert _restore(path, made, PASSPHRASE).exit_code == 0
    assert built
    assert not any(b.startswith(b"SQLite format 3") or PLANTED.encode() in b for b in built)
    assert crypto.is_encrypted(path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    env = {"REFLECT_PASSPHRASE": PASSPHRASE}
    checked = CliRunner(env=env).invoke(cli, ["--db", str(path), "check"])
    assert checked.exit_code == 0, checked.output
    with Journal.open(path, passphrase=PASSPHRASE) as journal:
        assert journal.count_entries() == 61
        assert not search_index.is_left_out(journal.engine)
        assert fts_integrity_problems(journal.engine) == []
        assert [h.entry.case_code for h in journal.search("Quillanbury")] == ["CF-1001"]


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_backup_made_by_an_earlier_version_still_restores(
    tmp_path: Path, library: PromptLibrary, encrypted: bool
) -> None:
    """Before backups were compact, a backup was a whole copy of the journal."""
    if encrypted:
        pytest.importorskip("sqlcipher3")
    passphrase = PASSPHRASE if encrypted else None
    path = tmp_path / "journal.db"
    with _filled(path, library, passphrase) as journal:
        pass
    old = tmp_path / "journal-backups" / "journal-2026-11-01.db"
    old.parent.mkdir()
    shutil.copyfile(path, old)
    with Journal.open(path, passphrase=passphrase) as journal:
        new_draft(journal, "CF-AFTER")
    env = {"REFLECT_PASSPHRASE": passphrase} if passphrase else {}
    result = _restore(path, old, passphrase)
    assert result.exit_code == 0, result.output
    assert "Restored 61 entries" in result.output
    checked = CliRunner(env=env).invoke(cli, ["--db", str(path), "check"])
    assert checked.exit_code == 0, checked.output
    with Journal.open(path, passphrase=passphrase) as journal:
        assert journal.count_entries() == 61
        assert [h.entry.case_code for h in journal.search("Quillanbury")] == ["CF-1001"]
    # The journal as it was before is kept, as a compact backup that restores too.
    (kept,) = old.parent.glob("*before-restore.db")
    assert _restore(path, kept, passphrase).exit_code == 0
    with Journal.open(path, passphrase=passphrase) as journal:
        assert journal.count_entries() == 62


def _fill_columns(conn: sqlite3.Connection, table: str, given: dict[str, Any]) -> None:
    """Insert one row, any required column not ``given`` filled by its type."""
    row = dict(given)
    for _cid, name, kind, notnull, default, key in conn.execute(f"PRAGMA table_info({table})"):
        if name in row or not notnull or default is not None or key:
            continue
        kind = kind.upper()
        row[name] = 0 if "INT" in kind or "BOOL" in kind else "2026-10-01"
    names, marks = ", ".join(f'"{n}"' for n in row), ", ".join("?" * len(row))
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [*row.values()])


def test_a_backup_of_an_older_journal_restores_and_is_migrated(tmp_path: Path) -> None:
    from reflect.core.files import LATEST_VERSION
    from reflect.core.store import create_journal_engine, migrate_to

    old = tmp_path / "old.db"
    engine = create_journal_engine(old, migrate=False)
    assert migrate_to(engine, 8) == 8  # before each question was stored once
    engine.dispose()
    conn = sqlite3.connect(old, isolation_level=None)
    _fill_columns(conn, "entry", {"id": 1, "uid": "u-1", "case_code": "CF-2001"})
    _fill_columns(
        conn,
        "answer",
        {"entry_id": 1, "prompt_id": "context", "text": PLANTED, "question": "What happened?"},
    )
    backup_format.write(conn, tmp_path / "b.db", None)
    conn.close()
    assert backup_restore.check_compact(tmp_path / "b.db", None).version == 8

    path = tmp_path / "journal.db"
    result = _restore(path, tmp_path / "b.db")
    assert result.exit_code == 0, result.output
    with Journal.open(path) as journal:
        assert int(journal.engine.connect().exec_driver_sql("PRAGMA user_version").scalar()) == (
            LATEST_VERSION
        )
        (hit,) = journal.search("Quillanbury")
        assert hit.entry.case_code == "CF-2001"
        assert fts_integrity_problems(journal.engine) == []


def test_check_and_encrypting_understand_both_kinds_of_backup(
    tmp_path: Path, library: PromptLibrary
) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "journal.db"
    with _filled(path, library) as journal:
        pass
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    shutil.copyfile(path, backups / "journal-2026-11-01.db")  # an earlier version's
    runner = CliRunner(env={"REFLECT_PASSPHRASE": PASSPHRASE})
    assert runner.invoke(cli, ["--db", str(path), "backup"]).exit_code == 0
    (compact,) = backups.glob("*by-hand.db")
    # An encrypt that stopped after the journal: `check` encrypts both backups.
    crypto.convert(path, None, PASSPHRASE)
    checked = runner.invoke(cli, ["--db", str(path), "check"])
    assert checked.exit_code == 0, checked.output
    assert "Encrypted 2 backups" in checked.output
    for made in (compact, backups / "journal-2026-11-01.db"):
        assert crypto.is_encrypted(made)
        assert PLANTED.encode() not in made.read_bytes()
        restored = _restore(path, made, PASSPHRASE)
        assert restored.exit_code == 0, restored.output
        with Journal.open(path, passphrase=PASSPHRASE) as journal:
            assert journal.count_entries() == 61


# `list`, `export` and `search` read a backup (tests/unit/test_read_kept_journal.py);
# a command that may write to the journal, or checks it, refuses one.
@pytest.mark.parametrize("command", [["check"], ["terms", "list"], ["cpd", "list"]])
def test_a_backup_opened_as_a_journal_is_refused_in_one_sentence(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        new_draft(journal)
        made = make_backup(journal, tmp_path / "copy.db")
    before = made.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(made), *command])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"reflect: {made} is a Reflect backup, not a journal: to put it back in place of the "
        f"journal, run: reflect restore '{made}'"
    ]
    assert made.read_bytes() == before
