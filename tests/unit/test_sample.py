"""Sample journals: deterministic, realistic in shape, and fictional."""

from __future__ import annotations

import re

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter, EntryRecord
from reflect.core.sample import CHILDREN, PARENTS, fill_journal, generate
from reflect.core.store import fts_integrity_problems
from tests.helpers import TODAY


def test_same_seed_same_entries(library: PromptLibrary) -> None:
    first = list(generate(library, 40, seed=5, until=TODAY))
    second = list(generate(library, 40, seed=5, until=TODAY))
    other = list(generate(library, 40, seed=6, until=TODAY))
    assert first == second
    assert first != other


def test_sample_is_varied(library: PromptLibrary) -> None:
    records = list(generate(library, 400, seed=1, until=TODAY))
    assert len({r.case_code for r in records}) >= 8
    assert {r.visit_type for r in records} == {"home", "joint", "office", "virtual", "other"}
    assert {r.prompt_set_id for r in records} >= {"relational", "quick", "gibbs"}
    assert any(r.flagged for r in records) and not all(r.flagged for r in records)
    assert any(r.status == "draft" for r in records)
    assert any(r.actions for r in records)
    assert any(r.themes for r in records) and any(r.pcf_domains for r in records)
    assert all(r.visit_date <= TODAY for r in records)
    years = {r.visit_date.year for r in records}
    assert len(years) >= 2


def test_sample_names_no_one(library: PromptLibrary) -> None:
    """People appear by role only: no capitalised word inside a sentence except known terms."""
    allowed = {"CF", "CIN", "CP", "I"}
    for record in generate(library, 300, seed=2, until=TODAY):
        for answer in record.answers:
            for sentence in re.split(r"(?<=[.!?])\s+", answer.text):
                inner = sentence.split()[1:]
                capitals = {w.strip(".,;'") for w in inner if w[:1].isupper()}
                assert capitals <= allowed, (sentence, capitals)
    assert all(p.islower() for p in PARENTS + CHILDREN)


def test_fill_journal_adds_terms_and_entries(journal: Journal, library: PromptLibrary) -> None:
    added = fill_journal(journal, library, 150, seed=3, until=TODAY)
    assert added == 150
    assert journal.count_entries() == 150
    # Two academic years of terms, and a placement inside this autumn term.
    assert len(journal.terms()) == 7
    autumn, placement = journal.get_term("Autumn 2026-27"), journal.get_term("Placement 2")
    assert autumn.start <= placement.start and placement.end <= autumn.end
    assert journal.count_entries(EntryFilter(term="Autumn 2026-27")) > 0
    # CPD records, complete and draft; one with peer reflection drawing on entries.
    records = journal.cpd_records()
    assert {r.status for r in records} == {"complete", "draft"}
    peer = [r for r in records if r.has_peer_reflection]
    assert len(peer) == 1 and peer[0].fields.entry_ids
    assert fts_integrity_problems(journal.engine) == []
    assert journal.search("kitchen table")


def test_loading_the_same_records_twice_adds_nothing(
    journal: Journal, library: PromptLibrary
) -> None:
    records = list(generate(library, 30, seed=4, until=TODAY))
    assert journal.add_records(records) == 30
    assert journal.add_records(records) == 0
    assert journal.count_entries() == 30


def test_bulk_load_matches_what_the_triggers_would_index(
    journal: Journal, library: PromptLibrary
) -> None:
    journal.add_records(generate(library, 50, seed=9, until=TODAY), batch_size=7)
    # FTS5's own check compares the index with the documents, entry by entry.
    assert fts_integrity_problems(journal.engine) == []
    with journal.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM fts_pause").scalar() == 0


def test_sample_sessions_discuss_earlier_flagged_entries_once_each(
    journal: Journal, library: PromptLibrary
) -> None:
    from reflect.core.sample import SESSIONS, add_sample_sessions

    fill_journal(journal, library, 200, seed=7, until=TODAY)
    assert add_sample_sessions(journal, TODAY) == len(SESSIONS)
    sessions = journal.supervision_sessions()
    assert len(sessions) == len(SESSIONS)
    dates = [s.session_date for s in sessions]
    assert all(d.weekday() < 5 for d in dates)
    assert dates == sorted(dates) and dates[-1] <= TODAY
    by_uid = {e.uid: e for e in journal.iter_details(EntryFilter())}
    seen: list[str] = []
    for session in sessions:
        assert len(session.entry_uids) <= 3
        for uid in session.entry_uids:
            entry = by_uid[uid]
            assert entry.flagged
            assert 0 <= (session.session_date - entry.visit_date).days <= 180
        seen += session.entry_uids
        assert len(session.actions) == 1 and session.notes.strip()
        assert session.supervisor_initials == "JB"
    assert seen and len(seen) == len(set(seen))
    last = journal.last_supervision()
    assert last is not None and last.session_date == dates[-1]
    # The latest was corrected after it was recorded; its first version is kept.
    (revision,) = journal.session_revisions(last.id)
    assert last.notes.startswith(revision.content.notes) and last.notes != revision.content.notes
    # The agenda then holds only what no session has discussed.
    undiscussed = journal.list_entries(EntryFilter(flagged=True, undiscussed=True), limit=500)
    assert not {e.uid for e in undiscussed.items} & set(seen)


def test_sample_text_has_a_long_tail(library: PromptLibrary) -> None:
    """Thousands of distinct words, most of them rare, as in real writing."""
    from collections import Counter

    from reflect.core.sample_text import vocabulary

    assert len(vocabulary()) >= 5_000
    records = list(generate(library, 1_000, seed=1, until=TODAY))
    words: Counter[str] = Counter()
    entries_with: Counter[str] = Counter()
    for record in records:
        seen = {
            w.strip(".,;").lower() for a in record.answers for w in a.text.split() if w.strip(".,;")
        }
        entries_with.update(seen)
        words.update(w.strip(".,;").lower() for a in record.answers for w in a.text.split())
    assert len(words) >= 5_000
    # Zipf-like: the most common word is several times the tenth, which is
    # several times the hundredth.
    ranked = [n for _, n in words.most_common()]
    assert ranked[0] > 3 * ranked[9] > 9 * ranked[99]
    # The long tail: most words are in fewer than 1% of entries.
    rare = sum(1 for n in entries_with.values() if n < len(records) / 100)
    assert rare > len(entries_with) / 2


def test_answers_run_from_a_sentence_to_several_paragraphs(library: PromptLibrary) -> None:
    answers = [
        a.text for r in generate(library, 300, seed=3, until=TODAY) for a in r.answers if a.text
    ]
    sentences = [len(re.findall(r"[.!?](?:\s|$)", text)) for text in answers]
    paragraphs = [text.count("\n\n") + 1 for text in answers]
    assert min(sentences) == 1
    assert max(sentences) >= 8
    assert sum(1 for p in paragraphs if p >= 2) > len(answers) / 50
    assert max(paragraphs) >= 3


def test_without_the_long_tail_every_sentence_is_one_of_the_prompts_own(
    library: PromptLibrary,
) -> None:
    """The demo's text reads as English: no invented words from the long tail."""
    from reflect.core.sample_text import vocabulary

    readable = list(generate(library, 60, seed=5, until=TODAY, long_tail=False))
    tailed = list(generate(library, 60, seed=5, until=TODAY))

    def words(records: list[EntryRecord]) -> set[str]:
        return {w.strip(".,;").lower() for r in records for a in r.answers for w in a.text.split()}

    tail_words = set(vocabulary()[1000:])
    assert not words(readable) & tail_words
    assert words(tailed) & tail_words  # the check can fail: the long tail has them
