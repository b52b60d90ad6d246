"""Writing many whole entries in one transaction, fast (import, sample journals).

An import of a term made four statements an entry, which was most of its
time (tests/bench/compare.py, import_ratio_jrnl). Here the answers, tags and
actions of a chunk of entries go in with one ``executemany`` each, on the
driver's cursor, inside the caller's transaction. The search index
is paused while the rows go in and each chunk is indexed at once after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from reflect.core.database import Db
from reflect.core.progress import Progress, tell
from reflect.core.questions import QuestionKey, question_id
from reflect.core.records import EntryRecord
from reflect.core.timestamps import stamp
from reflect.core.vocab import EntryStatus, TagKind, VisitType

# Entries written and indexed per step: progress is reported after each.
CHUNK = 500

_ENTRY = (
    "INSERT INTO entry (uid, visit_date, case_code, visit_type, visit_minutes,"
    " prompt_set_id, prompt_set_version, status, current_step, flagged,"
    " supervisor_question, created_at, updated_at, completed_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ANSWER = (
    "INSERT INTO answer (entry_id, prompt_id, theme, question_id, text, position)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_TAG = "INSERT INTO entry_tag (entry_id, tag_id) VALUES (?, ?)"
_ACTION = "INSERT INTO action (entry_id, text, due, done, created_at) VALUES (?, ?, ?, ?, ?)"
_INDEX = (
    "INSERT INTO entry_fts (rowid, case_code, tags, body)"
    " SELECT entry_id, case_code, tags, body FROM entry_doc"
    " WHERE entry_id IN (SELECT value FROM json_each(?))"
)


class Loader:
    """Writes records through ``db``'s driver connection, in ``db``'s transaction.

    ``clean_case_code`` checks a case code; ``tag_id`` finds or makes a tag
    (both `Journal`'s, so an import follows the same rules as typing).
    """

    def __init__(
        self,
        db: Db,
        clean_case_code: Callable[[str], str],
        tag_id: Callable[[Db, TagKind, str], int],
    ) -> None:
        self.db = db
        self.cursor: Any = db.driver.cursor()
        self.clean_case_code = clean_case_code
        self.tag_id = tag_id
        self.tag_ids: dict[tuple[str, str], int] = {}
        self.question_ids: dict[QuestionKey, int] = {}

    def load(
        self,
        records: Sequence[EntryRecord],
        progress: Progress | None = None,
        *,
        start: int = 0,
        total: int = 0,
    ) -> list[int]:
        """Write ``records`` and index them; their new ids, in order.

        ``progress`` is told ``start + written`` of ``total`` entries after
        each chunk (``total`` defaults to this batch).
        """
        total = total or start + len(records)
        ids: list[int] = []
        # The pause is a row in this transaction: a failure rolls it back with the rows.
        for first in range(0, len(records), CHUNK):
            chunk = records[first : first + CHUNK]
            self.cursor.execute("INSERT INTO fts_pause (one) VALUES (1)")
            chunk_ids = self._write(chunk)
            self.cursor.execute("DELETE FROM fts_pause")
            self.cursor.execute(_INDEX, (json.dumps(chunk_ids),))
            ids += chunk_ids
            tell(progress, start + len(ids), total)
        return ids

    def _write(self, records: Sequence[EntryRecord]) -> list[int]:
        answers: list[tuple[Any, ...]] = []
        tags: list[tuple[int, int]] = []
        actions: list[tuple[Any, ...]] = []
        ids: list[int] = []
        # Looked up once, not per tag: an enum's value is a slow attribute.
        kinds = tuple((kind, kind.value) for kind in (TagKind.THEME, TagKind.PCF, TagKind.FREE))
        execute, question_ids, tag_ids = self.cursor.execute, self.question_ids, self.tag_ids
        for r in records:
            created = stamp(r.created_at)
            execute(
                _ENTRY,
                (
                    r.uid,
                    r.visit_date.isoformat(),
                    self.clean_case_code(r.case_code),
                    VisitType(r.visit_type).value,
                    r.visit_minutes,
                    r.prompt_set_id,
                    r.prompt_set_version,
                    EntryStatus(r.status).value,
                    r.current_step,
                    int(r.flagged),
                    r.supervisor_question,
                    created,
                    stamp(r.updated_at),
                    stamp(r.completed_at) if r.completed_at else None,
                ),
            )
            entry_id = int(self.cursor.lastrowid)
            ids.append(entry_id)
            for a in r.answers:
                key = (r.prompt_set_id, r.prompt_set_version, a.prompt_id, a.question)
                question = question_ids.get(key)
                if question is None:
                    question = question_id(self.db, key, question_ids)
                answers.append((entry_id, a.prompt_id, a.theme, question, a.text, a.position))
            for (kind, value), names in zip(
                kinds, (r.themes, r.pcf_domains, r.free_tags), strict=True
            ):
                for name in dict.fromkeys(names):
                    tag = tag_ids.get((value, name))
                    if tag is None:
                        tag = tag_ids[(value, name)] = self.tag_id(self.db, kind, name)
                    tags.append((entry_id, tag))
            actions += [
                (entry_id, text, due.isoformat() if due else None, int(done), created)
                for text, due, done in r.actions
            ]
        if answers:
            self.cursor.executemany(_ANSWER, answers)
        if tags:
            self.cursor.executemany(_TAG, tags)
        if actions:
            self.cursor.executemany(_ACTION, actions)
        return ids
