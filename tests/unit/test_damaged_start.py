"""A plain journal whose first bytes are damaged is told from an encrypted one.

A SQLCipher file is indistinguishable from random bytes; a plain SQLite file
with a broken header still has readable schema text. check, restore and
encrypt must each say it is a damaged plain journal (review20, defect 1).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core import crypto
from reflect.core.cipher import Kind, probe
from reflect.core.journal import Journal
from tests.helpers import new_draft

KEY = "tea and toast at four"
SECRET = "Marrowbank-in-clear-text"
DAMAGE = {"zeros": bytes(16), "letters": b"X" * 16}


def run(path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args], env=env)


def damaged_journal(tmp_path: Path, damage: bytes) -> tuple[Path, Path]:
    """A plain journal holding SECRET with a backup, then its first 16 bytes overwritten."""
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        entry = new_draft(journal, "CF-2040")
        journal.save_draft(entry.id, {"context": SECRET})
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    backup = backups / "journal-2026-11-19.db"
    made = run(path, "backup", "--to", str(backup))
    assert made.exit_code == 0, made.output + made.stderr
    data = bytearray(path.read_bytes())
    data[:16] = damage
    path.write_bytes(bytes(data))
    return path, backup


def holding_secret(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes())


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_probe_tells_a_damaged_plain_journal_from_an_encrypted_one(
    tmp_path: Path, damage: bytes
) -> None:
    path, _backup = damaged_journal(tmp_path, damage)
    assert probe(path) is Kind.DAMAGED
    random_pages = tmp_path / "random.db"
    random_pages.write_bytes(os.urandom(4096 * 30))
    assert probe(random_pages) is Kind.ENCRYPTED
    cut = tmp_path / "cut.db"
    cut.write_bytes(path.read_bytes()[:-1000])  # not whole pages either
    assert probe(cut) is Kind.DAMAGED


def test_page_one_alone_tells_a_damaged_plain_journal(tmp_path: Path) -> None:
    # A large journal upgraded late may keep its schema pages far from the start.
    path, _backup = damaged_journal(tmp_path, DAMAGE["zeros"])
    data = path.read_bytes()
    path.write_bytes(data[:4096] + os.urandom(len(data) - 4096))
    assert b"CREATE TABLE" not in path.read_bytes()
    assert probe(path) is Kind.DAMAGED


def test_a_text_file_that_mentions_create_table_is_not_a_journal(tmp_path: Path) -> None:
    dump = tmp_path / "dump.sql"
    dump.write_text("CREATE TABLE entry (id INTEGER PRIMARY KEY);\n" * 100)
    assert probe(dump) is Kind.OTHER


def test_an_encrypted_journal_is_still_encrypted(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "journal.db"
    with Journal.open(path, passphrase=KEY) as journal:
        new_draft(journal, "CF-2041")
    assert probe(path) is Kind.ENCRYPTED


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_check_says_damaged_and_names_the_backup(tmp_path: Path, damage: bytes) -> None:
    path, backup = damaged_journal(tmp_path, damage)
    result = run(path, "check")
    assert result.exit_code == 1
    assert "is damaged (its first bytes are damaged; it is not encrypted)" in result.stderr
    assert f"restore '{backup}'" in result.stderr
    assert "encrypted, or not a Reflect journal" not in result.stderr
    assert "REFLECT_PASSPHRASE" not in result.stderr


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_restore_then_encrypt_names_every_readable_copy(tmp_path: Path, damage: bytes) -> None:
    pytest.importorskip("sqlcipher3")
    path, backup = damaged_journal(tmp_path, damage)
    restored = run(path, "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output + restored.stderr
    (aside,) = backup.parent.glob("damaged-journal-*.db")
    said = " ".join(restored.output.split())
    assert f"it was moved to {aside}, and may still hold that writing" in said
    assert "That file is not encrypted" in said
    assert "not encrypted now" not in restored.output + restored.stderr

    done = run(path, "encrypt", env={"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 0, done.output + done.stderr
    assert "1 damaged journal moved aside" in done.output
    assert f"will stay readable: {aside}. Delete it once you no longer need it." in done.output
    # No file holding entry text in the clear goes unnamed.
    for readable in holding_secret(tmp_path):
        assert str(readable) in done.output
    assert holding_secret(tmp_path) == [aside]
    assert crypto.is_encrypted(path) and crypto.is_encrypted(backup)
    # And check, which an auditor runs next, says so too rather than only "in good order".
    checked = run(path, "check", env={"REFLECT_PASSPHRASE": KEY})
    assert checked.exit_code == 0, checked.output + checked.stderr
    assert f"warning: {aside} is a damaged journal moved aside" in checked.output
    assert "not encrypted and stays readable" in checked.output


def test_encrypt_refuses_a_damaged_plain_journal_naming_the_backup(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    path, backup = damaged_journal(tmp_path, DAMAGE["zeros"])
    before = path.read_bytes()
    done = run(path, "encrypt", env={"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 1
    assert "is damaged (its first bytes are damaged; it is not encrypted)" in done.stderr
    assert f"restore '{backup}'" in done.stderr
    assert path.read_bytes() == before


def bytes_read_by_probe(path: Path, monkeypatch: pytest.MonkeyPatch, **options: bool) -> int:
    """How many bytes `probe` reads from ``path``."""
    real_open = Path.open
    counted: list[int] = []

    class Counting:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            data: bytes = self.handle.read(size)
            counted.append(len(data))
            return data

    with monkeypatch.context() as patched:
        patched.setattr(Path, "open", lambda self, *a, **k: Counting(real_open(self, *a, **k)))
        probe(path, **options)
    return sum(counted)


def test_the_quick_look_reads_one_page_of_an_encrypted_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of round 20: 256 KiB were read for every encrypted journal and backup, every time."""
    path = tmp_path / "journal.db"
    path.write_bytes(os.urandom(4096 * 100))  # as an encrypted journal looks
    assert probe(path) is Kind.ENCRYPTED
    assert bytes_read_by_probe(path, monkeypatch) <= 512
    assert probe(path, deep=True) is Kind.ENCRYPTED
    assert bytes_read_by_probe(path, monkeypatch, deep=True) == 256 * 1024


def test_a_salt_of_zeros_is_never_an_encrypted_file(tmp_path: Path) -> None:
    zeros = tmp_path / "zeros.db"
    zeros.write_bytes(bytes(4096 * 8))  # whole pages, but no salt SQLCipher ever made
    assert probe(zeros) is Kind.OTHER
    listed = run(zeros, "list", env={"REFLECT_PASSPHRASE": KEY})
    assert listed.exit_code == 1
    assert "passphrase" not in listed.stderr.lower()


def test_a_journal_damaged_past_page_one_is_found_once_the_quick_look_fails(
    tmp_path: Path,
) -> None:
    path, backup = damaged_journal(tmp_path, DAMAGE["letters"])
    data = bytearray(path.read_bytes())
    data[:512] = os.urandom(512)  # page 1's header gone too: only the schema text tells
    path.write_bytes(bytes(data))
    assert probe(path) is Kind.ENCRYPTED and probe(path, deep=True) is Kind.DAMAGED
    for env in (None, {"REFLECT_PASSPHRASE": KEY}):
        result = run(path, "list", env=env)
        assert result.exit_code == 1
        assert "is damaged (its first bytes are damaged; it is not encrypted)" in result.stderr
        assert f"restore '{backup}'" in result.stderr


def test_the_app_says_damaged_rather_than_asking_for_a_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's quick look sees random bytes; it must not offer the unlock screen for them."""
    from reflect.cli import common

    path, backup = damaged_journal(tmp_path, DAMAGE["letters"])
    data = bytearray(path.read_bytes())
    data[:512] = os.urandom(512)
    path.write_bytes(bytes(data))
    built: list[Any] = []
    monkeypatch.setattr(common, "make_app", lambda *args, **kwargs: built.append(args))
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    result = CliRunner().invoke(cli, ["--db", str(path)])
    assert built == []  # no unlock screen
    assert result.exit_code == 1
    assert "is damaged (its first bytes are damaged; it is not encrypted)" in result.stderr
    assert f"restore '{backup}'" in result.stderr
