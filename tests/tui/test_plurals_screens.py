"""The screens count in words: "1 entry", "2 entries", never "1 entries" (round 21).

Each screen whose count moved onto `counted` is opened in the app with one
and with two of what it counts, and its line read as the worker sees it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.readiness import readiness
from reflect.core.sessions import SessionContent
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.home import cpd_line
from reflect.tui.screens.sessions import session_markdown
from tests.helpers import TODAY, new_draft
from tests.tui.conftest import build, keys, settle, type_text
from tests.unit.test_plurals import cpd_fields

WORDS = {
    "entry": {1: "1 entry", 2: "2 entries"},
    "action": {1: "1 open action", 2: "2 open actions"},
    "version": {1: "1 earlier version", 2: "2 earlier versions"},
    "reflection": {1: "1 reflection", 2: "2 reflections"},
}


def fill(journal: Journal, n: int, cases: int = 1) -> tuple[int, int]:
    """``n`` flagged entries with an open action each, ``n`` earlier sessions, ``n`` in the trash.

    The first entry and a complete CPD record each have ``n`` earlier versions;
    their ids are returned.
    """
    ids = []
    for i in range(n):
        entry = new_draft(journal, f"CF-300{i % cases}", day=TODAY - timedelta(days=i))
        journal.save_draft(entry.id, {"context": "We met at the kitchen table."})
        journal.update_entry(entry.id, flagged=True, supervisor_question="What next?")
        journal.complete(entry.id)
        journal.add_action("Ring the school", entry_id=entry.id, due=TODAY)
        ids.append(entry.id)
        content = SessionContent(TODAY - timedelta(days=10 + i), notes="Talked it through.")
        journal.record_session(journal.start_session_draft(content).id, content)
        journal.delete(new_draft(journal, "CF-3999").id)
    record = journal.create_cpd(cpd_fields("Neglect course"))
    journal.complete_cpd(record.id, cpd_fields("Neglect course"))
    for i in range(n):
        journal.edit_entry(ids[0], {"context": f"We met at the kitchen table ({i})."})
        journal.edit_cpd(record.id, cpd_fields(f"Neglect course ({i})"))
    assert len(journal.revisions(ids[0])) == n
    return ids[0], record.id


def lead(pilot, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one(selector, Static).render())


async def opened(pilot, screen) -> None:  # type: ignore[no-untyped-def]
    pilot.app.push_screen(screen)
    await settle(pilot)


@pytest.mark.parametrize("n", [1, 2])
async def test_every_lead_counts_one_and_two(
    tmp_path: Path, library: PromptLibrary, n: int
) -> None:
    from reflect.tui.screens.actions import ActionsScreen
    from reflect.tui.screens.agenda import AgendaScreen
    from reflect.tui.screens.case import CaseTimelineScreen
    from reflect.tui.screens.cpd import CpdFormScreen, gather_sources
    from reflect.tui.screens.history import HistoryScreen
    from reflect.tui.screens.sessions import SessionsScreen
    from reflect.tui.screens.supervision import SupervisionScreen
    from reflect.tui.screens.trash import TrashScreen

    entry, record = fill(journal := Journal.open(tmp_path / "j.db"), n)
    entries, actions = WORDS["entry"][n], WORDS["action"][n]
    app = build(journal, library)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert lead(pilot, "#summary").startswith(f"In all: {WORDS['reflection'][n]},")
            await opened(pilot, SupervisionScreen(today=TODAY))
            assert f"{entries} (1 case) flagged and not yet discussed" in lead(pilot, "#sup-lead")
            assert f": {WORDS['reflection'][n]}. Each number" in lead(pilot, "#sup-period")
            await opened(pilot, AgendaScreen())
            flagged = "1 flagged entry" if n == 1 else "2 flagged entries"
            assert lead(pilot, "#agenda-lead").startswith(f"{flagged} not yet discussed")
            await opened(pilot, CaseTimelineScreen("CF-3000"))
            said = lead(pilot, "#case-lead")
            assert said == f"CF-3000: {entries}, oldest first; {actions}."
            await opened(pilot, ActionsScreen())
            assert lead(pilot, "#actions-lead").startswith(f"{actions}, the oldest due first.")
            await opened(pilot, SessionsScreen())
            sessions = "1 session" if n == 1 else "2 sessions"
            assert lead(pilot, "#sessions-lead") == f"{sessions}, newest first."
            await opened(pilot, HistoryScreen(entry))
            version = WORDS["version"][n]
            assert lead(pilot, "#history-lead").startswith(f"{version}, newest first.")
            view = journal.get_cpd(record)
            await opened(pilot, CpdFormScreen(view, gather_sources(journal, view), today=TODAY))
            kept = "1 earlier version is kept." if n == 1 else "2 earlier versions are kept."
            assert lead(pilot, "#cpd-status").endswith(kept)
            await opened(pilot, TrashScreen())
            assert lead(pilot, "#trash-lead").startswith(f"{entries} in the trash.")
            await keys(pilot, "x")
            dialog = app.screen
            assert isinstance(dialog, ConfirmScreen)
            assert dialog.question.startswith(f"Delete the {entries} in the trash for good?")
            await keys(pilot, "y")
            await settle(pilot)
            said = [str(notice.message) for notice in app._notifications]
            assert f"{entries} deleted for good." in said
    finally:
        journal.close()


async def test_two_cases_are_counted_on_the_supervision_screen(
    tmp_path: Path, library: PromptLibrary
) -> None:
    from reflect.tui.screens.supervision import SupervisionScreen

    fill(journal := Journal.open(tmp_path / "j.db"), 2, cases=2)
    app = build(journal, library)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await opened(pilot, SupervisionScreen(today=TODAY))
            assert "2 entries (2 cases) flagged" in lead(pilot, "#sup-lead")
    finally:
        journal.close()


@pytest.mark.parametrize(("day", "said"), [(30, "1 day to 30 November"), (29, "2 days to")])
def test_the_home_screens_cpd_line_counts_days(journal: Journal, day: int, said: str) -> None:
    """On 30 November it said "1 days to 30 November"."""
    assert said in cpd_line(readiness(journal, date(2026, 11, day)))


def test_a_sessions_corrections_are_counted(journal: Journal) -> None:
    content = SessionContent(TODAY, notes="Talked.")
    session = journal.record_session(journal.start_session_draft(content).id, content)
    assert "*Corrected 1 time; every earlier version is kept.*" in session_markdown(session, [], 1)
    assert "*Corrected 2 times; every earlier" in session_markdown(session, [], 2)


async def test_the_word_count_and_the_actions_note_count_one_and_two(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    from textual.widgets import TextArea

    from tests.tui.test_reflection import start

    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot, set_id="quick")
        await type_text(pilot, "Shaken")
        assert lead(pilot, "#words") == "1 word"
        await type_text(pilot, " today")
        assert lead(pilot, "#words") == "2 words"
        screen.query_one("#answer", TextArea).text = ""
        await settle(pilot)
        assert lead(pilot, "#words") == "0 words"
        form = screen.actions_form
        for count, said in ((1, "1 action from your answer"), (2, "2 actions from your answer")):
            form.note_seeded(count)
            assert str(form.query_one("#action-msg", Static).render()).startswith(said)


@pytest.mark.parametrize("n", [1, 2])
async def test_recording_a_session_counts_the_entries_discussed(
    tmp_path: Path, library: PromptLibrary, n: int
) -> None:
    fill(journal := Journal.open(tmp_path / "j.db"), n)
    app = build(journal, library)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await keys(pilot, "s", "r")
            await type_text(pilot, "JM")
            ticks = app.screen.query_one("#s-entries")
            ticks.focus()
            await keys(pilot, "a")  # tick all
            assert len(list(ticks.selected)) == n
            await keys(pilot, "ctrl+s")
            said = [str(notice.message) for notice in app._notifications]
            assert f"{WORDS['entry'][n]} discussed." in "\n".join(said)
    finally:
        journal.close()
