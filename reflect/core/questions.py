"""Each prompt's question stored once per prompt-set version, not in every answer.

A journal of 10,000 entries repeated the same dozen questions in 130,000
answer rows (9 MB of 40). An answer now points at a ``question`` row, found
by prompt set, version, prompt and the exact text shown, so an entry still
reads as it was written even if a prompt file is later edited in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.core.database import Db

QuestionKey = tuple[str, str, str, str]


def question_id(db: Db, key: QuestionKey, known: dict[QuestionKey, int]) -> int:
    """The id of the question row for ``key`` (set, version, prompt, text), made if new.

    ``known`` caches ids within one transaction: a bulk load asks for the same
    few questions over and over.
    """
    if key in known:
        return known[key]
    params = {"set_id": key[0], "version": key[1], "prompt_id": key[2], "text": key[3]}
    db.execute(
        "INSERT OR IGNORE INTO question (prompt_set_id, prompt_set_version, prompt_id, text)"
        " VALUES (:set_id, :version, :prompt_id, :text)",
        params,
    )
    found = db.value(
        "SELECT id FROM question WHERE prompt_set_id = :set_id"
        " AND prompt_set_version = :version AND prompt_id = :prompt_id AND text = :text",
        params,
    )
    known[key] = int(found)
    return known[key]


# Migration 9: the table, the distinct questions of every answer, each answer
# pointed at its question, then the repeated column dropped. The update does
# not touch the search index: its triggers watch only an answer's text and
# position.
MIGRATION_9 = (
    """
    CREATE TABLE question (
        id INTEGER PRIMARY KEY,
        prompt_set_id VARCHAR NOT NULL,
        prompt_set_version VARCHAR NOT NULL,
        prompt_id VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        UNIQUE (prompt_set_id, prompt_set_version, prompt_id, text)
    )
    """,
    "INSERT OR IGNORE INTO question (prompt_set_id, prompt_set_version, prompt_id, text)"
    " SELECT DISTINCT e.prompt_set_id, e.prompt_set_version, a.prompt_id, a.question"
    " FROM answer a JOIN entry e ON e.id = a.entry_id",
    "ALTER TABLE answer ADD COLUMN question_id INTEGER REFERENCES question (id)",
    "UPDATE answer SET question_id = (SELECT q.id FROM question q JOIN entry e"
    " ON e.id = answer.entry_id WHERE q.prompt_set_id = e.prompt_set_id"
    " AND q.prompt_set_version = e.prompt_set_version AND q.prompt_id = answer.prompt_id"
    " AND q.text = answer.question)",
    "ALTER TABLE answer DROP COLUMN question",
)
