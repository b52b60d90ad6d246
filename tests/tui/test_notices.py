"""Notices and footers: where a failure is said, what a notice may cover, whose keys show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import ConfirmScreen, JumpScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.widgets.footer import KeysFooter
from tests.tui.conftest import build, keys, settle, type_text
from tests.tui.test_reflection import start
from tests.tui.test_saving import FullDisk, step_to_first_answer


def footer_keys(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The current screen's footer: each key as Textual names it, and what it says."""
    return {item.key: item.description for item in app.screen.query_one(KeysFooter).items()}


def keys_named_in(message: str) -> set[str]:
    return set(re.findall(r"ctrl\+[a-z]", message))


async def test_a_failed_save_on_ctrl_q_is_said_on_the_status_line_not_in_a_notice(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(empty_journal, monkeypatch)
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        disk.full = True
        await type_text(pilot, "words on a full disk")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        status = str(screen.query_one("#status", Static).render())
        assert status.startswith("Not quitting: your latest words are not saved (")
        assert "disk is full" in status
        assert not app.screen.query("Toast")  # nothing over the words
        # The retries go on; one that fails for the same reason keeps the line
        # (under load a retry came before the check above, and its "Not saved
        # yet: ..." no longer said why the app was still open).
        saver = next(s for s in app.text_savers if s.screen is screen)
        saver.save_now()  # as the next retry does
        await settle(pilot)
        assert str(screen.query_one("#status", Static).render()) == status
        disk.full = False
        saver.save_now()  # the disk has room again: the line says so
        await settle(pilot)
        assert str(screen.query_one("#status", Static).render()).startswith("Saved again at ")


async def test_quitting_unsaved_with_no_saver_yet_and_a_failed_backup_stay_off_the_text(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's full disk before a new draft's first save: two notices covered the text."""
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        app._backup_failed(OSError(28, "No space left on device"))
        await settle(pilot)
        said = str(screen.query_one("#status", Static).render())
        assert said.startswith("Today's backup: ") and "journal itself is fine" in said
        app.text_savers.clear()  # as before the draft's first save registers its saver
        monkeypatch.setattr(app, "save_everything", lambda: "The disk is full: free some space.")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        status = str(screen.query_one("#status", Static).render())
        assert "Not quitting: your latest words are not saved" in status
        assert not app.screen.query("Toast")  # nothing over the words


async def test_a_notice_on_home_leaves_every_key_of_the_footer_in_sight(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        assert footer.region.height == 2  # home's keys take two lines at 80 columns
        app.notify("Your reflection is complete and saved.", title="Saved")
        await settle(pilot)
        await pilot.pause(0.2)
        (toast,) = app.screen.query("Toast")
        assert toast.region.bottom <= footer.region.y


async def test_dialogs_show_their_own_keys_in_the_footer(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        await type_text(pilot, "a few words")
        await keys(pilot, "ctrl+d")
        assert isinstance(app.screen, ConfirmScreen)
        shown = footer_keys(app)
        assert shown == {"y": app.screen.yes, "n": app.screen.no}
        await keys(pilot, "n")
        assert isinstance(app.screen, ReflectionScreen)
        await keys(pilot, "ctrl+g")
        assert isinstance(app.screen, JumpScreen)
        assert footer_keys(app) == {"up": "Choose", "enter": "Go to this step", "escape": "Stay"}


async def test_ctrl_c_names_ctrl_q_and_the_writing_screens_show_it(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await start(pilot)
        await keys(pilot, "ctrl+c")
        said = str(screen.query_one("#status", Static).render())
        told = said + " ".join(str(n.message) for n in app._notifications)
        assert "ctrl+q" in told
        assert footer_keys(app)["ctrl+q"] == "Quit"


async def test_the_two_window_message_names_only_keys_in_the_footer(
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
            await keys(one, "ctrl+s")
            await type_text(two, "second window")
            await keys(two, "ctrl+s")
            assert isinstance(second.screen, ConfirmScreen)
            assert footer_keys(second) == {"y": "Keep mine", "n": "Reload the other"}
            # The status line beneath says how to be asked again, by a key in its footer.
            screen = second.screen_stack[-2]
            assert isinstance(screen, ReflectionScreen)
            status = str(screen.query_one("#status", Static).render())
            assert "Press ctrl+s to choose: keep yours, or reload the other." in status
            named = keys_named_in(status)
            assert named == {"ctrl+s"}
            assert named <= {item.key for item in screen.query_one(KeysFooter).items()}
    finally:
        first_journal.close()
        second_journal.close()


async def test_help_shows_how_to_close_it_in_the_footer(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "n" in footer_keys(app)  # home's keys
        await keys(pilot, "question_mark")
        assert footer_keys(app) == {"escape": "Close"}
        await keys(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
