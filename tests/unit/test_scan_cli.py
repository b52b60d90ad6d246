"""`reflect scan` and `reflect words`: as a user types them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from tests.unit.test_cli import one_line_error

NOTE = "Mum was at home with Lily (7) and the baby.\nRang +44(0)7700 900 654 from M1  1AE.\n"


def run(*args: str, db: Path, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=stdin, catch_exceptions=False)


def test_one_line_per_finding_and_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(NOTE, encoding="utf-8")
    result = run("scan", str(source), db=tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        '1:22 name "Lily"',
        '2:6 phone "+44(0)7700 900 654"',
        '2:30 postcode "M1  1AE"',
    ]


def test_json_from_standard_input(tmp_path: Path) -> None:
    result = run("scan", "-", "--json", db=tmp_path / "none.db", stdin=NOTE)
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found[0] == {"line": 1, "col": 22, "kind": "name", "text": "Lily"}
    assert [f["kind"] for f in found] == ["name", "phone", "postcode"]


def test_nothing_found_is_exit_0_and_silent(tmp_path: Path) -> None:
    result = run("scan", db=tmp_path / "none.db", stdin="The core group met at school.\n")
    assert (result.exit_code, result.stdout) == (0, "")
    result = run("scan", "--json", db=tmp_path / "none.db", stdin="")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "There is no file at"),
        (lambda p: p, "is a folder"),
        (lambda p: (p / "b.bin").write_bytes(b"\x89PNG\x00\x01\xff") and p / "b.bin", "not text"),
    ],
    ids=["missing", "folder", "binary"],
)
def test_unreadable_input_is_exit_2_with_one_line(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("scan", str(make(tmp_path)), db=tmp_path / "none.db")
    assert message in one_line_error(result, code=2)


def test_the_word_lists_from_the_command_line_are_used_by_scan(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert run("words", "allow", "Lily", db=db).exit_code == 0
    assert run("words", "flag", "Kowalczyk", "Ashgrove School", db=db).exit_code == 0
    listed = run("words", "list", "--json", db=db)
    assert json.loads(listed.stdout) == {
        "allow": ["Lily"],
        "flag": ["Ashgrove School", "Kowalczyk"],
    }
    text = "Lily and the Kowalczyk children at Ashgrove  School.\n"
    result = run("scan", "--json", db=db, stdin=text)
    assert [(f["kind"], f["text"]) for f in json.loads(result.stdout)] == [
        ("listed", "Kowalczyk"),
        ("listed", "Ashgrove  School"),
    ]
    assert run("scan", "--no-words", db=db, stdin=text).stdout == '1:1 name "Lily"\n'
    assert "off the allow list" in run("words", "remove", "LILY", db=db).stdout
    assert "on neither list" in one_line_error(run("words", "remove", "Lily", db=db))
    lines = run("words", "list", db=db).stdout.splitlines()
    assert lines == ["always flag  Ashgrove School", "always flag  Kowalczyk"]


def test_words_list_on_a_new_journal_says_how_to_start(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    run("words", "allow", "x", db=db)
    run("words", "remove", "x", db=db)
    assert "Both lists are empty" in run("words", "list", db=db).stdout


def test_an_encrypted_journal_needs_its_passphrase_for_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sqlcipher3")
    db = tmp_path / "locked.db"
    monkeypatch.setenv("REFLECT_PASSPHRASE", "tea and toast at four")
    assert run("words", "flag", "Kowalczyk", db=db).exit_code == 0
    assert run("scan", db=db, stdin="Kowalczyk came.").stdout == '1:1 listed "Kowalczyk"\n'
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    message = one_line_error(run("scan", db=db, stdin="Kowalczyk came."), code=2)
    assert "is encrypted" in message and "add --no-words" in message
    assert run("scan", "--no-words", db=db, stdin="Kowalczyk came.").exit_code == 0


@pytest.mark.slow
def test_exit_status_as_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(tmp_path / "j.db"), "scan", "-"],
        input=NOTE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout.count("\n") == 3 and done.stderr == ""
    done = subprocess.run(
        [sys.executable, "-m", "reflect", "scan", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("reflect: There is no file at") and "Traceback" not in done.stderr
