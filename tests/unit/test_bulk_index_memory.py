"""A bulk index (import, rebuild) lets FTS5 hold more in memory, then puts its setting back.

FTS5 writes a segment each time its pending data passes 'hashsize' (1 MB by
default), which with our ten prefix indexes is every few dozen entries;
`search_schema.roomy_for_bulk` raises it while many entries are indexed in
one statement. The setting lives in the index's own configuration table, so
it must be put back: a journal's tables stay as they were, and a restore
still gives back exactly what was backed up (tests/unit/test_backup_copy.py).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import search_index, search_schema
from reflect.core.journal import Journal
from reflect.core.store import rebuild_search_index
from tests.unit.test_import_writer import archive_of


def fts_config(path: Path) -> list[tuple[str, object]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(connection.execute("SELECT k, v FROM entry_fts_config"))
    finally:
        connection.close()


def test_an_import_indexes_with_room_and_leaves_the_setting_as_it_was(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    roomy = search_schema.roomy_for_bulk

    def watching(cursor):  # type: ignore[no-untyped-def]
        with roomy(cursor):
            seen.append(
                int(
                    cursor.execute(
                        "SELECT v FROM entry_fts_config WHERE k = 'hashsize'"
                    ).fetchone()[0]
                )
            )
            yield

    import contextlib

    from reflect.core import bulk_load

    monkeypatch.setattr(bulk_load, "roomy_for_bulk", contextlib.contextmanager(watching))
    archive = archive_of(tmp_path, entries=40)
    target = tmp_path / "new.db"
    done = CliRunner().invoke(cli, ["--db", str(target), "import", str(archive)])
    assert done.exit_code == 0, done.output
    assert seen and set(seen) == {search_schema.BULK_PENDING_BYTES}
    assert fts_config(target) == [("version", 4)]
    connection = sqlite3.connect(target)
    try:
        connection.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('integrity-check', 1)")
        (found,) = connection.execute(
            "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'visit'"
        ).fetchone()
    finally:
        connection.close()
    assert found > 0


def test_a_rebuild_puts_back_a_setting_someone_chose(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(journal), "sample", "--entries", "30"]).exit_code == 0
    connection = sqlite3.connect(journal)
    with connection:
        connection.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('hashsize', 65536)")
    connection.close()
    with Journal.open(journal) as opened:
        search_index.rebuild_in_steps(opened.engine)  # as a restore rebuilds it
        assert opened.search("visit", limit=1)
        rebuild_search_index(opened.engine)  # as check --repair-search rebuilds it
    assert fts_config(journal) == [("hashsize", 65536), ("version", 4)]
