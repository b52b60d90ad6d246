"""The journal service behind browsing and supervision: keyset pages, filters,
revisions kept once per sitting, sessions for an entry, and theme counts."""

from __future__ import annotations

from datetime import timedelta

from reflect.core.journal import Journal
from reflect.core.records import EntryFilter
from tests.helpers import TODAY, new_draft


def _entries(journal: Journal, n: int) -> list[int]:
    ids = []
    for i in range(n):
        entry = new_draft(journal, f"CF-{1000 + i % 3}", TODAY - timedelta(days=i // 2))
        journal.complete(entry.id)
        ids.append(entry.id)
    return ids


def test_keyset_pages_walk_every_entry_once_in_order(journal: Journal) -> None:
    _entries(journal, 23)
    everything = journal.list_entries(limit=100).items
    seen = []
    after = None
    while True:
        page = journal.list_entries(limit=5, after=after)
        seen.extend(page.items)
        if not page.has_more:
            break
        after = (page.items[-1].visit_date, page.items[-1].id)
    assert [e.id for e in seen] == [e.id for e in everything]
    assert len(seen) == 23
    # Newest visit first, and within a day the later entry first.
    keys = [(e.visit_date, e.id) for e in seen]
    assert keys == sorted(keys, reverse=True)


def test_keyset_pages_respect_filters(journal: Journal) -> None:
    _entries(journal, 12)
    f = EntryFilter(case_code="cf-1001")
    first = journal.list_entries(f, limit=2)
    rest = journal.list_entries(f, limit=50, after=(first.items[-1].visit_date, first.items[-1].id))
    codes = {e.case_code for e in (*first.items, *rest.items)}
    assert codes == {"CF-1001"}
    assert len(first.items) + len(rest.items) == journal.count_entries(f) == 4


def test_pcf_filter_only_matches_pcf_tags(journal: Journal) -> None:
    a, b = _entries(journal, 2)
    journal.set_tags(a, pcf_domains=["Critical Reflection and Analysis"])
    journal.set_tags(b, free_tags=["Critical Reflection and Analysis"])
    found = journal.list_entries(EntryFilter(pcf_domain="critical reflection and analysis"))
    assert [e.id for e in found.items] == [a]
    # The general tag filter finds both.
    assert journal.count_entries(EntryFilter(tag="Critical Reflection and Analysis")) == 2


def test_undiscussed_filter_drops_entries_taken_to_supervision(journal: Journal) -> None:
    a, b, c = _entries(journal, 3)
    for entry_id in (a, b, c):
        journal.update_entry(entry_id, flagged=True)
    discussed = journal.get_entry(b)
    journal.add_supervision_session(TODAY, supervisor_initials="JM", entry_uids=[discussed.uid])
    left = journal.list_entries(EntryFilter(flagged=True, undiscussed=True)).items
    assert sorted(e.id for e in left) == [a, c]


def test_filters_combine(journal: Journal) -> None:
    ids = _entries(journal, 9)
    journal.update_entry(ids[0], flagged=True)
    journal.update_entry(ids[3], flagged=True)
    journal.set_tags(ids[3], themes=["Trust"])
    f = EntryFilter(flagged=True, tag="trust", case_code="CF-1000", end=TODAY)
    assert [e.id for e in journal.list_entries(f).items] == [ids[3]]
    assert EntryFilter().is_empty()
    assert EntryFilter(in_trash=True).is_empty()
    assert not f.is_empty()


def test_editing_keeps_one_revision_per_sitting(journal: Journal) -> None:
    (entry_id,) = _entries(journal, 1)
    journal.edit_entry(entry_id, {"context": "first words"})
    journal.edit_entry(entry_id, {"context": "first words, and more"}, keep_revision=False)
    journal.edit_entry(entry_id, {"context": "first words, and more still"}, keep_revision=False)
    history = journal.revisions(entry_id)
    assert len(history) == 1
    assert history[0].answers[0].text == ""
    assert journal.get_entry(entry_id).answer("context").text == "first words, and more still"  # type: ignore[union-attr]
    # A new sitting keeps the version it opened.
    journal.edit_entry(entry_id, {"context": "rewritten"})
    history = journal.revisions(entry_id)
    assert [r.answers[0].text for r in history] == ["first words, and more still", ""]


def test_sessions_for_an_entry_and_the_last_one(journal: Journal) -> None:
    a, b = _entries(journal, 2)
    uid_a, uid_b = journal.get_entry(a).uid, journal.get_entry(b).uid
    assert journal.last_supervision() is None
    first = journal.add_supervision_session(
        TODAY - timedelta(days=28), supervisor_initials="JM", notes="One", entry_uids=[uid_a]
    )
    second = journal.add_supervision_session(
        TODAY, supervisor_initials="JM", notes="Two", entry_uids=[uid_a, uid_b]
    )
    assert [s.id for s in journal.supervision_sessions(entry_id=a)] == [first.id, second.id]
    assert [s.id for s in journal.supervision_sessions(entry_id=b)] == [second.id]
    last = journal.last_supervision()
    assert last is not None and last.notes == "Two"


def test_tag_counts_over_a_period(journal: Journal) -> None:
    ids = _entries(journal, 6)  # visits on TODAY, TODAY, -1, -1, -2, -2
    journal.set_tags(ids[0], themes=["Trust"], pcf_domains=["Values and Ethics"])
    journal.set_tags(ids[1], themes=["Trust", "Use of self"])
    journal.set_tags(ids[4], themes=["Trust"])
    journal.delete(ids[1])
    counts = journal.tag_counts(TODAY - timedelta(days=1), TODAY)
    assert counts.entries == 3
    assert counts.themes == {"Trust": 1}
    assert counts.pcf_domains == {"Values and Ethics": 1}
    assert journal.tag_counts().themes == {"Trust": 2}


def test_summaries_by_uid_include_the_trash(journal: Journal) -> None:
    a, _b, c = _entries(journal, 3)
    uids = [journal.get_entry(i).uid for i in (c, a)]
    journal.delete(a)
    found = journal.summaries([*uids, uids[0], "no-such-uid"])
    assert sorted(e.id for e in found) == [a, c]
    assert journal.summaries([]) == []
