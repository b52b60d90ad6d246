"""An encrypted journal whose salt (its first 16 bytes) is damaged is told from a wrong passphrase.

The key is derived from the salt, so no passphrase opens such a journal. Once
a passphrase has failed, Reflect tries it on the newest encrypted backup: if
that opens, the passphrase is right and the journal is damaged, and the
message names the backup and the exact restore command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core import cipher, recovery
from reflect.core.errors import JournalDamaged, WrongPassphrase
from reflect.core.journal import Journal
from tests.helpers import new_draft

pytest.importorskip("sqlcipher3")

KEY = "tea and toast at four"
SECRET = "Pennyworth Lane visit"


def run(path: Path, *args: str, passphrase: str) -> Result:
    env = {"REFLECT_PASSPHRASE": passphrase}
    return CliRunner().invoke(cli, ["--db", str(path), *args], env=env)


def salt_damaged_journal(tmp_path: Path, where: slice = slice(0, 16)) -> tuple[Path, Path, Path]:
    """An encrypted journal with one backup made, then its first 16 bytes overwritten."""
    path = tmp_path / "journal.db"
    with Journal.open(path, passphrase=KEY) as journal:
        entry = new_draft(journal, "CF-3101")
        journal.save_draft(entry.id, {"context": SECRET})
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    backup = backups / "journal-2026-11-19.db"
    made = run(path, "backup", "--to", str(backup), passphrase=KEY)
    assert made.exit_code == 0, made.output + made.stderr
    data = bytearray(path.read_bytes())
    data[where] = b"X" * (where.stop - where.start)
    path.write_bytes(bytes(data))
    assert cipher.probe(path, deep=True) is cipher.Kind.ENCRYPTED
    return path, backups, backup


# The salt, and (the key right, its check failing) bytes further into page 1.
DAMAGE = {"salt": slice(0, 16), "page_one": slice(100, 116)}


@pytest.mark.parametrize("where", DAMAGE.values(), ids=DAMAGE.keys())
def test_the_right_passphrase_is_told_the_journal_is_damaged(tmp_path: Path, where: slice) -> None:
    path, backups, backup = salt_damaged_journal(tmp_path, where)
    before = path.read_bytes()
    with pytest.raises(JournalDamaged) as raised:
        Journal.open(path, create=False, passphrase=KEY, backups_dir=backups)
    message = str(raised.value)
    assert f"{path} is damaged" in message
    assert "yours is right" in message
    assert f"reflect --db '{path}' restore '{backup}'" in message
    assert "passphrase is wrong" not in message
    assert path.read_bytes() == before


def test_a_wrong_passphrase_is_still_wrong_with_a_calm_line(tmp_path: Path) -> None:
    path, backups, _backup = salt_damaged_journal(tmp_path)
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase) as raised:
        Journal.open(path, create=False, passphrase="not it at all", backups_dir=backups)
    message = str(raised.value)
    assert "the passphrase is wrong" in message
    assert "If you are sure of it, the file may be damaged" in message
    assert f"reflect --db '{path}' check" in message
    assert "restore FILE" in message
    assert path.read_bytes() == before


def test_without_a_backup_the_passphrase_is_said_to_be_wrong(tmp_path: Path) -> None:
    from reflect.core.opening import newest_encrypted_backup

    path, backups, backup = salt_damaged_journal(tmp_path)
    backup.unlink()
    assert newest_encrypted_backup(backups) is None
    with pytest.raises(WrongPassphrase, match="If you are sure of it, the file may be damaged"):
        Journal.open(path, create=False, passphrase=KEY, backups_dir=backups)


def test_the_newest_encrypted_backup_is_the_one_tried(tmp_path: Path) -> None:
    from reflect.core.opening import newest_encrypted_backup

    path, backups, backup = salt_damaged_journal(tmp_path)
    plain = backups / "journal-2026-11-20.db"  # newer, but a plain one: not tried
    with Journal.open(tmp_path / "other.db") as other:
        new_draft(other, "CF-3102")
    plain.write_bytes((tmp_path / "other.db").read_bytes())
    assert newest_encrypted_backup(backups) == backup
    with pytest.raises(JournalDamaged, match=f"restore '{backup}'"):
        Journal.open(path, create=False, passphrase=KEY, backups_dir=backups)


def test_restore_from_the_named_backup_then_opens(tmp_path: Path) -> None:
    path, backups, backup = salt_damaged_journal(tmp_path)
    summary = recovery.inspect_backup(backup, KEY)
    done = recovery.restore(
        path,
        backup,
        backups,
        entries=summary.entries,
        journal_passphrase=KEY,
        backup_passphrase=KEY,
    )
    assert done.moved_aside
    with Journal.open(path, create=False, passphrase=KEY, backups_dir=backups) as journal:
        assert journal.count_entries() == 1


def test_the_command_line_says_damaged_and_check_too(tmp_path: Path) -> None:
    path, _backups, backup = salt_damaged_journal(tmp_path)
    before = path.read_bytes()
    for command in (["list"], ["check"], ["decrypt", "--yes"], ["passphrase"]):
        result = run(path, *command, passphrase=KEY)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert f"{path} is damaged" in lines[0]
        assert f"restore '{backup}'" in lines[0]
        assert "Traceback" not in result.output + result.stderr
    wrong = run(path, "list", passphrase="not it at all")
    assert wrong.exit_code == 1
    assert "the passphrase is wrong" in wrong.stderr
    assert "If you are sure of it, the file may be damaged" in wrong.stderr
    assert path.read_bytes() == before
    restored = run(path, "restore", str(backup), "--yes", passphrase=KEY)
    assert restored.exit_code == 0, restored.output + restored.stderr
    listed = run(path, "check", passphrase=KEY)
    assert listed.exit_code == 0, listed.output + listed.stderr


def test_restore_in_a_terminal_asks_once_and_moves_the_damaged_journal_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command the message gives, typed in a terminal: the passphrase is asked once.

    Before, the backup's passphrase "did not open the journal" and it was asked
    for again, as if the worker had another one.
    """
    import getpass
    import types

    from reflect.cli import common, safety

    path, backups, backup = salt_damaged_journal(tmp_path)
    terminal = types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(common, "sys", terminal)
    monkeypatch.setattr(safety, "sys", terminal)
    # A second question (there must be none) is answered with Enter, "move it aside".
    answers = iter([KEY, ""])
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or next(answers))
    done = CliRunner().invoke(cli, ["--db", str(path), "restore", "--yes", str(backup)])
    assert done.exit_code == 0, done.output
    assert len(asked) == 1 and "the backup" in asked[0]
    (aside,) = backups.glob("damaged-journal-*.db")
    assert f"it was moved to {aside}" in done.output
    with Journal.open(path, create=False, passphrase=KEY, backups_dir=backups) as journal:
        assert journal.count_entries() == 1
