"""Saving on the writing and editing screens: retries that never stop, the truth on the
status line, leaving only by saving or an explicit discard, and two windows on one entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from textual.widgets import Static, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.app import ReflectApp
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.edit import EditScreen
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build, settle, type_text
from tests.tui.test_reflection import start

FULL = (
    "Not saved yet: the disk is full: free some space and Reflect will save again. "
    "Trying again every few seconds."
)


class FullDisk:
    """Makes ``journal.save_entry`` fail as on a full disk while ``full`` is set."""

    def __init__(self, journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        self.tries = 0
        real = journal.save_entry

        def save_entry(*args: Any, **kwargs: Any) -> Any:
            if self.full:
                self.tries += 1
                raise OperationalError("UPDATE answer", {}, Exception("database or disk is full"))
            return real(*args, **kwargs)

        monkeypatch.setattr(journal, "save_entry", save_entry)


def status_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_stay_after_escape_keeps_retrying_until_the_disk_has_room(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(empty_journal, monkeypatch)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        disk.full = True
        await type_text(pilot, "the words that matter")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # leaving would lose them: it asks
        await pilot.press("n")  # Stay
        await settle(pilot)
        assert app.screen is screen
        assert status_of(screen, "#status") == FULL
        tries = disk.tries
        await pilot.pause(3.5)  # Stay did not stop the retries
        assert disk.tries > tries
        assert status_of(screen, "#status") == FULL  # and the line still tells the truth
        disk.full = False  # space is freed
        await pilot.pause(3.5)
        await settle(pilot)
        assert status_of(screen, "#status").startswith("Saved again at")
        await pilot.press("escape")  # now it leaves at once
        await settle(pilot)
        assert not isinstance(app.screen, ReflectionScreen)
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == "the words that matter"  # type: ignore[arg-type]


async def test_leaving_without_saving_is_an_explicit_choice(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(empty_journal, monkeypatch)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start(pilot)
        disk.full = True
        await type_text(pilot, "lost on purpose")
        await pilot.press("ctrl+q")  # quitting refuses: the words would be lost
        await settle(pilot)
        assert app.screen is screen and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # Leave and lose them
        await settle(pilot)
        assert not isinstance(app.screen, ReflectionScreen)
        tries = disk.tries
        await pilot.pause(3.5)
        assert disk.tries == tries  # nothing left to try
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == ""  # type: ignore[arg-type]


async def open_edit(pilot: Any, entry_id: int) -> EditScreen:
    await settle(pilot)
    screen = EditScreen(entry_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    await pilot.pause(0.1)
    await settle(pilot)
    return screen


async def test_the_edit_screen_retries_by_itself(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    disk = FullDisk(sample_journal, monkeypatch)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_edit(pilot, target.id)
        disk.full = True
        await type_text(pilot, " Added later.")
        await pilot.pause(1.5)
        await settle(pilot)
        assert status_of(screen, "#edit-status") == FULL
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")  # Stay
        await settle(pilot)
        disk.full = False
        await pilot.pause(3.5)  # no key pressed: it saves by itself
        await settle(pilot)
        assert status_of(screen, "#edit-status").startswith("Saved again at")
        assert not app.query("Toast")  # told on the status line, not over the text
    assert sample_journal.get_entry(target.id).answers[0].text.endswith(" Added later.")


async def test_closing_and_quitting_save_the_edit_screen(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    target = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_edit(pilot, target.id)
        await type_text(pilot, " Closed at once.")
        # What closing the window runs (the pty tests cover the real signal and exit).
        assert app.save_everything() is None
        assert sample_journal.get_entry(target.id).answers[0].text.endswith(" Closed at once.")
        await type_text(pilot, " And quit.")
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved = sample_journal.get_entry(target.id).answers[0].text
    assert saved.endswith(" Closed at once. And quit.")


async def test_two_apps_on_one_entry_never_overwrite_each_other_silently(
    tmp_path: Path, library: PromptLibrary
) -> None:
    db = tmp_path / "shared.db"
    with Journal.open(db) as setup:
        from tests.helpers import new_draft

        entry_id = new_draft(setup).id
    first_journal, second_journal = Journal.open(db), Journal.open(db)
    first, second = build(first_journal, library), build(second_journal, library)
    try:
        async with first.run_test(size=(100, 32)) as one, second.run_test(size=(100, 32)) as two:
            for pilot, app in ((one, first), (two, second)):
                await settle(pilot)
                app.open_draft(entry_id)
                await settle(pilot)
            await step_to_first_answer(one)
            await step_to_first_answer(two)
            await type_text(one, "first window")
            await one.press("ctrl+s")
            await settle(one)
            assert first_journal.get_entry(entry_id).answers[0].text == "first window"
            await type_text(two, "second window")
            await two.press("ctrl+s")
            await settle(two)
            # Refused in plain words, and asked which to keep; nothing overwritten.
            dialog = second.screen
            assert isinstance(dialog, ConfirmScreen)
            assert "changed in another Reflect window" in dialog.question
            assert "changed in another Reflect window" in status_of(
                second.screen_stack[-2], "#status"
            )
            assert first_journal.get_entry(entry_id).answers[0].text == "first window"
            await two.press("y")  # keep mine as the newest
            await settle(two)
            await two.pause(0.5)
            await settle(two)
            assert first_journal.get_entry(entry_id).answers[0].text == "second window"
            history = [r.answers[0].text for r in first_journal.revisions(entry_id)]
            assert history == ["first window"]  # the other stays in history

            # Now the first window is behind: it reloads, and its words go to history.
            await type_text(one, " again")
            await one.press("ctrl+s")
            await settle(one)
            assert isinstance(first.screen, ConfirmScreen)
            await one.press("n")  # reload the other version
            await settle(one)
            await one.pause(0.3)
            await settle(one)
            screen = first.screen
            assert isinstance(screen, ReflectionScreen)
            assert screen.query_one("#answer", TextArea).text == "second window"
            history = [r.answers[0].text for r in first_journal.revisions(entry_id)]
            assert history[0] == "first window again"
            assert first_journal.get_entry(entry_id).answers[0].text == "second window"
    finally:
        first_journal.close()
        second_journal.close()


async def step_to_first_answer(pilot: Any) -> None:
    app: ReflectApp = pilot.app
    screen = app.screen
    assert isinstance(screen, ReflectionScreen)
    if screen.step.kind != "prompt":
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert screen.step.kind == "prompt"


async def test_saved_again_stays_readable_and_no_notice_covers_the_text(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(empty_journal, monkeypatch)
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        disk.full = True
        await type_text(pilot, "the words that matter")
        await pilot.pause(1.5)
        await settle(pilot)
        assert status_of(screen, "#status") == FULL
        assert not app.screen.query("Toast")  # nothing over the text being written
        disk.full = False
        await pilot.pause(3.5)  # the retry works
        await settle(pilot)
        recovered = status_of(screen, "#status")
        assert recovered.startswith("Saved again at") and recovered.endswith("Nothing was lost")
        assert not app.screen.query("Toast")
        await pilot.pause(2)  # no key pressed: the sentence stays to be read
        assert status_of(screen, "#status") == recovered
        await type_text(pilot, " more")  # the next save says the usual
        await pilot.pause(1.5)
        await settle(pilot)
        assert status_of(screen, "#status").startswith("Saved at")
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == "the words that matter more"  # type: ignore[arg-type]
