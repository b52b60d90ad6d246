"""Completing or changing a CPD record asks "Please check before saving".

A CPD record is what a worker hands to Social Work England, yet ctrl+s
completed one with a child's name and a phone number in it without a word
(round 21). It now asks as every other save of typed text does, with the
worker's word lists, and each choice is checked in the journal.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.cpd import CpdFormScreen
from reflect.tui.screens.cpd_list import CpdScreen
from reflect.tui.screens.dialogs import ConfirmScreen
from tests.tui.conftest import TODAY, build, keys, settle, type_text

DESCRIPTION = "A course on direct work. I used it with Sarah Jones at school."
LEARNT = "To write down the number a family can ring: 07700 900123."


@pytest.fixture(autouse=True)
def quick_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.tui.screens import cpd
    from reflect.tui.widgets import saver

    monkeypatch.setattr(cpd, "SAVE_DELAY", 0.01)
    monkeypatch.setattr(cpd, "RETRY_DELAY", 0.05)
    monkeypatch.setattr(saver, "TICK", 0.01)


def question_of(screen: object) -> str:
    assert isinstance(screen, ConfirmScreen)
    return str(screen.query_one(".dialog-question", Static).render())


async def write_record(pilot) -> CpdFormScreen:  # type: ignore[no-untyped-def]
    """From home, a new record typed key by key, every required part written."""
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await keys(pilot, "c", "n")
    form = pilot.app.screen
    assert isinstance(form, CpdFormScreen)
    await type_text(pilot, "Direct work course")
    await pilot.press("tab")
    await type_text(pilot, "Course")
    await pilot.press("tab", "tab")  # past the date (today's)
    await type_text(pilot, DESCRIPTION)
    await pilot.press("tab")
    await type_text(pilot, LEARNT)
    await pilot.press("tab")
    await type_text(pilot, "I leave the number with every family.")
    await settle(pilot)
    assert form.query_one("#cpd-description", TextArea).text == DESCRIPTION
    assert form.query_one("#cpd-impact", TextArea).text.startswith("I leave")
    return form


async def test_completing_a_record_asks_and_replace_saves_it_masked(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await write_record(pilot)
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "Please check before saving: 2 things that may identify someone." in question
        assert "name (Description):" in question and "»Sarah Jones«" in question
        assert "phone number (What I learnt):" in question and "»07700 900123«" in question
        await keys(pilot, "y")  # replace them
        assert isinstance(app.screen, CpdScreen)
    (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
    assert new.complete
    assert new.fields.description == "A course on direct work. I used it with [name] at school."
    assert new.fields.learnt == "To write down the number a family can ring: [phone number]."


@pytest.mark.parametrize("go_back", ["n", "escape"])
async def test_going_back_leaves_a_draft_and_the_next_ctrl_s_keeps_the_words(
    sample_journal: Journal, library: PromptLibrary, go_back: str
) -> None:
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await write_record(pilot)
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "Please check before saving" in question
        assert (
            "If you go back, what you leave unchanged will be saved as you wrote it the next "
            "time you save, and you will not be asked about it again." in question
        )
        await keys(pilot, go_back)
        assert app.screen is form
        # Not complete: what was typed is the draft's, to change by hand.
        (draft,) = [r for r in sample_journal.cpd_records() if r.id not in before]
        assert not draft.complete and draft.fields.description == DESCRIPTION
        # Left as it is, it is kept as written: the next ctrl+s does not ask again.
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdScreen)
    (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
    assert new.complete and new.fields.description == DESCRIPTION
    assert new.fields.learnt == LEARNT


async def test_after_going_back_something_new_is_asked_about(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await write_record(pilot)
        await keys(pilot, "ctrl+s", "n")
        form.query_one("#cpd-peer-role", Input).focus()
        await type_text(pilot, "Mrs Khan")
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "3 things" in question and "name (The peer's role): »Mrs Khan«" in question


async def test_changing_a_complete_record_asks_and_keeps_the_earlier_version(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    sample_journal.add_word("flag", "Kowalczyk")
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CpdScreen)
        complete = [r for r in screen.records if r.complete]
        record_id = complete[0].id
        table = screen.query_one("#cpd-records")
        table.focus()
        table.move_cursor(row=[r.id for r in screen.records].index(record_id))
        await keys(pilot, "enter")
        form = app.screen
        assert isinstance(form, CpdFormScreen) and form.editing_complete
        learnt = form.query_one("#cpd-learnt", TextArea)
        before = learnt.text
        learnt.focus()
        learnt.move_cursor(learnt.document.end)
        await type_text(pilot, " The Kowalczyk family taught me most.")
        await keys(pilot, "ctrl+s")
        question = question_of(app.screen)
        assert "1 thing that may identify someone" in question
        assert "flagged word (What I learnt): The »Kowalczyk« family" in question
        await keys(pilot, "y")
        assert isinstance(app.screen, CpdScreen)
    record = sample_journal.get_cpd(record_id)
    assert record.fields.learnt == before + " The [flagged word] family taught me most."
    assert sample_journal.cpd_revisions(record_id)[-1].fields.learnt == before


async def test_a_record_with_nothing_found_completes_without_asking(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys(pilot, "c", "n")
        form = app.screen
        assert isinstance(form, CpdFormScreen)
        await type_text(pilot, "Reading on neglect")
        form.query_one("#cpd-type", Input).value = "Reading"
        form.query_one("#cpd-description", TextArea).text = "A chapter on neglect."
        form.query_one("#cpd-learnt", TextArea).text = "How slowly it builds."
        form.query_one("#cpd-impact", TextArea).text = "I look at the whole history."
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdScreen)
    (record,) = empty_journal.cpd_records()
    assert record.complete and record.fields.activity_date == TODAY


async def open_complete_record(pilot) -> tuple[CpdFormScreen, int]:  # type: ignore[no-untyped-def]
    """From home, the first complete record opened to change; the form and the record's id."""
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await keys(pilot, "c")
    screen = pilot.app.screen
    assert isinstance(screen, CpdScreen)
    record_id = next(r.id for r in screen.records if r.complete)
    table = screen.query_one("#cpd-records")
    table.focus()
    table.move_cursor(row=[r.id for r in screen.records].index(record_id))
    await keys(pilot, "enter")
    form = pilot.app.screen
    assert isinstance(form, CpdFormScreen) and form.editing_complete
    return form, record_id


async def type_at_end_of_learnt(pilot, form: CpdFormScreen, words: str) -> str:  # type: ignore[no-untyped-def]
    """``words`` typed at the end of "What I learnt"; the text it held before."""
    learnt = form.query_one("#cpd-learnt", TextArea)
    before = learnt.text
    learnt.focus()
    learnt.move_cursor(learnt.document.end)
    await type_text(pilot, words)
    return before


async def test_quitting_with_an_unchecked_change_keeps_it_as_a_draft_to_check(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """ctrl+q saved a changed complete record past the check (review 26).

    Nothing typed is lost: the change is kept, but as a draft, which counts
    only once ctrl+s has checked and completed it; the earlier version is kept.
    """
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        before = await type_at_end_of_learnt(pilot, form, " Ring her on 07700 900123.")
        await pilot.press("ctrl+q")
        await pilot.pause()
    record = sample_journal.get_cpd(record_id)
    assert record.fields.learnt == before + " Ring her on 07700 900123."
    assert not record.complete
    assert sample_journal.cpd_revisions(record_id)[-1].fields.learnt == before


async def test_the_draft_kept_on_quitting_says_so_and_ctrl_s_checks_it(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        before = await type_at_end_of_learnt(pilot, form, " Ring her on 07700 900123.")
        assert app.save_everything() is None  # as quitting does
        await keys(pilot, "escape")  # nothing left unsaved: it closes
        assert isinstance(app.screen, CpdScreen)
        table = app.screen.query_one("#cpd-records")
        table.focus()
        table.move_cursor(row=[r.id for r in app.screen.records].index(record_id))
        await keys(pilot, "enter")
        form = app.screen
        assert isinstance(form, CpdFormScreen) and not form.editing_complete
        status = str(form.query_one("#cpd-status", Static).render())
        assert "not checked" in status and "ctrl+s" in status
        await keys(pilot, "ctrl+s")
        assert "phone number (What I learnt)" in question_of(app.screen)
        await keys(pilot, "y")
        assert isinstance(app.screen, CpdScreen)
    record = sample_journal.get_cpd(record_id)
    assert record.complete and record.fields.learnt == before + " Ring her on [phone number]."


@pytest.mark.parametrize("go_back_first", [False, True], ids=["nothing_found", "kept_as_written"])
async def test_quitting_with_a_change_the_check_passes_keeps_it_complete(
    sample_journal: Journal, library: PromptLibrary, go_back_first: bool
) -> None:
    """As ctrl+s would: nothing found, or what was found already kept as written."""
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        added = " Ring her on 07700 900123." if go_back_first else " Slowly, over months."
        before = await type_at_end_of_learnt(pilot, form, added)
        if go_back_first:
            await keys(pilot, "ctrl+s", "n")  # asked, and gone back: kept as written
            assert app.screen is form
        await pilot.press("ctrl+q")
        await pilot.pause()
    record = sample_journal.get_cpd(record_id)
    assert record.complete and record.fields.learnt == before + added
    assert sample_journal.cpd_revisions(record_id)[-1].fields.learnt == before


async def test_ctrl_c_on_an_unchecked_change_keeps_a_draft_and_says_so(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """ctrl+c saves what is on screen: the same rule, and the form says what happened."""
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        before = await type_at_end_of_learnt(pilot, form, " Ring her on 07700 900123.")
        await keys(pilot, "ctrl+c")
        assert app.screen is form and not form.editing_complete
        status = str(form.query_one("#cpd-status", Static).render())
        assert status.startswith("Kept as a draft: the change is not checked yet.")
        assert not sample_journal.get_cpd(record_id).complete
        # Typed on, it is saved as a draft is, as it is typed.
        await type_text(pilot, " Then again.")
        await pilot.pause(0.1)
        await settle(pilot)
        record = sample_journal.get_cpd(record_id)
        assert record.fields.learnt == before + " Ring her on 07700 900123. Then again."
        assert not record.complete


async def test_quitting_before_the_word_lists_came_still_checks_with_them(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lists are read in a worker as the form opens; the app may close first.

    A word the worker flagged, with nothing else the check would find: the
    change must still be kept as a draft to check, not as complete.
    """
    from reflect.tui.widgets.identifier_check import IdentifierCheck

    sample_journal.add_word("flag", "Kowalczyk")
    monkeypatch.setattr(IdentifierCheck, "read_words", lambda self: None)  # never came
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form, record_id = await open_complete_record(pilot)
        assert not form.check._words_read
        before = await type_at_end_of_learnt(pilot, form, " Kowalczyk family.")
        await pilot.press("ctrl+q")
        await pilot.pause()
    record = sample_journal.get_cpd(record_id)
    assert record.fields.learnt == before + " Kowalczyk family."
    assert not record.complete
