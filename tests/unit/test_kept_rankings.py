"""Rankings kept ahead give exactly what ranking every match gives, or are not used.

A sample journal of 400 entries on file, with the thresholds lowered so that
its common words are kept (`KEPT_FROM` 40 entries, the first `KEPT` 30),
searched with and without the kept rows: the same entries, in the same
order, with the same ranks and snippets and counts. Then every kind of
change the search index sees sets them aside, and the trash (which the
index does not see) is still left out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core import kept_rankings
from reflect.core.journal import Journal
from reflect.core.kept_rankings import KeptLookup
from reflect.core.kept_rankings_build import typed_phrases
from reflect.core.records import SearchHit
from tests.conftest import SampleCopy

WORDS = ["judgement", "partner", "kitchen", "school", "supervision", "conference", "the"]


@pytest.fixture
def small_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_rankings, "KEPT_FROM", 40)
    monkeypatch.setattr(kept_rankings, "KEPT", 30)


@pytest.fixture
def kept_journal(
    tmp_path: Path, sample_copy: SampleCopy, small_thresholds: None
) -> Iterator[Journal]:
    path = sample_copy(tmp_path / "journal.db", 400, 21)
    with Journal.open(path) as journal:
        assert (journal.keep_rankings() or 0) > 20
        yield journal


def typed(words: list[str]) -> list[str]:
    """Every query typing these words letter by letter sends, and two-word ones."""
    queries = [word[:end] for word in words for end in range(2, len(word) + 1)]
    queries += [f"{a} {b[:end]}" for a, b in itertools.pairwise(words) for end in (2, 3, len(b))]
    return queries


def shown(hits: list[SearchHit]) -> list[tuple[str, float, str]]:
    return [(h.entry.uid, h.rank, h.snippet_text()) for h in hits]


def search_both(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, query: str, limit: int, offset: int = 0
) -> tuple[list[SearchHit], list[SearchHit], int]:
    """The search with the kept rows, then ranking every match; and how many kept rows served."""
    used = 0
    get = KeptLookup.get

    def counting(self: KeptLookup, phrase: str | None) -> kept_rankings.Kept | None:
        nonlocal used
        found = get(self, phrase)
        used += found is not None
        return found

    with monkeypatch.context() as patched:
        patched.setattr(KeptLookup, "get", counting)
        with_kept = journal.search(query, limit=limit, offset=offset)
        counted_kept = journal.count_matches(query)
    with monkeypatch.context() as patched:
        patched.setattr(KeptLookup, "get", lambda self, phrase: None)
        in_full = journal.search(query, limit=limit, offset=offset)
        assert journal.count_matches(query) == counted_kept, query
    return with_kept, in_full, used


def test_kept_heads_give_what_ranking_every_match_gives(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = 0
    for query in typed(WORDS):
        for limit, offset in ((11, 0), (12, 11), (40, 0)):
            with_kept, in_full, used = search_both(kept_journal, monkeypatch, query, limit, offset)
            assert shown(with_kept) == shown(in_full), (query, limit, offset)
            served += used
    # The kept rows were used, not passed over (which would make this test pointless).
    assert served > 100
    # Capitals are folded by the index, and so are the kept rows' keys.
    with_kept, in_full, used = search_both(kept_journal, monkeypatch, "JUDGEMENT Sch", 20)
    assert used and shown(with_kept) == shown(in_full)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    word=st.sampled_from([*WORDS, "money", "worries", "health", "visitor", "family", "Judgement"]),
    cut=st.integers(min_value=2, max_value=12),
    second=st.sampled_from(["", "th", "the", "The", "school", "partn", "mo"]),
    limit=st.integers(min_value=1, max_value=45),
    offset=st.integers(min_value=0, max_value=30),
)
def test_any_typed_search_is_the_same_with_kept_heads(
    kept_journal: Journal,
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    cut: int,
    second: str,
    limit: int,
    offset: int,
) -> None:
    query = f"{second} {word[:cut]}".strip()
    with_kept, in_full, _used = search_both(kept_journal, monkeypatch, query, limit, offset)
    assert shown(with_kept) == shown(in_full)


def first_uid(journal: Journal, query: str) -> str:
    return journal.search(query, limit=1)[0].entry.uid


def test_each_change_to_indexed_text_sets_the_kept_rows_aside(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = kept_journal
    assert journal.rankings_kept()
    best = journal.search("judgement", limit=1)[0].entry
    changes = [
        lambda: journal.save_draft(best.id, {journal.get_entry(best.id).answers[0].prompt_id: "x"}),
        lambda: journal.update_entry(best.id, case_code="CF-9999"),
        lambda: journal.set_tags(best.id, free_tags=["a new tag"]),
    ]
    for change in changes:
        assert journal.keep_rankings()
        assert journal.rankings_kept()
        change()
        assert not journal.rankings_kept()
        with_kept, in_full, used = search_both(journal, monkeypatch, "judgement", 20)
        assert used == 0
        assert shown(with_kept) == shown(in_full)


def test_the_trash_is_left_out_of_a_kept_head_and_does_not_set_it_aside(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = kept_journal
    best = journal.search("judgement", limit=1)[0].entry
    journal.delete(best.id)
    assert journal.rankings_kept()  # the index did not change
    with_kept, in_full, used = search_both(journal, monkeypatch, "judgement", 20)
    assert used > 0
    assert best.uid not in [h.entry.uid for h in with_kept]
    assert shown(with_kept) == shown(in_full)
    journal.empty_trash()  # this removes it from the index
    assert not journal.rankings_kept()


def test_a_journal_changed_while_they_are_made_keeps_nothing_new(kept_journal: Journal) -> None:
    journal = kept_journal
    entry = journal.search("kitchen", limit=1)[0].entry
    changed: list[bool] = []

    def change_once(done: int, total: int) -> None:
        if not changed:
            journal.update_entry(entry.id, case_code="CF-4242")
            changed.append(True)

    assert journal.keep_rankings(progress=change_once) is None
    assert not journal.rankings_kept()
    assert journal.keep_rankings(stop=lambda: True) is None
    assert not journal.rankings_kept()
    assert journal.keep_rankings()
    assert journal.rankings_kept()


def test_a_journal_smaller_than_the_threshold_keeps_nothing(
    tmp_path: Path, sample_copy: SampleCopy
) -> None:
    path = sample_copy(tmp_path / "journal.db", 400, 21)
    with Journal.open(path) as journal:
        assert journal.rankings_kept()  # nothing to keep at 400 entries
        assert journal.keep_rankings() == 0


def test_the_phrases_kept_are_those_search_sends_for_common_words() -> None:
    texts = ["The kitchen was cold", "the kitchen table", "a garden", "the conference"] * 10
    # A sample of 40 texts from 100,000 entries: each word is in a quarter of them or more.
    phrases = typed_phrases(texts, entries=100_000)
    assert {'"the"', '"th"*', '"the"*', '"garden"', '"ga"*'} <= set(phrases)
    assert {'"ki"*', '"kit"*', '"kitchen"*', '"kitchen"'} <= set(phrases)


def test_backups_leave_the_kept_rows_out_and_search_is_the_same(
    kept_journal: Journal, tmp_path: Path
) -> None:
    import sqlite3

    from reflect.core import search_index
    from reflect.core.backup import make_backup
    from tests.helpers import open_backup

    before = shown(kept_journal.search("judgement", limit=20))
    made = make_backup(kept_journal, tmp_path / "then.db")
    with open_backup(made, tmp_path) as copy:
        assert copy.path is not None
        with sqlite3.connect(copy.path) as db:
            assert db.execute("SELECT count(*) FROM kept_ranking").fetchone() == (0,)
        search_index.rebuild_in_steps(copy.engine)  # as a restore does
        assert not copy.rankings_kept()
        assert shown(copy.search("judgement", limit=20)) == before  # every match ranked
        assert copy.keep_rankings()  # and made again
        assert shown(copy.search("judgement", limit=20)) == before


def test_a_rebuilt_index_drops_the_kept_rows_even_when_it_looks_as_it_did(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by review: a rebuild starts FTS5's structure record afresh.

    Rebuilt, kept, then one word of an answer changed ("judgement" to
    "judgment": as many words as before) and rebuilt again, the index's
    records were byte for byte those the rows were kept under, and the
    search crashed on an entry that no longer matched.
    """
    from reflect.core import search_index
    from reflect.core.store import rebuild_search_index

    journal = kept_journal
    entry = journal.search("judgement", limit=1)[0].entry
    answer = next(a for a in journal.get_entry(entry.id).answers if "judgement" in a.text)
    for rebuild in (rebuild_search_index, search_index.rebuild_in_steps):
        rebuild(journal.engine)
        assert journal.keep_rankings()
        changed = {answer.prompt_id: answer.text.replace("judgement", "judgment")}
        journal.save_draft(entry.id, changed)
        rebuild(journal.engine)
        with_kept, in_full, used = search_both(journal, monkeypatch, "judgement", 20)
        assert used == 0 and shown(with_kept) == shown(in_full)
        journal.save_draft(entry.id, {answer.prompt_id: answer.text})  # as it was


def test_half_typed_words_are_found_in_the_kept_rows(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by review: the starts of a stem ("conferen" as "confer") were kept under a key
    no search looked up."""
    for typed in ("conferen", "supervisio", "Conferen"):
        with_kept, in_full, used = search_both(kept_journal, monkeypatch, typed, 20)
        assert used, typed
        assert shown(with_kept) == shown(in_full)


def test_making_them_stops_once_the_journal_changes_meanwhile(kept_journal: Journal) -> None:
    from reflect.core import kept_rankings_build

    journal = kept_journal
    entry = journal.search("kitchen", limit=1)[0].entry
    looked: list[int] = []

    def change_at_the_start(done: int, total: int) -> None:
        looked.append(done)
        if done == 1:
            journal.update_entry(entry.id, case_code="CF-5151")

    assert journal.keep_rankings(progress=change_at_the_start) is None
    # Stopped at its first look, before the phrase it looked at was ranked.
    assert max(looked) == kept_rankings_build.CHANGE_EVERY - 1


def test_a_rebuild_while_they_are_made_keeps_them_from_being_written(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change and a rebuild between reading the index and writing the heads.

    Rebuilt from the same amount of text, the index's own records come back
    byte for byte, so only the count of rebuilds tells the heads (made from
    the text before the change) from the index now.
    """
    from reflect.core.store import rebuild_search_index

    journal = kept_journal
    entry = journal.search("judgement", limit=1)[0].entry
    answer = next(a for a in journal.get_entry(entry.id).answers if "judgement" in a.text)
    rebuild_search_index(journal.engine)

    def change_and_rebuild(done: int, total: int) -> None:
        if done == 1:
            changed = answer.text.replace("judgement", "judgment")
            journal.save_draft(entry.id, {answer.prompt_id: changed})
            rebuild_search_index(journal.engine)

    assert journal.keep_rankings(progress=change_and_rebuild) is None
    assert not journal.rankings_kept()
    with_kept, in_full, used = search_both(journal, monkeypatch, "judgement", 20)
    assert used == 0 and shown(with_kept) == shown(in_full)


def test_a_search_scores_the_sum_of_its_words(kept_journal: Journal) -> None:
    """bm25 over two words is, bit for bit, each word's own bm25 added from 0.0.

    What `ranking.best_of_kept_heads` rests on: it bounds an entry outside
    every word's kept head by the sum of the heads' last scores.
    """
    from reflect.core.ranking import BM25_WEIGHTS

    bm25 = f"bm25(entry_fts, {BM25_WEIGHTS})"
    with kept_journal._read() as db:
        for first, second in [('"the"', '"sc"*'), ('"judgement"', '"partner"'), ('"th"*', '"ki"*')]:

            def scores(match: str) -> dict[int, float]:
                rows = db.execute(
                    f"SELECT rowid, {bm25} FROM entry_fts WHERE entry_fts MATCH :m", {"m": match}
                )
                return {entry_id: float(rank) for entry_id, rank in rows}

            both, alone_first, alone_second = (
                scores(f"{first} AND {second}"),
                scores(first),
                scores(second),
            )
            assert len(both) > 20, (first, second)
            for entry_id, rank in both.items():
                total = 0.0
                total += -alone_first[entry_id]
                total += -alone_second[entry_id]
                # Bit for bit with this machine's SQLite; a build that fuses
                # FTS5's multiply and add may differ in the last places, which
                # the bound's margin allows for.
                assert abs(rank - -1.0 * total) <= 4 * math.ulp(rank), (first, second, entry_id)


def test_two_common_words_are_ranked_from_their_kept_heads(
    kept_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two words each with a kept head: only the heads' entries are ranked, and the
    result is what ranking every match gives; past what the heads can vouch for,
    every match is ranked after all."""
    from reflect.core import ranking

    answered = 0
    unsure = 0
    best = ranking.best_of_kept_heads

    def counting(*args: object, **kwargs: object) -> list[tuple[int, float]] | None:
        nonlocal answered, unsure
        found = best(*args, **kwargs)  # type: ignore[arg-type]
        answered += found is not None
        unsure += found is None
        return found

    monkeypatch.setattr(ranking, "best_of_kept_heads", counting)
    for query in ["the sc", "the school", "judgement the", "the ki", "the partner"]:
        for limit, offset in ((5, 0), (11, 0), (10, 5), (30, 0)):
            with_kept, in_full, _used = search_both(kept_journal, monkeypatch, query, limit, offset)
            assert shown(with_kept) == shown(in_full), (query, limit, offset)
            assert len(in_full) == limit, query
    assert answered >= 5 and unsure >= 1, (answered, unsure)
    # Every pair and some triples of the kept words, with a third of the
    # journal in the trash (in the heads and outside them).
    journal = kept_journal
    for entry in journal.search("the", limit=200)[::3]:
        journal.delete(entry.entry.id)
    assert journal.rankings_kept()
    answered = unsure = 0
    words = ["the", "sc", "school", "judgement", "partner", "ki", "th", "su"]
    queries = [f"{a} {b}" for a, b in itertools.permutations(words, 2)]
    queries += [" ".join(three) for three in itertools.combinations(words, 3)][::4]
    for query in queries:
        for limit, offset in ((4, 0), (9, 3), (15, 0)):
            with_kept, in_full, _used = search_both(journal, monkeypatch, query, limit, offset)
            assert shown(with_kept) == shown(in_full), (query, limit, offset)
    assert answered >= 30 and unsure >= 10, (answered, unsure)
    assert journal.search("the school", limit=0) == []  # nothing asked for: nothing to rank
