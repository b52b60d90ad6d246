"""A word half typed finds the entries that hold it, although the index keeps only stems.

Found measuring search as you type: typing "conference" showed results at
"confere", then "Nothing matches" at "conferen" and "conferenc", then
results again; the index holds "confer". The same for "attenda",
"supervisi", "meetin", "plann" and about one prefix in 18 of the sample's
words.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.listing import fts_phrases
from reflect.core.records import PromptRef
from reflect.core.sample_text import vocabulary
from reflect.core.search_schema import SEARCH_PREFIXES
from reflect.core.typed_prefix import stem_starts
from tests.helpers import TODAY

# Words whose stems are shorter than the word, as social workers write them.
WORDS = (
    "conference", "attendance", "supervision", "planning", "meeting", "safeguarding",
    "involvement", "assessment", "decision", "recording", "listening", "worries",
    "families", "judgement", "housing", "hopeful", "communication", "relationships",
)  # fmt: skip


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    journal = Journal.open(tmp_path / "words.db")
    for day, word in enumerate(WORDS):
        entry = journal.create_draft(
            visit_date=TODAY - timedelta(days=day),
            case_code=f"CF-{400 + day}",
            visit_type="home",
            prompt_set_id="test",
            prompt_set_version="1",
            prompts=[PromptRef("context", "What happened?", "The visit")],
        )
        journal.save_draft(entry.id, {"context": f"We spoke about {word} at the door."})
    return journal


def test_every_start_of_a_word_finds_the_entry_that_holds_it(journal: Journal) -> None:
    try:
        for word in WORDS:
            holding = {h.entry.id for h in journal.search(word)}
            assert len(holding) == 1, word
            for length in range(3, len(word) + 1):
                typed = word[:length]
                found = {h.entry.id for h in journal.search(typed, limit=50)}
                assert holding <= found, typed
                assert journal.count_matches(typed) == len(found), typed
    finally:
        journal.close()


def test_before_the_stems_were_tried_half_typed_words_found_nothing(journal: Journal) -> None:
    # What the screen did before: the prefix as typed, against the stems.
    try:
        with journal._read() as db:
            for typed in ("conferen", "attenda", "supervisi", "meetin", "plann", "housin"):
                (match,) = fts_phrases(typed)
                assert (
                    db.value(
                        "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH :m", {"m": match}
                    )
                    == 0
                )
    finally:
        journal.close()


def test_a_word_that_matches_as_typed_is_searched_as_before() -> None:
    for typed in ("confere", "judgement", "partner", "the", "CF-401"):
        assert fts_phrases(typed, matches=lambda phrase: True) == fts_phrases(typed)
    # ...and one that matches nothing is also looked for from its stem's starts
    assert fts_phrases("conferen", matches=lambda phrase: False) == [
        '("conferen"* OR "confere"* OR "confer"*)'
    ]


def test_stem_starts_follow_the_endings() -> None:
    assert stem_starts("conferen") == ["confere", "confer"]
    assert "plan" in stem_starts("plann") and "plan" in stem_starts("planni")
    assert stem_starts("partner") == ["partn"]  # "part" + "ner" is no ending
    assert stem_starts("the") == [] and stem_starts("CF-12") == []


def test_across_the_sample_vocabulary_few_starts_miss_their_word() -> None:
    # The whole vocabulary the sample journals draw from (English and
    # invented words), one word a row, in an index made as the journal's is.
    # A start "misses" when its word's row is not found; the fallback is
    # taken only when the start matches nothing, as in a journal.
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(t, tokenize='porter unicode61 remove_diacritics 2',"
        f" prefix='{SEARCH_PREFIXES}')"
    )
    words = list(dict.fromkeys(vocabulary()))
    conn.executemany("INSERT INTO f (rowid, t) VALUES (?, ?)", enumerate(words))

    def matches(phrase: str) -> bool:
        return (
            conn.execute("SELECT 1 FROM f WHERE f MATCH ? LIMIT 1", (phrase,)).fetchone()
            is not None
        )

    def misses(with_stems: bool) -> int:
        missed = 0
        for row, word in enumerate(words):
            for length in range(3, len(word) + 1):
                (phrase,) = fts_phrases(word[:length], matches=matches if with_stems else None)
                hit = conn.execute("SELECT 1 FROM f WHERE f MATCH ? AND rowid = ?", (phrase, row))
                missed += hit.fetchone() is None
        return missed

    starts = sum(len(word) - 2 for word in words)
    before, after = misses(False), misses(True)
    assert before > starts / 25  # about one start in 18 missed its word
    assert after < starts / 200


def test_a_first_letter_still_being_typed_is_left_out() -> None:
    # Review 25: "c", "m", "t" and "money w" each said "Nothing matches":
    # the letter was looked for as a whole word.
    assert fts_phrases("c") == [] and fts_phrases("I") == []
    assert fts_phrases("money w") == fts_phrases("money")
    assert fts_phrases("CF-1") == ['"CF-1"']  # a case code being typed is kept
    assert fts_phrases("money w", prefix_last=False) == ['"money"', '"w"']
