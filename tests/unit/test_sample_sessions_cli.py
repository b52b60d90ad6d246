"""`reflect sample` adds invented supervision sessions, as the CHANGELOG says (review 26, 4).

It added none, so the supervision screens of a sample journal had nothing to
show. The sessions are stored as the app's supervision flow stores them (a
draft, then recorded; the last corrected), fall inside the sample's dates,
discuss some of its flagged entries, and are the same for the same seed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.records import EntryFilter
from tests.helpers import new_draft

SAMPLE = ["sample", "--entries", "80", "--seed", "5", "--until", "2026-11-20"]


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def sessions_of(db: Path) -> list[tuple[object, ...]]:
    with Journal.open(db) as journal:
        return [
            (
                s.session_date,
                s.supervisor_initials,
                s.notes,
                s.entry_uids,
                tuple((a.text, a.due) for a in s.actions),
            )
            for s in journal.supervision_sessions()
        ]


def test_sample_adds_sessions_that_discuss_its_flagged_entries(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    result = run(db, *SAMPLE)
    assert result.exit_code == 0, result.output
    assert "Added 3 invented supervision sessions" in result.output
    with Journal.open(db) as journal:
        sessions = journal.supervision_sessions()
        entries = list(journal.iter_details(EntryFilter()))
        last = journal.last_supervision()
        revisions = journal.session_revisions(sessions[-1].id)
    assert len(sessions) == 3 and last is not None and last.id == sessions[-1].id
    first_visit = min(e.visit_date for e in entries)
    flagged = {e.uid for e in entries if e.flagged}
    for session in sessions:
        assert first_visit <= session.session_date <= max(e.visit_date for e in entries)
        assert session.session_date.weekday() < 5
        assert session.supervisor_initials == "JB"
        assert len(session.actions) == 1
        assert 1 <= len(session.entry_uids) <= 3
        assert set(session.entry_uids) <= flagged
    assert len(revisions) == 1  # the last one corrected after it was recorded
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT status, updated_at IS NOT NULL FROM supervision_session"
        ).fetchall()
    assert stored == [("complete", 1)] * 3  # as the app records one: a draft, then recorded


def test_the_same_seed_gives_the_same_sessions_and_a_second_run_adds_none(
    tmp_path: Path,
) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    run(one, *SAMPLE)
    run(two, *SAMPLE)
    assert sessions_of(one) == sessions_of(two)
    again = run(one, *SAMPLE)
    assert again.exit_code == 0 and "supervision session" not in again.output
    assert sessions_of(one) == sessions_of(two)


def test_no_invented_session_beside_entries_of_the_workers_own(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    with Journal.open(db) as journal:
        journal.complete(new_draft(journal, "CF-1201").id)
    result = run(db, *SAMPLE, "--into-real-journal")
    assert result.exit_code == 0, result.output
    assert "No supervision session was added" in result.output
    assert sessions_of(db) == []
