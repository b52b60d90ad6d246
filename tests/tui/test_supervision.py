"""Supervision preparation and recording a session, driven by key presses."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Markdown, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.core.sessions import SessionContent
from reflect.core.vocab import PCF_DOMAINS
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.read import ReadScreen
from reflect.tui.screens.session import CorrectSessionScreen, RecordSessionScreen
from reflect.tui.screens.sessions import SessionsScreen
from reflect.tui.screens.supervision import SupervisionScreen, coverage_chart
from tests.helpers import TODAY
from tests.tui.conftest import build, keys, open_correction, recorded_session, settle, type_text


def waiting(journal: Journal) -> list[int]:
    f = EntryFilter(flagged=True, undiscussed=True)
    return sorted(e.id for e in journal.list_entries(f, limit=500).items)


async def test_preparation_groups_flagged_entries_by_case(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    expected = sample_journal.list_entries(EntryFilter(flagged=True), limit=500).items
    assert len({e.case_code for e in expected}) > 1
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SupervisionScreen)
        table = screen.query_one("#agenda", DataTable)
        assert table.row_count == len(expected)
        cases = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        # Each case named once, on the first of its rows, in order.
        named = [c for c in cases if c]
        assert named == sorted({e.case_code for e in expected}, key=str.casefold)
        lead = str(screen.query_one("#sup-lead").render())
        assert f"{len(expected)} entries (" in lead and "not yet discussed, from any date" in lead
        chart = str(screen.query_one("#chart-pcf").render())
        assert all(domain in chart for domain in PCF_DOMAINS)  # every domain, even at none
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadScreen)


async def test_recording_a_session_by_keys(sample_journal: Journal, library: PromptLibrary) -> None:
    before = waiting(sample_journal)
    assert len(before) >= 2
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        assert isinstance(app.screen, RecordSessionScreen)
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        await type_text(pilot, "Talked through drift in the plan.")
        await pilot.press("tab")
        await type_text(pilot, "Ask the school for attendance figures")
        await pilot.press("tab")
        await type_text(pilot, "27/11/2026")
        await pilot.press("enter")
        await pilot.press("tab", "tab", "tab")  # past the action list to the entries
        assert app.focused is not None and app.focused.id == "s-entries"
        entries = app.screen.query_one("#s-entries")
        assert list(entries.selected) == []  # nothing is ticked until the worker ticks it
        await pilot.press("a")  # tick all
        assert len(entries.selected) == len(before)
        await pilot.press("n")  # tick none
        assert list(entries.selected) == []
        await pilot.press("a", "space")  # all, then untick the first: not discussed this time
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SupervisionScreen)
        (session,) = sample_journal.supervision_sessions()
        assert session.session_date == TODAY
        assert session.supervisor_initials == "JM"
        assert session.notes == "Talked through drift in the plan."
        assert [(a.text, a.due) for a in session.actions] == [
            ("Ask the school for attendance figures", date(2026, 11, 27))
        ]
        assert len(session.entry_uids) == len(before) - 1
        # Only the entry left unticked is still waiting; the screen says so.
        assert len(waiting(sample_journal)) == 1
        assert app.screen.query_one("#agenda", DataTable).row_count == 1
        assert "with JM" in str(app.screen.query_one("#sup-lead").render())

        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        await settle(pilot)
        text = app.screen.query_one("#session-md", Markdown).source
        assert "Talked through drift in the plan." in text
        assert "Ask the school for attendance figures (by Friday 27 November 2026)" in text


@pytest.fixture
def quick_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave and retry at once, so a test need not wait seconds."""
    from reflect.tui.screens import session
    from reflect.tui.widgets import saver

    monkeypatch.setattr(session, "SAVE_DELAY", 0.01)
    monkeypatch.setattr(session, "RETRY_DELAY", 0.05)
    monkeypatch.setattr(saver, "TICK", 0.01)


async def wait_for_saves(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause(0.1)
    await settle(pilot)


@pytest.mark.usefixtures("quick_saves")
async def test_a_session_autosaves_as_a_draft_and_carries_on_later(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        await type_text(pilot, "Half written when the supervisor was called away.")
        await wait_for_saves(pilot)
        assert "Draft saved at" in str(app.screen.query_one("#s-status").render())
        (draft,) = sample_journal.session_drafts()
        assert draft.notes == "Half written when the supervisor was called away."
        await keys(pilot, "escape")  # nothing asked: it is all saved
        assert isinstance(app.screen, SupervisionScreen)
        # A draft counts for nothing: no session recorded, nothing discussed.
        assert sample_journal.supervision_sessions() == []
        assert "not recorded yet: r carries on" in str(app.screen.query_one("#sup-lead").render())
        await keys(pilot, "r")
        screen = app.screen
        assert isinstance(screen, RecordSessionScreen)
        assert screen.query_one("#s-notes", TextArea).text.startswith("Half written")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SupervisionScreen)
    (session,) = sample_journal.supervision_sessions()
    assert session.id == draft.id and session.supervisor_initials == "JM"
    assert sample_journal.session_drafts() == []


def test_chart_names_every_gap_in_words() -> None:
    chart = coverage_chart(
        "Themes", {"Trust": 4, "Use of self": 2}, ["Trust", "Voice", "Use of self"], 60, 5
    ).plain
    lines = chart.splitlines()
    assert lines[0] == "Themes"
    trust = next(line for line in lines if line.startswith("Trust"))
    self_line = next(line for line in lines if line.startswith("Use of self"))
    assert trust.endswith(" 4") and self_line.endswith(" 2")
    assert abs(trust.count("█") - 2 * self_line.count("█")) <= 1  # bars to scale
    assert "Voice" in chart and "none" in next(line for line in lines if line.startswith("Voice"))
    assert "Not touched in this period: 1 of 3." in chart


@pytest.mark.usefixtures("quick_saves")
async def test_a_session_that_cannot_be_saved_says_so_and_keeps_trying(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    tries = []

    def busy(*_args: object, **_kwargs: object) -> None:
        tries.append(1)
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        real = sample_journal.start_session_draft
        monkeypatch.setattr(sample_journal, "start_session_draft", busy)
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        await type_text(pilot, "Notes worth keeping.")
        await wait_for_saves(pilot)
        status = str(app.screen.query_one("#s-status").render())
        assert status == (
            "Not saved yet: the journal is in use by another program (or another Reflect); "
            "try again in a moment. "
            "Trying again every few seconds."
        )
        assert sample_journal.session_drafts() == []
        # Leaving now would lose words, so it asks.
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen) and app.screen.yes == "Leave and lose them"
        await keys(pilot, "n")
        assert isinstance(app.screen, RecordSessionScreen)
        # Quitting cannot save them either: the app stays, words on screen.
        await keys(pilot, "ctrl+q")
        assert isinstance(app.screen, RecordSessionScreen)
        await wait_for_saves(pilot)
        assert len(tries) >= 3  # it keeps trying, not once and given up
        # The other Reflect finished: the next retry saves.
        monkeypatch.setattr(sample_journal, "start_session_draft", real)
        await wait_for_saves(pilot)
        await wait_for_saves(pilot)
        assert "Draft saved again at" in str(app.screen.query_one("#s-status").render())
        assert [d.notes for d in sample_journal.session_drafts()] == ["Notes worth keeping."]
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SupervisionScreen)
    assert [s.notes for s in sample_journal.supervision_sessions()] == ["Notes worth keeping."]


async def test_a_recorded_session_can_be_corrected_with_its_earlier_version_kept(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    flagged = waiting(sample_journal)
    uids = [e.uid for e in sample_journal.list_entries(EntryFilter(flagged=True)).items]
    draft = sample_journal.start_session_draft(SessionContent(TODAY, notes="First notes"))
    sample_journal.record_session(
        draft.id, SessionContent(TODAY, notes="First notes", entry_uids=tuple(uids))
    )
    assert waiting(sample_journal) == []
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "l", "c")
        screen = app.screen
        assert isinstance(screen, CorrectSessionScreen)
        entries = screen.query_one("#s-entries")
        assert len(entries.selected) == len(uids)  # as recorded
        screen.query_one("#s-notes", TextArea).text = "Corrected notes"
        entries.focus()
        await keys(pilot, "n", "space")  # only the first was discussed after all
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionsScreen)
        await settle(pilot)
        text = app.screen.query_one("#session-md", Markdown).source
        assert "Corrected notes" in text and "Corrected 1 time" in text
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == "Corrected notes" and len(session.entry_uids) == 1
    assert len(waiting(sample_journal)) == len(flagged) - 1
    (revision,) = sample_journal.session_revisions(session.id)
    assert revision.content.notes == "First notes"


async def test_quitting_straight_after_typing_a_session_keeps_every_word(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        await type_text(pilot, "Typed a moment before quitting.")
        await pilot.press("ctrl+q")  # long before the autosave's second is up
        await pilot.pause()
    assert [d.notes for d in sample_journal.session_drafts()] == ["Typed a moment before quitting."]
    assert sample_journal.supervision_sessions() == []  # still a draft, counting for nothing


async def test_quitting_straight_after_correcting_a_session_saves_the_correction(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    recorded_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        await type_text(pilot, "Also: ")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == "Also: First notes"
    (revision,) = sample_journal.session_revisions(session.id)
    assert revision.content.notes == "First notes"
