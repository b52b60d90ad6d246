"""Tidying the copy a killed `backup --to` left: never a refusal to open, never a stranger's file.

Review of round 20: a copy that could not be removed (a USB stick remounted
read-only) stopped every command opening the journal; a symlink named like
the copy had its target zeroed; every target ever written was looked at on
every open, failed and finished ones included.
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
from reflect.core import backup
from reflect.core.atomic import temporary_for
from reflect.core.backup import BackupFailed
from reflect.core.journal import Journal
from tests.helpers import new_draft
from tests.unit.test_backup_messages import KILLED

SECRET = "Tressingham-unfinished-copy"


def run(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args])


@pytest.fixture
def one_entry(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        entry = new_draft(journal, "CF-4071")
        journal.save_draft(entry.id, {"context": SECRET})
    return path


def killed_backup(journal: Path, target: Path) -> Path:
    """Run `backup --to target` in a process killed while writing; its leftover copy."""
    code = KILLED.format(secret=SECRET, db=str(journal), target=str(target), signal="SIGKILL")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == -9
    unfinished = temporary_for(target)
    assert SECRET in unfinished.read_text()
    return unfinished


def test_a_copy_on_a_read_only_stick_is_named_and_the_journal_still_opens(
    one_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "usb" / "copy.db"
    target.parent.mkdir()
    unfinished = killed_backup(one_entry, target)
    real_open = os.open

    def read_only_stick(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # Root ignores chmod, so the stick's refusal is played by os.open.
        if Path(path).parent == target.parent and flags & (os.O_RDWR | os.O_WRONLY):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_stick)
    listed = run(one_entry, "list")
    assert listed.exit_code == 0, listed.output
    assert "CF-4071" in listed.output
    assert f"Could not remove 1 unfinished copy left by an interrupted run ({unfinished}: " in (
        listed.stderr
    )
    assert SECRET in unfinished.read_text()  # still there, and said so

    monkeypatch.setattr(os, "open", real_open)  # the stick writable again
    again = run(one_entry, "list")
    assert again.exit_code == 0 and "Removed 1 unfinished copy" in again.stderr
    assert not unfinished.exists()


def test_a_symlink_named_like_the_copy_is_not_followed(one_entry: Path, tmp_path: Path) -> None:
    target = tmp_path / "shared" / "copy.db"
    target.parent.mkdir()
    unfinished = killed_backup(one_entry, target)
    unfinished.unlink()
    someone_elses = tmp_path / "shared" / "minutes.txt"
    someone_elses.write_text("Team meeting minutes, not ours")
    unfinished.symlink_to(someone_elses)

    listed = run(one_entry, "list")
    assert listed.exit_code == 0, listed.output
    assert someone_elses.read_text() == "Team meeting minutes, not ours"
    assert unfinished.is_symlink()


def test_only_backups_being_written_are_looked_at_when_the_journal_opens(
    one_entry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(one_entry, "backup", "--to", str(usb / "good.db")).exit_code == 0
    with monkeypatch.context() as patched:

        def failing(*_args: Any) -> None:
            raise BackupFailed("The backup did not check out.")

        patched.setattr(backup, "_verify", failing)
        assert run(one_entry, "backup", "--to", str(usb / "failed.db")).exit_code == 1
    looked_at: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)

        def watching(path: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            if str(usb) in str(path):
                looked_at.append(str(path))
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, watching)
    listed = run(one_entry, "list")
    assert listed.exit_code == 0, listed.output
    assert looked_at == []  # a stale network mount there could not hang the start
