"""Reading a backup back: checking it, and building a journal from a compact one.

A compact backup (`reflect.core.backup_format`) becomes a journal again in
a fresh file: the journal's tables from its own CREATE statements, the rows
loaded a batch at a time (memory stays bounded), then the indexes, views and
triggers, and the file is checked (integrity, references, every table's
rows) before `reflect.core.recovery.restore` puts it in place. The search
index is left empty, as in a backup of an earlier version, and is rebuilt
once the journal is opened (and, for a backup of an older journal,
migrated). An encrypted backup builds an encrypted journal under the same
key from its first page: nothing is written in the clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.core import backup_format
from reflect.core.backup_format import BackupUnreadable, Contents
from reflect.core.errors import JournalDamaged, RestoreRefused, is_database_error
from reflect.core.progress import Progress, heartbeat, part, tell


@dataclass(frozen=True)
class Found:
    """What kind of backup a file is, and the key that opens it."""

    compact: bool
    key: str | None


def _refused(source: Path, why: str) -> RestoreRefused:
    return RestoreRefused(f"{source} cannot be put back: {why}. The journal was not changed.")


def identify(source: Path, passphrase: str | None) -> Found:
    """Whether ``source`` is a compact backup or a whole copy of a journal, and its key.

    A file that is not a journal or a backup, a wrong passphrase, a backup
    from a newer Reflect, or a damaged or cut-off file is refused in one
    sentence (the catalogue's errors, `reflect.core.opening.inspect`).
    """
    from reflect.core.opening import Kind, first_page_opens, inspect, probe

    # Only a file with a journal's bytes is opened: SQLite would make an empty
    # file into a new, empty journal, and restore would put that in place.
    kind = probe(source, deep=True)  # once per restore: a damaged file is named so
    if kind is Kind.MISSING:
        raise RestoreRefused(f"There is no file at {source}; the journal was not changed.")
    if kind is Kind.EMPTY:
        raise _refused(source, "it is empty")
    if kind is Kind.OTHER:
        # An encrypted backup cut short is not whole pages: its page 1 still
        # decrypts with the passphrase.
        if passphrase is not None and first_page_opens(source, passphrase):
            raise _refused(source, "it is damaged or cut short")
        raise _refused(source, "it is not a Reflect backup")
    if kind is Kind.DAMAGED:
        raise _refused(source, "it is damaged")
    try:
        found = inspect(source, create=False, passphrase=passphrase, tidy=False)
    except JournalDamaged:
        raise _refused(source, "it is damaged or cut short") from None
    conn = backup_format.connect(source, found.key)
    try:
        compact = backup_format.is_compact(conn)
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise _refused(source, "it is damaged or cut short") from None
    finally:
        conn.close()
    return Found(compact, found.key)


def check_compact(source: Path, key: str | None, progress: Progress | None = None) -> Contents:
    """Check every batch of the compact backup ``source``; its facts, or RestoreRefused."""
    conn = backup_format.connect(source, key)
    try:
        return backup_format.check(conn, progress)
    except BackupUnreadable as exc:
        raise _refused(source, f"it did not check out ({exc})") from None
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise _refused(source, "it is damaged or cut short") from None
    finally:
        conn.close()


def build_journal(
    source: Path, key: str | None, target: Path, progress: Progress | None = None
) -> Contents:
    """Write a journal at the new ``target`` from the compact backup ``source``, and check it.

    ``key`` opens ``source`` and becomes ``target``'s. ``progress``:
    hundredths, the rows to 80, the indexes to 90, the check to 100.
    """
    backup = backup_format.connect(source, key)
    journal = backup_format.connect(target, key)
    try:
        try:
            contents = backup_format.read_facts(backup)
            _load(backup, journal, contents, part(progress, 0, 80, 100))
            tell(progress, 80, 100)
            with heartbeat(journal, progress, 80, 100):
                journal.execute("BEGIN")
                for kind, _name, sql in contents.schema:
                    if kind != "table":  # indexes, views, and the triggers once the rows are in
                        journal.execute(sql)
                journal.execute("COMMIT")
            tell(progress, 90, 100)
            with heartbeat(journal, progress, 90, 100):
                problems = _problems(journal, contents)
        except BackupUnreadable as exc:
            raise _refused(source, f"it did not check out ({exc})") from None
        except Exception as exc:
            if not is_database_error(exc):
                raise
            raise _refused(source, f"it could not be read back ({exc})") from None
    finally:
        journal.close()
        backup.close()
    if problems:
        raise _refused(source, f"the journal made from it did not check out ({problems[0]})")
    tell(progress, 100, 100)
    return contents


def _load(backup: Any, journal: Any, contents: Contents, progress: Progress | None) -> None:
    """Create the journal's tables in ``journal`` and load every row the backup keeps."""
    journal.execute("PRAGMA journal_mode = OFF")  # a half-made journal is thrown away
    journal.execute("PRAGMA synchronous = OFF")  # flushed once, when put in place
    journal.execute("PRAGMA temp_store = MEMORY")  # no temporary file, encrypted or not
    # Table by table, a row could come before the row it refers to; the
    # references are checked once everything is in (`_problems`).
    journal.execute("PRAGMA foreign_keys = OFF")
    journal.execute(f"PRAGMA application_id = {contents.application_id}")
    journal.execute(f"PRAGMA user_version = {contents.version}")
    journal.execute("BEGIN")
    for kind, _name, sql in contents.schema:
        if kind == "table":
            journal.execute(sql)
    total = sum(rows for _, rows, _ in contents.tables)
    done = 0
    for table, _rows, replace in contents.tables:
        if table == backup_format.SEQUENCE:
            journal.execute(f"DELETE FROM {table}")  # counted again as the rows went in
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        for rows in backup_format.batches(backup, table):
            marks = ", ".join("?" * len(rows[0]))
            journal.executemany(f'{verb} INTO main."{table}" VALUES ({marks})', rows)
            done += len(rows)
            tell(progress, done, total)
    journal.execute("COMMIT")


def _problems(journal: Any, contents: Contents) -> list[str]:
    """What is wrong with the journal just built: SQLite's check, references, row counts."""
    problems = [r[0] for r in journal.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
    problems += [
        f"a broken reference in {row[0]}"
        for row in journal.execute("PRAGMA foreign_key_check").fetchall()
    ]
    for table, rows, replace in contents.tables:
        found = int(journal.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0])
        if found != rows and not replace:
            problems.append(f"{table} has {found} rows, not {rows}")
    return problems
