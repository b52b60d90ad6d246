"""'Since your last supervision' counts only what came after the session (review 26, item 2).

A journal file with entries before, on and after a session's day. Entries
are placed by visit date; on the session's own day the entry counts when it
was written after the session's record was begun (or, for a session
recorded on a later day, after that day ended).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.sessions import SessionContent
from tests.helpers import new_draft

SESSION_DAY = date(2026, 11, 13)


def journal_around_a_session(path: Path) -> dict[str, int]:
    """Five entries around 13 November: their ids by name, with the times they were written."""
    written = {
        "before": (date(2026, 11, 10), "2026-11-10 12:00:00.000000"),
        "session day, morning": (SESSION_DAY, "2026-11-13 09:00:00.000000"),
        "session day, afternoon": (SESSION_DAY, "2026-11-13 16:00:00.000000"),
        "after": (date(2026, 11, 17), "2026-11-17 12:00:00.000000"),
        # An earlier visit written up after the session: placed by its visit date.
        "late write-up": (date(2026, 11, 12), "2026-11-16 12:00:00.000000"),
    }
    ids = {}
    with Journal.open(path) as journal:
        for name, (day, _when) in written.items():
            entry = new_draft(journal, "CF-2001", day=day)
            journal.save_draft(entry.id, {"context": f"Visit: {name}."})
            journal.complete(entry.id)
            journal.set_tags(entry.id, themes=[name.split(",")[0].title()], pcf_domains=[])
            ids[name] = entry.id
    with sqlite3.connect(path) as db:
        for name, (_day, when) in written.items():
            db.execute("UPDATE entry SET created_at = ? WHERE id = ?", (when, ids[name]))
    return ids


def record_session(path: Path, begun: str) -> int:
    with Journal.open(path) as journal:
        content = SessionContent(SESSION_DAY, notes="Talked it through.")
        session = journal.record_session(journal.start_session_draft(content).id, content)
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE supervision_session SET created_at = ? WHERE id = ?", (begun, session.id)
        )
    return session.id


def test_only_entries_after_the_session_count(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    journal_around_a_session(path)
    session = record_session(path, "2026-11-13 14:00:00.000000")
    with Journal.open(path) as journal:
        counts = journal.tag_counts(end=date(2026, 11, 20), after_session=session)
        everything = journal.tag_counts(end=date(2026, 11, 20))
    assert everything.entries == 5
    # The afternoon entry on the session's day and the one after; not the
    # morning one, written before the session, nor anything earlier.
    assert counts.entries == 2
    assert dict(counts.themes) == {"Session Day": 1, "After": 1}


def test_a_session_recorded_days_later_closes_its_whole_day(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    journal_around_a_session(path)
    session = record_session(path, "2026-11-16 10:00:00.000000")
    with Journal.open(path) as journal:
        counts = journal.tag_counts(end=date(2026, 11, 20), after_session=session)
    assert counts.entries == 1
    assert dict(counts.themes) == {"After": 1}
