"""The identifier check's kept findings: exactly what a scan gives, kept when they should be."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core import scan_memo
from reflect.core.backup import make_backup
from reflect.core.export import ExportScope, export
from reflect.core.journal import Journal
from reflect.core.privacy import WordLists, scan
from reflect.core.prompts import PromptLibrary
from reflect.core.reading import Reader
from reflect.core.records import EntryFilter
from reflect.core.sample import fill_journal
from reflect.core.scan_memo import digest_of, typed_texts
from tests.helpers import TODAY, new_draft, open_backup
from tests.unit.test_export import WHEN, quick_entry

SCOPE = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1))
NOTE = "Mum was at home with Lily (7) and the baby. Met at the Oakfield Team office."
PHONE = "Rang Mr Kowalczyk on 07700 900123 about SW1A 1AA."


def kept_rows(path: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT digest, basis, findings FROM identifier_scan").fetchall()
    return {digest: (basis, findings) for digest, basis, findings in rows}


# Text the scanner has something to say about: names, numbers, postcodes,
# emails and words from the lists below, in any order, with any spacing.
PIECES = st.sampled_from(
    [
        "Lily", "Mr Kowalczyk", "Oakfield", "Oakfield Team", "Jade", "Ward", "mum",
        "SW1A 1AA", "07700 900123", "01/02/2019", "943 476 5919", "jo@example.org",
        "the", "went", "home", "Will", "said", "(7)", ".", ",", "\n", "  ", "Amy-Rose",
        "O'Neil", "Dr", "ÉLODIE", "QQ 12 34 56 C", "12 Acacia Avenue",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map(" ".join)
LISTS = st.builds(
    WordLists.of,
    allow=st.lists(st.sampled_from(["Lily", "Oakfield Team", "Ward", "jade"]), max_size=2),
    flag=st.lists(st.sampled_from(["Kowalczyk", "home", "Acacia", "went home"]), max_size=2),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(st.lists(TEXTS, min_size=1, max_size=4), min_size=1, max_size=3),
       words=LISTS)  # fmt: skip
def test_kept_findings_are_what_a_scan_finds(
    journal: Journal, entries: list[list[str]], words: WordLists
) -> None:
    details = [entry_of(n, texts) for n, texts in enumerate(entries)]
    every = [t for d in details for t in typed_texts(d)]
    labels = [f.label for t in every for f in scan(t, words)]
    fresh = journal.scan_memo(words)
    fresh.expect(details)
    # Not kept yet: scanned, and kept once written back.
    assert [label for d in details for label in fresh.entry_labels(d)] == labels
    fresh.write_back()
    kept = journal.scan_memo(words)
    kept.expect(details)
    assert [kept.scan(t) for t in every] == [scan(t, words) for t in every]
    assert [label for d in details for label in kept.entry_labels(d)] == labels
    for d in details:
        kept.entry_done(d)
    assert kept.pending == {}  # every entry came from the table
    assert kept.scan("") == scan("", words)


def entry_of(number: int, texts: list[str]) -> Any:
    """What the memo reads of an entry: its id, answers, actions and question."""
    *answers, question = texts
    return SimpleNamespace(
        id=number,
        answers=[SimpleNamespace(text=t) for t in answers[:-1]],
        actions=[SimpleNamespace(text=t) for t in answers[-1:]],
        supervisor_question=question,
    )


def entry_keys(journal: Journal | Reader) -> set[str]:
    return {digest_of(typed_texts(e)) for e in journal.iter_details(EntryFilter())}


def test_a_word_list_change_is_never_answered_from_the_old_findings(journal: Journal) -> None:
    journal.add_records([quick_entry("a" * 32, "CF-9", NOTE, PHONE)])
    first = export(journal, SCOPE, generated=WHEN)
    assert first.identifiers == {"name": 2, "phone number": 1, "postcode": 1}
    journal.add_word("allow", "Lily")
    journal.add_word("flag", "Oakfield Team")
    words = journal.word_lists()
    memo = journal.scan_memo(words)
    memo.expect(list(journal.iter_details(EntryFilter())))
    assert [memo.scan(t) for t in (NOTE, PHONE)] == [scan(t, words) for t in (NOTE, PHONE)]
    second = export(journal, SCOPE, generated=WHEN)
    assert second.identifiers == {"name": 1, "flagged word": 1, "phone number": 1, "postcode": 1}
    # The export wrote its findings under the new lists; the old ones are gone.
    assert {basis for basis, _ in kept_rows(journal.path).values()} == {scan_memo.basis_of(words)}


def test_an_export_keeps_what_it_scanned_and_the_next_one_reads_it(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        journal.add_records([quick_entry("b" * 32, "CF-9", NOTE, PHONE)])
        journal.add_records([quick_entry("c" * 32, "CF-7", "We met at school.")])
    with Reader.open(journal_path) as reader:  # type: ignore[union-attr]
        first = export(reader, SCOPE, generated=WHEN)
    with Reader.open(journal_path) as reader:  # type: ignore[union-attr]
        assert set(kept_rows(journal_path)) == entry_keys(reader) and len(entry_keys(reader)) == 2
        second = export(reader, SCOPE, generated=WHEN)
        # Nothing was scanned this time: each entry was answered from the table.
        scanning = reader.scan_memo(reader.word_lists())
        entries = list(reader.iter_details(EntryFilter()))
        scanning.expect(entries)
        for entry in entries:
            scanning.entry_labels(entry)
        assert scanning.pending == {}
    assert second.text == first.text
    # The same counts in the same order as without any kept (a stand-in journal has none).
    assert list(second.identifiers.items()) == list(first.identifiers.items())
    with Journal.open(journal_path) as journal:
        anonymised = export(journal, ExportScope(SCOPE.start, SCOPE.end, anonymise=True))
    assert "[phone number]" in anonymised.text and "Kowalczyk" not in anonymised.text


def test_a_busy_journal_is_exported_all_the_same_and_left_as_it_was(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        journal.add_records([quick_entry("d" * 32, "CF-9", NOTE, PHONE)])
    other = sqlite3.connect(journal_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Reflect is saving
    try:
        with Reader.open(journal_path) as reader:  # type: ignore[union-attr]
            result = export(reader, SCOPE, generated=WHEN)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.identifiers == {"name": 2, "phone number": 1, "postcode": 1}
    assert kept_rows(journal_path) == {}
    # And the reader's connection is read-only again afterwards.
    with Reader.open(journal_path) as reader:  # type: ignore[union-attr]
        assert reader.keep_scans("b", {"d": "[]"})
        with reader._read() as db:
            assert db.execute("PRAGMA query_only").fetchone()[0] == 1


def test_a_journal_that_refuses_the_write_is_exported_all_the_same(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        journal.add_records([quick_entry("h" * 32, "CF-9", NOTE, PHONE)])
    with sqlite3.connect(journal_path) as conn:  # as a file that cannot be written would
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON identifier_scan"
            " BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END"
        )
    with Reader.open(journal_path) as reader:  # type: ignore[union-attr]
        result = export(reader, SCOPE, generated=WHEN)
        assert not reader.keep_scans("b", {"d": "[]"})
    assert result.identifiers == {"name": 2, "phone number": 1, "postcode": 1}
    assert kept_rows(journal_path) == {}


def test_completing_and_editing_an_entry_keeps_its_findings(journal: Journal) -> None:
    draft = new_draft(journal)
    journal.save_draft(draft.id, {"context": NOTE, "feelings": "Worried."})
    assert kept_rows(journal.path) == {}  # a draft being typed is not scanned
    journal.complete(draft.id)
    assert set(kept_rows(journal.path)) == entry_keys(journal)
    journal.save_entry(draft.id, {"next": PHONE})
    entry = journal.get_entry(draft.id)
    kept = kept_rows(journal.path)[digest_of(typed_texts(entry))][1]
    assert json.loads(kept)[2] == json.loads(scan_memo.encode([scan(PHONE)]))[0]
    journal.save_entry(draft.id, fields={"supervisor_question": "Ask about Lily?"})
    assert set(kept_rows(journal.path)) >= entry_keys(journal)  # the question is one of its texts


def test_emptying_the_trash_forgets_what_was_kept_of_its_entries(journal: Journal) -> None:
    journal.add_records([quick_entry("f" * 32, "CF-9", NOTE), quick_entry("g" * 32, "CF-8", PHONE)])
    export(journal, SCOPE, generated=WHEN)
    assert set(kept_rows(journal.path)) == entry_keys(journal)
    with sqlite3.connect(journal.path) as conn:
        (gone,) = conn.execute("SELECT id FROM entry WHERE uid = ?", ("g" * 32,)).fetchone()
    journal.delete(gone)
    assert len(kept_rows(journal.path)) == 2  # in the trash, it can come back
    assert journal.empty_trash() == 1
    assert set(kept_rows(journal.path)) == entry_keys(journal) and len(entry_keys(journal)) == 1


def test_backups_leave_the_findings_out_and_restore_works(tmp_path: Path, journal: Journal) -> None:
    journal.add_records([quick_entry("e" * 32, "CF-9", NOTE, PHONE)])
    before = export(journal, SCOPE, generated=WHEN)
    assert kept_rows(journal.path)
    made = make_backup(journal, tmp_path / "then.db")
    with open_backup(made, tmp_path) as copy:
        assert kept_rows(copy.path) == {}
        assert export(copy, SCOPE, generated=WHEN).text == before.text
        assert kept_rows(copy.path)  # and the next export fills it again


def test_a_sample_journal_has_every_entry_kept(journal: Journal, library: PromptLibrary) -> None:
    fill_journal(journal, library, 40, seed=5, until=TODAY)
    assert set(kept_rows(journal.path)) == entry_keys(journal) and len(entry_keys(journal)) == 40


# The scanner's code and the name lists it reads, as last checked for each SCANNER_VERSION.
SCANNER_SOURCES = (
    "reflect/core/privacy.py",
    "reflect/core/privacy_names.py",
    "reflect/core/privacy_numbers.py",
    "reflect/data/given_names.txt",
    "reflect/data/common_word_names.txt",
    "reflect/data/not_names.txt",
)
# A change that cannot alter what is found (moving an import) updates the digest alone.
SCANNER_DIGESTS = {1: "d67ed45bfe8887d2cddbc5147c0db8b4"}


def test_a_change_to_the_scanner_comes_with_a_new_scanner_version() -> None:
    """Kept findings are keyed by SCANNER_VERSION: bump it when the scanner may find otherwise."""
    root = Path(scan_memo.__file__).parents[2]
    digest = hashlib.blake2b(digest_size=16)
    for name in SCANNER_SOURCES:
        digest.update((root / name).read_bytes())
    assert SCANNER_DIGESTS.get(scan_memo.SCANNER_VERSION) == digest.hexdigest(), (
        "The scanner changed: raise scan_memo.SCANNER_VERSION (if what it finds may change)"
        " and record the new digest here."
    )


@pytest.mark.parametrize("texts", [[""], ["no names here", NOTE], [PHONE, "", NOTE]])
def test_encoding_gives_the_findings_back(texts: list[str]) -> None:
    kept = json.loads(scan_memo.encode([scan(t) for t in texts]))
    assert [scan_memo.decode(t, k) for t, k in zip(texts, kept, strict=True)] == [
        scan(t) for t in texts
    ]


def test_no_two_lists_of_texts_share_a_key() -> None:
    assert digest_of(["ab", "c"]) != digest_of(["a", "bc"]) != digest_of(["abc"])
    assert digest_of(["a", ""]) != digest_of(["a"])
