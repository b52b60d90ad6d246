"""The worker's own word lists for the identifier scanner, kept inside the journal.

Two lists: words the scanner must never flag (the worker's team, their office,
a service with a name-like name) and words it must always flag (names on the
worker's caseload, a school's name). They live in the journal's
``scanner_word`` table (schema version 7), so an encrypted journal keeps them
encrypted too. One word or phrase is on at most one list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reflect.core.database import Database
from reflect.core.files import JournalError
from reflect.core.privacy import WordLists
from reflect.core.timestamps import stamp, utcnow

ListName = Literal["allow", "flag"]
LIST_NAMES: tuple[ListName, ...] = ("allow", "flag")
MAX_WORD_LENGTH = 80


class WordListError(JournalError):
    """A word that cannot go on a list: empty, too long, or not on the list named."""


@dataclass(frozen=True)
class ListedWord:
    """One word or phrase on one of the worker's lists."""

    word: str
    list_name: ListName


def clean_word(word: str) -> str:
    """The word as stored: spaces collapsed; refuses empty and overlong words."""
    cleaned = " ".join(word.split())
    if not cleaned:
        raise WordListError("Type a word or phrase to add.")
    if len(cleaned) > MAX_WORD_LENGTH:
        raise WordListError(f"A word or phrase is at most {MAX_WORD_LENGTH} characters.")
    return cleaned


def as_word_lists(words: list[ListedWord]) -> WordLists:
    """The scanner's view of the lists."""
    return WordLists.of(
        allow=[w.word for w in words if w.list_name == "allow"],
        flag=[w.word for w in words if w.list_name == "flag"],
    )


class WordListReadMixin(Database):
    """Reading the worker's word lists; shared by `Journal` and `Reader`."""

    def listed_words(self) -> list[ListedWord]:
        """Every word on the worker's allow and flag lists, allow list first, then by word."""
        with self._read() as db:
            rows = db.execute(
                "SELECT word, list_name FROM scanner_word ORDER BY list_name, word COLLATE NOCASE"
            ).fetchall()
        return [ListedWord(word, list_name) for word, list_name in rows]

    def word_lists(self) -> WordLists:
        """The worker's allow and flag lists, as the scanner takes them."""
        return as_word_lists(self.listed_words())


class WordListMixin(WordListReadMixin):
    """Changing the worker's word lists, for `Journal`."""

    def add_word(self, list_name: ListName, word: str) -> ListedWord:
        """Put ``word`` on a list; a word already on the other list moves."""
        if list_name not in LIST_NAMES:
            raise WordListError(f"There is no list called {list_name!r}: use allow or flag.")
        cleaned = clean_word(word)
        with self._write() as db:
            db.execute(
                "INSERT INTO scanner_word (word, list_name, created_at) VALUES (:w, :l, :c)"
                " ON CONFLICT (word) DO UPDATE"
                " SET list_name = excluded.list_name, word = excluded.word",
                {"w": cleaned, "l": list_name, "c": stamp(utcnow())},
            )
        return ListedWord(cleaned, list_name)

    def add_listed_words(self, words: Sequence[ListedWord]) -> int:
        """Add words read from an archive; a word already on either list stays where it is.

        Returns how many were added (importing twice adds nothing).
        """
        added = 0
        with self._write() as db:
            for listed in words:
                word = clean_word(listed.word)
                # The column ignores case, as the lists do: "oakfield" is "Oakfield".
                if db.value("SELECT 1 FROM scanner_word WHERE word = :w", {"w": word}):
                    continue
                db.execute(
                    "INSERT INTO scanner_word (word, list_name, created_at) VALUES (:w, :l, :c)",
                    {"w": word, "l": listed.list_name, "c": stamp(utcnow())},
                )
                added += 1
        return added

    def remove_word(self, word: str) -> ListedWord:
        """Take ``word`` off whichever list holds it (any case)."""
        cleaned = clean_word(word)
        with self._write() as db:
            row = db.row(
                "DELETE FROM scanner_word WHERE word = :w RETURNING word, list_name",
                {"w": cleaned},
            )
        if row is None:
            raise WordListError(f"{cleaned!r} is on neither list.")
        return ListedWord(row[0], row[1])
