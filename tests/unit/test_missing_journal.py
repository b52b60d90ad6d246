"""A missing journal whose backups are there is not a first run (review 22, item 5).

The reviewer's `reflect list` said "Start one with 'reflect', or try
'reflect demo'" with three backups in the backups folder.
"""

from __future__ import annotations

import os
import re
import shlex
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from tests.helpers import new_draft
from tests.unit.test_cli import one_line_error


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def three_backups_then_lost(path: Path, *backup_args: str) -> Path:
    """A journal backed up three times (the last the newest), then deleted; the newest backup."""
    path.parent.mkdir(exist_ok=True)
    with Journal.open(path) as journal:
        new_draft(journal, "CF-4201")
    made = []
    for hour, name in ((9, "journal-2026-11-25.db"), (10, "journal-2026-11-26.db"), (11, "x")):
        done = run(*backup_args, "backup")
        assert done.exit_code == 0, done.output + done.stderr
        newest = max(
            (p for p in backups_of(path).glob("journal-*.db") if p not in made),
            key=lambda p: p.stat().st_mtime,
        )
        if name != "x":
            newest = newest.rename(newest.with_name(name))
        when = datetime(2026, 11, 24 + hour - 8, hour, 5).timestamp()
        os.utime(newest, (when, when))
        made.append(newest)
    path.unlink()
    return made[-1]


def backups_of(path: Path) -> Path:
    usual = path.parent / "backups"
    return usual if usual.is_dir() else path.with_name(f"{path.stem}-backups")


@pytest.mark.parametrize("command", [("list",), ("backup",), ("check",), ("encrypt",)])
def test_a_missing_journal_with_backups_names_the_newest_and_the_restore_command(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = tmp_path / "kept.db"
    newest = three_backups_then_lost(path, "--db", str(path))
    line = one_line_error(run("--db", str(path), *command))
    assert f"There is no journal at {path}, but" in line
    assert "holds 3 backups of it; the newest was made on Friday 27 November 2026 at 11:05" in line
    assert "reflect demo" not in line
    said = re.search(r"Put it back with: (reflect .*)$", line)
    assert said is not None, line
    argv = shlex.split(said.group(1))
    assert argv == ["reflect", "--db", str(path), "restore", str(newest)]
    done = run(*argv[1:], "--yes")  # the command as said puts the journal back
    assert done.exit_code == 0, done.output + done.stderr
    assert "Restored 1 entry" in done.output and path.exists()


def test_the_usual_journal_missing_gives_the_command_without_db(isolated_folders: Path) -> None:
    path = isolated_folders / "data" / "journal.db"
    newest = three_backups_then_lost(path)
    line = one_line_error(run("list"))
    assert f"Put it back with: reflect restore '{newest}'" in line
    assert "--db" not in line and "reflect demo" not in line


def test_with_no_backup_a_missing_journal_is_still_a_first_run(isolated_folders: Path) -> None:
    (isolated_folders / "data" / "backups").mkdir(parents=True)
    line = one_line_error(run("list"))
    assert "Start one with 'reflect', or try 'reflect demo'." in line
    assert "restore" not in line


@pytest.mark.parametrize("command", [("list",), ("search", "school"), ("check",), ("sample",)])
def test_an_emptied_journal_with_backups_is_not_made_into_a_new_one(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    # Review 25: a journal file emptied to 0 bytes was made into a new empty
    # journal by any command, and `check` then called it in good order.
    path = tmp_path / "kept.db"
    newest = three_backups_then_lost(path, "--db", str(path))
    path.write_bytes(b"")
    line = one_line_error(run("--db", str(path), *command))
    assert f"The journal at {path} is empty (0 bytes), but" in line
    assert "holds 3 backups of it" in line
    assert path.stat().st_size == 0  # left as it was, for the restore
    said = re.search(r"Put it back with: (reflect .*)$", line)
    assert said is not None, line
    done = run(*shlex.split(said.group(1))[1:], "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    assert "Restored 1 entry" in done.output
    assert str(newest) in line


def test_an_empty_file_with_no_backups_is_still_a_new_journal(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    path.write_bytes(b"")
    done = run("--db", str(path), "list")
    assert done.exit_code == 0, done.output + done.stderr
    assert path.stat().st_size > 0
