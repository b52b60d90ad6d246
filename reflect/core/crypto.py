"""Encryption at rest with SQLCipher (through the sqlcipher3 package).

An encrypted journal is a SQLCipher 4 database: every page, the write-ahead
log included, is encrypted with a key derived from the passphrase. A plain
journal starts with SQLite's 16-byte header; an encrypted one looks like
random bytes from its first byte, in whole pages.

Turning one into the other never edits the journal in place: the whole
journal is exported into a new file beside it with SQLCipher's
``sqlcipher_export``, the copy is checked (integrity, foreign keys, the search
index, and the same number of rows in every table), and only then renamed over
the journal in one atomic step (`reflect.core.atomic`).

Keys and the kind of a file are `reflect.core.cipher`'s.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.core.cipher import KDF_ROUNDS as KDF_ROUNDS  # re-exported
from reflect.core.cipher import KEY_BYTES as KEY_BYTES  # re-exported
from reflect.core.cipher import MIN_PAGE as MIN_PAGE  # re-exported
from reflect.core.cipher import MIN_PASSPHRASE, Kind, probe
from reflect.core.cipher import PLAIN_HEADER as PLAIN_HEADER  # re-exported
from reflect.core.cipher import SALT_BYTES as SALT_BYTES  # re-exported
from reflect.core.cipher import connect_raw as connect_raw  # re-exported
from reflect.core.cipher import encryption_available as encryption_available  # re-exported
from reflect.core.cipher import is_encrypted as is_encrypted  # re-exported
from reflect.core.cipher import key_for as key_for  # re-exported
from reflect.core.cipher import new_key as new_key  # re-exported
from reflect.core.cipher import prepare as prepare  # re-exported
from reflect.core.cipher import raw_key as raw_key  # re-exported
from reflect.core.cipher import salt_of as salt_of  # re-exported
from reflect.core.cipher import sqlcipher as sqlcipher  # re-exported
from reflect.core.errors import ConversionFailed, JournalError, JournalMissing, NotAJournal
from reflect.core.errors import EncryptionUnavailable as EncryptionUnavailable  # re-exported
from reflect.core.errors import PassphraseNeeded as PassphraseNeeded  # re-exported
from reflect.core.errors import WrongPassphrase as WrongPassphrase  # re-exported
from reflect.core.opening import ENV_PASSPHRASE as ENV_PASSPHRASE  # re-exported
from reflect.core.progress import Progress, heartbeat


def connect(path: Path, passphrase: str | None, *, read_only: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``path``, keyed when ``passphrase`` is given.

    The key is derived once per process for an existing file, or made with a
    fresh salt for a file still to be written.
    """
    key = None
    if passphrase is not None:
        fresh = not path.exists() or path.stat().st_size == 0
        key = new_key(passphrase) if fresh else key_for(path, passphrase)
    return connect_raw(path, key, read_only=read_only, **kwargs)


def read_encrypted_version(path: Path, passphrase: str, backups_dir: Path | None = None) -> int:
    """The schema version of an encrypted journal; WrongPassphrase if the key is wrong.

    With ``backups_dir``, a journal whose first bytes are damaged is said to be
    (JournalDamaged) when the passphrase opens its newest backup.
    """
    from reflect.core.opening import inspect

    return inspect(
        path, create=False, passphrase=passphrase, tidy=False, backups_dir=backups_dir
    ).version


def check_passphrase(passphrase: str) -> str | None:
    """Why a new passphrase will not do, or None if it will."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Please use at least {MIN_PASSPHRASE} characters (a few words is easiest)."
    if passphrase != passphrase.strip():
        return "Please do not start or end the passphrase with a space."
    return None


def _counts(conn: Any, schema: str) -> dict[str, int]:
    # Every table's rows must all arrive in a converted copy.
    from reflect.core.models import table_names

    present = {
        row[0]
        for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    }
    # A compact backup's own tables (`reflect.core.backup_format`) count too.
    return {
        table: int(conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0])
        for table in (*table_names(), "backup_fact", "backup_batch")
        if table in present
    }


def converting_copy(path: Path) -> Path:
    """The hidden copy an encrypt, decrypt or passphrase change writes beside ``path``."""
    return path.with_name(f".{path.name}.converting")


def convert(path: Path, old: str | None, new: str | None, *, lock: bool = True) -> None:
    """Rewrite the journal at ``path`` from passphrase ``old`` to ``new`` (None: no encryption).

    The journal must not be open anywhere else: its write lock is taken for
    the whole conversion, and a busy journal is refused, unchanged. Backups,
    which no Reflect opens, are converted with ``lock=False``.
    """

    path = Path(path)
    if not path.exists():
        raise JournalMissing(f"There is no journal at {path}.")
    sqlcipher()  # say at once if encryption is not available here
    encrypted = probe(path) is Kind.ENCRYPTED
    if old is None and encrypted:
        raise PassphraseNeeded(f"{path} is encrypted: its passphrase is needed.")
    old_key = None
    if old is not None and encrypted:
        read_encrypted_version(path, old)  # a wrong passphrase stops here, nothing touched
        old_key = key_for(path, old)
    convert_with_keys(path, old_key, new_key(new) if new is not None else None, lock=lock)


def convert_with_keys(path: Path, old: str | None, new: str | None, *, lock: bool = True) -> None:
    """`convert` given raw keys (from `raw_key`) rather than passphrases."""
    from reflect.core.lock import exclusive

    module = sqlcipher()
    with exclusive(path) if lock else contextlib.nullcontext():
        _convert(path, module, old, new)


def _convert(path: Path, module: ModuleType, old: str | None, new: str | None) -> None:
    from reflect.core.atomic import replacing

    with replacing(path, temporary=converting_copy(path)) as temporary:
        fill_converted(path, old, new, temporary)
    drop_log(path)


def drop_log(path: Path) -> None:
    """Remove the old file's emptied -wal and -shm: they must not meet the new file."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def fill_converted(
    path: Path, old: str | None, new: str | None, temporary: Path, progress: Progress | None = None
) -> None:
    """Write ``path`` (raw key ``old``) into ``temporary`` under raw key ``new``, and check it.

    ``path`` itself is not changed; putting the copy in its place is the
    caller's (`reflect.core.atomic`). ``progress`` is told (0, 1) again and
    again while the copy is written and checked (`heartbeat`).
    """
    module = sqlcipher()
    source = connect_raw(path, old, timeout=1.0, isolation_level=None)
    try:
        try:
            # Fold the write-ahead log into the file and hold the write lock, so
            # no other Reflect can change the journal while it is copied.
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            source.execute("BEGIN IMMEDIATE")
        except module.OperationalError:
            raise JournalError(
                f"{path} is open in another Reflect: close it there, then try again. "
                "Nothing has been changed."
            ) from None
        except module.DatabaseError:
            raise NotAJournal(f"{path} is encrypted, or not a Reflect journal.") from None
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        before = _counts(source, "main")
        source.execute("COMMIT")
        source.execute(
            "ATTACH DATABASE ? AS converted KEY ?",
            (str(temporary), new if new is not None else ""),
        )
        with heartbeat(source, progress, 0, 1):
            source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {version}")
        source.execute("DETACH DATABASE converted")
    finally:
        source.close()
    _verify(temporary, new, version, before, progress)


def _verify(
    copy: Path,
    key: str | None,
    version: int,
    before: dict[str, int],
    progress: Progress | None = None,
) -> None:
    conn = connect_raw(copy, key, isolation_level=None)
    if progress is not None:  # as `heartbeat` does; the connection is closed below
        conn.set_progress_handler(lambda: progress(0, 1) or 0, 200_000)
    try:
        problems = [
            row[0] for row in conn.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"
        ]
        problems += [str(row) for row in conn.execute("PRAGMA foreign_key_check").fetchall()]
        # A backup leaves its search index out (restore rebuilds it): only a
        # journal with an index has one to check. A compact backup
        # (`reflect.core.backup_format`) has no journal tables at all.
        index_left_out = (
            not conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'entry_fts_idx'").fetchone()
            or conn.execute(
                "SELECT EXISTS (SELECT 1 FROM entry) AND NOT EXISTS (SELECT 1 FROM entry_fts_idx)"
            ).fetchone()[0]
        )
        try:
            if not index_left_out:
                conn.execute("INSERT INTO entry_fts(entry_fts, rank) VALUES ('integrity-check', 1)")
        except sqlcipher().DatabaseError as exc:
            problems.append(f"search index: {exc}")
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != version:
            problems.append("the journal version was not copied")
        after = _counts(conn, "main")
        if after != before:
            problems.append(f"rows differ: {before} before, {after} after")
    finally:
        conn.close()
    if problems:
        raise ConversionFailed(
            "The converted copy did not check out, so the journal was left as it was: "
            + "; ".join(problems)
        )
