"""What a backup holds: the journal's rows, compressed, in a small SQLite file.

A backup is a SQLite file (an SQLCipher file under the journal's own key
when the journal is encrypted) with two tables of its own instead of the
journal's:

- ``backup_fact``: the format's version, the journal's schema version and
  application id, the journal's CREATE statements (tables, indexes, views,
  triggers, in the journal's order), how many rows each table has, and how
  many entries are live.
- ``backup_batch``: each table's rows, ``BATCH_ROWS`` at a time, as lines
  of JSON of ``CHUNK_ROWS`` rows each, written column by column (which
  compresses about a sixth better than row by row), the batch's lines one
  zlib stream at level 1. A BLOB is written as
  ``{"b": base64}``; integers, floats (``repr``, exact), text (NUL
  included) and NULL come back as they were. JSON, never pickle: reading a
  backup runs no code from it.

The search index is left out, its settings kept: restoring rebuilds it from
the entries. So are the identifier check's kept findings (`REBUILT_TABLES`).
Compression happens in memory and SQLCipher encrypts each page it writes,
so nothing of an encrypted journal is written in the clear.
Because a backup is still a SQLite file, what looks at backups by their
bytes (encrypted or not, re-keying, encrypting plain ones) works unchanged.
Backups made by earlier versions are whole copies of the journal; the
tables tell the two apart (`is_compact`).
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.core.progress import Progress, heartbeat, tell

FORMAT = 2  # 1 was a whole copy of the journal
FACTS = "backup_fact"
BATCHES = "backup_batch"
BATCH_ROWS = 2_000  # a stored batch, one zlib stream: smaller ones compress worse
# Rows read, written as JSON and compressed at a time: each such step holds
# Python's lock at most a few milliseconds (2,000 at once held it up to 29
# ms, which the app's screen would feel while today's backup is made).
CHUNK_ROWS = 500
LEVEL = 1  # level 6 is about a fifth smaller but doubles the time (README, Performance)
# The tables an FTS5 table keeps its index (and settings) in.
FTS5_SHADOWS = ("data", "idx", "docsize", "config", "content")
SEQUENCE = "sqlite_sequence"
# Tables whose rows a backup leaves out, as it does the search index's: they
# are made again from the entries (the identifier check's findings, by the
# next export: scan_memo.py; search rankings kept ahead, when the app is
# idle: kept_rankings.py), so restoring brings back an empty table.
REBUILT_TABLES = frozenset({"identifier_scan", "kept_ranking"})


class BackupUnreadable(Exception):
    """A compact backup whose facts or rows cannot be read back as written."""


@dataclass(frozen=True)
class Contents:
    """The facts a compact backup keeps about the journal it was made from."""

    version: int
    application_id: int
    # (type, name, sql) in the journal's order; tables first when restored.
    schema: list[tuple[str, str, str]]
    # (table, rows, replace): ``replace`` for rows that overwrite what creating
    # the schema already put there (the search index's settings).
    tables: list[tuple[str, int, bool]]
    entries: int


def connect(path: Path, key: str | None) -> Any:
    """A connection to a plain file, or to an SQLCipher file under raw ``key``."""
    if key is None:
        return sqlite3.connect(path, isolation_level=None)
    from reflect.core import crypto

    return crypto.connect_raw(path, key, isolation_level=None)


def journal_schema(source: Any) -> list[tuple[str, str, str]]:
    """(type, name, sql) of everything the journal defines, its own index's tables left out."""
    rows = source.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = [name for kind, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL")]
    # An FTS5 table makes its own shadow tables (entry_fts_data, ...) when created.
    shadows = {f"{v}_{part}" for v in virtual for part in FTS5_SHADOWS}
    return [
        (kind, name, sql)
        for kind, name, sql in rows
        if not (kind == "table" and (name in shadows or name.startswith("sqlite_")))
    ]


def _kept_tables(source: Any, schema: list[tuple[str, str, str]]) -> list[tuple[str, bool]]:
    """The tables whose rows a backup keeps, and whether they overwrite rows already made."""
    present = {
        row[0] for row in source.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    }
    kept = [
        (name, False)
        for kind, name, sql in schema
        if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL")
        if name not in REBUILT_TABLES
    ]
    kept += [
        (f"{name}_config", True)
        for kind, name, sql in schema
        if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")
        if f"{name}_config" in present
    ]
    if SEQUENCE in present:
        kept.append((SEQUENCE, True))
    return kept


def _blob(value: Any) -> dict[str, str]:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"a journal value of type {type(value).__name__} cannot be backed up")


def _line(rows: list[tuple[Any, ...]]) -> bytes:
    """``rows`` as one line of JSON, column by column."""
    # ASCII with \u escapes: the encoder's fastest path (about 40% faster than
    # UTF-8 output), and any string, even a lone surrogate, is written exactly.
    # JSON escapes every newline inside a string, so a line is one chunk.
    text = json.dumps(list(zip(*rows, strict=True)), separators=(",", ":"), default=_blob)
    return text.encode("ascii") + b"\n"


def encode(chunks: Iterable[list[tuple[Any, ...]]]) -> tuple[bytes, int]:
    """The chunks of rows as one compressed batch, and how many rows it holds."""
    squeeze = zlib.compressobj(LEVEL)
    parts, rows = [], 0
    for chunk in chunks:
        parts.append(squeeze.compress(_line(chunk)))
        rows += len(chunk)
    parts.append(squeeze.flush())
    return b"".join(parts), rows


def decode(data: bytes) -> list[tuple[Any, ...]]:
    """The rows `encode` wrote."""
    rows: list[tuple[Any, ...]] = []
    for line in zlib.decompress(data).splitlines():
        columns = json.loads(line, object_hook=lambda blob: base64.b64decode(blob["b"]))
        rows += zip(*columns, strict=True)
    return rows


def _live_entries(source: Any) -> int:
    columns = {row[1] for row in source.execute("PRAGMA table_info(entry)")}
    if "deleted_at" not in columns:  # an early journal, before the trash
        return int(source.execute("SELECT count(*) FROM entry").fetchone()[0]) if columns else 0
    return int(source.execute("SELECT count(*) FROM entry WHERE deleted_at IS NULL").fetchone()[0])


def write(source: Any, target: Path, key: str | None, progress: Progress | None = None) -> None:
    """Write the compact backup of the journal behind ``source`` (DB-API) to the new ``target``.

    The journal is read in one transaction, so the backup is one moment of
    it, a batch of rows at a time, so memory stays bounded whatever its
    size. ``target`` gets ``key`` (the journal's, salt included) from its
    first page. ``progress``: hundredths 0 to 90.
    """
    copy = connect(target, key)
    try:
        copy.execute("PRAGMA journal_mode = OFF")  # a half-made copy is thrown away
        copy.execute("PRAGMA synchronous = OFF")  # flushed once, when put in place
        copy.execute("PRAGMA temp_store = MEMORY")
        copy.execute(f"CREATE TABLE {FACTS} (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        copy.execute(
            f"CREATE TABLE {BATCHES} (table_name TEXT NOT NULL, number INTEGER NOT NULL, "
            "row_count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (table_name, number))"
        )
        copy.execute("BEGIN")
        source.execute("BEGIN")
        try:
            facts = _write_rows(source, copy, progress)
        finally:
            if source.in_transaction:
                source.execute("COMMIT")  # only read: nothing to keep or undo
        copy.executemany(f"INSERT INTO {FACTS} VALUES (?, ?)", facts.items())
        # A backup says which journal version it holds, as a journal does, so
        # a newer one is refused by the same check (`reflect.core.opening`).
        copy.execute(f"PRAGMA user_version = {int(facts['version'])}")
        copy.execute("COMMIT")
    finally:
        copy.close()


def _write_rows(source: Any, copy: Any, progress: Progress | None) -> dict[str, str]:
    """Copy every kept table's rows from ``source`` into ``copy``'s batches; the facts."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    application = int(source.execute("PRAGMA application_id").fetchone()[0])
    schema = journal_schema(source)
    kept = _kept_tables(source, schema)
    counts = {
        name: int(source.execute(f'SELECT count(*) FROM main."{name}"').fetchone()[0])
        for name, _ in kept
    }
    total, done = sum(counts.values()), 0
    for name, _replace in kept:
        cursor = source.execute(f'SELECT * FROM main."{name}"')
        chunks = iter(functools.partial(cursor.fetchmany, CHUNK_ROWS), [])
        written = 0
        while True:
            data, rows = encode(itertools.islice(chunks, BATCH_ROWS // CHUNK_ROWS))
            if not rows:
                break
            copy.execute(
                f"INSERT INTO {BATCHES} VALUES (?, ?, ?, ?)",
                (name, written // BATCH_ROWS, rows, data),
            )
            written += rows
            done += rows
            tell(progress, 90 * done // max(total, 1), 100)
        if written != counts[name]:
            raise BackupUnreadable(f"{name} changed while it was read")
    return {
        "format": str(FORMAT),
        "version": str(version),
        "application_id": str(application),
        "schema": json.dumps(schema),
        "tables": json.dumps([[name, counts[name], replace] for name, replace in kept]),
        "entries": str(_live_entries(source)),
    }


def is_compact(conn: Any) -> bool:
    """Whether the open file is a compact backup (not a journal, nor a backup copying one)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (FACTS,)
    ).fetchone()
    return found is not None


def read_facts(conn: Any) -> Contents:
    """The facts of the compact backup open on ``conn``; BackupUnreadable if they do not parse."""
    try:
        facts = dict(conn.execute(f"SELECT name, value FROM {FACTS}").fetchall())
        if int(facts["format"]) != FORMAT:
            raise BackupUnreadable(f"it is in backup format {facts['format']}, not {FORMAT}")
        return Contents(
            version=int(facts["version"]),
            application_id=int(facts["application_id"]),
            schema=[(str(k), str(n), str(s)) for k, n, s in json.loads(facts["schema"])],
            tables=[(str(t), int(n), bool(r)) for t, n, r in json.loads(facts["tables"])],
            entries=int(facts["entries"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupUnreadable("its description of the journal cannot be read back") from exc


def batches(conn: Any, table: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``table`` in the compact backup on ``conn``, a batch at a time, checked."""
    cursor = conn.execute(
        f"SELECT row_count, data FROM {BATCHES} WHERE table_name = ? ORDER BY number", (table,)
    )
    for row_count, data in cursor:
        try:
            rows = decode(data)
        except (zlib.error, ValueError, KeyError, TypeError) as exc:
            raise BackupUnreadable(f"the rows of {table} cannot be read back") from exc
        if len(rows) != row_count:
            raise BackupUnreadable(f"a batch of {table} has {len(rows)} rows, not {row_count}")
        yield rows


def check(conn: Any, progress: Progress | None = None) -> Contents:
    """Check the compact backup on ``conn``: SQLite's check, every batch, the row counts.

    The file must pass SQLite's integrity check, every batch must
    decompress (zlib checks each one's checksum, so a changed byte is
    found), and the batches of each table must add up to the rows the facts
    promise. Parsing the rows is left to building the journal from them,
    which counts every batch again. ``progress``: hundredths.
    """
    with heartbeat(conn, progress, 0, 100):
        result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if result != ["ok"]:
        raise BackupUnreadable("; ".join(result[:3]))
    contents = read_facts(conn)
    promised = {table: rows for table, rows, _replace in contents.tables}
    found = dict.fromkeys(promised, 0)
    total = sum(promised.values())
    cursor = conn.execute(f"SELECT table_name, row_count, data FROM {BATCHES}")
    for table, row_count, data in cursor:
        try:
            zlib.decompress(data)
        except zlib.error as exc:
            raise BackupUnreadable(f"the rows of {table} cannot be read back") from exc
        if table not in found:
            raise BackupUnreadable(f"it holds rows of {table}, which it does not describe")
        found[table] += int(row_count)
        tell(progress, 10 + 90 * sum(found.values()) // max(total, 1), 100)
    for table, rows in promised.items():
        if found[table] != rows:
            raise BackupUnreadable(f"{table} has {found[table]} rows, not {rows}")
    tell(progress, 100, 100)
    return contents
