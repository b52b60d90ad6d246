"""A command that makes a new journal says it is not encrypted and how to lock it (review20, 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.cipher import Kind, probe

V01_EXPORT = Path(__file__).parents[1] / "data" / "v0.1-export.md"
NOTICE = "it is not encrypted: 'reflect encrypt' locks it with a passphrase."
COMMANDS = {
    "import": ["import", str(V01_EXPORT)],
    "new --plain": ["new", "--plain"],
    "words flag": ["words", "flag", "Quenby"],
    "terms suggest": ["terms", "suggest"],
}


def run(args: list[str], env: dict[str, str] | None = None) -> Result:
    # No input: a question would meet the end of input, and scripts give none.
    return CliRunner().invoke(cli, args, env=env, input="")


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_new_plain_journal_is_said_in_one_line(isolated_folders: Path, args: list[str]) -> None:
    journal = isolated_folders / "data" / "journal.db"
    result = run(args)
    assert result.exit_code in (0, 1), result.output + result.stderr
    assert probe(journal) is Kind.PLAIN
    lines = [line for line in result.stderr.splitlines() if NOTICE in line]
    assert lines == [f"reflect: made a new journal at {journal}; {NOTICE}"]
    again = run(args)  # the journal exists now: nothing more to say
    assert NOTICE not in again.stderr


def test_nothing_is_said_when_the_new_journal_is_encrypted(isolated_folders: Path) -> None:
    pytest.importorskip("sqlcipher3")
    result = run(COMMANDS["words flag"], env={"REFLECT_PASSPHRASE": "tea and toast at four"})
    assert result.exit_code == 0, result.output + result.stderr
    assert probe(isolated_folders / "data" / "journal.db") is Kind.ENCRYPTED
    assert NOTICE not in result.stderr
