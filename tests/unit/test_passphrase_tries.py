"""A wrong passphrase typed at the terminal is asked again, three tries in all (review 22, 7c).

The reviewer's one wrong try ended the command, and the next attempt went to
the shell. A script's passphrase (REFLECT_PASSPHRASE) still gets one try.
"""

from __future__ import annotations

import getpass
import io
import sys
from pathlib import Path

import pytest

from reflect.cli.common import passphrase_for
from reflect.core.errors import WrongPassphrase
from reflect.core.journal import Journal

KEY = "kettle on at the depot"


class Terminal(io.StringIO):
    """Standard input as a person's terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "locked.db"
    with Journal.open(path, passphrase=KEY):
        pass
    return path


def typing(monkeypatch: pytest.MonkeyPatch, *tries: str) -> list[str]:
    """The passphrases a person types, in order; returns the questions asked."""
    asked: list[str] = []
    answers = iter(tries)

    def answer(question: str) -> str:
        asked.append(question)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", answer)
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    return asked


def test_a_wrong_passphrase_is_asked_again_and_the_right_one_opens(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = typing(monkeypatch, "wrong once", "wrong twice", KEY)
    assert passphrase_for(encrypted) == KEY
    assert len(asked) == 3
    said = capsys.readouterr().err
    assert "That passphrase does not open locked.db: 2 more tries." in said
    assert "That passphrase does not open locked.db: 1 more try." in said
    with Journal.open(encrypted, passphrase=KEY) as journal:
        assert journal.count_entries() == 0


def test_three_wrong_tries_end_in_the_usual_sentence(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = typing(monkeypatch, "one", "two", "three", "never asked")
    with pytest.raises(WrongPassphrase):
        passphrase_for(encrypted)
    assert len(asked) == 3


def test_a_scripts_passphrase_gets_one_try_and_nothing_is_asked(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = typing(monkeypatch)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "wrong from a script")
    assert passphrase_for(encrypted) == "wrong from a script"  # refused when it is opened
    assert asked == []
