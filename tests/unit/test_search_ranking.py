"""Search ranks every match, and what the worker wrote counts above theme tags.

Planted entries among a realistic sample: the one that says a word most,
although it is the oldest; an entry that only carries a theme tag against
one whose own words say it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

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


def test_reflect_search_and_the_app_rank_alike(journal_path: Path, library: PromptLibrary) -> None:
    """`reflect search` reads through `SearchReader`; the app through `Journal`: same hits."""
    from reflect.core.listing import SearchReader
    from reflect.core.records import EntryFilter

    with Journal.open(journal_path) as journal:
        fill_journal(journal, library, 150, seed=24, until=TODAY)
        journal.delete(journal.list_entries(limit=1).items[0].id)  # one in the trash
        queries = [("kitchen", {}), ("visit", {"offset": 5}), ("relationship", {})]
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
    assert all(len(hits) == 15 for hits in wanted)
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
