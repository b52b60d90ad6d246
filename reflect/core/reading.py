"""Reading whole entries, shared by `Journal` and `Reader`.

`ReadMixin` is everything a command that only reads needs (entries with all
that is in them, terms, word lists, supervision sessions, CPD records); both
`Journal` and `Reader` are built on it, so they run the same queries. Reading
whole entries in bulk (export, the reading view) spends most of its time
building rows, so `details_for` reads driver rows as plain tuples.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Self

from reflect.core.cpd import CpdReadMixin
from reflect.core.database import Db, SingleConnection
from reflect.core.database import period_clauses as period_clauses  # re-exported
from reflect.core.errors import EntryNotFound
from reflect.core.errors import TermError as TermError  # re-exported
from reflect.core.files import BUSY_TIMEOUT_MS, LATEST_VERSION
from reflect.core.periods import TermReadMixin
from reflect.core.records import ActionView, AnswerView, EntryDetail, EntryFilter
from reflect.core.scan_memo import ScanMemoMixin
from reflect.core.supervision import SupervisionReadMixin
from reflect.core.timestamps import opt_datetime, to_date, to_datetime
from reflect.core.vocab import EntryStatus, TagKind


class EntryReads(TermReadMixin):
    """Entries as a whole: one, or every entry a filter matches."""

    def get_entry(self, entry_id: int) -> EntryDetail:
        """One entry with its answers, tags and actions (also from the trash)."""
        with self._read() as db:
            rows = entry_rows(db, "e.id = :e", {"e": entry_id})
            if not rows:
                raise EntryNotFound(f"There is no entry number {entry_id}.")
            return details_for(db, rows)[0]

    def _where(self, f: EntryFilter) -> tuple[str, dict[str, Any]]:
        """SQL for ``f`` on the entry table (as ``e``), with named parameters."""
        clauses = ["e.deleted_at IS NOT NULL" if f.in_trash else "e.deleted_at IS NULL"]
        params: dict[str, Any] = {}
        start, end = f.start, f.end
        if f.term:
            term = self.get_term(f.term)
            start = max(start, term.start) if start else term.start
            end = min(end, term.end) if end else term.end
        if start:
            clauses.append("e.visit_date >= :start")
            params["start"] = start.isoformat()
        if end:
            clauses.append("e.visit_date <= :end")
            params["end"] = end.isoformat()
        if f.case_code:
            clauses.append("e.case_code = :case_code COLLATE NOCASE")
            params["case_code"] = " ".join(f.case_code.split())
        if f.status:
            clauses.append("e.status = :status")
            params["status"] = EntryStatus(f.status).value
        if f.flagged is not None:
            clauses.append("e.flagged = :flagged")
            params["flagged"] = int(f.flagged)
        if f.pcf_domain:
            clauses.append(
                "EXISTS (SELECT 1 FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
                " WHERE et.entry_id = e.id AND t.kind = 'pcf' AND t.name = :pcf COLLATE NOCASE)"
            )
            params["pcf"] = " ".join(f.pcf_domain.split())
        if f.undiscussed:
            clauses.append(
                "NOT EXISTS (SELECT 1 FROM supervision_entry se JOIN supervision_session ss"
                " ON ss.id = se.session_id WHERE se.entry_id = e.id AND ss.status = 'complete')"
            )
        if f.tag:
            clauses.append(
                "EXISTS (SELECT 1 FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
                " WHERE et.entry_id = e.id AND t.name = :tag COLLATE NOCASE)"
            )
            params["tag"] = " ".join(f.tag.split())
        return " AND ".join(clauses), params

    def iter_details(
        self, filters: EntryFilter | None = None, *, batch_size: int = 500, answers: bool = True
    ) -> Iterator[EntryDetail]:
        """Every entry matching ``filters`` with everything in it, oldest visit first.

        Entries are read a batch at a time (four queries a batch), so memory
        stays flat however many match. Without ``answers`` the entries come
        with none (for a pass that needs only titles, tags and actions).
        """
        for db, rows in self._entry_batches(filters, batch_size, ENTRY_COLUMNS):
            yield from details_for(db, rows, answers=answers)

    def count_details(self, filters: EntryFilter | None = None) -> int:
        """How many entries `iter_details` would give for ``filters``."""
        where, params = self._where(filters or EntryFilter())
        with self._read() as db:
            return int(db.value(f"SELECT count(*) FROM entry e WHERE {where}", params))

    def iter_heads(
        self, filters: EntryFilter | None = None, *, batch_size: int = 2000
    ) -> Iterator[EntryHead]:
        """What an export's contents and summary need of each entry, in `iter_details`' order.

        The same entries, tags and open actions as `iter_details`, without
        building whole entries: a term's outline in a fifth of the time.
        """
        for db, rows in self._entry_batches(filters, batch_size, HEAD_COLUMNS):
            yield from heads_for(db, rows)

    def _entry_batches(
        self, filters: EntryFilter | None, batch_size: int, columns: str
    ) -> Iterator[tuple[Db, list[Any]]]:
        """Entry rows (``columns``, starting with id and visit_date) a batch at a time."""
        where, params = self._where(filters or EntryFilter())
        last_key: tuple[str, int] = ("", 0)
        while True:
            with self._read() as db:
                rows = entry_rows(
                    db,
                    f"{where} AND (e.visit_date > :k_date"
                    " OR (e.visit_date = :k_date AND e.id > :k_id))",
                    {**params, "k_date": last_key[0], "k_id": last_key[1], "batch": batch_size},
                    "ORDER BY e.visit_date, e.id LIMIT :batch",
                    columns,
                )
                if not rows:
                    return
                yield db, rows
            last_key = (str(rows[-1][1]), int(rows[-1][0]))


class ReadMixin(EntryReads, SupervisionReadMixin, CpdReadMixin, ScanMemoMixin):
    """Everything a command that only reads needs; `Journal` and `Reader` both are one.

    (`ScanMemoMixin` also writes, best effort, what the identifier check found.)
    """


# The entry columns `details_for` reads, in this order (id and visit_date first).
ENTRY_COLUMNS = (
    "e.id, e.visit_date, e.uid, e.case_code, e.visit_type, e.visit_minutes, e.prompt_set_id,"
    " e.prompt_set_version, e.status, e.current_step, e.flagged, e.supervisor_question,"
    " e.created_at, e.updated_at, e.completed_at, e.deleted_at, e.revision"
)


def entry_rows(
    db: Db, where: str, params: dict[str, Any], tail: str = "", columns: str = ENTRY_COLUMNS
) -> list[Any]:
    """Entry rows (as `details_for` wants them) for an SQL condition on ``e``."""
    sql = f"SELECT {columns} FROM entry e WHERE {where} {tail}"
    return list(db.execute(sql, params).fetchall())


def _tags_of(db: Db, ids: str) -> dict[tuple[int, str], list[str]]:
    """Each entry's tag names by (entry id, kind), sorted; ``ids`` a JSON list of entry ids."""
    # A journal has few distinct tags and many uses of them: read the tags
    # once, then only each entry's tag ids, joined in one row per entry
    # (two thirds of the time of a row per pair).
    tag_names = {
        str(tag_id): (kind, name)
        for tag_id, kind, name in db.execute("SELECT id, kind, name FROM tag")
    }
    tags: dict[tuple[int, str], list[str]] = {}
    for entry_id, tag_ids in db.execute(
        "SELECT entry_id, group_concat(tag_id) FROM entry_tag"
        " WHERE entry_id IN (SELECT value FROM json_each(?)) GROUP BY entry_id",
        (ids,),
    ):
        for tag_id in tag_ids.split(","):
            kind, name = tag_names[tag_id]
            tags.setdefault((entry_id, kind), []).append(name)
    for names in tags.values():
        names.sort()  # by name, as SQLite's BINARY order (code points)
    return tags


def details_for(db: Db, rows: Sequence[Any], *, answers: bool = True) -> list[EntryDetail]:
    """Whole entries for these entry rows (ENTRY_COLUMNS), in five queries however many.

    Without ``answers`` the answers are not read (three queries) and each entry has none.
    """
    ids = json.dumps([row[0] for row in rows])
    answers_of: dict[int, tuple[AnswerView, ...]] = {}
    if answers:
        # A journal has a few dozen questions and a term thousands of answers
        # to them: read the questions once rather than join them to every
        # answer (a third of the answers' query), and share their strings.
        question = dict(db.execute("SELECT id, text FROM question")).get
        answer_rows = db.execute(
            "SELECT entry_id, prompt_id, question_id, text, theme, position FROM answer"
            " WHERE entry_id IN (SELECT value FROM json_each(?))"
            " ORDER BY entry_id, position, id",
            (ids,),
        )
        for entry_id, group in groupby(answer_rows, itemgetter(0)):
            answers_of[entry_id] = tuple(
                [AnswerView(p, question(q, ""), t, theme, n) for _, p, q, t, theme, n in group]
            )
    tags = _tags_of(db, ids)
    actions: dict[int, list[ActionView]] = {}
    for action_id, entry_id, session_id, text_, due, done in db.execute(
        "SELECT id, entry_id, session_id, text, due, done FROM action"
        " WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (ids,),
    ):
        actions.setdefault(entry_id, []).append(
            ActionView(
                action_id,
                text_,
                None if due is None else to_date(due),
                bool(done),
                entry_id,
                session_id,
            )
        )
    theme, pcf, free = TagKind.THEME.value, TagKind.PCF.value, TagKind.FREE.value
    return [
        EntryDetail(
            id=r[0],
            uid=r[2],
            visit_date=to_date(r[1]),
            case_code=r[3],
            visit_type=r[4],
            visit_minutes=r[5],
            prompt_set_id=r[6],
            prompt_set_version=r[7],
            status=r[8],
            current_step=r[9],
            flagged=bool(r[10]),
            supervisor_question=r[11],
            created_at=to_datetime(r[12]),
            updated_at=to_datetime(r[13]),
            completed_at=opt_datetime(r[14]),
            deleted_at=opt_datetime(r[15]),
            revision=r[16],
            answers=answers_of.get(r[0], ()),
            themes=tuple(tags.get((r[0], theme), ())),
            pcf_domains=tuple(tags.get((r[0], pcf), ())),
            free_tags=tuple(tags.get((r[0], free), ())),
            actions=tuple(actions.get(r[0], ())),
        )
        for r in rows
    ]


class EntryHead(NamedTuple):
    """An entry as an export's outline sees it: no answers, only its open actions."""

    uid: str
    visit_date: date
    case_code: str
    visit_type: str
    status: str
    themes: tuple[str, ...]
    pcf_domains: tuple[str, ...]
    open_actions: tuple[tuple[str, date | None], ...]  # (text, due), by action id


# The entry columns `heads_for` reads (id and visit_date first, as `_entry_batches` wants).
HEAD_COLUMNS = "e.id, e.visit_date, e.uid, e.case_code, e.visit_type, e.status"


def heads_for(db: Db, rows: Sequence[Any]) -> list[EntryHead]:
    """`EntryHead`s for these entry rows (HEAD_COLUMNS): tags and open actions as `details_for`."""
    ids = json.dumps([row[0] for row in rows])
    tags = _tags_of(db, ids)
    open_actions: dict[int, list[tuple[str, date | None]]] = {}
    for entry_id, text_, due in db.execute(
        "SELECT entry_id, text, due FROM action"
        " WHERE entry_id IN (SELECT value FROM json_each(?)) AND NOT done ORDER BY id",
        (ids,),
    ):
        open_actions.setdefault(entry_id, []).append((text_, None if due is None else to_date(due)))
    theme, pcf = TagKind.THEME.value, TagKind.PCF.value
    return [
        EntryHead(
            r[2],
            to_date(r[1]),
            r[3],
            r[4],
            r[5],
            tuple(tags.get((r[0], theme), ())),
            tuple(tags.get((r[0], pcf), ())),
            tuple(open_actions.get(r[0], ())),
        )
        for r in rows
    ]


def head_of(entry: EntryDetail) -> EntryHead:
    """The `EntryHead` `heads_for` reads, made from a whole entry already read."""
    return EntryHead(
        entry.uid,
        entry.visit_date,
        entry.case_code,
        entry.visit_type,
        entry.status,
        entry.themes,
        entry.pcf_domains,
        tuple((action.text, action.due) for action in entry.actions if not action.done),
    )


class Reader(ReadMixin):
    """A journal opened for reading only, on one driver connection (no SQLAlchemy).

    The same queries as `Journal`'s, on a connection it opens itself, so the
    export command starts without importing SQLAlchemy (about 75 ms of
    imports against 300). Measured on a 10,000-entry journal, the whole
    `reflect export` of two days takes 209 ms against 433 ms through
    `Journal`, and of a 12-week term 1.37 s against 1.51 s (medians of 7,
    ``python -m tests.bench.reader_path``). `Reader.open` returns None when
    the journal needs upgrading first: then `Journal.open` is the way in.
    Its connection is read-only except for one short write an export may
    make after its document: the identifier check's findings (`scan_memo`).
    """

    def __init__(self, connection: Any, path: Path) -> None:
        super().__init__(SingleConnection(connection))
        self._connection = connection
        self.path = path
        # What opening repaired (modes, leftovers): tell once.
        self.notices: tuple[str, ...] = ()

    @classmethod
    def open(
        cls, path: Path, *, passphrase: str | None = None, backups_dir: Path | None = None
    ) -> Self | None:
        """Open an up-to-date journal for reading; errors as `Journal.open` gives them."""
        from reflect.core.leftovers import inspect_and_tidy

        path = Path(path)
        found = inspect_and_tidy(path, create=False, passphrase=passphrase, backups_dir=backups_dir)
        if found.version != LATEST_VERSION:
            return None
        if found.key is not None:
            from reflect.core.cipher import connect_raw

            connection = connect_raw(path, found.key, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        connection.isolation_level = None
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute("PRAGMA query_only = ON")
        from reflect.core.search_index import LEFT_OUT

        try:
            left_out = bool(connection.execute(LEFT_OUT).fetchone()[0])
        except Exception as exc:  # sqlite3's or SQLCipher's DatabaseError
            from reflect.core.errors import is_database_error

            if not is_database_error(exc):
                raise
            left_out = False  # a damaged file: reading it says so, as ever
        if left_out:
            # A restore stopped before the search index was rebuilt: the full
            # open (`Journal.open`) rebuilds it.
            connection.close()
            return None
        reader = cls(connection, path)
        reader.notices = found.notices
        return reader

    def close(self) -> None:
        """Close the file."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
