"""--anonymise masks what the scanner finds, with the worker's word lists, and says how much."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.export import ExportScope, export
from reflect.core.journal import Journal
from tests.unit.test_export import WHEN, quick_entry

SCOPE = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1), anonymise=True)
NOTE = "Mum was at home with Lily (7) and the baby. Met at the Oakfield Team office."


def test_the_first_name_from_issue_14_is_masked_and_counted(journal: Journal) -> None:
    journal.add_records([quick_entry("a" * 32, "CF-9", NOTE, "Ring Kowalczyk about SW1A 1AA.")])
    result = export(journal, SCOPE, generated=WHEN)
    assert "Lily" not in result.text and "SW1A" not in result.text
    assert "home with [name] (7)" in result.text
    assert "Kowalczyk" in result.text  # in no list yet: the scanner cannot know it
    assert result.masked == {"name": 1, "postcode": 1}
    assert result.masked_summary() == "1 name and 1 postcode"


def test_the_word_lists_are_used(journal: Journal) -> None:
    journal.add_records([quick_entry("b" * 32, "CF-9", NOTE, "Ring Kowalczyk about it.")])
    journal.add_word("flag", "Kowalczyk")
    journal.add_word("flag", "Oakfield Team")
    journal.add_word("allow", "Lily")
    result = export(journal, SCOPE, generated=WHEN)
    assert "Kowalczyk" not in result.text and "Oakfield Team" not in result.text
    assert "home with Lily (7)" in result.text
    assert result.masked == {"flagged word": 2}
    assert "[flagged word] office" in result.text


def test_without_anonymise_nothing_is_masked(journal: Journal) -> None:
    journal.add_records([quick_entry("c" * 32, "CF-9", NOTE)])
    result = export(journal, ExportScope(start=SCOPE.start, end=SCOPE.end), generated=WHEN)
    assert "Lily (7)" in result.text and result.masked == {}
    assert result.identifiers == {"name": 1}


def test_the_command_says_what_it_replaced(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    with Journal.open(db) as journal:
        journal.add_records([quick_entry("d" * 32, "CF-9", NOTE, "Rang 07700 900123.")])
    out = tmp_path / "out.md"
    args = ["--db", str(db), "export", "--from", "2026-09-01", "--to", "2026-12-01"]
    result = CliRunner().invoke(cli, [*args, "--anonymise", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        "Case codes are replaced, and the scanner replaced 1 name and 1 phone number. "
        "It cannot find everything, so read it through before sharing." in result.output
    )
    assert "Lily" not in out.read_text()
