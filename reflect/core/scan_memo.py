"""The identifier check's findings kept per text, so an export does not scan again.

Scanning every answer of a term was about 40% of a term's export (the
benchmark: 0.50 of 1.30 CPU s for 2,328 entries). The findings of a text
depend only on the text, the scanner (its code and the bundled name lists)
and the worker's word lists, so they are kept in the journal's
``identifier_scan`` table (schema version 10), keyed by a hash of the text,
with a hash of the rest (``basis``) beside them: a row whose basis is not
today's is never used. The scanner's version is `SCANNER_VERSION`;
tests/unit/test_scan_memo.py fails when the scanner's code or name lists
change without it.

Rows are written when an entry is completed or saved complete, by the
sample generator, and by any export that meets a text not yet kept (after
the document is written, best effort: a read-only or busy journal is left
as it is). The table holds hashes of texts written in the journal and where
in them the check found something; emptying the trash drops those of the
entries deleted. It can be rebuilt at any time, so backups leave it out
(backup_format.py), like the search index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reflect.core.privacy import Finding, WordLists, scan
from reflect.core.wordlists import WordListReadMixin

if TYPE_CHECKING:
    from reflect.core.records import EntryDetail

# Bump when the scanner's findings for some text may change: its patterns,
# privacy_names / privacy_numbers, or the name lists in reflect/data.
SCANNER_VERSION = 1
# An export keeps at most this many new rows in memory to write at the end
# (about 100 bytes each); the next export writes the rest.
PENDING_LIMIT = 50_000
# How long writing the rows back waits for another Reflect's write: not long,
# the document is already written and a later export fills them.
WRITE_WAIT_MS = 200


# Every text the identifier check reads: (rowid, text) after a rowid, a batch at a time.
_EVERY_TEXT = (
    "SELECT id, text FROM answer WHERE id > ? ORDER BY id LIMIT ?",
    "SELECT id, text FROM action WHERE id > ? ORDER BY id LIMIT ?",
    "SELECT id, supervisor_question FROM entry WHERE id > ? ORDER BY id LIMIT ?",
    "SELECT id, notes FROM supervision_session WHERE id > ? ORDER BY id LIMIT ?",
)


def typed_texts(entry: EntryDetail) -> Iterator[str]:
    """The texts of an entry the check reads: answers, actions, the supervisor question."""
    for answer in entry.answers:
        yield answer.text
    for action in entry.actions:
        yield action.text
    yield entry.supervisor_question


def basis_of(words: WordLists) -> str:
    """A hash of everything but the text that the check's findings depend on."""
    parts = [str(SCANNER_VERSION), *sorted(words.allow), "\x00", *sorted(words.flag)]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def digest_of(text: str) -> str:
    """The key a text is kept under."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def encode(findings: list[Finding]) -> str:
    """Findings as kept: [[kind, start, end], ...] (their text is the text's own)."""
    if not findings:
        return "[]"  # most texts: without json.dumps, a fifth of a first export's extra time
    return json.dumps([[f.kind, f.start, f.end] for f in findings], separators=(",", ":"))


def decode(text: str, kept: str) -> list[Finding]:
    """The findings `encode` kept for ``text``."""
    if kept == "[]":
        return []
    return [Finding(kind, text[start:end], start, end) for kind, start, end in json.loads(kept)]


# The texts of the entries in the trash, for `forget_trashed`.
_TRASHED_TEXTS = (
    "SELECT a.text FROM answer a JOIN entry e ON e.id = a.entry_id WHERE e.deleted_at IS NOT NULL"
    " UNION SELECT x.text FROM action x JOIN entry e ON e.id = x.entry_id"
    " WHERE e.deleted_at IS NOT NULL"
    " UNION SELECT supervisor_question FROM entry WHERE deleted_at IS NOT NULL"
)


def forget_trashed(db: Any) -> None:
    """Drop what was kept about the trashed entries' texts (before they are deleted for good).

    So emptying the trash leaves no trace of them here either; a text also
    written in a kept entry is scanned again by the next export.
    """
    digests = [digest_of(text) for (text,) in db.execute(_TRASHED_TEXTS) if text]
    if digests:
        db.execute(
            "DELETE FROM identifier_scan WHERE digest IN (SELECT value FROM json_each(?))",
            (json.dumps(digests),),
        )


class ScanMemo:
    """The check's findings for one export: kept rows read a batch at a time, new ones gathered.

    `scan` gives exactly what `privacy.scan` gives for the same text and
    word lists.
    """

    def __init__(self, journal: ScanMemoMixin, words: WordLists) -> None:
        self.journal = journal
        self.words = words
        self.basis = basis_of(words)
        # Kept findings by the text itself, and the batch's digests: each text is hashed once.
        self._known: dict[str, str] = {}
        self._digests: dict[str, str] = {}
        self._none_kept: bool | None = None  # asked once, by the first `expect`
        self.pending: dict[str, str] = {}

    def expect(self, texts: Iterable[str]) -> None:
        """Read the kept findings of ``texts`` (the next batch of an export) in one query."""
        if self._none_kept is None:
            self._none_kept = not self.journal.keeps_any(self.basis)
        if self._none_kept:
            # The first export after the lists changed (or of a new or restored
            # journal): nothing to look up, and only what is kept gets hashed.
            return
        self._digests = {t: digest_of(t) for t in texts if t}
        by_digest = {digest: t for t, digest in self._digests.items()}
        kept = self.journal.kept_scans(self.basis, list(by_digest)) if by_digest else {}
        self._known = {by_digest[digest]: findings for digest, findings in kept.items()}

    def scan(self, text: str, *, keep: bool = True) -> list[Finding]:
        """The findings in ``text``; one not kept is scanned and, with ``keep``, kept later."""
        if not text:
            return []  # as scan finds in nothing, without loading its patterns
        kept = self._known.get(text)
        if kept is not None:
            return decode(text, kept)
        findings = scan(text, self.words)
        if keep and len(self.pending) < PENDING_LIMIT:
            digest = self._digests.get(text) or digest_of(text)
            self.pending[digest] = encode(findings)
        return findings

    def labels(self, texts: Iterable[str]) -> list[str]:
        """Each finding's label in ``texts``, in order: what counting `scan` of each would count.

        The quick way for an export that only counts (most texts have nothing).
        """
        known = self._known
        found: list[str] = []
        for text in texts:
            if not text or known.get(text) == "[]":
                continue
            found += [f.label for f in self.scan(text)]
        return found

    def write_back(self) -> None:
        """Keep what was scanned here (best effort; nothing new, nothing written)."""
        if self.pending:
            self.journal.keep_scans(self.basis, self.pending)
            self.pending = {}


class ScanMemoMixin(WordListReadMixin):
    """The journal's side of the memo; shared by `Journal` and `Reader`."""

    def scan_memo(self, words: WordLists) -> ScanMemo:
        """A memo for one export with the worker's word lists ``words``."""
        return ScanMemo(self, words)

    def keeps_any(self, basis: str) -> bool:
        """Whether any findings are kept under ``basis``."""
        with self._read() as db:
            sql = "SELECT EXISTS (SELECT 1 FROM identifier_scan WHERE basis = ?)"
            return bool(db.execute(sql, (basis,)).fetchone()[0])

    def kept_scans(self, basis: str, digests: list[str]) -> dict[str, str]:
        """Kept findings (as `encode` wrote them) by digest, for those of ``digests`` kept."""
        with self._read() as db:
            rows = db.execute(
                "SELECT digest, findings FROM identifier_scan"
                " WHERE digest IN (SELECT value FROM json_each(?)) AND basis = ?",
                (json.dumps(digests), basis),
            ).fetchall()
        return dict(rows)

    def keep_scans(self, basis: str, rows: dict[str, str]) -> bool:
        """Write findings by digest; rows of another basis go. False when the journal refused.

        Best effort: a journal that is read-only, busy or damaged is left as
        it was (an export must not fail for what only speeds up the next one).
        """
        from reflect.core.errors import is_database_error

        try:
            with self._writing_scans() as driver:
                driver.execute("DELETE FROM identifier_scan WHERE basis != ?", (basis,))
                driver.executemany(
                    "INSERT OR REPLACE INTO identifier_scan (digest, basis, findings)"
                    " VALUES (?, ?, ?)",
                    ((digest, basis, kept) for digest, kept in rows.items()),
                )
        except Exception as exc:  # sqlite3's or SQLCipher's errors alike
            if not is_database_error(exc):
                raise
            return False
        return True

    def remember_scans(self, texts: Iterable[str]) -> int:
        """Scan ``texts`` not yet kept and keep their findings; returns how many were scanned.

        Best effort, like `keep_scans`: called after a save has committed, so
        a journal that cannot be read or written now changes nothing.
        """
        from reflect.core.errors import is_database_error

        texts = [t for t in texts if t]
        try:
            memo = self.scan_memo(self.word_lists())
            memo.expect(texts)
        except Exception as exc:
            if not is_database_error(exc):
                raise
            return 0
        for text in texts:
            memo.scan(text)
        scanned = len(memo.pending)
        memo.write_back()
        return scanned

    def remember_journal_scans(self, batch: int = 2000) -> int:
        """Keep the findings of every text in the journal (the sample generator's last step)."""
        scanned = 0
        for sql in _EVERY_TEXT:
            last = 0
            while True:
                with self._read() as db:
                    rows = db.execute(sql, (last, batch)).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                scanned += self.remember_scans(text for _, text in rows)
        return scanned

    @contextmanager
    def _writing_scans(self) -> Iterator[Any]:
        """The driver connection in a short write transaction, even on `Reader`'s read-only one."""
        with self._connections.checkout() as driver:
            was_query_only = driver.execute("PRAGMA query_only").fetchone()[0]
            busy = driver.execute("PRAGMA busy_timeout").fetchone()[0]
            driver.execute("PRAGMA query_only = OFF")
            driver.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}")
            try:
                driver.execute("BEGIN IMMEDIATE")
                try:
                    yield driver
                except BaseException:
                    driver.execute("ROLLBACK")
                    raise
                driver.execute("COMMIT")
            finally:
                if driver.in_transaction:
                    driver.execute("ROLLBACK")
                driver.execute(f"PRAGMA busy_timeout = {int(busy)}")
                driver.execute(f"PRAGMA query_only = {int(was_query_only)}")
