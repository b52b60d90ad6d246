"""The worker's allow and flag lists: kept in the journal, used by the scanner."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.privacy import scan
from reflect.core.reading import Reader
from reflect.core.wordlists import ListedWord, WordListError


def test_words_are_kept_in_the_journal_file(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        journal.add_word("allow", "Oakfield  Team")
        journal.add_word("flag", "Kowalczyk")
    with Journal.open(journal_path) as journal:
        assert journal.listed_words() == [
            ListedWord("Oakfield Team", "allow"),
            ListedWord("Kowalczyk", "flag"),
        ]
        lists = journal.word_lists()
    assert lists.allow == {"Oakfield Team"} and lists.flag == {"Kowalczyk"}
    reader = Reader.open(journal_path)
    assert reader is not None
    with reader:
        assert reader.word_lists() == lists


def test_a_word_is_on_one_list_whatever_its_case(journal: Journal) -> None:
    journal.add_word("flag", "grace")
    journal.add_word("allow", "Grace")
    assert journal.listed_words() == [ListedWord("Grace", "allow")]
    assert journal.remove_word("GRACE") == ListedWord("Grace", "allow")
    assert journal.listed_words() == []


def test_plain_refusals(journal: Journal) -> None:
    with pytest.raises(WordListError, match="Type a word"):
        journal.add_word("allow", "   ")
    with pytest.raises(WordListError, match="at most 80"):
        journal.add_word("flag", "x" * 81)
    with pytest.raises(WordListError, match="on neither list"):
        journal.remove_word("Nobody")
    with pytest.raises(WordListError, match="no list called"):
        journal.add_word("maybe", "Grace")  # type: ignore[arg-type]


def test_the_lists_change_what_the_scanner_finds(journal: Journal) -> None:
    text = "Met Grace and the Kowalczyk family at the Hope Centre."
    assert [f.text for f in scan(text, journal.word_lists())] == ["Grace"]
    journal.add_word("allow", "Grace")
    journal.add_word("flag", "kowalczyk")
    found = scan(text, journal.word_lists())
    assert [(f.kind, f.text) for f in found] == [("listed", "Kowalczyk")]


def test_an_encrypted_journal_keeps_the_lists_encrypted(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    path = tmp_path / "locked.db"
    with Journal.open(path, passphrase="tea and toast at four") as journal:
        journal.add_word("flag", "Zebedee-Quarrington")
        assert journal.word_lists().flag == {"Zebedee-Quarrington"}
    data = path.read_bytes() + b"".join(
        Path(f"{path}{s}").read_bytes() for s in ("-wal", "-shm") if Path(f"{path}{s}").exists()
    )
    assert b"Zebedee" not in data
