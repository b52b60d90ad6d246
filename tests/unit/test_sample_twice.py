"""`reflect sample` run twice adds nothing the second time: no CPD record or session twice.

The second run said "Added 0 invented entries" but `reflect cpd list` then
showed three identical pairs, and `cpd status` counted "4 complete records of
the 2 asked for" (review 22, defect 3).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import SESSIONS, add_sample_sessions, fill_journal
from tests.helpers import TODAY

UNTIL = ["--until", "2026-11-20"]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def test_sample_twice_keeps_one_of_each_cpd_record(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    first = run(db, "sample", "--entries", "40", "--seed", "3", *UNTIL)
    assert first.exit_code == 0, first.output
    listed_once = json.loads(run(db, "cpd", "list", "--json").output)
    second = run(db, "sample", "--entries", "40", "--seed", "3", *UNTIL)
    assert second.exit_code == 0, second.output
    assert "Added 0 invented entries" in second.output
    listed = json.loads(run(db, "cpd", "list", "--json").output)
    assert len(listed) == len(listed_once) == 3
    assert len({r["title"] for r in listed}) == 3
    status = json.loads(run(db, "cpd", "status", "--on", "2026-11-20", "--json").output)
    assert status["complete_records"] == 2


def test_sample_on_a_later_day_does_not_add_the_records_again(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    run(db, "sample", "--entries", "20", "--seed", "3", "--until", "2026-11-20")
    run(db, "sample", "--entries", "20", "--seed", "3", "--until", "2026-11-25")
    assert len(json.loads(run(db, "cpd", "list", "--json").output)) == 3


def test_sample_sessions_twice_are_added_and_corrected_once(
    journal: Journal, library: PromptLibrary
) -> None:
    fill_journal(journal, library, 60, seed=7, until=TODAY)
    assert add_sample_sessions(journal, TODAY) == len(SESSIONS)
    notes_once = [s.notes for s in journal.supervision_sessions()]
    assert add_sample_sessions(journal, TODAY) == 0
    assert [s.notes for s in journal.supervision_sessions()] == notes_once
