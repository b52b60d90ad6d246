"""The journal a restore kept can be read and put back with the commands it names (review 26, 5).

After `reflect restore` the message said the journal as it was is kept (a
"before-restore" backup), but no command read that file: `reflect --db FILE
list` refused it as a backup. Now the message names a command to read it and
one to put it back, and each works as written, encrypted or not.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.opening import ENV_PASSPHRASE
from tests.helpers import new_draft

LATER = "Brackenwell-written-after-the-backup"  # invented, in no sample text


def run(args: list[str], passphrase: str | None) -> Result:
    env = {ENV_PASSPHRASE: passphrase} if passphrase else {}
    return CliRunner(env=env).invoke(cli, args)


def restored_over_later_writing(tmp_path: Path, passphrase: str | None) -> tuple[Path, str]:
    """Three entries backed up, two more written (one holding LATER), the backup restored."""
    path = tmp_path / "journal.db"
    with Journal.open(path, passphrase=passphrase) as journal:
        for code in ("CF-4101", "CF-4102", "CF-4103"):
            journal.complete(new_draft(journal, code).id)
    backup = tmp_path / "journal-backup.db"
    made = run(["--db", str(path), "backup", "--to", str(backup)], passphrase)
    assert made.exit_code == 0, made.output
    with Journal.open(path, passphrase=passphrase) as journal:
        entry = new_draft(journal, "CF-4104")
        journal.save_draft(entry.id, {"context": LATER})
        journal.complete(entry.id)
        journal.complete(new_draft(journal, "CF-4105").id)
    done = run(["--db", str(path), "restore", str(backup), "--yes"], passphrase)
    assert done.exit_code == 0, done.output
    return path, " ".join(done.output.split())


def named_command(said: str, after: str, until: str | None = None) -> list[str]:
    """The command the message gives after ``after`` (to ``until``), as argv without 'reflect'."""
    command = said.split(after, 1)[1]
    if until:
        command = command.split(until, 1)[0]
    words = shlex.split(command)
    assert words[0] == "reflect"
    return words[1:]


@pytest.mark.parametrize("passphrase", [None, "tea and toast"])
def test_the_kept_journal_is_read_and_put_back_with_the_commands_named(
    tmp_path: Path, passphrase: str | None
) -> None:
    path, said = restored_over_later_writing(tmp_path, passphrase)
    (kept,) = (tmp_path / "journal-backups").glob("journal-*-before-restore.db")
    before = kept.read_bytes()
    assert (LATER.encode() in before) is False  # compressed, and encrypted when the journal was
    listing = named_command(said, "To read it: ", " (or export")
    assert listing == ["--db", str(kept), "list"]
    listed = run([*listing, "--json"], passphrase)
    assert listed.exit_code == 0, listed.output
    assert '"total": 5' in listed.output
    exported = tmp_path / "as-it-was.md"
    export = ["--db", str(kept), "export", "--from", "2000-01-01", "--to", "2099-12-31"]
    written = run([*export, "--output", str(exported)], passphrase)
    assert written.exit_code == 0, written.output
    assert LATER in exported.read_text(encoding="utf-8")
    found = run(["--db", str(kept), "search", LATER], passphrase)
    assert found.exit_code == 0 and "CF-4104" in found.output
    # Reading built a copy beside it and removed it; the kept file is untouched.
    assert kept.read_bytes() == before
    assert [p.name for p in kept.parent.iterdir() if p.name.startswith(".reading")] == []
    with Journal.open(path, passphrase=passphrase) as journal:
        assert journal.count_entries() == 3
    put_back = named_command(said, "to put it back: ")
    assert put_back == ["--db", str(path), "restore", str(kept)]
    back = run([*put_back, "--yes"], passphrase)
    assert back.exit_code == 0, back.output
    with Journal.open(path, passphrase=passphrase) as journal:
        assert journal.count_entries() == 5


def test_a_write_to_a_backup_is_still_refused(tmp_path: Path) -> None:
    restored_over_later_writing(tmp_path, None)
    (kept,) = (tmp_path / "journal-backups").glob("journal-*-before-restore.db")
    before = kept.read_bytes()
    refused = run(["--db", str(kept), "terms", "add", "Autumn", "2026-09-01", "2026-12-18"], None)
    assert refused.exit_code == 1
    assert "is a Reflect backup, not a journal" in refused.stderr
    assert kept.read_bytes() == before
