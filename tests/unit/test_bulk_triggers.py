"""An import sets aside the triggers that index each inserted row, and puts them back.

`search_schema.insert_triggers_set_aside` drops them inside the import's
transaction and makes them again before it ends: after an import the
journal's schema is what it was, every later change is indexed by the same
triggers, and an import that fails part way leaves them in place.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import search_schema
from reflect.core.journal import Journal
from tests.unit.test_import_writer import archive_of, schema_of


def triggers_of(path: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
    finally:
        connection.close()


def test_the_set_aside_triggers_are_the_ones_that_index_an_insert(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    Journal.open(journal).close()
    inserting = {name for name, sql in triggers_of(journal) if " INSERT ON " in sql.upper()}
    assert inserting == set(search_schema.INSERT_TRIGGERS)


def test_an_import_leaves_the_schema_as_it_was_and_later_changes_are_indexed(
    tmp_path: Path,
) -> None:
    archive = archive_of(tmp_path, entries=40)
    target = tmp_path / "target.db"
    Journal.open(target).close()
    before = schema_of(target)
    done = CliRunner().invoke(cli, ["--db", str(target), "import", str(archive)])
    assert done.exit_code == 0, done.output
    assert schema_of(target) == before
    with Journal.open(target) as journal:
        entry_id = journal.list_entries(limit=1).items[0].id
        detail = journal.get_entry(entry_id)
        assert detail is not None
        prompt = detail.answers[0].prompt_id
        assert journal.search("zanzibarish") == []
        # An answer changed after the import: the update trigger indexes it.
        journal.save_draft(entry_id, {prompt: "a zanzibarish afternoon"})
        assert [hit.entry.id for hit in journal.search("zanzibarish")] == [entry_id]
    connection = sqlite3.connect(target)
    try:
        connection.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('integrity-check', 1)")
        # The entry trigger too: a row written outside Reflect is indexed as it goes in.
        connection.execute(
            "INSERT INTO entry (uid, visit_date, case_code, visit_type, prompt_set_id,"
            " prompt_set_version, status, created_at, updated_at)"
            " VALUES ('u-1', '2025-10-01', 'QX-424242', 'home', 'standard', '1', 'draft',"
            " '2025-10-01T10:00:00+00:00', '2025-10-01T10:00:00+00:00')"
        )
        (found,) = connection.execute(
            "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH 'QX'"
        ).fetchone()
    finally:
        connection.rollback()
        connection.close()
    assert found == 1


def test_an_import_that_fails_part_way_leaves_the_triggers_in_place(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, entries=40)
    lines = archive.read_text().splitlines()
    archive.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:-5] + "\n")  # a damaged last line
    target = tmp_path / "target.db"
    Journal.open(target).close()
    before = triggers_of(target)
    done = CliRunner().invoke(cli, ["--db", str(target), "import", str(archive)])
    assert done.exit_code != 0
    assert triggers_of(target) == before
    with Journal.open(target) as journal:
        assert journal.count_entries() == 0
