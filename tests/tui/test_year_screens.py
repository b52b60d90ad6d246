"""The agenda, the case timeline and the writer's continuity panel, by key presses."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, Select, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.agenda import AgendaScreen
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.screens.case import CaseTimelineScreen
from reflect.tui.screens.read import ReadScreen
from reflect.tui.screens.reflection import ReflectionScreen
from reflect.tui.screens.supervision import SupervisionScreen
from reflect.tui.widgets.continuity import ContinuityPanel
from tests.tui.conftest import build, keys, settle, type_text


async def test_the_agenda_from_home_and_supervision_is_anonymised_and_saves(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    waiting = sample_journal.list_entries(EntryFilter(flagged=True, undiscussed=True)).items
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "g")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        text = screen.query_one("#agenda-md", Markdown).source
        assert text.startswith("# Supervision agenda")
        assert f"{len(waiting)} flagged entries not yet discussed" in str(
            screen.query_one("#agenda-lead").render()
        )
        assert not any(e.case_code in text for e in waiting)
        assert "**Experience:**" in text and "**Action planning:**" in text
        await keys(pilot, "ctrl+s", "enter")  # the usual folder, accepted with one key
        saved = tmp_path / "supervision-agenda-2026-11-20.md"
        assert saved.read_text() == text
        assert isinstance(app.screen, AgendaScreen)
        await keys(pilot, "escape", "s")
        assert isinstance(app.screen, SupervisionScreen)
        await keys(pilot, "g")
        assert isinstance(app.screen, AgendaScreen)


async def test_the_agenda_never_replaces_a_saved_file_and_names_the_one_it_wrote(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    """ctrl+s twice keeps the worker's notes in the first file and says the new path."""
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "g", "ctrl+s", "enter")
        first = tmp_path / "supervision-agenda-2026-11-20.md"
        with first.open("a") as handle:
            handle.write("MY NOTES FROM SUPERVISION\n")
        await keys(pilot, "ctrl+s")
        # The file it will be is shown before anything is written: the next free name.
        second = tmp_path / "supervision-agenda-2026-11-20-2.md"
        shown = str(app.screen.query_one("#agenda-target", Static).render())
        assert f"It will be saved as: {second.absolute()}" in shown
        await keys(pilot, "enter")
        assert "MY NOTES FROM SUPERVISION" in first.read_text()
        assert second.read_text() == app.screen.query_one("#agenda-md", Markdown).source
        said = [str(notice.message) for notice in app._notifications]
        assert f"Saved to {second.absolute()}" in said


@pytest.fixture
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write in: read-only by its mode, or (for root) a read-only mount."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("running as root where a read-only folder cannot be mounted")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


async def test_the_agenda_goes_to_the_folder_typed_and_says_a_missing_one(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path, unwritable_folder: Path
) -> None:
    """ctrl+s shows the usual folder; another can be typed; a bad one is one sentence."""
    from reflect.tui.screens.agenda_save import AgendaSaveScreen

    chosen = tmp_path / "for supervision"
    chosen.mkdir()
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "g", "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, AgendaSaveScreen)
        field = dialog.query_one("#agenda-folder", Input)
        assert field.value == str(tmp_path)
        shown = str(dialog.query_one("#agenda-target", Static).render())
        assert f"It will be saved as: {tmp_path / 'supervision-agenda-2026-11-20.md'}" in shown

        # A folder that does not exist: said on the dialog, nothing written.
        missing = tmp_path / "not there"
        field.value = ""
        await type_text(pilot, str(missing))
        await keys(pilot, "enter")
        assert app.screen is dialog
        said = str(dialog.query_one("#agenda-save-msg", Static).render())
        assert said == f"The folder {missing} does not exist: choose one that does."
        assert not missing.exists()

        # A folder that cannot be written: said too.
        field.value = str(unwritable_folder)
        await keys(pilot, "enter")
        assert app.screen is dialog
        said = str(dialog.query_one("#agenda-save-msg", Static).render())
        assert said == (
            f"Reflect cannot write in {unwritable_folder}: choose a folder you can write to."
        )
        assert list(unwritable_folder.iterdir()) == []

        # The folder typed: the file is written there, and its full path is said.
        field.value = ""
        await type_text(pilot, str(chosen))
        await keys(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        written = chosen / "supervision-agenda-2026-11-20.md"
        assert written.read_text() == app.screen.query_one("#agenda-md", Markdown).source
        assert not (tmp_path / "supervision-agenda-2026-11-20.md").exists()
        said = [str(notice.message) for notice in app._notifications]
        assert f"Saved to {written}" in said

        # Escape leaves without writing anything.
        await keys(pilot, "ctrl+s", "escape")
        assert isinstance(app.screen, AgendaScreen)
        assert not (tmp_path / "supervision-agenda-2026-11-20.md").exists()


async def test_the_case_timeline_from_browse_and_the_reader(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "b")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        code = browse._rows[0].case_code
        count = sample_journal.count_entries(EntryFilter(case_code=code))
        await keys(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CaseTimelineScreen)
        lead = str(screen.query_one("#case-lead").render())
        assert lead.startswith(f"{code}: {count} entr")
        text = screen.query_one("#case-md", Markdown).source
        assert text.count("\n## ") + text.startswith("## ") == count
        await keys(pilot, "escape", "enter")
        assert isinstance(app.screen, ReadScreen)
        await keys(pilot, "c")
        assert isinstance(app.screen, CaseTimelineScreen)
        assert app.screen.case_code == code


async def test_writing_about_a_family_seen_before_shows_last_visit_and_asks_about_promises(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    earlier = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        screen.query_one("#visit-date", Input).value = "20/11/2026"
        await type_text(pilot, earlier.case_code)
        await keys(pilot, "ctrl+n")
        panel = screen.query_one(ContinuityPanel)
        assert panel.available and panel.display
        words = str(panel.query_one("#continuity-text").render())
        assert f"Last visit to {earlier.case_code}: " in words
        assert "What was agreed:" in words and "Open actions" in words
        panel.query_one("#promise-kept", Select).value = "partly"
        await settle(pilot)
        assert screen.entry_id is not None
        assert sample_journal.promise_checks([screen.entry_id]) == {screen.entry_id: ("partly", "")}
        await keys(pilot, "ctrl+l")  # close it
        assert not panel.display
        await keys(pilot, "ctrl+l")  # and open it again
        assert panel.display
        (entry,) = [
            t
            for t in sample_journal.case_timeline(earlier.case_code)
            if t.entry.id == screen.entry_id
        ]
        assert entry.promise_kept == "partly"


async def test_a_new_family_shows_no_panel(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await keys(pilot, "n")
        await type_text(pilot, "CF-0001")
        await keys(pilot, "ctrl+n")
        panel = app.screen.query_one(ContinuityPanel)
        assert not panel.available and not panel.display
