"""Words typed just before the app ends without quitting are saved from the save states.

A crash or a closed terminal can end the app with its screens gone; `run`
then saves what each screen's save state holds (`SavingApp._save_after_closing`).
The CPD form, a session's correction and the edit screen reached their
journal through the running app, which is gone by then: their words were
lost (review 28). Each case ends the app with `exit()` straight after typing,
before any autosave, then saves as `run` does and checks the journal.
"""

from __future__ import annotations

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from tests.tui.conftest import build, open_correction, recorded_session, type_text
from tests.tui.test_cpd_check import open_complete_record, type_at_end_of_learnt
from tests.tui.test_saving import open_edit


async def test_a_changed_cpd_record(sample_journal: Journal, library: PromptLibrary) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        before = await type_at_end_of_learnt(pilot, form, " Slowly, over months.")
        app.exit()
        await pilot.pause()
    assert sample_journal.get_cpd(record_id).fields.learnt == before
    app._save_after_closing()
    assert sample_journal.get_cpd(record_id).fields.learnt == before + " Slowly, over months."


async def test_a_session_correction(sample_journal: Journal, library: PromptLibrary) -> None:
    recorded_session(sample_journal)
    (session,) = sample_journal.supervision_sessions(include_drafts=True)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        await type_text(pilot, "Agreed a plan. ")
        app.exit()
        await pilot.pause()
    assert sample_journal.get_session(session.id).notes == "First notes"
    app._save_after_closing()
    assert sample_journal.get_session(session.id).notes == "Agreed a plan. First notes"


async def test_a_changed_entry(sample_journal: Journal, library: PromptLibrary) -> None:
    entry = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_edit(pilot, entry.id)
        first = sample_journal.get_entry(entry.id).answers[0]
        await type_text(pilot, "Quietly. ")
        app.exit()
        await pilot.pause()
    assert sample_journal.get_entry(entry.id).answers[0].text == first.text
    app._save_after_closing()
    assert sample_journal.get_entry(entry.id).answers[0].text == first.text + "Quietly. "
