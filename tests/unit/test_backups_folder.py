"""Every command finds the usual journal's backups in one folder, --db or not (review20, 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.paths import Locations
from tests.helpers import new_draft


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def usual_journal(isolated_folders: Path) -> Path:
    path = isolated_folders / "data" / "journal.db"
    path.parent.mkdir()
    with Journal.open(path) as journal:
        new_draft(journal, "CF-3050")
    return path


def backups_line(result: Result) -> str:
    assert result.exit_code == 0, result.output + result.stderr
    (line,) = (x for x in result.output.splitlines() if x.startswith("Backups folder"))
    return line


def test_locate_names_one_backups_folder_with_or_without_db(usual_journal: Path) -> None:
    plain = backups_line(run("locate"))
    assert f"{usual_journal.parent / 'backups'}  (not created yet)" in plain
    assert backups_line(run("--db", str(usual_journal), "locate")) == plain
    # The same file named another way (a relative path through a link) too.
    link = usual_journal.parent.parent / "link"
    link.symlink_to(usual_journal.parent)
    assert backups_line(run("--db", str(link / "journal.db"), "locate")) == plain


def test_another_journal_keeps_its_backups_beside_it(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "casework.db"
    assert Locations.resolve(other).backups_for(True) == other.parent / "casework-backups"


def test_the_damage_message_and_restore_use_the_usual_backups_folder(
    usual_journal: Path,
) -> None:
    made = run("--db", str(usual_journal), "backup")
    assert made.exit_code == 0, made.output + made.stderr
    backups = usual_journal.parent / "backups"
    (backup,) = backups.glob("journal-*.db")
    usual_journal.write_bytes(usual_journal.read_bytes()[:5000])  # cut short
    listed = run("--db", str(usual_journal), "list")
    assert listed.exit_code == 1
    assert f"restore '{backup}'" in listed.stderr
    done = run("--db", str(usual_journal), "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    (aside,) = backups.glob("damaged-journal-*.db")
    assert f"moved to {aside}" in done.output
    assert not (usual_journal.parent / "journal-backups").exists()


def test_backups_an_earlier_version_put_in_journal_backups_are_still_found(
    usual_journal: Path,
) -> None:
    earlier = usual_journal.parent / "journal-backups"
    earlier.mkdir()
    for args in (("locate",), ("--db", str(usual_journal), "locate")):
        assert backups_line(run(*args)).split()[-1] == str(earlier)
