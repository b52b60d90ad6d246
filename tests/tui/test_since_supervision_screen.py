"""The supervision screen's "Since your last supervision" count (review 26, item 2).

A session recorded today at 14:00: an entry written this morning, before it,
was counted as since the session; now only the afternoon's entry is.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sessions import SessionContent
from tests.helpers import TODAY, new_draft
from tests.tui.conftest import build, settle


async def test_an_entry_written_before_todays_session_is_not_since_it(
    tmp_path: Path, library: PromptLibrary
) -> None:
    from reflect.tui.screens.supervision import SupervisionScreen

    path = tmp_path / "journal.db"
    written = {
        "yesterday": (TODAY - timedelta(days=1), f"{TODAY - timedelta(days=1)} 12:00:00.000000"),
        "this morning": (TODAY, f"{TODAY} 09:00:00.000000"),
        "this afternoon": (TODAY, f"{TODAY} 16:00:00.000000"),
    }
    ids = {}
    with Journal.open(path) as journal:
        for name, (day, _when) in written.items():
            entry = new_draft(journal, "CF-2002", day=day)
            journal.save_draft(entry.id, {"context": f"Visit {name}."})
            journal.complete(entry.id)
            ids[name] = entry.id
        content = SessionContent(TODAY, notes="Talked it through.")
        session = journal.record_session(journal.start_session_draft(content).id, content)
    with sqlite3.connect(path) as db:
        for name, (_day, when) in written.items():
            db.execute("UPDATE entry SET created_at = ? WHERE id = ?", (when, ids[name]))
        db.execute(
            "UPDATE supervision_session SET created_at = ? WHERE id = ?",
            (f"{TODAY} 14:00:00.000000", session.id),
        )
    app = build(Journal.open(path), library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(SupervisionScreen(today=TODAY))
        await settle(pilot)
        period = str(pilot.app.screen.query_one("#sup-period", Static).render())
    assert period.startswith("Since your last supervision on 20 November 2026: 1 reflection.")
