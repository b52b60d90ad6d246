"""Backups: compact copies of the journal's rows, checked, private, and pruned.

The first launch of each day makes ``journal-YYYY-MM-DD.db`` in the backups
folder. The newest seven daily backups are kept, and before them the newest
backup of each of the four weeks before (both numbers can be changed in
``config.toml``). Backups made by hand or before a restore are never pruned.
A backup of an encrypted journal is encrypted with the same passphrase.
A backup leaves out the search index, which restoring rebuilds.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect.core.errors import BackupFailed as BackupFailed  # re-exported
from reflect.core.errors import JournalError
from reflect.core.progress import Progress, heartbeat, tell

# The name the backup file is attached under while rows are copied into it.
COPY = "backup_copy"
# The tables an FTS5 table keeps its index (and settings) in.
FTS5_SHADOWS = ("data", "idx", "docsize", "config", "content")

DAILY = re.compile(r"^journal-(\d{4})-(\d{2})-(\d{2})\.db$")


@dataclass(frozen=True)
class BackupPolicy:
    """How many automatic backups to keep."""

    enabled: bool = True
    daily: int = 7
    weekly: int = 4

    @classmethod
    def from_config(cls, config_file: Path) -> BackupPolicy:
        """Read the [backups] table of config.toml; defaults where it is silent or absent."""
        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise JournalError(f"{config_file} could not be read: {exc}") from None
        table = data.get("backups", {})
        if not isinstance(table, dict):
            raise JournalError(f"{config_file}: [backups] should be a table.")
        policy = cls(
            enabled=bool(table.get("enabled", True)),
            daily=table.get("daily", 7),
            weekly=table.get("weekly", 4),
        )
        for name in ("daily", "weekly"):
            value = getattr(policy, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 366:
                raise JournalError(
                    f"{config_file}: backups.{name} should be a whole number from 0 to 366."
                )
        return policy


def _connect(path: Path, key: str | None) -> Any:
    if key is None:
        return sqlite3.connect(path)
    from reflect.core import crypto

    return crypto.connect_raw(path, key)


def _verify(path: Path, key: str | None, progress: Progress | None = None) -> None:
    conn = _connect(path, key)
    try:
        with heartbeat(conn, progress, 75, 100):
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except Exception as exc:
        raise BackupFailed(f"The backup {path} could not be read back: {exc}.") from None
    finally:
        conn.close()
    if result != ["ok"]:
        raise BackupFailed(f"The backup {path} did not check out: {'; '.join(result[:3])}.")


def _schema(source: Any) -> list[tuple[str, str, str]]:
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


def _copy_leaving_out_the_index(
    source: Any, temporary: Path, key: str | None, progress: Progress | None
) -> None:
    """Write a compact copy of the journal behind ``source`` to ``temporary``, search index empty.

    Only the rows are copied (into tables made from the journal's own
    schema), then the indexes and triggers are made: the search index, about
    half of a journal, is neither read nor written, and the new file needs
    no VACUUM. The copy is read in one transaction, so it is one moment of
    the journal. An encrypted journal's copy is encrypted from its first
    page with the same key; nothing is written in the clear. ``progress``:
    hundredths 0 to 75.
    """
    schema = _schema(source)
    tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
    later = [sql for kind, _name, sql in schema if kind != "table"]
    version = source.execute("PRAGMA user_version").fetchone()[0]
    application = source.execute("PRAGMA application_id").fetchone()[0]
    copy = _connect(temporary, key)
    try:
        copy.execute(f"PRAGMA user_version = {int(version)}")
        copy.execute(f"PRAGMA application_id = {int(application)}")
        for _name, sql in tables:
            copy.execute(sql)
        copy.commit()
    finally:
        copy.close()
    # The key (with the salt) is the journal's, so attaching derives nothing.
    source.execute(f"ATTACH DATABASE ? AS {COPY} KEY ?", (str(temporary), key or ""))
    try:
        source.execute(f"PRAGMA {COPY}.journal_mode = OFF")  # a half-made copy is thrown away
        source.execute(f"PRAGMA {COPY}.synchronous = OFF")  # flushed once, when put in place
        # The rows are the journal's own, already consistent; table by table, a
        # row could otherwise come before the row it refers to (answer, question).
        checking = source.execute("PRAGMA foreign_keys").fetchone()[0]
        source.execute("PRAGMA foreign_keys = OFF")
        source.execute("BEGIN")
        try:
            for number, (name, sql) in enumerate(tables):
                if sql.upper().startswith("CREATE VIRTUAL"):
                    # Made empty above; its settings (not its index) are kept.
                    if source.execute(
                        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                        (f"{name}_config",),
                    ).fetchone():
                        source.execute(
                            f'INSERT OR REPLACE INTO {COPY}."{name}_config" '
                            f'SELECT * FROM main."{name}_config"'
                        )
                    continue
                done = 50 * number // len(tables)
                tell(progress, done, 100)
                with heartbeat(source, progress, done, 100):
                    source.execute(f'INSERT INTO {COPY}."{name}" SELECT * FROM main."{name}"')
            sequence = source.execute(
                "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'"
            ).fetchone()
            if sequence:
                source.execute(
                    f"INSERT INTO {COPY}.sqlite_sequence SELECT * FROM main.sqlite_sequence"
                )
            source.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back by itself (a full disk at COMMIT): a
            # second ROLLBACK would hide the real error under "no transaction".
            if source.in_transaction:
                source.execute("ROLLBACK")
            raise
        finally:
            source.execute(f"PRAGMA foreign_keys = {int(checking)}")
    finally:
        source.execute(f"DETACH DATABASE {COPY}")
    tell(progress, 50, 100)
    copy = _connect(temporary, key)
    try:
        with heartbeat(copy, progress, 50, 100):
            for sql in later:  # indexes, views, and the triggers once the rows are in
                copy.execute(sql)
            copy.commit()
    finally:
        copy.close()


def make_backup(
    journal: Any, target: Path, *, overwrite: bool = False, progress: Progress | None = None
) -> Path:
    """Copy the open ``journal``'s rows to ``target`` (search index left out), then check the copy.

    The copy is written beside ``target`` under a temporary name, checked
    (integrity_check), made private (0600) and renamed into place
    (`reflect.core.atomic`), so a backup file is either complete or absent.
    An encrypted journal's backup has the journal's key (and salt), so
    making it derives no key. ``progress`` counts hundredths of the whole job:
    the copy is the first three quarters, checking it the rest.
    """
    from reflect.core.atomic import replacing
    from reflect.core.errors import DiskFull, NotWritable, as_user_error

    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupFailed(f"{target} already exists; choose another name.")
    if not target.parent.is_dir():
        raise BackupFailed(f"The folder {target.parent} does not exist.")
    key = getattr(journal, "key", None)
    if journal.encrypted and key is None:
        raise ValueError("an encrypted journal's backup needs the key Journal.open derived")
    try:
        with replacing(target) as temporary:
            with journal.engine.connect() as conn:
                _copy_leaving_out_the_index(
                    conn.connection.dbapi_connection, temporary, key, progress
                )
            tell(progress, 75, 100)
            _verify(temporary, key, progress)
            tell(progress, 100, 100)
    except JournalError:
        raise
    except Exception as exc:
        known = as_user_error(exc)
        if isinstance(known, DiskFull | NotWritable):
            raise type(known)(f"The backup could not be made: {known}") from None
        if known is not None:
            raise BackupFailed(f"The backup could not be made: {known}") from None
        raise
    record_outside(journal, target)
    return target


def record_outside(journal: Any, target: Path) -> None:
    """Remember a backup written outside the backups folder (to warn it is not converted)."""
    folder = getattr(journal, "backups_dir", None)
    if folder is None or target.absolute().parent == Path(folder).absolute():
        return
    from reflect.core.leftovers import remember_outside

    remember_outside(Path(folder), target.absolute())


def daily_backups(folder: Path) -> dict[date, Path]:
    """The automatic backups in ``folder``, by day."""
    found: dict[date, Path] = {}
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = DAILY.match(path.name)
        if match:
            with contextlib.suppress(ValueError):
                found[date(*(int(part) for part in match.groups()))] = path
    return found


def to_keep(days: list[date], policy: BackupPolicy) -> set[date]:
    """Which automatic backups the policy keeps: the newest daily ones, then one a week."""
    ordered = sorted(set(days), reverse=True)
    keep = set(ordered[: policy.daily])
    weeks_kept: list[tuple[int, int]] = []
    for day in ordered[policy.daily :]:
        week = day.isocalendar()[:2]
        if len(weeks_kept) >= policy.weekly:
            break
        if week in weeks_kept:
            continue
        if any(kept.isocalendar()[:2] == week for kept in keep):
            continue  # that week already has a daily backup kept
        weeks_kept.append(week)
        keep.add(day)
    return keep


def prune(folder: Path, policy: BackupPolicy) -> list[Path]:
    """Delete the automatic backups the policy no longer keeps; the paths deleted."""
    backups = daily_backups(folder)
    keep = to_keep(list(backups), policy)
    removed = []
    for day, path in sorted(backups.items()):
        if day not in keep:
            path.unlink()
            removed.append(path)
    return removed


def backup_of_the_day(journal: Any, folder: Path, today: date, policy: BackupPolicy) -> Path | None:
    """Make today's automatic backup if it is not there yet, then prune; the new file or None."""
    if not policy.enabled or policy.daily == 0:
        return None
    target = folder / f"journal-{today.isoformat()}.db"
    if target.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = make_backup(journal, target)
    prune(folder, policy)
    return made


def manual_backup_name(now: datetime) -> str:
    """The file name for a backup made by hand (never pruned)."""
    return f"journal-{now:%Y-%m-%d-%H%M%S}-by-hand.db"
