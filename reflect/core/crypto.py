"""Encryption at rest with SQLCipher (through the sqlcipher3 package).

An encrypted journal is a SQLCipher 4 database: every page, the write-ahead
log included, is encrypted with a key derived from the passphrase. A plain
journal starts with SQLite's 16-byte header; an encrypted one looks like
random bytes from its first byte, in whole pages.

Turning one into the other never edits the journal in place: the whole
journal is exported into a new file beside it with SQLCipher's
``sqlcipher_export``, the copy is checked (integrity, foreign keys, the search
index, and the same number of rows in every table), and only then renamed over
the journal in one atomic step.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.core.files import JournalError, NotAJournal

ENV_PASSPHRASE = "REFLECT_PASSPHRASE"
PLAIN_HEADER = b"SQLite format 3\x00"
# SQLCipher's smallest page; an encrypted file is always a whole number of them.
MIN_PAGE = 512
MIN_PASSPHRASE = 8
# Tables whose rows must all arrive in a converted copy.
_COUNTED = (
    "entry",
    "answer",
    "question",
    "tag",
    "entry_tag",
    "action",
    "term",
    "supervision_session",
    "supervision_entry",
    "entry_revision",
)


class PassphraseNeeded(JournalError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphrase(JournalError):
    """The passphrase does not open the journal."""


class EncryptionUnavailable(JournalError):
    """sqlcipher3 is not installed on this computer."""


def sqlcipher() -> ModuleType:
    """The sqlcipher3 DB-API module, or a plain explanation of why there is none."""
    import importlib

    try:
        dbapi2: ModuleType = importlib.import_module("sqlcipher3.dbapi2")
    except ImportError:
        raise EncryptionUnavailable(
            "Encryption needs the sqlcipher3 package, which is not installed here "
            "(it has ready-made builds for Linux on x86-64, macOS and Windows): "
            "pip install 'sqlcipher3>=0.6.4'."
        ) from None
    return dbapi2


def encryption_available() -> bool:
    """Whether this computer can open encrypted journals."""
    try:
        sqlcipher()
    except EncryptionUnavailable:
        return False
    return True


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` holds an encrypted journal (as far as its bytes can tell).

    A file that is not SQLite and not whole pages (a text file, say) is not
    taken for an encrypted journal: opening it reports that it is not a
    journal at all.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
    except (FileNotFoundError, IsADirectoryError):
        return False
    return size >= MIN_PAGE and size % MIN_PAGE == 0 and head != PLAIN_HEADER


def _quoted(passphrase: str) -> str:
    # PRAGMA takes no bound parameters: quote as an SQL string literal.
    return "'" + passphrase.replace("'", "''") + "'"


def prepare(conn: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its key (before anything reads the file)."""
    cursor = conn.cursor()
    try:
        # SQLCipher logs failed decryptions to stderr; a wrong passphrase is
        # reported once, in our own words.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(f"PRAGMA key = {_quoted(passphrase)}")
    finally:
        cursor.close()


def connect(path: Path, passphrase: str | None, *, read_only: bool = False, **kwargs: Any) -> Any:
    """A raw SQLCipher connection to ``path``, keyed when ``passphrase`` is given."""
    module = sqlcipher()
    target = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    conn = module.connect(target, uri=read_only, **kwargs)
    if passphrase is not None:
        prepare(conn, passphrase)
    else:
        conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def read_encrypted_version(path: Path, passphrase: str) -> int:
    """The schema version of an encrypted journal; WrongPassphrase if the key is wrong."""
    conn = connect(path, passphrase, read_only=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlcipher().DatabaseError:
        raise WrongPassphrase(
            f"That passphrase does not open {path}. Nothing has been changed."
        ) from None
    finally:
        conn.close()


def check_passphrase(passphrase: str) -> str | None:
    """Why a new passphrase will not do, or None if it will."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Please use at least {MIN_PASSPHRASE} characters (a few words is easiest)."
    if passphrase != passphrase.strip():
        return "Please do not start or end the passphrase with a space."
    return None


def _counts(conn: Any, schema: str) -> dict[str, int]:
    present = {
        row[0]
        for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    }
    return {
        table: int(conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0])
        for table in _COUNTED
        if table in present
    }


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def convert(path: Path, old: str | None, new: str | None, *, lock: bool = True) -> None:
    """Rewrite the journal at ``path`` from passphrase ``old`` to ``new`` (None: no encryption).

    The journal must not be open anywhere else: its write lock is taken for
    the whole conversion, and a busy journal is refused, unchanged. Backups,
    which no Reflect opens, are converted with ``lock=False``.
    """
    path = Path(path)
    if not path.exists():
        raise JournalError(f"There is no journal at {path}.")
    module = sqlcipher()
    if old is None and is_encrypted(path):
        raise PassphraseNeeded(f"{path} is encrypted: its passphrase is needed.")
    if old is not None and not is_encrypted(path):
        old = None  # a plain journal needs no key to read
    if old is not None:
        read_encrypted_version(path, old)  # a wrong passphrase stops here, nothing touched
    from reflect.core.lock import exclusive

    with exclusive(path) if lock else contextlib.nullcontext():
        _convert(path, module, old, new)


def _convert(path: Path, module: ModuleType, old: str | None, new: str | None) -> None:
    temporary = path.with_name(f".{path.name}.converting")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()  # left over from a conversion that was interrupted
    source = connect(path, old, timeout=1.0, isolation_level=None)
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
            raise NotAJournal(f"{path} is not a Reflect journal.") from None
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        before = _counts(source, "main")
        source.execute("COMMIT")
        source.execute(
            "ATTACH DATABASE ? AS converted KEY ?", (str(temporary), new if new is not None else "")
        )
        source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {version}")
        source.execute("DETACH DATABASE converted")
    except BaseException:
        source.close()
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    source.close()
    try:
        os.chmod(temporary, 0o600)
        _verify(temporary, new, version, before)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    # The old journal's log was emptied above; its files must not meet the new one.
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _verify(copy: Path, passphrase: str | None, version: int, before: dict[str, int]) -> None:
    conn = connect(copy, passphrase, isolation_level=None)
    try:
        problems = [
            row[0] for row in conn.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"
        ]
        problems += [str(row) for row in conn.execute("PRAGMA foreign_key_check").fetchall()]
        # A backup leaves its search index out (restore rebuilds it): only a
        # journal with an index has one to check.
        index_left_out = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM entry) AND NOT EXISTS (SELECT 1 FROM entry_fts_idx)"
        ).fetchone()[0]
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
        raise JournalError(
            "The converted copy did not check out, so the journal was left as it was: "
            + "; ".join(problems)
        )
