"""`reflect new --plain` checks with the word lists, as the app does (review 20, defect 6)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.prompts import load_library


def test_new_plain_flags_and_replaces_a_word_on_the_always_flag_list(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    with Journal.open(db) as journal:
        journal.add_word("flag", "Kowalczyk")
        journal.add_word("allow", "Oakfield")
    names = sorted(load_library().sets.values(), key=lambda s: s.name)
    lines = [
        "yesterday",
        "CF-4412",
        "1",
        str([s.id for s in names].index("quick") + 1),
        "The Kowalczyk family came to the Oakfield office.",
        "",
        "",
        "",
        "",
        "n",  # bring to supervision? no
        "y",  # replace what may identify someone
        "y",  # save as complete
    ]
    result = CliRunner().invoke(
        cli, ["--db", str(db), "new", "--plain"], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Please check: 1 thing that may identify someone." in result.output
    assert "'Kowalczyk' looks like a flagged word" in result.output
    with Journal.open(db) as journal:
        [summary] = journal.list_entries().items
        entry = journal.get_entry(summary.id)
    assert entry.answers[0].text == "The [flagged word] family came to the Oakfield office."
