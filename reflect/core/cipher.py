"""The journal file at its lowest level: what kind of file it is, and SQLCipher's keys.

Everything above this (opening a journal, encrypting and decrypting it,
removing leftovers) builds on it; it imports nothing of Reflect's but the
errors, so none of those modules need import one another in a circle.

The key is derived from the passphrase once per process (`raw_key`: the
same PBKDF2-HMAC-SHA512 with 256,000 rounds that SQLCipher 4 uses, over the
salt in the file's first 16 bytes) and every connection is given the raw key,
so opening a journal costs one derivation, not one per connection.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.core.errors import EncryptionUnavailable

PLAIN_HEADER = b"SQLite format 3\x00"
# SQLCipher's smallest page; an encrypted file is always a whole number of them.
MIN_PAGE = 512


class Kind(enum.Enum):
    """What a journal file is, as far as its bytes tell."""

    MISSING = "missing"
    EMPTY = "empty"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"  # or random bytes: only a passphrase tells them apart
    # A plain SQLite file whose first bytes are damaged: its schema is still readable.
    DAMAGED = "damaged"
    OTHER = "other"  # neither SQLite nor whole pages: not a journal


# Where a plain journal's schema is: the schema table's pages are written when
# the journal is made (and first by VACUUM), so they sit near the start; a
# Reflect journal's is within its first 100 KiB.
SCHEMA_SPAN = 256 * 1024
# Text the schema of every SQLite file holds in the clear; in an encrypted file
# (indistinguishable from random bytes) 12 given bytes turn up by chance about
# once in 2**78 times this span.
_SCHEMA_TEXT = (b"CREATE TABLE", b"CREATE INDEX")


def _plain_page_one(start: bytes) -> bool:
    """Whether bytes 16-100 and page 1's first byte are a plain SQLite file's.

    For a journal whose schema pages were moved past `SCHEMA_SPAN` (a large
    one upgraded late): a page size that is a power of two, the payload
    fractions every SQLite file has (64, 32, 32) and a table page's type. By
    chance in random bytes: about once in 2**44.
    """
    if len(start) < 101:
        return False
    size = int.from_bytes(start[16:18], "big")
    return (
        (size == 1 or (MIN_PAGE <= size <= 32768 and size & (size - 1) == 0))
        and start[21:24] == b"\x40\x20\x20"
        and start[100] in (0x05, 0x0D)
    )


def probe(path: Path, *, deep: bool = False) -> Kind:
    """Classify ``path`` by its size and first bytes.

    The look every open makes reads 16 bytes of a plain file and the first
    `MIN_PAGE` of any other: SQLite's header, a plain page 1 behind a damaged
    header (`_plain_page_one`), and an all-zero salt, which no encrypted file
    has. With ``deep`` (only where the answer matters: a passphrase failed,
    check, restore, encrypt) a file without SQLite's header is also looked
    through (its first `SCHEMA_SPAN` bytes) for schema text, which tells a
    plain file whose first hundred bytes are damaged (Kind.DAMAGED) from an
    encrypted one.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return Kind.EMPTY
        with path.open("rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
            if head == PLAIN_HEADER:
                return Kind.PLAIN
            start = head + handle.read(MIN_PAGE - len(head))
            if _plain_page_one(start):
                return Kind.DAMAGED
            # SQLCipher's salt is random: sixteen zeros are a plain file's
            # header wiped (or no journal at all), worth the deeper look.
            zero_salt = start[:SALT_BYTES] == bytes(SALT_BYTES)
            rest = start + handle.read(SCHEMA_SPAN - len(start)) if deep or zero_salt else b""
    except FileNotFoundError:
        return Kind.MISSING
    except IsADirectoryError:
        return Kind.OTHER
    # Pages hold zeros; a text file that merely mentions CREATE TABLE (an SQL
    # dump) has none, and is not a journal at all.
    if b"\x00" in rest and any(text in rest for text in _SCHEMA_TEXT):
        return Kind.DAMAGED
    if size >= MIN_PAGE and size % MIN_PAGE == 0 and not zero_salt:
        return Kind.ENCRYPTED
    return Kind.OTHER


MIN_PASSPHRASE = 8
# SQLCipher 4's defaults, which every Reflect journal uses.
KDF_ROUNDS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
_RAW_KEY = re.compile(r"x'[0-9a-f]{96}'")


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
    journal at all. It is asked before encrypt, decrypt and passphrase: the
    deep look, so a damaged plain journal is not taken for an encrypted one.
    """
    return probe(path, deep=True) is Kind.ENCRYPTED


# Keys derived in this process, by (passphrase, salt): deriving is slow on
# purpose (about 0.15 s), and a command opens the journal more than once.
_derived: dict[tuple[str, bytes], str] = {}
# The salt given to files newly encrypted with a passphrase in this process, so
# the journal and its backups share one derivation.
_fresh_salts: dict[str, bytes] = {}


def raw_key(passphrase: str, salt: bytes) -> str:
    """SQLCipher's raw key (with its salt) for ``passphrase``, derived once per process."""
    cached = _derived.get((passphrase, salt))
    if cached is None:
        key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ROUNDS, KEY_BYTES)
        cached = _derived[(passphrase, salt)] = f"x'{key.hex()}{salt.hex()}'"
    return cached


def new_key(passphrase: str) -> str:
    """The raw key for files this process newly encrypts with ``passphrase``."""
    salt = _fresh_salts.setdefault(passphrase, os.urandom(SALT_BYTES))
    return raw_key(passphrase, salt)


def salt_of(path: Path) -> bytes:
    """The salt an encrypted file keeps in its first 16 bytes."""
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def key_for(path: Path, passphrase: str) -> str:
    """The raw key that opens the encrypted ``path`` if ``passphrase`` is its passphrase."""
    return raw_key(passphrase, salt_of(path))


def prepare(conn: Any, key: str) -> None:
    """Give a fresh SQLCipher connection its raw key (before anything reads the file).

    ``key`` comes from `raw_key` or `new_key`, never a passphrase: the
    passphrase is turned into a key once per process, not once per connection.
    """
    if not _RAW_KEY.fullmatch(key):
        raise ValueError("prepare() takes a raw key from raw_key(), not a passphrase")
    cursor = conn.cursor()
    try:
        # SQLCipher logs failed decryptions to stderr; a wrong passphrase is
        # reported once, in our own words.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(f'PRAGMA key = "{key}"')
    finally:
        cursor.close()


def connect_raw(path: Path, key: str | None, *, read_only: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``path`` given a raw key (None: a plain file)."""
    module = sqlcipher()
    target = f"{path.absolute().as_uri()}?mode=ro" if read_only else str(path)
    conn = module.connect(target, uri=read_only, **kwargs)
    if key is not None:
        prepare(conn, key)
    else:
        conn.execute("PRAGMA cipher_log_level = NONE")
    return conn
