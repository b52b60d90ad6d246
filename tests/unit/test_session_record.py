"""Recording and correcting a supervision session without a screen (core/session_record.py)."""

from __future__ import annotations

from datetime import date

from reflect.core.journal import Journal
from reflect.core.session_record import SessionRecord, same_content
from reflect.core.sessions import SessionContent

DAY = date(2026, 11, 19)


def save(record: SessionRecord, journal: Journal) -> None:
    result = record.save_state.save(lambda request: record.write(journal, request))
    assert result.saved, result.error


def test_typing_keeps_a_draft_and_ctrl_s_records_it(journal: Journal) -> None:
    record = SessionRecord(save_delay=0)
    record.opened(SessionContent(DAY))
    record.save_state.edit_many(record.values(SessionContent(DAY, "JM", "Talked about CF-7")))
    save(record, journal)
    assert record.draft_id is not None and not record.recorded
    assert journal.get_session(record.draft_id).status == "draft"
    assert record.status("Saved at 17:45") == "Draft saved at 17:45."
    record.recording = True
    record.save_state.edit_many(record.values(SessionContent(DAY, "JM", "Talked about CF-7")))
    save(record, journal)
    session = journal.get_session(record.draft_id)
    assert record.recorded and session.status == "complete"
    assert session.notes == "Talked about CF-7"
    assert record.status("Saved at 17:46") == "Session saved at 17:46."


def test_words_typed_after_recording_are_a_correction_that_keeps_the_recorded_version(
    journal: Journal,
) -> None:
    record = SessionRecord(save_delay=0)
    record.opened(SessionContent(DAY))
    record.recording = True
    record.save_state.edit_many(record.values(SessionContent(DAY, notes="first")))
    save(record, journal)
    assert record.draft_id is not None
    record.save_state.edit_many(record.values(SessionContent(DAY, notes="first, and more")))
    save(record, journal)
    assert journal.get_session(record.draft_id).notes == "first, and more"
    assert len(journal.session_revisions(record.draft_id)) == 1


def test_a_correction_waits_for_ctrl_s_and_an_unchanged_one_keeps_no_version(
    journal: Journal,
) -> None:
    stored = journal.start_session_draft(SessionContent(DAY, "JM", "notes"))
    recorded = journal.record_session(stored.id, SessionContent(DAY, "JM", "notes"))
    record = SessionRecord(recorded)
    assert record.correcting and record.draft_id is None
    record.opened(SessionContent(DAY, "JM", "notes"))
    assert record.unchanged_correction(SessionContent(DAY, "JM", "notes"))
    record.save_state.edit_many(record.values(SessionContent(DAY, "JM", "notes, corrected")))
    assert not record.save_state.due()  # never saved as it is typed
    assert not record.unchanged_correction(SessionContent(DAY, "JM", "notes, corrected"))
    save(record, journal)
    assert journal.get_session(recorded.id).notes == "notes, corrected"
    assert len(journal.session_revisions(recorded.id)) == 1
    assert record.status("Saved at 9:00") == "Correction saved at 9:00."


def test_only_a_changed_form_differs_from_the_stored_session(journal: Journal) -> None:
    stored = journal.start_session_draft(SessionContent(DAY))
    session = journal.get_session(stored.id)
    assert same_content(SessionContent(DAY), session)
    assert not same_content(SessionContent(DAY, notes="new"), session)
    assert not same_content(None, session)


def test_a_correction_saved_unchecked_is_kept_as_a_draft_and_ctrl_s_records_it(
    journal: Journal,
) -> None:
    """Saved without ctrl+s while the check would ask: a draft, the recorded version kept."""
    stored = journal.start_session_draft(SessionContent(DAY, "JM", "notes"))
    recorded = journal.record_session(stored.id, SessionContent(DAY, "JM", "notes"))
    record = SessionRecord(recorded, save_delay=0)
    record.opened(SessionContent(DAY, "JM", "notes"))
    corrected = SessionContent(DAY, "JM", "notes, and 07700 900123")
    record.save_state.edit_many(record.values(corrected))
    result = record.save_state.save(
        lambda request: record.write(journal, request, check_would_ask=lambda c: True)
    )
    assert result.saved, result.error
    session = journal.get_session(recorded.id)
    assert session.status == "draft" and session.notes == "notes, and 07700 900123"
    assert [r.content.notes for r in journal.session_revisions(recorded.id)] == ["notes"]
    assert not record.correcting and record.draft_id == recorded.id
    assert record.status("Saved at 9:00").startswith("Kept as a draft: the correction")
    assert record.status("Saved at 9:01") == "Draft saved at 9:01."  # said once
    record.recording = True  # ctrl+s, the check passed
    record.save_state.edit_many(record.values(corrected))
    result = record.save_state.save(
        lambda request: record.write(journal, request, check_would_ask=lambda c: True)
    )
    assert result.saved, result.error
    assert journal.get_session(recorded.id).status == "complete" and record.recorded
