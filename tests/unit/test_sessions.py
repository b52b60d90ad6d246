"""Supervision sessions: drafts that count for nothing until recorded, corrections with history."""

from __future__ import annotations

from datetime import date

import pytest

from reflect.core.files import JournalError
from reflect.core.journal import Journal
from reflect.core.records import EntryFilter
from reflect.core.sessions import SessionContent
from tests.helpers import TODAY, new_draft


def flagged_entries(journal: Journal, n: int) -> list[str]:
    uids = []
    for i in range(n):
        entry = new_draft(journal, f"CF-{3000 + i}")
        journal.update_entry(entry.id, flagged=True, supervisor_question=f"Question {i}")
        uids.append(entry.uid)
    return uids


def waiting(journal: Journal) -> int:
    return journal.count_entries(EntryFilter(flagged=True, undiscussed=True))


def test_a_draft_session_counts_for_nothing_until_recorded(journal: Journal) -> None:
    uids = flagged_entries(journal, 3)
    draft = journal.start_session_draft(SessionContent(TODAY))
    assert draft.status == "draft" and draft.entry_uids == ()
    content = SessionContent(
        TODAY,
        supervisor_initials="JM",
        notes="Talked about the second visit.",
        entry_uids=(uids[0],),
        actions=((None, "Ring the school", date(2026, 12, 1), False),),
    )
    journal.save_session_draft(draft.id, content)
    # Saved, but still a draft: not listed, nothing discussed, not the last supervision.
    assert journal.supervision_sessions() == []
    assert journal.last_supervision() is None
    assert waiting(journal) == 3
    assert [d.id for d in journal.session_drafts()] == [draft.id]
    recorded = journal.record_session(draft.id, content)
    assert recorded.status == "complete"
    assert [s.id for s in journal.supervision_sessions()] == [draft.id]
    assert waiting(journal) == 2
    assert [a.text for a in recorded.actions] == ["Ring the school"]
    assert journal.session_drafts() == []
    with pytest.raises(JournalError, match="recorded already"):
        journal.save_session_draft(draft.id, content)


def test_a_recorded_session_can_be_corrected_and_keeps_its_earlier_versions(
    journal: Journal,
) -> None:
    uids = flagged_entries(journal, 3)
    draft = journal.start_session_draft(SessionContent(TODAY))
    first = SessionContent(
        TODAY,
        notes="First notes",
        entry_uids=tuple(uids),
        actions=((None, "Book a joint visit", None, False),),
    )
    session = journal.record_session(draft.id, first)
    assert waiting(journal) == 0
    action_id = session.actions[0].id
    # Ticked by mistake: two were not discussed. The notes are corrected too.
    corrected = SessionContent(
        TODAY,
        notes="Corrected notes",
        entry_uids=(uids[1],),
        actions=((action_id, "Book a joint visit with health", None, True),),
    )
    after = journal.correct_session(session.id, corrected)
    assert after.notes == "Corrected notes" and after.entry_uids == (uids[1],)
    assert after.actions[0].id == action_id and after.actions[0].done
    assert waiting(journal) == 2
    (revision,) = journal.session_revisions(session.id)
    assert revision.content.notes == "First notes"
    assert set(revision.content.entry_uids) == set(uids)
    assert [a[1] for a in revision.content.actions] == ["Book a joint visit"]


def test_an_entry_can_be_unmarked_as_discussed(journal: Journal) -> None:
    uids = flagged_entries(journal, 2)
    draft = journal.start_session_draft(SessionContent(TODAY))
    session = journal.record_session(draft.id, SessionContent(TODAY, entry_uids=tuple(uids)))
    assert waiting(journal) == 0
    after = journal.unmark_discussed(session.id, uids[0])
    assert after.entry_uids == (uids[1],)
    assert waiting(journal) == 1
    assert len(journal.session_revisions(session.id)) == 1


def test_a_draft_can_be_thrown_away_but_a_recorded_session_cannot(journal: Journal) -> None:
    draft = journal.start_session_draft(SessionContent(TODAY, notes="oops"))
    journal.discard_session_draft(draft.id)
    assert journal.session_drafts() == []
    kept = journal.add_supervision_session(TODAY, notes="kept")
    with pytest.raises(JournalError, match="recorded already"):
        journal.discard_session_draft(kept.id)
