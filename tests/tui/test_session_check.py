"""A correction to a recorded supervision session saved as the app closes follows ctrl+s's rule.

ctrl+s on a correction runs the identifier check first; ctrl+q, ctrl+c and
the window closing saved the correction into the recorded session without
it (tui27's report, round 27). Now, as a changed CPD record does
(tests/tui/test_cpd_check.py): a correction the check would ask about is
kept, every word, as a draft that counts for nothing until ctrl+s has checked
and recorded it; the recorded version is kept. Each case is checked in the
journal.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.session import CorrectSessionScreen, RecordSessionScreen
from reflect.tui.screens.sessions import SessionsScreen
from reflect.tui.screens.supervision import SupervisionScreen
from tests.tui.conftest import build, keys, open_correction, recorded_session, settle, type_text

PHONE = "Ring her on 07700 900123. "


@pytest.fixture(autouse=True)
def quick_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.tui.screens import session
    from reflect.tui.widgets import saver

    monkeypatch.setattr(session, "SAVE_DELAY", 0.01)
    monkeypatch.setattr(session, "RETRY_DELAY", 0.05)
    monkeypatch.setattr(saver, "TICK", 0.01)


def status_of(screen: object) -> str:
    assert isinstance(screen, RecordSessionScreen)
    return str(screen.query_one("#s-status", Static).render())


def the_session(journal: Journal) -> int:
    (session,) = journal.supervision_sessions(include_drafts=True)
    return session.id


async def test_quitting_with_an_unchecked_correction_keeps_it_as_a_draft_to_check(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """ctrl+q saved a phone number into the recorded session without asking."""
    recorded_session(sample_journal)
    session_id = the_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        await type_text(pilot, PHONE)
        await pilot.press("ctrl+q")
        await pilot.pause()
    session = sample_journal.get_session(session_id)
    assert session.notes == PHONE + "First notes"  # every word kept
    assert session.status == "draft"
    assert sample_journal.supervision_sessions() == []  # counts for nothing until recorded
    (revision,) = sample_journal.session_revisions(session_id)
    assert revision.content.notes == "First notes"


async def test_the_draft_kept_on_quitting_says_so_and_ctrl_s_checks_and_records_it(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    recorded_session(sample_journal)
    session_id = the_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        await type_text(pilot, PHONE)
        assert app.save_everything() is None  # as quitting does
        await keys(pilot, "escape")  # a draft now: closing keeps it
        assert isinstance(app.screen, SessionsScreen)
        await keys(pilot, "escape")
        assert isinstance(app.screen, SupervisionScreen)
        await settle(pilot)
        lead = str(app.screen.query_one("#sup-lead", Static).render())
        assert "kept as a draft when Reflect closed: r checks it" in lead
        await keys(pilot, "r")
        form = app.screen
        assert isinstance(form, RecordSessionScreen) and not form.correcting
        assert "not checked yet" in status_of(form) and "ctrl+s" in status_of(form)
        # Its lead is about finishing the correction, not a new session's "while it is fresh".
        form_lead = str(form.query_one("#record .lead", Static).render())
        assert form_lead.startswith("Finish your correction of this session."), form_lead
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-question", Static).render())
        assert "phone number" in question
        await keys(pilot, "y")
        assert isinstance(app.screen, SupervisionScreen)
    (session,) = sample_journal.supervision_sessions()
    assert session.id == session_id and session.notes == "Ring her on [phone number]. First notes"
    assert [r.content.notes for r in sample_journal.session_revisions(session_id)] == [
        "First notes"
    ]


@pytest.mark.parametrize("go_back_first", [False, True], ids=["nothing_found", "kept_as_written"])
async def test_quitting_with_a_correction_the_check_passes_keeps_it_recorded(
    sample_journal: Journal, library: PromptLibrary, go_back_first: bool
) -> None:
    """As ctrl+s would: nothing found, or what was found already kept as written."""
    recorded_session(sample_journal)
    session_id = the_session(sample_journal)
    added = PHONE if go_back_first else "Slowly, over months. "
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        form = app.screen
        await type_text(pilot, added)
        if go_back_first:
            await keys(pilot, "ctrl+s", "n")  # asked, and gone back: kept as written
            assert app.screen is form
        await pilot.press("ctrl+q")
        await pilot.pause()
    (session,) = sample_journal.supervision_sessions()
    assert session.id == session_id and session.notes == added + "First notes"
    (revision,) = sample_journal.session_revisions(session_id)
    assert revision.content.notes == "First notes"


async def test_ctrl_c_on_an_unchecked_correction_keeps_a_draft_and_says_so(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """ctrl+c saves what is on screen: the same rule, and the form says what happened."""
    recorded_session(sample_journal)
    session_id = the_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        notes = await open_correction(pilot)
        form = app.screen
        assert isinstance(form, CorrectSessionScreen)
        shown = {k: b.binding.description for k, b in form.active_bindings.items()}
        assert (shown["ctrl+s"], shown["escape"]) == ("Save the correction", "Close")
        await type_text(pilot, PHONE)
        await keys(pilot, "ctrl+c")
        assert app.screen is form and not form.correcting
        assert status_of(form).startswith("Kept as a draft: the correction is not checked yet.")
        # The footer says what the keys do now, for a draft.
        shown = {k: b.binding.description for k, b in form.active_bindings.items()}
        assert shown["ctrl+s"] == "Record the session"
        assert shown["escape"] == "Close, draft kept"
        assert sample_journal.get_session(session_id).status == "draft"
        # Typed on, it is saved as a draft is, as it is typed.
        notes.move_cursor(notes.document.end)
        await type_text(pilot, " Then again.")
        await pilot.pause(0.1)
        await settle(pilot)
        session = sample_journal.get_session(session_id)
        assert session.notes == PHONE + "First notes Then again."
        assert session.status == "draft"
        await keys(pilot, "ctrl+s")  # the draft's ctrl+s: checked, then recorded
        assert isinstance(app.screen, ConfirmScreen)
        await keys(pilot, "y")
        assert isinstance(app.screen, SessionsScreen)
    session = sample_journal.get_session(session_id)
    assert session.status == "complete"
    assert session.notes == "Ring her on [phone number]. First notes Then again."
    assert len(sample_journal.session_revisions(session_id)) == 1
