"""`reflect list` with choices that match nothing says so, not "No entries yet" (review 22, 7e)."""

from __future__ import annotations

from pathlib import Path

from reflect.core.journal import Journal
from tests.unit.test_cli import run


def test_choices_that_match_nothing_are_not_an_empty_journal(tmp_path: Path) -> None:
    db = tmp_path / "twelve.db"
    made = run("sample", "--entries", "12", "--seed", "4", "--until", "2026-11-20", db=db)
    assert made.exit_code == 0, made.output
    for choice in (("--from", "2030-01-01"), ("--case", "CF-0000")):
        listed = run("list", *choice, db=db)
        assert listed.exit_code == 0, listed.output
        assert "No entries yet" not in listed.output, choice
        assert (
            "No entries match: none of the 12 entries in the journal fits these choices."
            in listed.output
        ), choice


def test_an_empty_journal_still_says_no_entries_yet(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Journal.open(db).close()
    listed = run("list", "--case", "CF-0000", db=db)
    assert listed.exit_code == 0, listed.output
    assert listed.output.strip() == "No entries yet."
