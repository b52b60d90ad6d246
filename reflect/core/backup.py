"""Backups: compact copies of the journal's rows, checked, private, and pruned.

The first launch of each day makes ``journal-YYYY-MM-DD.db`` in the backups
folder. The newest seven daily backups are kept, and before them the newest
backup of each of the four weeks before (both numbers can be changed in
``config.toml``). Backups made by hand or before a restore are never pruned.
A backup of an encrypted journal is encrypted with the same passphrase.
A backup holds the journal's rows compressed, without the search index,
which restoring rebuilds (`reflect.core.backup_format`).
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
        with heartbeat(conn, progress, 90, 100):
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except Exception as exc:
        raise BackupFailed(f"The backup {path} could not be read back: {exc}.") from None
    finally:
        conn.close()
    if result != ["ok"]:
        raise BackupFailed(f"The backup {path} did not check out: {'; '.join(result[:3])}.")


def make_backup(
    journal: Any, target: Path, *, overwrite: bool = False, progress: Progress | None = None
) -> Path:
    """Write the open ``journal``'s rows, compressed, to ``target``, then check the file.

    The backup (`reflect.core.backup_format`) is written beside ``target``
    under a temporary name, checked (integrity_check), made private (0600)
    and renamed into place (`reflect.core.atomic`), so a backup file is
    either complete or absent. An encrypted journal's backup has the
    journal's key (and salt), so making it derives no key. ``progress``
    counts hundredths of the whole job: the rows are the first nine tenths.
    """
    from reflect.core import backup_format
    from reflect.core.atomic import replacing
    from reflect.core.errors import (
        DiskFull,
        NotWritable,
        as_user_error,
        cannot_write,
        folder_missing,
    )

    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupFailed(f"{target} already exists; choose another name.")
    if not target.parent.is_dir():
        raise BackupFailed(folder_missing(target.parent))
    key = getattr(journal, "key", None)
    if journal.encrypted and key is None:
        raise ValueError("an encrypted journal's backup needs the key Journal.open derived")
    # Noted before writing: a run killed part-way leaves a copy beside the
    # target, which the next open of this journal then finds and removes.
    pending = _outside_folder(journal, target)
    if pending is not None:
        from reflect.core.leftovers import clear_pending, note_pending

        note_pending(pending, target.absolute())
    try:
        with replacing(target) as temporary:
            with journal.engine.connect() as conn:
                backup_format.write(conn.connection.dbapi_connection, temporary, key, progress)
            tell(progress, 90, 100)
            _verify(temporary, key, progress)
            tell(progress, 100, 100)
    except JournalError:
        raise
    except backup_format.BackupUnreadable as exc:
        raise BackupFailed(f"The backup could not be made: {exc}.") from None
    except Exception as exc:
        known = as_user_error(exc)
        if isinstance(known, DiskFull | NotWritable):
            raise type(known)(f"The backup could not be made: {known}") from None
        if known is not None:
            raise BackupFailed(f"The backup could not be made: {known}") from None
        if isinstance(exc, OSError):
            raise BackupFailed(
                f"The backup could not be made: {cannot_write(exc, target)}"
            ) from None
        raise
    finally:
        # In place or failed (its copy removed): nothing is left to find.
        if pending is not None:
            clear_pending(pending, target.absolute())
    record_outside(journal, target)
    return target


def _outside_folder(journal: Any, target: Path) -> Path | None:
    """The journal's backups folder, when ``target`` is outside it (else None)."""
    folder = getattr(journal, "backups_dir", None)
    if folder is None or target.absolute().parent == Path(folder).absolute():
        return None
    return Path(folder)


def record_outside(journal: Any, target: Path) -> None:
    """Remember a backup written outside the backups folder (to warn it is not converted)."""
    folder = _outside_folder(journal, target)
    if folder is None:
        return
    from reflect.core.leftovers import remember_outside

    remember_outside(folder, target.absolute())


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
