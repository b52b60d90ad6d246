"""Editing an entry and recording supervision notes get "Please check before saving".

Review 20, defect 6: a phone number and a name on the always-flag list were
added to an entry (browse, enter, e, escape) and written in session notes
(ctrl+s) with no check. Both now ask, with the worker's word lists, as a new
reflection does.
"""

from __future__ import annotations

from textual.widgets import Static, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.edit import EditScreen
from reflect.tui.screens.session import CorrectSessionScreen, RecordSessionScreen
from tests.helpers import new_draft
from tests.tui.conftest import build, keys, open_correction, recorded_session, settle, type_text

ADDED = " Later the Kowalczyk nan rang me on 07700 900222."

# What "Go back" does, said in the dialog: nothing is checked twice (round 21).
GOING_BACK_SAYS = (
    "If you go back, what you leave unchanged will be saved as you wrote it the next "
    "time you save, and you will not be asked about it again."
)


def complete_entry(journal: Journal) -> int:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "A calm visit with Mum.", "feelings": "Steady."})
    journal.complete(entry.id)
    return entry.id


def question_of(screen: object) -> str:
    assert isinstance(screen, ConfirmScreen)
    return str(screen.query_one(".dialog-question", Static).render())


async def open_edit(pilot, entry_id: int) -> EditScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.push_screen(EditScreen(entry_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EditScreen)
    area = screen.query_one("#answer-1", TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    return screen


async def test_leaving_an_edited_entry_asks_and_can_replace_what_the_check_found(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    empty_journal.add_word("flag", "Kowalczyk")
    entry_id = complete_entry(empty_journal)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_edit(pilot, entry_id)
        await type_text(pilot, ADDED)
        await keys(pilot, "escape")  # done: save and go back
        question = question_of(app.screen)
        assert "Please check before saving: 2 things that may identify someone." in question
        assert "flagged word (The visit):" in question and "»Kowalczyk«" in question
        assert "phone number (The visit):" in question and "»07700 900222«" in question
        await keys(pilot, "y")  # replace them
        assert not isinstance(app.screen, EditScreen | ConfirmScreen)
    text = empty_journal.get_entry(entry_id).answers[0].text
    assert text == "A calm visit with Mum. Later the [flagged word] nan rang me on [phone number]."


async def test_going_back_keeps_the_words_and_the_next_save_goes_ahead(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    empty_journal.add_word("flag", "Kowalczyk")
    entry_id = complete_entry(empty_journal)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_edit(pilot, entry_id)
        await type_text(pilot, ADDED)
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "Please check before saving" in question and GOING_BACK_SAYS in question
        await keys(pilot, "n")  # go back, to change it by hand
        assert app.screen is screen
        await keys(pilot, "ctrl+s")  # asked once: saved as it stands
        assert app.screen is screen
        await keys(pilot, "escape")
        assert not isinstance(app.screen, EditScreen | ConfirmScreen)
    text = empty_journal.get_entry(entry_id).answers[0].text
    assert text == "A calm visit with Mum." + ADDED


async def test_an_entry_edited_without_identifiers_saves_without_asking(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    empty_journal.add_word("allow", "Oakfield")
    entry_id = complete_entry(empty_journal)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_edit(pilot, entry_id)
        await type_text(pilot, " Met at the Oakfield office.")
        await keys(pilot, "escape")
        assert not isinstance(app.screen, EditScreen | ConfirmScreen)
    text = empty_journal.get_entry(entry_id).answers[0].text
    assert text == "A calm visit with Mum. Met at the Oakfield office."


async def test_recording_session_notes_asks_and_can_replace_what_the_check_found(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    sample_journal.add_word("flag", "Kowalczyk")
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        assert isinstance(app.screen, RecordSessionScreen)
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        await type_text(pilot, "Kowalczyk family: call Mrs Khan on 07700 900789")
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "Please check before saving: 3 things that may identify someone." in question
        assert "flagged word (Notes): »Kowalczyk« family" in question
        assert "»07700 900789«" in question
        await keys(pilot, "y")
        assert not isinstance(app.screen, RecordSessionScreen | ConfirmScreen)
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == "[flagged word] family: call [name] on [phone number]"


async def add_a_number_to_the_correction_and_save(pilot):  # type: ignore[no-untyped-def]
    """Open the latest session's correction, add a phone number to its notes, ctrl+s."""
    notes = await open_correction(pilot)
    screen = pilot.app.screen
    notes.move_cursor(notes.document.end)
    await type_text(pilot, " Ring 07700 900456.")
    await keys(pilot, "ctrl+s")
    return screen


async def test_correcting_session_notes_asks_too(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    recorded_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await add_a_number_to_the_correction_and_save(pilot)
        assert "Please check before saving: 1 thing" in question_of(app.screen)
        await keys(pilot, "y")
        assert not isinstance(app.screen, CorrectSessionScreen | ConfirmScreen)
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == "First notes Ring [phone number]."


async def test_going_back_from_a_session_correction_saves_it_as_written_when_saved_again(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """As the dialog says: what is left unchanged is saved as written, not asked about again."""
    recorded_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await add_a_number_to_the_correction_and_save(pilot)
        assert GOING_BACK_SAYS in question_of(app.screen)
        await keys(pilot, "n")
        assert app.screen is screen
        assert sample_journal.supervision_sessions()[0].notes == "First notes"  # not yet
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, CorrectSessionScreen | ConfirmScreen)
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == "First notes Ring 07700 900456."
