"""Keys typed in a burst just before ctrl+q (or another leave-and-save key) are all saved.

A terminal hands the app a burst of typed keys and ctrl+q at once. The app
passes each letter on to the writing box's own queue, but ctrl+q is the app's
key and ran at once, saving what the box held before the queued letters
reached it (review 20, defect 4). Here the keys go in through the driver, as
a terminal's do, all before the app handles the first one.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import ReflectApp
from reflect.tui.screens.cpd import CpdFormScreen
from reflect.tui.screens.edit import EditScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.session import RecordSessionScreen
from tests.tui.conftest import build, keys, open_correction, recorded_session, settle, type_text

BURST = "REFLTRY one two three four five six seven eight nine ten eleven twelve"


def send_keys(app: ReflectApp, *pressed: str) -> None:
    """Post each key (a name such as "backspace", or one character) as the driver does."""
    assert app._driver is not None
    for key in pressed:
        character = key if len(key) == 1 else (" " if key == "space" else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


def send_burst(app: ReflectApp, text: str, *then: str) -> None:
    """Post every key of ``text``, then ``then``, the way the terminal driver does."""
    send_keys(app, *("space" if char == " " else char for char in text), *then)


async def start_reflection(pilot) -> ReflectionScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectionScreen)
    screen.query_one("#visit-date", Input).value = "18/11/2026"
    await type_text(pilot, "CF-2040")
    await pilot.press("ctrl+n")
    await settle(pilot)
    return screen


async def test_a_burst_then_ctrl_q_on_the_reflection_screen_keeps_every_key(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_reflection(pilot)
        send_burst(app, BURST, "ctrl+q")
        await pilot.pause()
    assert screen.entry_id is not None
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == BURST


async def test_a_burst_then_escape_or_ctrl_n_on_the_reflection_screen_keeps_every_key(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_reflection(pilot)
        send_burst(app, BURST, "ctrl+n")  # on to the next question: saves this one
        await settle(pilot)
        send_burst(app, "second answer", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReflectionScreen)
    assert screen.entry_id is not None
    answers = empty_journal.get_entry(screen.entry_id).answers
    assert [a.text for a in answers[:2]] == [BURST, "second answer"]


async def test_a_burst_then_a_ctrl_g_jump_keeps_every_key(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    # A guard rather than a reproduction: this passed before the fix too (the
    # step list opening gave the letters time), but a jump saves the answer.
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_reflection(pilot)
        send_burst(app, BURST, "ctrl+g")
        await settle(pilot)
        await pilot.press("end", "enter")  # the step list: to the last step
        await settle(pilot)
        assert screen.step.kind == "summary"
        assert BURST in screen.draft.answers.values()
        await pilot.press("escape")
        await settle(pilot)
    assert screen.entry_id is not None
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == BURST


async def test_a_burst_then_ctrl_q_on_the_cpd_form_keeps_every_key(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "c", "n")
        assert isinstance(app.screen, CpdFormScreen)
        await type_text(pilot, "Asking children")
        app.screen.query_one("#cpd-learnt", TextArea).focus()
        await settle(pilot)
        send_burst(app, "That asking children what they want changes the plan", "ctrl+q")
        await pilot.pause()
    (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
    assert new.fields.title == "Asking children"
    assert new.fields.learnt == "That asking children what they want changes the plan"


async def test_a_burst_then_ctrl_q_on_a_session_draft_keeps_every_key(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        assert isinstance(app.screen, RecordSessionScreen)
        await type_text(pilot, "JM")
        await pilot.press("tab", "tab")  # past the date (today's) to the notes
        send_burst(app, BURST, "ctrl+q")
        await pilot.pause()
    assert [d.notes for d in sample_journal.session_drafts()] == [BURST]


async def test_a_burst_then_ctrl_q_on_the_edit_screen_keeps_every_key(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    entry = next(e for e in sample_journal.list_entries().items if e.status == "complete")
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(EditScreen(entry.id))
        await settle(pilot)
        area = app.screen.focused
        assert isinstance(area, TextArea)
        area.move_cursor(area.document.end)
        send_burst(app, " " + BURST, "ctrl+q")
        await pilot.pause()
    assert sample_journal.get_entry(entry.id).answers[0].text.endswith(" " + BURST)


async def test_a_burst_then_ctrl_q_on_a_session_correction_keeps_every_key(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    recorded_session(sample_journal)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_correction(pilot)
        await settle(pilot)
        send_burst(app, BURST + " ", "ctrl+q")
        await pilot.pause()
    (session,) = sample_journal.supervision_sessions()
    assert session.notes == BURST + " First notes"


async def test_a_correction_in_a_burst_lands_where_it_was_typed(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    # "teh", two backspaces, "he": the box's own keys (backspace is one of the
    # box's bindings) once ran after the letters typed after them, so the
    # words saved read "tehhe": a correction must apply where it was typed.
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_reflection(pilot)
        send_keys(app, *"teh", "backspace", "backspace", *"he", "space", *"mum", "left", "D")
        await settle(pilot)
        assert screen.query_one(TextArea).text == "the muDm"
        send_keys(app, "ctrl+q")
        await pilot.pause()
    assert screen.entry_id is not None
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == "the muDm"


async def test_a_correction_in_a_burst_in_the_search_box_lands_where_it_was_typed(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("slash")
        send_keys(app, *"judgement", *["backspace"] * 5, *"ment kit")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "judgment kit"


async def test_letters_typed_after_tab_in_a_burst_go_to_the_next_field(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    # Tab is the app's key (to the next field): the letters after it in a
    # burst stayed in the field before ("Book joint visitfriday", review 21).
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "r")
        screen = app.screen
        assert isinstance(screen, RecordSessionScreen)
        assert screen.query_one("#s-initials", Input).has_focus
        send_keys(app, *"KL", "tab", "ctrl+u", *"19/11/2026")
        await settle(pilot)
        assert screen.query_one("#s-initials", Input).value == "KL"
        assert screen.query_one("#s-date", Input).value == "19/11/2026"
