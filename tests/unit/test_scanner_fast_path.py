"""The scanner's fast paths find exactly what the full scan finds.

Two shortcuts make an export's scan cheaper: what each capitalised token is
(a name's kind, or never a name) is remembered per allow list, and the
patterns that read the words before a name search only the last few
characters, where their match must start. Here the full versions, written
out plainly, are the reference: any text, cold or warm, gives the same spans.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core import privacy, privacy_names
from reflect.core.privacy import WordLists, scan
from reflect.core.privacy_names import (
    _AGE_AFTER,
    _LONGEST_BEFORE,
    _NAMING_BEFORE,
    _POSSESSIVE_RELATION,
    _RELATION_BEFORE,
    _TITLE_BEFORE,
    _TITLED_NAME,
    CALENDAR,
    _Word,
    find_names,
    find_titled_names,
)


def full_strong_context(text: str, word: _Word) -> bool:
    """The context test as it was before the shortcut: every pattern over all 40 characters."""
    before = text[max(0, word.start - 40) : word.start]
    relation = _NAMING_BEFORE if word.kind == CALENDAR else _RELATION_BEFORE
    if relation.search(before) or _TITLE_BEFORE.search(before):
        return True
    if _AGE_AFTER.match(text, word.end):
        return True
    return bool(_POSSESSIVE_RELATION.match(text, word.end))


def full_find_names(text: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """find_names with nothing remembered and the full context test."""
    fast = privacy_names._strong_context
    privacy_names._strong_context = full_strong_context
    try:
        for table in privacy_names._token_tables(allowed):
            table.clear()
        return find_names(text, allowed)
    finally:
        privacy_names._strong_context = fast


FRAGMENTS = [
    # relation and naming words, in several cases and spellings
    "mum", "Mum", "MUM", "dad", "grandmother", "grandma", "step-dad", "stepmum",
    "ex-partner", "calls him", "calls them", "known as", "name is", "name's", "named",
    "baby", "twins", "fiancée", "fiance", "aka", "ex", "calls her", "the", "with", "saw",
    # titles, with and without a full stop
    "Mrs", "Mr.", "Mrs.", "Dr", "Dr.", "Miss", "Dame", "Sir", "Mx.", "Ms",
    # names and words that may be names
    "Grace", "Tyler", "May", "Summer", "Oliwia", "Jade", "Morgan", "O'Neill", "Zorbex", "Kelloway",
    "Ava-Rose", "Rose", "Court", "Recording", "Sitting", "Kayden's", "Will",
    # what stands between words
    " ", "  ", ",", " , ", ",,", "\n", "\t", "\u00a0", "\u2003", "\x1c", ". ", "? ", "'s ",
    " (7)", ".", "-", "1",
    " aged 4", " said", " and ", " & ",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=40).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.sampled_from(["grace", "oakfield", "recording"]), max_size=2))
def test_the_fast_paths_find_exactly_what_the_full_scan_finds(
    text: str, allowed: list[str]
) -> None:
    allow = frozenset(allowed)
    expected = full_find_names(text, allow)
    assert find_names(text, allow) == expected  # cold: tokens worked out now
    assert find_names(text, allow) == expected  # warm: tokens remembered


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=2, max_size=5))
def test_what_is_remembered_from_other_texts_changes_nothing(batch: list[str]) -> None:
    expected = [full_find_names(t) for t in batch]
    assert [find_names(t) for t in batch] == expected
    assert [find_names(t) for t in reversed(batch)] == expected[::-1]


def test_an_allow_list_keeps_its_own_memory() -> None:
    text = "I met Grace at the gate."
    assert find_names(text) == [(6, 11)]
    assert find_names(text, frozenset({"grace"})) == []
    assert find_names(text) == [(6, 11)]
    assert scan(text, WordLists.of(allow=["Grace"])) == []


@pytest.mark.parametrize(
    ("pattern", "tail"),
    [
        (_RELATION_BEFORE, r"\s*,?\s*$"),
        (_NAMING_BEFORE, r"\s*,?\s*$"),
        (_TITLE_BEFORE, r"\s+$"),
    ],
)
def test_no_before_pattern_is_longer_than_the_shortcut_allows(
    pattern: re.Pattern[str], tail: str
) -> None:
    # What comes before the spaces and comma: its longest match bounds how far
    # back the shortcut must search.
    assert pattern.pattern.endswith(tail)
    head = pattern.pattern.removesuffix(tail)
    _shortest, longest = re._parser.parse(head, pattern.flags).getwidth()  # type: ignore[attr-defined]
    assert longest <= _LONGEST_BEFORE


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, st.text(max_size=30)))
def test_the_quick_tests_before_the_patterns_decide_as_the_patterns_do(text: str) -> None:
    # The digit test the scanner makes before the number patterns.
    assert privacy._has_digit(text) == bool(re.search("[0-9]", text))
    # The title test before the titled-name pattern: never skips a match.
    every = [(m.start(), m.end()) for m in _TITLED_NAME.finditer(text)]
    assert find_titled_names(text) == every


def test_the_quick_tests_see_what_they_are_for() -> None:
    assert privacy._has_digit("flat 9") and not privacy._has_digit("no digits here")
    assert find_titled_names("We met Mrs Khan and Dr. Patel.") == [(7, 15), (20, 29)]
    # A full stop before a word: only a title can be the context.
    assert find_names("I saw Mr. Zorbex today.") == [(10, 16)]
    assert find_names("It rained. Zorbex came in.") == []


@pytest.mark.parametrize("name", ["given_names.txt", "common_word_names.txt", "not_names.txt"])
def test_the_name_lists_read_from_the_disk_are_the_packaged_files(name: str) -> None:
    from importlib import resources

    packaged = resources.files("reflect.data").joinpath(name).read_text(encoding="utf-8")
    assert privacy_names._data_text(name) == packaged
    assert len(packaged.splitlines()) > 100
