"""Search ranks every match, and what the worker wrote counts above theme tags.

Planted entries among a realistic sample: the one that says a word most,
although it is the oldest; an entry that only carries a theme tag against
one whose own words say it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import AnswerView, EntryRecord
from reflect.core.sample import fill_journal, generate
from tests.helpers import TODAY

RELATIONSHIP_TAG = "The relationship as the intervention"


def planted(uid: str, days_ago: int, text: str, themes: tuple[str, ...] = ()) -> EntryRecord:
    when = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
    return EntryRecord(
        uid=uid,
        visit_date=when.date(),
        case_code="CF-0001",
        visit_type="home",
        prompt_set_id="quick",
        prompt_set_version="1",
        status="complete",
        created_at=when,
        updated_at=when,
        completed_at=when,
        answers=(AnswerView("what-happened", "What happened?", text),),
        themes=themes,
    )


def uids(journal: Journal, query: str, **kwargs: int) -> list[str]:
    return [h.entry.uid for h in journal.search(query, **kwargs)]


def test_the_entry_that_says_it_most_comes_first_even_when_oldest(
    journal: Journal, library: PromptLibrary
) -> None:
    fill_journal(journal, library, 400, seed=21, until=TODAY)
    journal.add_records(
        [
            planted(
                "judgement-4",
                days_ago=900,  # older than every sample entry
                text="My judgement was tested. I trusted my judgement, then doubted that "
                "judgement, and asked my manager for her judgement.",
            )
        ]
    )
    hits = journal.search("judgement", limit=1000)
    assert len(hits) > 100  # a common word: the planted entry is one of many
    assert hits[0].entry.uid == "judgement-4"
    ranks = [h.rank for h in hits]
    assert ranks == sorted(ranks)


def test_the_workers_words_rank_above_a_theme_tag(journal: Journal, library: PromptLibrary) -> None:
    fill_journal(journal, library, 300, seed=22, until=TODAY)
    # Said once, in a paragraph of everyday detail...
    said = planted(
        "said-once",
        days_ago=400,
        text="We sat at the kitchen table while the youngest played with the dog. Mum "
        "talked about the rent, the damp in the back bedroom and the letter from the "
        "school about attendance. The eldest came in from school, took some toast and "
        "went upstairs without a word. Before I left mum said the relationship with her "
        "sister had helped her through the worst of the winter months.",
    )
    # ...against an entry that only carries the theme tag.
    tagged = planted(
        "tag-only",
        days_ago=10,
        text="We went through the plan for the baby's sleep and the repairs.",
        themes=(RELATIONSHIP_TAG,),
    )
    journal.add_records([said, tagged])
    found = uids(journal, "relationship", limit=1000)
    assert "tag-only" in found  # a tag still finds an entry...
    # ...but below an entry whose own words say it, and below every such entry.
    assert found.index("said-once") < found.index("tag-only")
    by_uid = {e.uid: e for e in journal.iter_details()}
    for uid in found[: found.index("tag-only")]:
        assert "relationship" in " ".join(a.text for a in by_uid[uid].answers).lower()


def test_pages_of_results_follow_on_from_one_another(
    journal: Journal, library: PromptLibrary
) -> None:
    fill_journal(journal, library, 200, seed=23, until=TODAY)
    whole = uids(journal, "visit", limit=60)
    assert len(whole) == 60
    pages = [uids(journal, "visit", limit=20, offset=start) for start in (0, 20, 40)]
    assert [u for page in pages for u in page] == whole


def test_search_finds_every_match(journal: Journal, library: PromptLibrary) -> None:
    records = list(generate(library, 150, seed=24, until=TODAY))
    journal.add_records(records)
    expected = {r.uid for r in records if any("kitchen" in a.text.lower() for a in r.answers)}
    assert expected
    assert set(uids(journal, "kitchen", limit=1000)) == expected


def test_ranking_in_the_index_alone_agrees_with_the_filtered_path(
    journal: Journal, library: PromptLibrary
) -> None:
    """With no filter, ranking skips the join to entries; the order must not change."""
    from datetime import date

    from reflect.core.records import EntryFilter

    fill_journal(journal, library, 200, seed=25, until=TODAY)
    unfiltered = journal.search("visit", limit=60)
    trashed = unfiltered[3].entry
    journal.delete(trashed.id)
    unfiltered = journal.search("visit", limit=60)
    assert trashed.id not in [h.entry.id for h in unfiltered]
    # Any filter takes the joined path; one that keeps every entry must agree.
    everything = EntryFilter(start=date(1990, 1, 1))
    joined = journal.search("visit", limit=60, filters=everything)
    assert [h.entry.id for h in unfiltered] == [h.entry.id for h in joined]
    assert [h.rank for h in unfiltered] == [h.rank for h in joined]


@pytest.mark.parametrize("split_from", [None, 0])
def test_reflect_search_and_the_app_rank_alike(
    journal_path: Path,
    library: PromptLibrary,
    monkeypatch: pytest.MonkeyPatch,
    split_from: int | None,
) -> None:
    """`reflect search` reads through `SearchReader`; the app through `Journal`: same hits."""
    from reflect.core import ranking
    from reflect.core.listing import SearchReader
    from reflect.core.records import EntryFilter

    if split_from is not None:  # common words beside rare ones only filter, in both
        monkeypatch.setattr(ranking, "SPLIT_FROM", split_from)

    with Journal.open(journal_path) as journal:
        fill_journal(journal, library, 150, seed=24, until=TODAY)
        journal.delete(journal.list_entries(limit=1).items[0].id)  # one in the trash
        # A rare word, a common one, both (the common one only filters), paging.
        queries = [("kitchen", {}), ("visit", {"offset": 5}), ("relationship", {})]
        queries += [("the", {}), ("kitchen the", {}), ("the visit kitchen", {"offset": 3})]
        filtered = EntryFilter(status="complete")
        wanted = [journal.search(q, limit=15, **kw) for q, kw in queries]
        wanted.append(journal.search("visit", limit=15, filters=filtered))
        counted = journal.count_matches("visit")
    reader = SearchReader.open(journal_path)
    assert reader is not None
    with reader:
        found = [reader.search(q, limit=15, **kw) for q, kw in queries]
        found.append(reader.search("visit", limit=15, filters=filtered))
        assert reader.count_matches("visit") == counted
    assert all(hits for hits in wanted) and len(wanted[0]) == 15
    assert found == wanted


def test_entries_in_the_trash_are_left_out_of_every_page(
    journal: Journal, library: PromptLibrary
) -> None:
    from datetime import date

    from reflect.core.records import EntryFilter

    fill_journal(journal, library, 200, seed=25, until=TODAY)
    best = uids(journal, "visit", limit=30)
    by_uid = {e.uid: e.id for e in journal.iter_details()}
    trashed = {best[0], best[7], best[21]}  # on the first and later pages
    for uid in trashed:
        journal.delete(by_uid[uid])
    whole = uids(journal, "visit", limit=60)
    assert not trashed & set(whole) and len(whole) == 60
    pages = [uids(journal, "visit", limit=20, offset=start) for start in (0, 20, 40)]
    assert [u for page in pages for u in page] == whole
    # The same as the joined query a filter takes (this one keeps every date).
    joined = journal.search("visit", limit=60, filters=EntryFilter(start=date(1900, 1, 1)))
    assert [h.entry.uid for h in joined] == whole


def full_bm25(journal: Journal, typed: str) -> dict[int, float]:
    """FTS5's bm25 over the whole of what was typed, for every match, from the index."""
    from reflect.core.listing import fts_query
    from reflect.core.ranking import BM25_WEIGHTS

    with journal._read() as db:
        return {
            row[0]: row[1]
            for row in db.execute(
                f"SELECT rowid, bm25(entry_fts, {BM25_WEIGHTS}) FROM entry_fts"
                " WHERE entry_fts MATCH :m",
                {"m": fts_query(typed)},
            )
        }


def test_a_common_word_beside_a_rare_one_only_filters(
    journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed with "the", "kitchen" ranks as alone, among the entries that also say "the"."""
    from reflect.core import ranking

    monkeypatch.setattr(ranking, "SPLIT_FROM", 0)  # split however few entries match
    fill_journal(journal, library, 300, seed=26, until=TODAY)
    journal.add_records(
        [
            # The rare word and not the common one: found by "kitchen" alone.
            planted("no-article", 5, "Kitchen cupboards bare; kitchen cold; kitchen tidy."),
            # Says the common word very often: no higher for it.
            planted("many-articles", 6, "the the the the the the the the kitchen"),
        ]
    )
    total = journal.count_entries()
    assert journal.count_matches("the") * 2 >= total > journal.count_matches("kitchen") * 2
    alone = journal.search("kitchen", limit=1000)
    both = journal.search("kitchen the", limit=1000)
    says_the = full_bm25(journal, "the")
    # The same entries in the same order, with the same ranks: "the" only filtered.
    expected = [(h.entry.uid, h.rank) for h in alone if h.entry.id in says_the]
    assert [(h.entry.uid, h.rank) for h in both] == expected
    assert "no-article" not in [uid for uid, _rank in expected]
    assert journal.count_matches("kitchen the") == len(both)
    # And the order is FTS5's bm25 over both words but for near-ties: the
    # common word's share of any entry's score is a few millionths.
    whole = full_bm25(journal, "kitchen the")
    assert set(whole) == {h.entry.id for h in both}
    assert max(abs(whole[h.entry.id] - h.rank) for h in both) < 1e-4
    # Pages follow on from one another.
    pages = [uids(journal, "kitchen the", limit=25, offset=start) for start in (0, 25, 50)]
    assert [u for page in pages for u in page] == [uid for uid, _rank in expected][:75]


def test_a_search_of_common_words_alone_still_ranks_every_match_by_bm25(
    journal: Journal, library: PromptLibrary
) -> None:
    """Every word in more than half the entries: bm25's order, not the newest first."""
    fill_journal(journal, library, 200, seed=27, until=TODAY)
    journal.add_records(
        [planted("the-most", 800, " ".join(["the visit went the way of the last"] * 6))]
    )
    total = journal.count_entries()
    assert journal.count_matches("the") * 2 >= total and journal.count_matches("visit") * 2 >= total
    hits = journal.search("the visit", limit=1000)
    assert hits[0].entry.uid == "the-most"  # the oldest, yet it says them most
    whole = full_bm25(journal, "the visit")
    assert [h.entry.id for h in hits] == sorted(whole, key=lambda i: (whole[i], -i))
    assert journal.count_matches("the visit") == len(hits) == len(whole)
    pages = [uids(journal, "the visit", limit=30, offset=start) for start in (0, 30, 60)]
    assert [u for page in pages for u in page] == [h.entry.uid for h in hits][:90]


def test_when_few_of_the_best_hold_the_common_word_one_query_tests_every_match(
    journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the ids checked a batch at a time, the same order comes from one query."""
    from datetime import date

    from reflect.core import ranking
    from reflect.core.records import EntryFilter

    monkeypatch.setattr(ranking, "SPLIT_FROM", 0)
    fill_journal(journal, library, 200, seed=28, until=TODAY)
    with journal._read() as db:
        terms = ranking.split_terms(db, ['"kitchen"', '"the"*'])
    assert (terms.informative, terms.common) == ('"kitchen"', '"the"*')
    journal.delete(uids_to_ids(journal, uids(journal, "kitchen the", limit=5))[2])
    everything = EntryFilter(start=date(1990, 1, 1))
    asked = [
        ("kitchen the", {"limit": 40}),
        ("kitchen the", {"limit": 10, "offset": 7}),
        ("kitchen the", {"limit": 40, "filters": everything}),
    ]
    batched = [journal.search(q, **kw) for q, kw in asked]  # type: ignore[arg-type]
    monkeypatch.setattr(ranking, "CHECK_AT_MOST", 3)
    monkeypatch.setattr(ranking, "CHECK_BATCH", 2)
    assert [journal.search(q, **kw) for q, kw in asked] == batched  # type: ignore[arg-type]
    assert batched[0] and batched[0][7:17] == batched[1]
    assert [h.entry.id for h in batched[0]] == [h.entry.id for h in batched[2]]


def uids_to_ids(journal: Journal, wanted: list[str]) -> list[int]:
    by_uid = {e.uid: e.id for e in journal.iter_details()}
    return [by_uid[uid] for uid in wanted]


def test_the_count_leaves_out_the_trash_whether_looked_up_or_joined(
    journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matches in the trash are found by their ids; with a full trash, by one join."""
    from reflect.core import ranking

    fill_journal(journal, library, 150, seed=29, until=TODAY)
    every = uids(journal, "kitchen", limit=1000)
    journal.delete(uids_to_ids(journal, every[:1])[0])
    elsewhere = [uid for uid in uids(journal, "garden", limit=1000) if uid not in every]
    journal.delete(uids_to_ids(journal, elsewhere[:1])[0])  # in the trash, not a match
    counted = journal.count_matches("kitchen")
    assert counted == len(every) - 1 == len(uids(journal, "kitchen", limit=1000))
    monkeypatch.setattr(ranking, "TRASH_LOOKUPS", 0)  # every trash is "full"
    assert journal.count_matches("kitchen") == counted


def test_a_small_journal_ranks_by_bm25_over_every_word(
    journal: Journal, library: PromptLibrary
) -> None:
    """Under `SPLIT_FROM` entries for the rarest word, the order is FTS5's bm25 itself."""
    from reflect.core import ranking

    fill_journal(journal, library, 200, seed=30, until=TODAY)
    with journal._read() as db:
        assert ranking.split_terms(db, ['"kitchen"', '"the"*']).common is None
    hits = journal.search("kitchen the", limit=1000)
    whole = full_bm25(journal, "kitchen the")
    assert [(h.entry.id, h.rank) for h in hits] == sorted(
        whole.items(), key=lambda hit: (hit[1], -hit[0])
    )


def test_the_snippet_comes_from_the_answers_or_else_from_the_tag_that_matched(
    journal: Journal,
) -> None:
    journal.add_records(
        [
            planted("in-words", 3, "We sat in the kitchen and talked about school."),
            planted("in-tag", 2, "We went through the plan.", themes=(RELATIONSHIP_TAG,)),
        ]
    )
    (words,) = journal.search("kitchen")
    assert [p.text for p in words.snippet if p.match] == ["kitchen"]
    assert "We sat in the" in "".join(p.text for p in words.snippet)
    (tag,) = journal.search("relationship")
    assert tag.entry.uid == "in-tag"
    assert [p.text for p in tag.snippet if p.match] == ["relationship"]
