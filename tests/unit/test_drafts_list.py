"""The home screen's "Drafts to finish": live drafts only, the most recently touched first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.core.journal import Journal
from tests.helpers import new_draft


def _touched(path: Path, entry_id: int, when: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE entry SET updated_at = ? WHERE id = ?", (when, entry_id))
    connection.close()


def test_drafts_are_the_live_ones_most_recently_touched_first(
    journal: Journal, journal_path: Path
) -> None:
    ids = [new_draft(journal, f"CF-{1000 + i}").id for i in range(8)]
    for i, entry_id in enumerate(ids):
        journal.save_draft(entry_id, {"context": f"visit number {i}"})
    # Touched in an order of their own; two at the same moment (the newer id first).
    moments = [f"2026-11-0{d}T10:00:00+00:00" for d in (3, 7, 1, 5, 7, 2, 6, 4)]
    for entry_id, when in zip(ids, moments, strict=True):
        _touched(journal_path, entry_id, when)
    journal.complete(ids[6])  # no longer a draft
    journal.delete(ids[3])  # in the trash
    drafts = journal.drafts(limit=10)
    assert [d.id for d in drafts] == [ids[4], ids[1], ids[7], ids[0], ids[5], ids[2]]
    assert [d.case_code for d in drafts][:2] == ["CF-1004", "CF-1001"]
    assert drafts[0].first_words == "visit number 4"
    assert [d.id for d in journal.drafts(limit=3)] == [ids[4], ids[1], ids[7]]
