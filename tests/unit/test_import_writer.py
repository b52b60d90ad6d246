"""`reflect import` writes through the driver alone (`reflect.core.writer`), as a `Journal` would.

SQLAlchemy was about a tenth of a term's import (its import alone); the
command now loads it only for a journal that needs upgrading first. The
rows, the schema and the search index are what `Journal` makes.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.importer import import_file
from reflect.core.journal import Journal
from reflect.core.opening import Kind, probe
from reflect.core.writer import Writer
from tests.unit.test_import_rows import rows_of

PASSPHRASE = "correct horse battery staple"

IMPORT_AND_SAY = (
    "import sys; from reflect.cli import cli\n"
    "try: cli.main(sys.argv[1:], standalone_mode=False)\n"
    "finally: print('sqlalchemy' in sys.modules, file=sys.stderr)\n"
)


def archive_of(tmp_path: Path, entries: int = 30) -> Path:
    source = tmp_path / "source.db"
    runner = CliRunner()
    for args in (
        ["sample", "--entries", str(entries)],
        ["export", "--format", "archive", "-o", str(tmp_path / "moved.jsonl")],
    ):
        done = runner.invoke(cli, ["--db", str(source), *args], catch_exceptions=False)
        assert done.exit_code == 0, done.output
    return tmp_path / "moved.jsonl"


def schema_of(path: Path) -> list[tuple[str, ...]]:
    connection = sqlite3.connect(path)
    try:
        return [
            *connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
            ),
            connection.execute("PRAGMA user_version").fetchone(),
            connection.execute("PRAGMA journal_mode").fetchone(),
        ]
    finally:
        connection.close()


def test_the_import_command_loads_no_sqlalchemy_unless_the_journal_needs_upgrading(
    tmp_path: Path,
) -> None:
    from reflect.core.store import MIGRATIONS, create_journal_engine, migrate_to

    archive = archive_of(tmp_path)

    def imported(db: Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-c", IMPORT_AND_SAY, "--db", str(db), "import", str(archive)]
        return subprocess.run(argv, capture_output=True, text=True, check=True)

    new = imported(tmp_path / "new.db")  # made by the import
    assert new.stderr.strip().endswith("False") and "Imported 30 entries" in new.stdout
    again = imported(tmp_path / "new.db")  # up to date: everything already there
    assert again.stderr.strip() == "False" and "0 entries (30 already" in again.stdout
    old = tmp_path / "old.db"
    engine = create_journal_engine(old, migrate=False)
    migrate_to(engine, MIGRATIONS[-2].version)
    engine.dispose()
    upgraded = imported(old)  # opened as a `Journal`, upgraded, then imported into
    assert upgraded.stderr.strip().endswith("True") and "Imported 30 entries" in upgraded.stdout
    assert rows_of(old) == rows_of(tmp_path / "new.db")


def test_a_writer_makes_the_journal_and_rows_a_journal_makes(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, 40)
    through_journal, through_writer = tmp_path / "journal.db", tmp_path / "writer.db"
    with Journal.open(through_journal) as journal:
        import_file(journal, archive)
    writer = Writer.open(through_writer)
    assert writer is not None
    with writer:
        import_file(writer, archive)
    assert rows_of(through_writer) == rows_of(through_journal)
    assert schema_of(through_writer) == schema_of(through_journal)
    assert through_writer.stat().st_mode & 0o777 == 0o600
    found = []
    for path in (through_writer, through_journal):
        with Journal.open(path) as journal:
            found.append([(hit.entry.uid, hit.rank) for hit in journal.search("kitchen")])
    assert found[0] and found[0] == found[1]


def test_an_encrypted_journal_is_made_and_written_through_the_writer(tmp_path: Path) -> None:
    archive = archive_of(tmp_path, 10)
    target = tmp_path / "locked.db"
    runner = CliRunner(env={"REFLECT_PASSPHRASE": PASSPHRASE})
    done = runner.invoke(cli, ["--db", str(target), "import", str(archive)])
    assert done.exit_code == 0, done.output
    assert probe(target) is Kind.ENCRYPTED
    again = runner.invoke(cli, ["--db", str(target), "import", str(archive)])
    assert "0 entries (10 already in the journal)" in again.output
    wrong = CliRunner(env={"REFLECT_PASSPHRASE": "not it"})
    refused = wrong.invoke(cli, ["--db", str(target), "import", str(archive)])
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    with Journal.open(target, passphrase=PASSPHRASE) as journal:
        assert len(list(journal.iter_details())) == 10
