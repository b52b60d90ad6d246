"""One open path: what a journal file is, said right, with the key derived once."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import backup_format, cipher, crypto, opening
from reflect.core.errors import (
    JournalDamaged,
    JournalInUse,
    JournalMissing,
    JournalTooNew,
    NotAJournal,
    PassphraseNeeded,
    WrongPassphrase,
)
from reflect.core.journal import Journal
from reflect.core.opening import Kind, inspect, probe
from tests.helpers import new_draft

KEY = "tea and toast at four"


def make(path: Path, passphrase: str | None = None, entries: int = 3) -> Path:
    with Journal.open(path, passphrase=passphrase) as journal:
        for _ in range(entries):
            entry = new_draft(journal)
            journal.save_draft(entry.id, {"context": "an answer long enough to fill pages " * 30})
        with journal.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_each_kind_of_file_is_told_apart(tmp_path: Path) -> None:
    assert probe(tmp_path / "none.db") is Kind.MISSING
    (tmp_path / "empty.db").touch()
    assert probe(tmp_path / "empty.db") is Kind.EMPTY
    assert probe(make(tmp_path / "plain.db")) is Kind.PLAIN
    pytest.importorskip("sqlcipher3")
    assert probe(make(tmp_path / "locked.db", KEY)) is Kind.ENCRYPTED
    (tmp_path / "notes.txt").write_text("a shopping list\n")
    assert probe(tmp_path / "notes.txt") is Kind.OTHER


def test_missing_and_newer_journals(tmp_path: Path) -> None:
    with pytest.raises(JournalMissing, match="There is no journal"):
        inspect(tmp_path / "none.db", create=False, passphrase=None)
    assert not (tmp_path / "none.db").exists()
    path = make(tmp_path / "j.db")
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {opening.LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(JournalTooNew, match="newer version of Reflect"):
        inspect(path, create=False, passphrase=None)


def test_random_bytes_are_encrypted_or_not_a_journal(tmp_path: Path) -> None:
    """Random bytes in whole pages look like an encrypted journal; never claim they are one."""
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(4096 * 3))
    with pytest.raises(PassphraseNeeded, match="is encrypted, or not a Reflect journal"):
        inspect(noise, create=False, passphrase=None)
    odd = tmp_path / "odd.db"
    odd.write_bytes(os.urandom(1000))
    with pytest.raises(NotAJournal, match="is encrypted, or not a Reflect journal"):
        inspect(odd, create=False, passphrase=None)
    result = CliRunner().invoke(cli, ["--db", str(odd), "list"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"reflect: {odd} is encrypted, or not a Reflect journal."
    pytest.importorskip("sqlcipher3")
    with pytest.raises(WrongPassphrase, match="does not open"):
        inspect(noise, create=False, passphrase=KEY)


@pytest.mark.parametrize("how", ["truncated", "scribbled header"])
def test_a_damaged_journal_names_the_newest_backup_and_the_command(
    tmp_path: Path, how: str
) -> None:
    path = make(tmp_path / "journal.db", entries=20)
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    older, newer = backups / "journal-2026-11-01.db", backups / "journal-2026-11-02.db"
    older.write_bytes(path.read_bytes())
    newer.write_bytes(path.read_bytes())
    os.utime(older, (1_000_000, 1_000_000))
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(data[:16] + b"\xff" * 84 + data[100:])
    with pytest.raises(JournalDamaged) as caught:
        inspect(path, create=False, passphrase=None, backups_dir=backups)
    message = str(caught.value)
    assert "is damaged" in message
    assert f"reflect --db '{path}' restore '{newer}'" in message
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"restore '{newer}'" in result.stderr and len(result.stderr.splitlines()) == 1


def _hold(path: Path, how: str) -> subprocess.Popen[str]:
    code = {
        "exclusive lock": (
            "import sqlite3, time, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('CREATE TABLE IF NOT EXISTS held (a)')\n"
        ),
        "file lock": (
            "import fcntl, os, sys\n"
            "fd = os.open(sys.argv[1], os.O_RDWR); fcntl.lockf(fd, fcntl.LOCK_EX, 0, 0)\n"
        ),
    }[how]
    script = code + "print('held', flush=True)\nimport time; time.sleep(30)\n"
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.parametrize("how", ["exclusive lock", "file lock"])
def test_a_journal_held_by_another_program_is_in_use_not_unreadable(
    tmp_path: Path, how: str
) -> None:
    path = make(tmp_path / "journal.db")
    before = path.read_bytes()
    holder = _hold(path, how)
    try:
        with pytest.raises(JournalInUse, match="in use by another program; try again"):
            inspect(path, create=False, passphrase=None)
        result = CliRunner().invoke(cli, ["--db", str(path), "list"])
        assert result.exit_code == 1
        assert "in use by another program; try again" in result.stderr
        assert "not a" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert path.read_bytes() == before


def test_an_encrypted_open_derives_the_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    path = make(tmp_path / "locked.db", KEY)
    cipher._derived.clear()  # as in a fresh process
    calls = []
    real = hashlib.pbkdf2_hmac

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counted)
    backups = tmp_path / "backups"
    backups.mkdir()
    with Journal.open(path, create=False, passphrase=KEY, backups_dir=backups) as journal:
        # Several pooled connections at once, and a backup: no more derivations.
        with journal.engine.connect() as a, journal.engine.connect() as b:
            a.exec_driver_sql("SELECT count(*) FROM entry").scalar_one()
            b.exec_driver_sql("SELECT count(*) FROM entry").scalar_one()
        from reflect.core.backup import make_backup

        copy = make_backup(journal, backups / "journal-by-hand.db")
    assert calls == ["sha512"]
    # The key is SQLCipher's own: the backup opens with the passphrase alone.
    conn = crypto.sqlcipher().connect(str(copy))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = '{KEY}'")
    assert backup_format.read_facts(conn).entries == 3
    conn.close()


def test_modes_readable_by_others_are_made_private_once(tmp_path: Path) -> None:
    path = make(tmp_path / "journal.db")
    with Journal.open(path):
        for suffix in ("", "-wal", "-shm"):
            os.chmod(f"{path}{suffix}", 0o644)  # as a copy from another machine might be
    os.chmod(path, 0o644)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)  # closed: only the file is loose
    with Journal.open(path) as journal:
        assert journal.notices == (
            "journal.db could be read by other users of this computer; Reflect made it "
            "private (only you can read it).",
        )
        for suffix in ("", "-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600
    with Journal.open(path) as journal:
        assert journal.notices == ()  # said once
    os.chmod(path, 0o640)
    first = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert first.exit_code == 0 and "could be read by other users" in first.stderr
    again = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert again.exit_code == 0 and again.stderr == ""


def test_a_new_journal_is_private_from_its_first_byte(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = make(tmp_path / "new.db")
    finally:
        os.umask(old)
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            assert stat.S_IMODE(side.stat().st_mode) == 0o600, side


def test_a_long_write_elsewhere_is_busy_never_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from reflect.core import store

    path = make(tmp_path / "journal.db")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    other.execute("CREATE TABLE IF NOT EXISTS elsewhere (a)")
    try:
        reading = CliRunner().invoke(cli, ["--db", str(path), "list"])
        assert reading.exit_code == 0, reading.stderr  # readers are not held up
        writing = CliRunner().invoke(
            cli, ["--db", str(path), "terms", "add", "Spring", "2027-01-01", "2027-03-31"]
        )
        assert writing.exit_code == 1
        assert writing.stderr.splitlines() == [
            "reflect: The journal is in use by another program (or another Reflect); "
            "try again in a moment."
        ]
    finally:
        other.execute("ROLLBACK")
        other.close()
