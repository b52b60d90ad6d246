"""Two windows on one entry: a save based on an older version is refused, never silently lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.saving import EntryChangedElsewhere
from tests.helpers import new_draft


@pytest.fixture
def two(journal_path: Path):  # type: ignore[no-untyped-def]
    first = Journal.open(journal_path)
    second = Journal.open(journal_path)
    yield first, second
    first.close()
    second.close()


def test_each_change_of_words_or_details_raises_the_revision(journal: Journal) -> None:
    entry = new_draft(journal)
    assert entry.revision == 0
    saved = journal.save_entry(entry.id, {"context": "A home visit"}, base_revision=0)
    assert (saved.revision, saved.changed) == (1, True)
    again = journal.save_entry(entry.id, {"context": "A home visit"}, base_revision=1)
    assert (again.revision, again.changed) == (1, False)  # nothing changed: no new revision
    journal.save_entry(entry.id, fields={"flagged": True}, base_revision=1)
    journal.save_draft(entry.id, {"next": "Call school"})
    journal.update_entry(entry.id, supervisor_question="What now?")
    assert journal.get_entry(entry.id).revision == 4


def test_a_stale_save_is_refused_and_both_versions_survive(two) -> None:  # type: ignore[no-untyped-def]
    first, second = two
    entry = new_draft(first)
    base = first.get_entry(entry.id).revision
    assert second.get_entry(entry.id).revision == base
    second.save_entry(entry.id, {"context": "Second window's words"}, base_revision=base)
    with pytest.raises(EntryChangedElsewhere) as refused:
        first.save_entry(entry.id, {"context": "First window's words"}, base_revision=base)
    assert "changed in another Reflect window" in str(refused.value)
    assert refused.value.current_revision == base + 1
    assert first.get_entry(entry.id).answer("context").text == "Second window's words"  # type: ignore[union-attr]

    # Keep mine as the newest: the other window's version stays in history.
    first.save_entry(
        entry.id,
        {"context": "First window's words"},
        base_revision=refused.value.current_revision,
        keep_current=True,
    )
    now = first.get_entry(entry.id)
    assert now.answer("context").text == "First window's words"  # type: ignore[union-attr]
    history = [r.answers[0].text for r in first.revisions(entry.id)]
    assert history == ["Second window's words"]

    # The second window is now behind in turn, and is refused too.
    with pytest.raises(EntryChangedElsewhere):
        second.save_entry(entry.id, {"context": "More"}, base_revision=base + 1)


def test_reloading_keeps_my_version_in_history(two) -> None:  # type: ignore[no-untyped-def]
    first, second = two
    entry = new_draft(first)
    second.save_entry(entry.id, {"context": "Theirs"}, base_revision=0)
    with pytest.raises(EntryChangedElsewhere):
        first.save_entry(entry.id, {"context": "Mine"}, fields={"flagged": True}, base_revision=0)
    first.keep_version(entry.id, {"context": "Mine"}, {"flagged": True})
    kept = first.revisions(entry.id)[0]
    assert kept.answers[0].text == "Mine"
    assert kept.details["flagged"] is True
    assert first.get_entry(entry.id).answer("context").text == "Theirs"  # type: ignore[union-attr]


def test_a_refused_save_writes_nothing(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_entry(entry.id, {"context": "v1"}, base_revision=0)
    before = journal.get_entry(entry.id)
    with pytest.raises(EntryChangedElsewhere):
        journal.save_entry(
            entry.id, {"context": "stale"}, fields={"case_code": "CF-9"}, step=3, base_revision=0
        )
    assert journal.get_entry(entry.id) == before


def test_details_are_checked_as_update_entry_checks_them(journal: Journal) -> None:
    entry = new_draft(journal)
    with pytest.raises(ValueError):
        journal.save_entry(entry.id, fields={"case_code": "   "})
    with pytest.raises(ValueError):
        journal.save_entry(entry.id, fields={"status": "complete"})
    journal.save_entry(entry.id, fields={"case_code": " CF  77 ", "visit_type": "office"})
    saved = journal.get_entry(entry.id)
    assert (saved.case_code, saved.visit_type) == ("CF 77", "office")


def test_keeping_the_current_version_only_when_something_changes(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_entry(entry.id, {"context": "as it was"})
    journal.save_entry(entry.id, {"context": "as it was"}, keep_current=True)
    journal.save_entry(entry.id, fields={"flagged": False}, keep_current=True)
    assert journal.revisions(entry.id) == []  # nothing changed: no copy
    journal.save_entry(entry.id, {"context": "as it is"}, keep_current=True)
    assert [r.answers[0].text for r in journal.revisions(entry.id)] == ["as it was"]
