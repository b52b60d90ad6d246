"""The journal service against a real temporary journal file."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from reflect.core.journal import EntryNotFound, Journal, TermError
from reflect.core.listing import fts_query
from reflect.core.records import EntryFilter
from tests.helpers import TODAY, new_draft


def test_create_draft_makes_an_empty_answer_per_prompt(journal: Journal) -> None:
    entry = new_draft(journal, "  CF-1001 ")
    assert entry.status == "draft"
    assert entry.case_code == "CF-1001"
    assert [a.prompt_id for a in entry.answers] == ["context", "feelings", "next"]
    assert all(a.text == "" for a in entry.answers)
    assert entry.answers[0].question == "What happened on the visit?"


def test_create_draft_refuses_bad_input(journal: Journal) -> None:
    with pytest.raises(ValueError, match="case code"):
        new_draft(journal, "   ")
    with pytest.raises(ValueError):
        new_draft(journal, visit_type="teleport")


def test_autosave_writes_text_and_step(journal: Journal) -> None:
    entry = new_draft(journal)
    saved_at = journal.save_draft(entry.id, {"context": "We sat in the kitchen"}, current_step=1)
    again = journal.get_entry(entry.id)
    assert again.answer("context").text == "We sat in the kitchen"  # type: ignore[union-attr]
    assert again.current_step == 1
    assert again.updated_at == saved_at


def test_autosave_skips_unchanged_answers(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "same", "feelings": "tired"})
    # Count the answer rows really written, whatever the driver or its events.
    with sqlite3.connect(journal.path) as spy:  # type: ignore[arg-type]
        spy.execute("CREATE TABLE answer_writes (prompt_id VARCHAR)")
        spy.execute(
            "CREATE TRIGGER count_answer_writes AFTER UPDATE ON answer"
            " BEGIN INSERT INTO answer_writes VALUES (new.prompt_id); END"
        )
    journal.save_draft(entry.id, {"context": "same", "feelings": "tired, and relieved"})
    with sqlite3.connect(journal.path) as spy:  # type: ignore[arg-type]
        written = [row[0] for row in spy.execute("SELECT prompt_id FROM answer_writes")]
    assert written == ["feelings"]


def test_autosave_of_unknown_prompt_is_refused(journal: Journal) -> None:
    entry = new_draft(journal)
    with pytest.raises(ValueError, match="no prompt"):
        journal.save_draft(entry.id, {"nope": "text"})
    assert journal.get_entry(entry.id).answer("context").text == ""  # type: ignore[union-attr]


def test_complete(journal: Journal) -> None:
    entry = new_draft(journal)
    done = journal.complete(entry.id)
    assert done.status == "complete"
    assert done.completed_at is not None


def test_edit_keeps_a_revision_and_restore_brings_it_back(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "first version"})
    journal.complete(entry.id)
    journal.edit_entry(entry.id, {"context": "second version"}, flagged=True)
    assert journal.get_entry(entry.id).answer("context").text == "second version"  # type: ignore[union-attr]
    revisions = journal.revisions(entry.id)
    assert len(revisions) == 1
    assert revisions[0].answers[0].text == "first version"
    assert revisions[0].details["flagged"] is False
    restored = journal.restore_revision(revisions[0].id)
    assert restored.answer("context").text == "first version"  # type: ignore[union-attr]
    assert restored.flagged is False
    # restoring kept the second version too
    assert [r.answers[0].text for r in journal.revisions(entry.id)] == [
        "second version",
        "first version",
    ]


def test_edit_with_no_change_keeps_no_revision(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "same"})
    journal.edit_entry(entry.id, {"context": "same"})
    assert journal.revisions(entry.id) == []


def test_trash_restore_and_empty(journal: Journal) -> None:
    keep = new_draft(journal, "CF-1")
    gone = new_draft(journal, "CF-2")
    journal.delete(gone.id)
    assert [e.id for e in journal.list_entries().items] == [keep.id]
    assert [e.id for e in journal.list_entries(EntryFilter(in_trash=True)).items] == [gone.id]
    with pytest.raises(EntryNotFound):
        journal.save_draft(gone.id, {"context": "x"})
    journal.restore(gone.id)
    assert journal.count_entries() == 2
    journal.delete(gone.id)
    assert journal.empty_trash() == 1
    with pytest.raises(EntryNotFound):
        journal.get_entry(gone.id)
    assert journal.count_entries() == 1


def test_a_draft_with_nothing_written_is_not_kept(journal: Journal) -> None:
    empty = new_draft(journal, "CF-1")
    spaces = new_draft(journal, "CF-2")
    journal.save_draft(spaces.id, {"context": "   \n"})
    written = new_draft(journal, "CF-3")
    journal.save_draft(written.id, {"context": "We met at school"})
    with_action = new_draft(journal, "CF-4")
    journal.add_action("Ring the school", entry_id=with_action.id)
    asked = new_draft(journal, "CF-5")
    journal.update_entry(asked.id, supervisor_question="Was I fair?")
    done = new_draft(journal, "CF-6")
    journal.complete(done.id)
    assert journal.discard_if_empty(empty.id) is True
    assert journal.discard_if_empty(spaces.id) is True
    for kept in (written, with_action, asked, done):
        assert journal.discard_if_empty(kept.id) is False
    with pytest.raises(EntryNotFound):
        journal.get_entry(empty.id)
    assert journal.count_entries(EntryFilter(in_trash=True)) == 0
    assert {e.case_code for e in journal.list_entries().items} == {
        "CF-3",
        "CF-4",
        "CF-5",
        "CF-6",
    }


def test_tags_replace_per_kind(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.set_tags(
        entry.id, themes=["Trust", "Power"], pcf_domains=["Knowledge"], free_tags=["school"]
    )
    journal.set_tags(entry.id, themes=["Trust"])
    again = journal.get_entry(entry.id)
    assert again.themes == ("Trust",)
    assert again.pcf_domains == ("Knowledge",)
    assert again.free_tags == ("school",)


def test_actions(journal: Journal) -> None:
    entry = new_draft(journal)
    late = journal.add_action("Ring the school", entry_id=entry.id, due=TODAY + timedelta(days=9))
    soon = journal.add_action("Book next visit", entry_id=entry.id, due=TODAY + timedelta(days=2))
    undated = journal.add_action("Read the chronology", entry_id=entry.id)
    assert [a.id for a in journal.open_actions().items] == [soon.id, late.id, undated.id]
    journal.set_action_done(soon.id)
    assert [a.id for a in journal.open_actions().items] == [late.id, undated.id]
    assert journal.open_actions().items[0].case_code == "CF-1001"
    journal.delete(entry.id)
    assert journal.open_actions().items == ()
    with pytest.raises(ValueError):
        journal.add_action("   ", entry_id=entry.id)


def _entries(journal: Journal) -> dict[str, int]:
    made = {
        "old-home": new_draft(journal, "CF-1", date(2026, 1, 10)),
        "autumn-home": new_draft(journal, "CF-1", date(2026, 10, 5)),
        "autumn-virtual": new_draft(journal, "CF-2", date(2026, 10, 20), visit_type="virtual"),
        "autumn-flagged": new_draft(journal, "cf-2", date(2026, 11, 2)),
    }
    journal.update_entry(made["autumn-flagged"].id, flagged=True)
    journal.complete(made["autumn-home"].id)
    journal.set_tags(made["autumn-virtual"].id, themes=["Partnership and its limits"])
    journal.add_term("Autumn 2026", date(2026, 9, 1), date(2026, 12, 19))
    return {k: v.id for k, v in made.items()}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EntryFilter(), ["autumn-flagged", "autumn-virtual", "autumn-home", "old-home"]),
        (EntryFilter(term="autumn 2026"), ["autumn-flagged", "autumn-virtual", "autumn-home"]),
        (EntryFilter(start=date(2026, 10, 6), end=date(2026, 10, 31)), ["autumn-virtual"]),
        (EntryFilter(case_code="CF-2"), ["autumn-flagged", "autumn-virtual"]),
        (EntryFilter(tag="partnership and its limits"), ["autumn-virtual"]),
        (EntryFilter(status="complete"), ["autumn-home"]),
        (EntryFilter(status="draft", case_code="CF-1"), ["old-home"]),
        (EntryFilter(flagged=True), ["autumn-flagged"]),
        (EntryFilter(flagged=False, term="Autumn 2026", case_code="CF-2"), ["autumn-virtual"]),
        (EntryFilter(term="Autumn 2026", start=date(2026, 10, 21)), ["autumn-flagged"]),
    ],
)
def test_list_filters_combine(journal: Journal, filters: EntryFilter, expected: list[str]) -> None:
    ids = _entries(journal)
    page = journal.list_entries(filters)
    assert [e.id for e in page.items] == [ids[k] for k in expected]
    assert journal.count_entries(filters) == len(expected)


def test_themes_are_listed_most_written_about_first(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(
        entry.id, {"context": "short", "feelings": "a long answer about how it felt " * 5}
    )
    journal.set_tags(entry.id, themes=["Another theme", "The visit", "Use of self and emotion"])
    [summary] = journal.list_entries().items
    # the theme with most words first, then the one written about, then the rest
    assert summary.themes == ("Use of self and emotion", "The visit", "Another theme")


def test_unknown_term_is_a_clear_error(journal: Journal) -> None:
    with pytest.raises(TermError, match="no term called 'Spring'"):
        journal.list_entries(EntryFilter(term="Spring"))


def test_pages(journal: Journal) -> None:
    for i in range(7):
        new_draft(journal, f"CF-{i}", TODAY - timedelta(days=i))
    first = journal.list_entries(limit=3)
    second = journal.list_entries(limit=3, offset=3)
    last = journal.list_entries(limit=3, offset=6)
    assert [e.case_code for e in first.items] == ["CF-0", "CF-1", "CF-2"]
    assert [e.case_code for e in second.items] == ["CF-3", "CF-4", "CF-5"]
    assert [e.case_code for e in last.items] == ["CF-6"]
    assert (first.has_more, second.has_more, last.has_more) == (True, True, False)


def test_summary_shows_first_words_and_themes(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"feelings": "  Tired\n but ok  "})
    journal.set_tags(entry.id, themes=["Use of self and emotion"])
    summary = journal.list_entries().items[0]
    assert summary.first_words == "Tired but ok"
    assert summary.themes == ("Use of self and emotion",)


def test_search_ranks_and_highlights(journal: Journal) -> None:
    a = new_draft(journal, "CF-1")
    b = new_draft(journal, "CF-2")
    journal.save_draft(a.id, {"context": "The garden was tidy. We talked about the garden fence."})
    journal.save_draft(b.id, {"context": "Mentioned the garden once."})
    hits = journal.search("garden")
    assert [h.entry.id for h in hits] == [a.id, b.id]
    assert "[garden]" in hits[0].snippet_text()
    assert any(p.match and p.text.lower() == "garden" for p in hits[0].snippet)


def test_search_matches_prefix_of_the_last_word_and_all_words(journal: Journal) -> None:
    a = new_draft(journal, "CF-1")
    b = new_draft(journal, "CF-2")
    journal.save_draft(a.id, {"context": "school attendance is improving"})
    journal.save_draft(b.id, {"context": "school holidays"})
    assert {h.entry.id for h in journal.search("school atten")} == {a.id}
    assert {h.entry.id for h in journal.search("schoo")} == {a.id, b.id}


def test_search_respects_filters_and_limit_and_trash(journal: Journal) -> None:
    ids = [new_draft(journal, f"CF-{i}").id for i in range(5)]
    for entry_id in ids:
        journal.save_draft(entry_id, {"context": "contact arrangements"})
    journal.delete(ids[0])
    assert len(journal.search("contact", limit=2)) == 2
    assert {h.entry.id for h in journal.search("contact")} == set(ids[1:])
    assert [
        h.entry.id for h in journal.search("contact", filters=EntryFilter(case_code="CF-3"))
    ] == [ids[3]]


@pytest.mark.parametrize(
    "typed",
    ['"', "AND", "NEAR(", "-", "a OR", "(((", "*", "title:x", "'; DROP TABLE entry; --", "^"],
)
def test_search_survives_anything_typed(journal: Journal, typed: str) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "ordinary words"})
    journal.search(typed)  # must not raise
    assert journal.count_entries() == 1


def test_count_matches_counts_every_match_not_only_a_page(journal: Journal) -> None:
    for i in range(7):
        entry = new_draft(journal, f"CF-{i}")
        journal.save_draft(entry.id, {"context": f"kinship carers visit {i}"})
    assert journal.count_matches("kinship") == 7
    assert len(journal.search("kinship", limit=3)) == 3
    assert journal.count_matches("kinship", EntryFilter(case_code="CF-1")) == 1
    assert journal.count_matches("kin") == 7  # the last word as a prefix, as search does
    assert journal.count_matches("   ") == 0
    # An entry in the trash is neither found nor counted, with or without filters.
    journal.delete(journal.search("kinship", limit=1)[0].entry.id)
    assert journal.count_matches("kinship") == 6 == len(journal.search("kinship", limit=10))
    in_trash = journal.count_matches("kinship", EntryFilter(in_trash=True))
    assert in_trash == 1 and journal.count_matches("kinship", EntryFilter(status="draft")) == 6


def test_mark_words_marks_search_words_without_changing_the_text() -> None:
    from reflect.core.render import escape_text, mark_words, query_words

    words = query_words("Kinship care")
    assert words == ("kinship", "care")
    marked = mark_words(escape_text("The kinship carers: care_plan, Kinship."), words)
    # "care" in care_plan is marked: the search index splits words at "_" too
    assert marked == "The ***kinship*** ***carers***: ***care***\\_plan, ***Kinship***."
    assert mark_words("nothing here", words) == "nothing here"


def test_fts_query_quotes_words() -> None:
    assert fts_query("  ") is None
    assert fts_query("--") is None
    assert fts_query('mum "said"') == '"mum" AND """said"""'
    assert fts_query("mum sai") == '"mum" AND "sai"*'
    assert fts_query("NEAR(x", prefix_last=False) == '"NEAR(x"'


def test_search_by_case_code_and_tag(journal: Journal) -> None:
    entry = new_draft(journal, "CF-7777")
    journal.set_tags(entry.id, free_tags=["kinship care"])
    assert [h.entry.id for h in journal.search("CF-7777")] == [entry.id]
    assert [h.entry.id for h in journal.search("kinship")] == [entry.id]


def test_terms(journal: Journal) -> None:
    autumn = journal.add_term("Autumn 2026", date(2026, 9, 1), date(2026, 12, 19))
    journal.add_term("Placement 2", date(2027, 1, 11), date(2027, 5, 28))
    with pytest.raises(TermError, match=r"ends .* before it starts"):
        journal.add_term("Backwards", date(2027, 7, 1), date(2027, 6, 1))
    # Periods overlap in real life: a placement inside a term, across the year's end.
    inside = journal.add_term("Placement 1", date(2026, 9, 14), date(2026, 11, 27))
    journal.add_term("Across", date(2026, 12, 1), date(2027, 1, 20))
    with pytest.raises(TermError, match="already a term"):
        journal.add_term("autumn 2026", date(2030, 1, 1), date(2030, 2, 1))
    assert [t.name for t in journal.terms()] == [
        "Autumn 2026",
        "Placement 1",
        "Across",
        "Placement 2",
    ]
    assert journal.term_for(date(2026, 10, 1)) == autumn
    assert inside.contains(date(2026, 10, 1))
    assert journal.term_for(date(2027, 6, 25)) is None
    journal.remove_term("placement 2")
    journal.remove_term("across")
    journal.remove_term("placement 1")
    assert [t.name for t in journal.terms()] == ["Autumn 2026"]


def test_last_prompt_set(journal: Journal) -> None:
    assert journal.last_prompt_set_id() is None
    new_draft(journal)
    assert journal.last_prompt_set_id() == "test"


def test_journal_survives_reopening(journal_path) -> None:  # type: ignore[no-untyped-def]
    with Journal.open(journal_path) as first:
        entry = new_draft(first)
        first.save_draft(entry.id, {"context": "kept"})
    with Journal.open(journal_path) as second:
        assert second.get_entry(entry.id).answer("context").text == "kept"  # type: ignore[union-attr]


def test_control_characters_in_a_query_are_spaces(journal: Journal) -> None:
    # Found by hypothesis: a NUL ended FTS5's query string early.
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "garden fence"})
    assert [h.entry.id for h in journal.search("garden\x00fen")] == [entry.id]
    assert fts_query("\x00\x01") is None
