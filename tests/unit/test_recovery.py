"""Recovery when it is needed, and nothing left readable by encrypt, decrypt or passphrase."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core import backup_format, crypto
from reflect.core.atomic import held
from reflect.core.backup_restore import identify
from reflect.core.cipher import Kind, probe
from reflect.core.journal import Journal
from reflect.core.leftovers import find
from tests.helpers import new_draft, open_backup

KEY = "tea and toast at four"
SECRET = "Quillfeather-plainly-visible"


def run(path: Path, *args: str, env: dict[str, str] | None = None, given: str = "") -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args], env=env, input=given)


@pytest.fixture
def journal_with_backup(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        entry = new_draft(journal, "CF-OLD")
        journal.save_draft(entry.id, {"context": SECRET})
    backup = tmp_path / "journal-backups" / "journal-2026-11-19.db"
    made = run(path, "backup", "--to", str(backup.parent / "x.db"))
    assert made.exit_code == 1  # the folder does not exist yet: one plain line
    backup.parent.mkdir()
    made = run(path, "backup", "--to", str(backup))
    assert made.exit_code == 0, made.output
    with Journal.open(path) as journal:
        new_draft(journal, "CF-NEW")
    yield path, backup


def entries_in(path: Path, passphrase: str | None = None) -> list[str]:
    """The case codes in the journal or backup (either format) at ``path``."""
    if identify(path, passphrase).compact:
        with open_backup(path, passphrase=passphrase) as backup:
            return sorted(e.case_code for e in backup.list_entries().items)
    with Journal.open(path, create=False, passphrase=passphrase) as journal:
        return sorted(e.case_code for e in journal.list_entries().items)


@pytest.mark.parametrize("state", ["damaged", "truncated", "empty", "missing", "unreadable"])
def test_restore_works_whatever_state_the_journal_is_in(
    journal_with_backup: tuple[Path, Path], state: str
) -> None:
    path, backup = journal_with_backup
    if state == "damaged":
        data = bytearray(path.read_bytes())
        data[16:100] = b"\xff" * 84
        path.write_bytes(bytes(data))
    elif state == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif state == "empty":
        path.write_bytes(b"")
    elif state == "missing":
        path.unlink()
    else:  # random bytes in whole pages: encrypted under a passphrase nobody has
        path.write_bytes(os.urandom(4096 * 4))
    before = path.read_bytes() if path.exists() else None
    if state in ("damaged", "truncated"):
        listed = run(path, "list")
        assert f"restore '{backup}'" in listed.stderr  # the message names the way back
    done = run(path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    assert entries_in(path) == ["CF-OLD"]
    aside = sorted(backup.parent.glob("damaged-journal-*.db"))
    if before is None:
        assert aside == []
    else:  # moved aside, never deleted
        assert "was moved to" in done.output
        assert [p.read_bytes() for p in aside] == [before]
    assert find(path, backup.parent) == []


def test_restore_keeps_a_healthy_journal_as_a_checked_backup(
    journal_with_backup: tuple[Path, Path],
) -> None:
    path, backup = journal_with_backup
    done = run(path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output
    (kept,) = backup.parent.glob("*before-restore.db")
    assert entries_in(kept) == ["CF-NEW", "CF-OLD"]
    assert list(backup.parent.glob("damaged-*")) == []


def test_leftovers_are_shredded_at_the_next_open_and_check_reports_them(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        new_draft(journal)
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    left = [
        path.with_name(f".{path.name}.converting"),
        path.with_name(f".{path.name}.restoring"),
        backups / ".journal-2026-11-19.db.partial",
        backups / ".journal-2026-11-19.db.converting",
    ]
    for leftover in left:
        leftover.write_text(f"plain words {SECRET}")
    busy = backups / ".journal-2026-11-20.db.partial"
    with held(busy):  # a backup being written right now is not a leftover
        busy.write_text("being written")
        result = run(path, "check")
        assert busy.exists()
    assert result.exit_code == 0, result.output
    assert "repaired: Removed 4 unfinished copies" in result.output
    assert not any(p.exists() for p in left)
    assert find(path, backups) == [busy]  # left over now that nobody holds it
    again = run(path, "check")
    assert "repaired: Removed 1 unfinished copy" in again.output and not busy.exists()
    assert "repaired" not in run(path, "check").output


@pytest.fixture
def encrypted_setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A plain journal with an automatic backup, one by hand in the folder, one outside."""
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        entry = new_draft(journal)
        journal.save_draft(entry.id, {"context": SECRET})
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    for target in (backups / "journal-2026-11-19.db", backups / "manual-1.db"):
        assert run(path, "backup", "--to", str(target)).exit_code == 0
    outside = tmp_path / "usb" / "copy.db"
    outside.parent.mkdir()
    assert run(path, "backup", "--to", str(outside)).exit_code == 0
    return path, backups, outside


def _holds_secret(path: Path) -> bool:
    """Whether ``path`` gives the secret away without a passphrase (a backup compresses it)."""
    if SECRET.encode() in path.read_bytes():
        return True
    if probe(path) is not Kind.PLAIN:
        return False
    conn = backup_format.connect(path, None)
    try:
        if not backup_format.is_compact(conn):
            return False
        return any(
            SECRET in str(value)
            for (table,) in conn.execute("SELECT DISTINCT table_name FROM backup_batch")
            for rows in backup_format.batches(conn, table)
            for row in rows
            for value in row
        )
    finally:
        conn.close()


def readable(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and _holds_secret(p)
    )


def test_a_completed_encrypt_leaves_no_plain_backup_and_lists_those_outside(
    encrypted_setup: tuple[Path, Path, Path],
) -> None:
    path, _backups, outside = encrypted_setup
    done = run(path, "encrypt", env={"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 0, done.output
    assert "2 backups changed to match" in done.output
    assert f"stays readable without the passphrase: {outside}" in done.output
    assert readable(path.parent) == ["usb/copy.db"]  # only the one it warned about


def test_an_encrypt_interrupted_after_the_journal_is_finished_at_the_next_open(
    encrypted_setup: tuple[Path, Path, Path],
) -> None:
    path, backups, outside = encrypted_setup
    outside.unlink()
    crypto.convert(path, None, KEY)  # the journal, then the process dies
    path.with_name(f".{path.name}.converting").write_bytes(SECRET.encode())
    assert len(readable(path.parent)) == 3
    result = run(path, "check", env={"REFLECT_PASSPHRASE": KEY})
    assert result.exit_code == 0, result.output
    assert "Encrypted 2 backups still stored without encryption" in result.output
    assert "Removed 1 unfinished copy" in result.output
    assert readable(path.parent) == []
    for backup in backups.glob("*.db"):
        assert entries_in(backup, KEY) == ["CF-1001"]


def test_a_damaged_journal_moved_aside_is_named_when_the_journal_is_encrypted(
    journal_with_backup: tuple[Path, Path],
) -> None:
    pytest.importorskip("sqlcipher3")
    path, backup = journal_with_backup
    path.write_bytes(path.read_bytes()[:5000])  # truncated: moved aside by restore
    assert run(path, "restore", str(backup), "--yes").exit_code == 0
    (aside,) = backup.parent.glob("damaged-journal-*.db")
    done = run(path, "encrypt", env={"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 0, done.output
    assert f"stay readable: {aside}" in done.output
    opened = run(path, "check", env={"REFLECT_PASSPHRASE": KEY})  # not converted, no error
    assert opened.exit_code == 0, opened.output + opened.stderr


@pytest.mark.parametrize("command", ["decrypt", "passphrase"])
def test_a_backup_under_another_passphrase_is_left_as_it_was(tmp_path: Path, command: str) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "journal.db"
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    for target, key in ((backups / "journal-2026-01-01.db", "an older passphrase"), (path, KEY)):
        with Journal.open(target, passphrase=key) as journal:
            entry = new_draft(journal)
            journal.save_draft(entry.id, {"context": SECRET})
    assert run(path, "backup", env={"REFLECT_PASSPHRASE": KEY}).exit_code == 0
    env = {"REFLECT_PASSPHRASE": KEY, "REFLECT_NEW_PASSPHRASE": "a brand new passphrase"}
    args = ["decrypt", "--yes"] if command == "decrypt" else ["passphrase"]
    done = run(path, *args, env=env)
    assert done.exit_code == 0, done.output + done.stderr
    assert "1 backup changed to match. 1 older backup under another passphrase" in done.output
    assert entries_in(backups / "journal-2026-01-01.db", "an older passphrase") == ["CF-1001"]
    now = None if command == "decrypt" else "a brand new passphrase"
    assert entries_in(path, now) == ["CF-1001"]
    (by_hand,) = backups.glob("*by-hand.db")
    assert entries_in(by_hand, now) == ["CF-1001"]
    assert find(path, backups) == []


def test_two_restores_in_one_second_keep_the_journal_under_a_name_of_its_own(
    journal_with_backup: tuple[Path, Path],
) -> None:
    """The second kept copy was taken for a damaged journal when its name was taken."""
    path, backup = journal_with_backup
    folder = backup.parent
    for _ in range(3):
        done = run(path, "restore", "--yes", str(backup))
        assert done.exit_code == 0, done.output
        assert "could not be opened" not in done.output
    assert not list(folder.glob("damaged-journal-*"))
    kept = sorted(folder.glob("journal-*-before-restore*.db"))
    assert len(kept) == 3
    # The journal as it was (with the entry written after the backup), then twice the backup's.
    assert sorted(entries_in(k) for k in kept) == [["CF-NEW", "CF-OLD"], ["CF-OLD"], ["CF-OLD"]]


def test_a_restore_stopped_before_the_search_index_has_it_rebuilt_at_the_next_open(
    journal_with_backup: tuple[Path, Path],
) -> None:
    from reflect.core import search_index

    path, _backup = journal_with_backup
    with Journal.open(path) as journal:  # as a stopped restore leaves it: rows, no index
        with journal.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO entry_fts(entry_fts) VALUES ('delete-all')")
        assert search_index.is_left_out(journal.engine)
    found = run(path, "search", "Quillfeather")  # the reader's path opens it fully
    assert found.exit_code == 0 and "CF-OLD" in found.output, found.output
    with Journal.open(path) as journal:
        assert not search_index.is_left_out(journal.engine)


def test_a_journal_under_a_newer_passphrase_is_asked_for_not_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A healthy journal under a newer passphrase than the backup's was moved aside as damaged."""
    import getpass
    import types

    from reflect.cli import common, safety

    path = tmp_path / "journal.db"
    with Journal.open(path, passphrase="the old one") as journal:
        new_draft(journal, "CF-THEN")
    backup = tmp_path / "then.db"  # outside the backups folder: it keeps the old passphrase
    made = run(path, "backup", "--to", str(backup), env={"REFLECT_PASSPHRASE": "the old one"})
    assert made.exit_code == 0, made.output
    with Journal.open(path, passphrase="the old one") as journal:
        new_draft(journal, "CF-LATER")
    env = {"REFLECT_PASSPHRASE": "the old one", "REFLECT_NEW_PASSPHRASE": "the new one"}
    assert run(path, "passphrase", env=env).exit_code == 0
    # In a terminal: the backup's passphrase, then the journal's when that one does not open it.
    terminal = types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(common, "sys", terminal)
    monkeypatch.setattr(safety, "sys", terminal)
    answers = iter(["the old one", "not it", "the new one"])
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or next(answers))
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    done = run(path, "restore", "--yes", str(backup))
    assert done.exit_code == 0, done.output
    assert len(asked) == 3 and "does not open the journal" in asked[1]
    assert "That passphrase does not open the journal either." in done.output
    assert not list((tmp_path / "journal-backups").glob("damaged-journal-*"))
    kept = next((tmp_path / "journal-backups").glob("journal-*-before-restore.db"))
    assert entries_in(kept, "the new one") == ["CF-LATER", "CF-THEN"]
    assert "now opens with the backup's passphrase" in done.output
    assert entries_in(path, "the old one") == ["CF-THEN"]


def test_a_plain_backup_over_an_encrypted_journal_says_it_is_no_longer_encrypted(
    journal_with_backup: tuple[Path, Path],
) -> None:
    path, backup = journal_with_backup  # a plain journal and its plain backup
    outside = path.parent / "plain-copy.db"
    outside.write_bytes(backup.read_bytes())  # outside the backups folder: encrypt leaves it
    encrypted = run(path, "encrypt", env={"REFLECT_PASSPHRASE": KEY})
    assert encrypted.exit_code == 0, encrypted.output
    assert probe(path) is Kind.ENCRYPTED and probe(outside) is Kind.PLAIN
    done = run(path, "restore", "--yes", str(outside), env={"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 0, done.output
    assert probe(path) is Kind.PLAIN
    assert "the journal is not encrypted now: run 'reflect encrypt'" in done.output
