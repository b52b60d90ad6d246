"""Writing many whole entries in one transaction, fast (import, sample journals).

An import of a term made four statements an entry, which was most of its
time (tests/bench/compare.py, import_ratio_jrnl). Here the answers, tags and
actions of a chunk of entries go in with one ``executemany`` each, on the
driver's cursor, inside the caller's transaction. The triggers that
would index each row are set aside while the rows go in, and each chunk is
indexed at once after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from reflect.core.database import Db
from reflect.core.progress import Progress, tell
from reflect.core.questions import QuestionKey, question_id
from reflect.core.records import EntryDetail, EntryRecord
from reflect.core.search_schema import insert_triggers_set_aside, roomy_for_bulk
from reflect.core.timestamps import stamp
from reflect.core.vocab import EntryStatus, TagKind, VisitType

# Entries written and indexed per step: progress is reported after each.
CHUNK = 500
# Each word as stored, by itself: a look-up a twentieth of the time of the
# enum's call (an import asks it of every entry); anything else goes to the
# enum, which refuses it as ever.
_VISIT_TYPES: dict[str, str] = {kind.value: kind.value for kind in VisitType}
_STATUSES: dict[str, str] = {status.value: status.value for status in EntryStatus}

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
_REPLACE = (
    "UPDATE entry SET visit_date = ?, case_code = ?, visit_type = ?, visit_minutes = ?,"
    " prompt_set_id = ?, prompt_set_version = ?, status = ?, current_step = ?, flagged = ?,"
    " supervisor_question = ?, updated_at = ?, completed_at = ?, revision = revision + 1"
    " WHERE id = ?"
)
# An entry out of the search index as it is now, before its rows change (as the triggers do).
_UNINDEX = (
    "INSERT INTO entry_fts (entry_fts, rowid, case_code, tags, body)"
    " SELECT 'delete', entry_id, case_code, tags, body FROM entry_doc"
    " WHERE entry_id IN (SELECT value FROM json_each(?))"
)
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
        # Set aside in this transaction: a failure rolls it back with the rows.
        with insert_triggers_set_aside(self.cursor):
            for first in range(0, len(records), CHUNK):
                chunk = records[first : first + CHUNK]
                chunk_ids = self._write(chunk)
                with roomy_for_bulk(self.cursor):
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
        execute = self.cursor.execute
        for r in records:
            created = stamp(r.created_at)
            execute(_ENTRY, (r.uid, *self._details(r), created, *_stamps(r)))
            entry_id = int(self.cursor.lastrowid)
            ids.append(entry_id)
            self._rows_of(entry_id, r, created, kinds, answers, tags, actions)
        self._insert_rows(answers, tags, actions)
        return ids

    def _details(self, r: EntryRecord) -> tuple[Any, ...]:
        """An entry's columns from its visit date to its supervisor question, as stored."""
        return (
            r.visit_date.isoformat(),
            self.clean_case_code(r.case_code),
            _VISIT_TYPES.get(r.visit_type) or VisitType(r.visit_type).value,
            r.visit_minutes,
            r.prompt_set_id,
            r.prompt_set_version,
            _STATUSES.get(r.status) or EntryStatus(r.status).value,
            r.current_step,
            int(r.flagged),
            r.supervisor_question,
        )

    def _rows_of(
        self,
        entry_id: int,
        r: EntryRecord,
        created: str,
        kinds: tuple[tuple[TagKind, str], ...],
        answers: list[tuple[Any, ...]],
        tags: list[tuple[int, int]],
        actions: list[tuple[Any, ...]],
    ) -> None:
        """Add the rows of ``r``'s answers, tags and actions, for entry ``entry_id``."""
        question_ids, tag_ids = self.question_ids, self.tag_ids
        set_id, version = r.prompt_set_id, r.prompt_set_version
        for prompt_id, question_text, said, theme, position in r.answers:
            key = (set_id, version, prompt_id, question_text)
            question = question_ids.get(key)
            if question is None:
                question = question_id(self.db, key, question_ids)
            answers.append((entry_id, prompt_id, theme, question, said, position))
        for (kind, value), names in zip(kinds, (r.themes, r.pcf_domains, r.free_tags), strict=True):
            for name in dict.fromkeys(names):
                tag = tag_ids.get((value, name))
                if tag is None:
                    tag = tag_ids[(value, name)] = self.tag_id(self.db, kind, name)
                tags.append((entry_id, tag))
        actions += [
            (entry_id, text, due.isoformat() if due else None, int(done), created)
            for text, due, done in r.actions
        ]

    def _insert_rows(
        self,
        answers: list[tuple[Any, ...]],
        tags: list[tuple[int, int]],
        actions: list[tuple[Any, ...]],
    ) -> None:
        if answers:
            self.cursor.executemany(_ANSWER, answers)
        if tags:
            self.cursor.executemany(_TAG, tags)
        if actions:
            self.cursor.executemany(_ACTION, actions)

    def content_of(self, r: EntryRecord) -> tuple[Any, ...]:
        """What a record holds, to compare with `content_here` (ids and times left out)."""
        return (
            self.clean_case_code(r.case_code),
            r.visit_date,
            VisitType(r.visit_type).value,
            r.visit_minutes,
            r.prompt_set_id,
            r.prompt_set_version,
            EntryStatus(r.status).value,
            r.current_step,
            bool(r.flagged),
            r.supervisor_question,
            tuple((a.prompt_id, a.question, a.text, a.theme) for a in r.answers),
            *(tuple(sorted(set(names))) for names in (r.themes, r.pcf_domains, r.free_tags)),
            tuple((text, due, bool(done)) for text, due, done in r.actions),
        )

    @staticmethod
    def content_here(e: EntryDetail) -> tuple[Any, ...]:
        """What an entry in the journal holds, as `content_of` gives a record's."""
        return (
            e.case_code,
            e.visit_date,
            e.visit_type,
            e.visit_minutes,
            e.prompt_set_id,
            e.prompt_set_version,
            e.status,
            e.current_step,
            e.flagged,
            e.supervisor_question,
            tuple((a.prompt_id, a.question, a.text, a.theme) for a in e.answers),
            *(tuple(sorted(set(names))) for names in (e.themes, e.pcf_domains, e.free_tags)),
            tuple((a.text, a.due, a.done) for a in e.actions),
        )

    def replace(self, pairs: Sequence[tuple[EntryDetail, EntryRecord]]) -> None:
        """Put each record in place of its entry here: details, answers, tags, actions (not merged).

        The entry keeps its id, its uid, its place in the trash or not and
        its links to supervision sessions; the version it had is kept in its
        history. The search index takes the entry out as it was and back in
        as it is now, as the triggers would, once for all of them.
        """
        from reflect.core.saving import snapshot_json
        from reflect.core.timestamps import utcnow

        ids = json.dumps([entry.id for entry, _ in pairs])
        execute = self.cursor.execute
        now = stamp(utcnow())
        self.cursor.executemany(
            "INSERT INTO entry_revision (entry_id, created_at, snapshot) VALUES (?, ?, ?)",
            [(entry.id, now, snapshot_json(entry)) for entry, _ in pairs],
        )
        execute(_UNINDEX, (ids,))
        execute("INSERT INTO fts_pause (one) VALUES (1)")
        for table in ("answer", "entry_tag", "action"):
            execute(
                f"DELETE FROM {table} WHERE entry_id IN (SELECT value FROM json_each(?))", (ids,)
            )
        answers: list[tuple[Any, ...]] = []
        tags: list[tuple[int, int]] = []
        actions: list[tuple[Any, ...]] = []
        kinds = tuple((kind, kind.value) for kind in (TagKind.THEME, TagKind.PCF, TagKind.FREE))
        for entry, r in pairs:
            execute(_REPLACE, (*self._details(r), *_stamps(r), entry.id))
            self._rows_of(entry.id, r, stamp(r.updated_at), kinds, answers, tags, actions)
        self._insert_rows(answers, tags, actions)
        execute("DELETE FROM fts_pause")
        execute(_INDEX, (ids,))


def _stamps(r: EntryRecord) -> tuple[str, str | None]:
    """When an entry was last saved and completed (None: not complete), as stored."""
    return stamp(r.updated_at), stamp(r.completed_at) if r.completed_at else None
