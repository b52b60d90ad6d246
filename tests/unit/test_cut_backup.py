"""An encrypted backup cut short is "damaged or cut short", not "the passphrase is wrong".

With the right key SQLCipher decrypts page 1 of a cut file and then finds it
malformed; a wrong key never gets past page 1. A file that is not a whole
number of pages is not "encrypted" to `probe`, so restore tries the
passphrase on its page 1 (review of backups, left from review 19).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.prompts import load_library
from reflect.core.sample import fill_journal

pytest.importorskip("sqlcipher3")

KEY = "tea and toast at four"
ENV = {"REFLECT_PASSPHRASE": KEY}


def run(path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args], env=env or ENV)


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes]]:
    folder = tmp_path_factory.mktemp("cut")
    path = folder / "journal.db"
    with Journal.open(path, passphrase=KEY) as journal:
        fill_journal(journal, load_library(), 80, seed=3)
    backup = folder / "whole.db"
    made = run(path, "backup", "--to", str(backup))
    assert made.exit_code == 0, made.output + made.stderr
    yield path, backup.read_bytes()


def cuts(size: int) -> dict[str, int]:
    half = size // 2
    return {
        "page 1 only": 4096,
        "whole pages": half - half % 4096,
        "mid-page": half + 100,
        "last bytes": size - 100,
    }


@pytest.mark.parametrize("where", ["page 1 only", "whole pages", "mid-page", "last bytes"])
def test_a_cut_encrypted_backup_is_said_to_be_cut_short(
    encrypted: tuple[Path, bytes], tmp_path: Path, where: str
) -> None:
    path, whole = encrypted
    assert len(whole) >= 4 * 4096  # enough pages for every cut to differ
    cut = tmp_path / "cut.db"
    cut.write_bytes(whole[: cuts(len(whole))[where]])
    before = path.read_bytes()
    result = run(path, "restore", str(cut), "--yes")
    assert result.exit_code == 1
    assert "it is damaged or cut short" in result.stderr
    assert "passphrase is wrong" not in result.stderr
    assert path.read_bytes() == before


def test_a_wrong_passphrase_is_still_said_so(encrypted: tuple[Path, bytes], tmp_path: Path) -> None:
    path, whole = encrypted
    backup = tmp_path / "whole.db"
    backup.write_bytes(whole)
    wrong = {"REFLECT_PASSPHRASE": "not the one at all"}
    result = run(path, "restore", str(backup), "--yes", env=wrong)
    assert "the passphrase is wrong, or the file is not" in result.stderr
    cut = tmp_path / "cut.db"
    cut.write_bytes(whole[: 4096 + 512])  # whole 512-byte blocks, not whole pages
    result = run(path, "restore", str(cut), "--yes", env=wrong)
    assert "the passphrase is wrong, or the file was cut short" in result.stderr


def test_an_encrypted_journal_cut_short_is_damaged_and_names_the_backup(
    encrypted: tuple[Path, bytes], tmp_path: Path
) -> None:
    path, whole = encrypted
    journal = tmp_path / "journal.db"
    journal.write_bytes(path.read_bytes()[: 3 * 4096])
    backups = tmp_path / "journal-backups"
    backups.mkdir()
    (backups / "journal-2026-11-20.db").write_bytes(whole)
    result = run(journal, "list")
    assert result.exit_code == 1
    assert "is damaged (it was cut short, or damaged after its first page)" in result.stderr
    assert f"restore '{backups / 'journal-2026-11-20.db'}'" in result.stderr


def test_at_a_terminal_a_cut_backup_asks_for_its_passphrase(
    encrypted: tuple[Path, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only REFLECT_PASSPHRASE was tried: at a terminal it was "not a Reflect backup"."""
    import getpass
    import types

    from reflect.cli import common

    path, whole = encrypted
    cut = tmp_path / "cut.db"
    cut.write_bytes(whole[: cuts(len(whole))["mid-page"]])
    assert len(cut.read_bytes()) % 1024 != 0
    monkeypatch.setattr(
        common, "sys", types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True))
    )
    asked: list[str] = []
    # getpass reads the terminal itself, not stdin, so CliRunner's input cannot reach it.
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or KEY)
    before = path.read_bytes()
    result = CliRunner().invoke(
        cli, ["--db", str(path), "restore", str(cut), "--yes"], env={"REFLECT_PASSPHRASE": None}
    )
    assert asked == ["Passphrase for the backup (cut.db): "]
    assert result.exit_code == 1
    assert "it is damaged or cut short" in result.stderr
    assert "not a Reflect backup" not in result.stderr
    assert path.read_bytes() == before

    asked.clear()
    text = tmp_path / "notes.txt"
    text.write_text("Supervision notes, typed in a text editor.\n" * 200)
    other = CliRunner().invoke(
        cli, ["--db", str(path), "restore", str(text), "--yes"], env={"REFLECT_PASSPHRASE": None}
    )
    assert "not a Reflect backup" in other.stderr
