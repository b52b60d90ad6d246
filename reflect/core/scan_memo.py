"""The identifier check's findings kept per entry, so an export does not scan again.

Scanning every answer of a term was about 40% of a term's export (the
benchmark: 0.50 of 1.30 CPU s for 2,328 entries). The findings of a text
depend only on the text, the scanner (its code and the bundled name lists)
and the worker's word lists, so they are kept in the journal's
``identifier_scan`` table (schema version 10): one row per entry, keyed by
a hash of its texts in order (answers, actions, the question for the
supervisor), with a hash of the rest (``basis``) beside it, so a row whose
basis is not today's is never used. One row per entry rather than per text
makes a term's lookups 2,328 rather than 35,020. The scanner's version is
`SCANNER_VERSION`; tests/unit/test_scan_memo.py fails when the scanner's
code or name lists change without it.

Rows are written when an entry is completed or saved complete, by the
sample generator, and by any export that meets an entry not yet kept (after
the document is written, best effort: a read-only or busy journal is left
as it is). The table holds hashes of entries' texts and where in them the
check found something; emptying the trash drops the rows of the entries
deleted. It can be rebuilt at any time, so backups leave it out
(backup_format.py), like the search index. Texts outside entries (session
notes, CPD records, tags) are few and simply scanned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reflect.core.privacy import KIND_LABELS, Finding, WordLists, scan
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


def typed_texts(entry: EntryDetail) -> list[str]:
    """The texts of an entry the check reads: answers, actions, the supervisor question."""
    # Lists, not unpacked generators: a third quicker, and an export asks it of every entry.
    texts = [answer.text for answer in entry.answers]
    texts += [action.text for action in entry.actions]
    texts.append(entry.supervisor_question)
    return texts


def basis_of(words: WordLists) -> str:
    """A hash of everything but the texts that the check's findings depend on."""
    parts = [str(SCANNER_VERSION), *sorted(words.allow), "\x00", *sorted(words.flag)]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def digest_of(texts: list[str]) -> str:
    """The key an entry's findings are kept under: a hash of its texts, in order."""
    digest = hashlib.blake2b(b"entry", digest_size=16)
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))  # so no two lists of texts hash alike
        digest.update(data)
    return digest.hexdigest()


Kept = list[list[Any]]  # one text's findings as kept: [[kind, start, end], ...]


def encode(findings: list[list[Finding]]) -> str:
    """An entry's findings as kept: for each text in turn, [[kind, start, end], ...]."""
    return json.dumps(
        [[[f.kind, f.start, f.end] for f in found] for found in findings], separators=(",", ":")
    )


def decode(text: str, kept: Kept) -> list[Finding]:
    """The findings kept for ``text``, as `privacy.scan` gives them."""
    return [Finding(kind, text[start:end], start, end) for kind, start, end in kept]


def forget(db: Any, entries: Iterable[EntryDetail]) -> None:
    """Drop what was kept about these entries (before they are deleted for good).

    So emptying the trash leaves no trace of them here either.
    """
    digests = [digest_of(typed_texts(entry)) for entry in entries]
    if digests:
        db.execute(
            "DELETE FROM identifier_scan WHERE digest IN (SELECT value FROM json_each(?))",
            (json.dumps(digests),),
        )


class ScanMemo:
    """The check's findings for one export: kept rows read a batch at a time, new ones gathered.

    Kept per entry (one row for all its texts), so a batch of 500 entries
    is 500 hashes and lookups, not one per text. `scan` and `entry_labels`
    give exactly what `privacy.scan` of each text gives with the same word lists.
    """

    def __init__(
        self, journal: ScanMemoMixin, words: WordLists, limit: int = PENDING_LIMIT
    ) -> None:
        self.journal = journal
        self.words = words
        self.basis = basis_of(words)
        self.limit = limit
        # The batch's kept findings by text (made when first asked: an export that
        # only counts never asks), and each entry's key and findings (None: not kept).
        self._known: dict[str, Kept] | None = {}
        self._kept_texts: list[tuple[list[str], list[Kept]]] = []
        self._entries: dict[int, tuple[str, list[Kept] | None]] = {}
        # What this batch scanned as typed, for the rows of entries not kept.
        self._scanned: dict[str, list[Finding]] = {}
        self._none_kept: bool | None = None  # asked once, by the first `expect`
        self.pending: dict[str, str] = {}

    def expect(self, entries: Iterable[EntryDetail]) -> None:
        """Read the kept findings of these entries (the next batch of an export) in one query."""
        self._known, self._entries, self._scanned, self._kept_texts = {}, {}, {}, []
        if self._none_kept is None:
            self._none_kept = not self.journal.keeps_any(self.basis)
        if self._none_kept:
            # The first export after the lists changed (or of a new or restored
            # journal): nothing to look up; entries are hashed only to be kept.
            return
        texts_of = {entry.id: typed_texts(entry) for entry in entries}
        digests = {entry_id: digest_of(texts) for entry_id, texts in texts_of.items()}
        kept = self.journal.kept_scans(self.basis, list(digests.values())) if digests else {}
        # Kept rows decoded, by their text, for this batch: most entries' rows are
        # alike (a list of empty lists, one a text), so each is decoded once.
        decoded: dict[str, list[Kept]] = {}
        for entry_id, digest in digests.items():
            found = kept.get(digest)
            lists: list[Kept] | None = None
            if found is not None:
                lists = decoded.get(found)
                if lists is None:
                    lists = decoded[found] = json.loads(found)
            self._entries[entry_id] = (digest, lists)
            if lists is not None:
                self._kept_texts.append((texts_of[entry_id], lists))
        self._known = None

    def scan(self, text: str, *, keep: bool = True) -> list[Finding]:
        """The findings in ``text``; one not kept is scanned (and, with ``keep``, kept later)."""
        if not text:
            return []  # as scan finds in nothing, without loading its patterns
        if self._known is None:
            self._known = {}
            for texts, lists in self._kept_texts:
                self._known.update(zip(texts, lists, strict=True))
        kept = self._known.get(text)
        if kept is not None:
            return decode(text, kept)
        findings = self._scanned.get(text)
        if findings is None:
            findings = scan(text, self.words)
            if keep:
                self._scanned[text] = findings
        return findings

    def entry_labels(self, entry: EntryDetail) -> list[str]:
        """Each finding's label in the entry's texts, in order, as counting each text's scan would.

        An entry not kept is scanned and its findings kept later.
        """
        digest, lists = self._entries.get(entry.id) or ("", None)
        if lists is not None:
            return [KIND_LABELS[kind] for kept in lists for kind, _, _ in kept]
        findings = [self.scan(text) for text in typed_texts(entry)]
        self._keep(digest, entry, findings)
        return [f.label for found in findings for f in found]

    def entry_done(self, entry: EntryDetail) -> None:
        """After an entry was screened text by text: keep its findings if they were not kept."""
        digest, lists = self._entries.get(entry.id) or ("", None)
        if lists is None:
            self._keep(digest, entry, [self.scan(text) for text in typed_texts(entry)])

    def _keep(self, digest: str, entry: EntryDetail, findings: list[list[Finding]]) -> None:
        if len(self.pending) < self.limit:
            self.pending[digest or digest_of(typed_texts(entry))] = encode(findings)

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

    def remember_entry(self, entry: EntryDetail) -> bool:
        """Scan an entry not yet kept and keep its findings; True when it was scanned.

        Best effort, like `keep_scans`: called after a save has committed, so
        a journal that cannot be read or written now changes nothing.
        """
        from reflect.core.errors import is_database_error

        try:
            memo = self.scan_memo(self.word_lists())
            memo.expect([entry])
        except Exception as exc:
            if not is_database_error(exc):
                raise
            return False
        memo.entry_labels(entry)
        scanned = bool(memo.pending)
        memo.write_back()
        return scanned

    def remember_scans_of(self, details: Iterator[EntryDetail], batch: int = 500) -> int:
        """Keep the findings of these entries (the sample generator's last step); how many new.

        ``details`` may be a read in progress: the rows are written once it is done.
        """
        from itertools import islice

        memo = ScanMemo(self, self.word_lists(), limit=2**62)
        while entries := list(islice(details, batch)):
            memo.expect(entries)
            for entry in entries:
                memo.entry_labels(entry)
        scanned = len(memo.pending)
        memo.write_back()  # once every batch is read: no read is open while it writes
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
