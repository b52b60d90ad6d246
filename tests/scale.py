"""A 100,000-entry journal for tests that count work, built in seconds.

`reflect sample` writes 100,000 entries in over a minute, too slow for every
test run. Here 1,000 sample entries (the short "quick" set) are written the
usual way and then copied 99 times in SQL, each copy a week earlier per round,
with the search index rebuilt once at the end. The result is a real journal:
every table, index and trigger as Reflect makes them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from tests.helpers import TODAY

SEED_ENTRIES = 1_000
COPIES = 100


def build_large_journal(path: Path, library: PromptLibrary) -> int:
    """Write the journal at ``path``; returns how many entries it holds."""
    quick = PromptLibrary({"quick": library.sets["quick"]})
    with Journal.open(path) as journal:
        fill_journal(journal, quick, SEED_ENTRIES, seed=11, until=TODAY)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        (top,) = conn.execute("SELECT max(id) FROM entry").fetchone()
        (top_answer,) = conn.execute("SELECT max(id) FROM answer").fetchone()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO fts_pause (one) VALUES (1)")
        for k in range(1, COPIES):
            shift = top * k
            conn.execute(
                "INSERT INTO entry (id, uid, visit_date, case_code, visit_type, visit_minutes,"
                " prompt_set_id, prompt_set_version, status, current_step, flagged,"
                " supervisor_question, created_at, updated_at, completed_at, deleted_at)"
                " SELECT id + :shift, uid || '-' || :k, date(visit_date, :days), case_code,"
                " visit_type, visit_minutes, prompt_set_id, prompt_set_version, status,"
                " current_step, flagged, supervisor_question, created_at, updated_at,"
                " completed_at, deleted_at FROM entry WHERE id <= :top",
                {"shift": shift, "k": k, "days": f"-{7 * k} days", "top": top},
            )
            conn.execute(
                "INSERT INTO answer (id, entry_id, prompt_id, theme, question_id, text, position)"
                " SELECT id + :ashift, entry_id + :shift, prompt_id, theme, question_id, text,"
                " position FROM answer WHERE entry_id <= :top",
                {"ashift": top_answer * k, "shift": shift, "top": top},
            )
            conn.execute(
                "INSERT INTO entry_tag (entry_id, tag_id)"
                " SELECT entry_id + :shift, tag_id FROM entry_tag WHERE entry_id <= :top",
                {"shift": shift, "top": top},
            )
        conn.execute("DELETE FROM fts_pause")
        conn.execute("COMMIT")
        conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('rebuild')")
        (count,) = conn.execute("SELECT count(*) FROM entry").fetchone()
    finally:
        conn.close()
    return int(count)
