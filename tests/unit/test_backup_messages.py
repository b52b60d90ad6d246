"""What the backup and restore commands say: counts, a full disk, a stopped or killed backup.

Review20: "Restored 1 entries" (15); the CLI's full-disk backup message
promised "Reflect will save again" (15); a killed `backup --to` left an
unfinished copy nothing tidied, and a stopped one did not name it.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core import backup_format
from reflect.core.atomic import temporary_for
from reflect.core.journal import Journal
from tests.helpers import new_draft

SECRET = "Pellingham-unfinished-copy"


def run(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args])


@pytest.fixture
def one_entry(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        entry = new_draft(journal, "CF-4060")
        journal.save_draft(entry.id, {"context": SECRET})
    return path


def test_one_entry_is_said_as_one(one_entry: Path, tmp_path: Path) -> None:
    listed = run(one_entry, "list")
    assert "1 to 1 of 1 entry." in listed.output
    backup = tmp_path / "copy.db"
    assert run(one_entry, "backup", "--to", str(backup)).exit_code == 0
    asked = CliRunner().invoke(cli, ["--db", str(one_entry), "restore", str(backup)], input="n\n")
    assert "(1 entry, made " in asked.output
    done = run(one_entry, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    assert f"Restored 1 entry from {backup}." in done.output
    made = run(tmp_path / "sample.db", "sample", "--entries", "1")
    assert "Added 1 invented entry to" in made.output


def test_a_full_disk_does_not_promise_to_save_again(
    one_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_format, "write", full)
    target = tmp_path / "copy.db"
    result = run(one_entry, "backup", "--to", str(target))
    assert result.exit_code == 1
    assert "will save again" not in result.stderr
    assert "the disk is full" in result.stderr
    assert "run 'reflect backup' again" in result.stderr
    assert not target.exists() and not temporary_for(target).exists()


def test_a_full_disk_in_any_command_asks_to_run_it_again(
    one_entry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Journal, "add_word", full)
    result = run(one_entry, "words", "flag", "Quenby")
    assert result.exit_code == 1
    assert "will save again" not in result.stderr
    assert "The disk is full: free some space and run the command again." in result.stderr


def test_a_stopped_backup_names_its_unfinished_copy(
    one_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stopped(_source: Any, temporary: Path, *_args: Any, **_kwargs: Any) -> None:
        temporary.write_text(SECRET)
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_format, "write", stopped)
    target = tmp_path / "usb" / "copy.db"
    target.parent.mkdir()
    result = run(one_entry, "backup", "--to", str(target))
    assert result.exit_code == 1
    unfinished = temporary_for(target)
    assert f"its unfinished copy {unfinished} was removed" in result.stderr
    assert not unfinished.exists() and not target.exists()


def test_ctrl_c_at_the_passphrase_prompt_says_nothing_was_begun(
    one_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 22, 7d: it said the backup "was not finished" and named a copy never made."""
    from reflect.cli import common

    def ctrl_c(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(common, "passphrase_for", ctrl_c)
    target = tmp_path / "copy.db"
    result = run(one_entry, "backup", "--to", str(target))
    assert result.exit_code == 1
    assert "Stopped before the backup began: nothing was written." in result.stderr
    assert "unfinished" not in result.stderr and "not finished" not in result.stderr
    assert not target.exists() and not temporary_for(target).exists()


KILLED = """
import os, signal, sys
from reflect.core import backup_format
def killed(_source, temporary, *_args, **_kwargs):
    temporary.write_text({secret!r})
    os.kill(os.getpid(), signal.{signal})
backup_format.write = killed
from reflect.cli.group import main
sys.argv = ["reflect", "--db", {db!r}, "backup", "--to", {target!r}]
main()
"""


def test_a_killed_backup_leaves_a_copy_the_next_one_removes(
    one_entry: Path, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "copy.db"
    target.parent.mkdir()
    stranger = target.with_name(".someone-else.db.partial")  # not this journal's
    stranger.write_text("not ours")
    code = KILLED.format(secret=SECRET, db=str(one_entry), target=str(target), signal="SIGKILL")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    killed = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert killed.returncode == -9
    unfinished = temporary_for(target)
    assert SECRET in unfinished.read_text()  # what nothing used to tidy

    again = run(one_entry, "backup", "--to", str(target))
    assert again.exit_code == 0, again.output + again.stderr
    assert "Removed 1 unfinished copy" in again.stderr and str(unfinished) in again.stderr
    assert not unfinished.exists() and target.exists()
    assert stranger.read_text() == "not ours"


@pytest.mark.parametrize("signal", ["SIGTERM", "SIGHUP"])
def test_a_backup_told_to_stop_removes_its_copy_and_names_it(
    one_entry: Path, tmp_path: Path, signal: str
) -> None:
    target = tmp_path / "usb" / "copy.db"
    target.parent.mkdir()
    code = KILLED.format(secret=SECRET, db=str(one_entry), target=str(target), signal=signal)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    stopped = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert stopped.returncode == 1
    unfinished = temporary_for(target)
    assert f"its unfinished copy {unfinished} was removed" in stopped.stderr
    assert not unfinished.exists() and not target.exists()
