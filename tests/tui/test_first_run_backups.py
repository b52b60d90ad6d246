"""The first-run screen says when a lost journal's backups are there (review 22, item 5)."""

from __future__ import annotations

import shlex
from pathlib import Path

from textual.widgets import Static

from reflect.cli import make_app
from reflect.core.backup import make_backup
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.unlock import FirstRunScreen
from tests.helpers import TODAY, new_draft
from tests.tui.conftest import settle


async def test_the_first_run_screen_names_the_newest_backup_and_the_command(
    tmp_path: Path, library: PromptLibrary
) -> None:
    path = tmp_path / "journal.db"
    backups = tmp_path / "backups"
    backups.mkdir()
    with Journal.open(path) as journal:
        new_draft(journal, "CF-5101")
        newest = make_backup(journal, backups / "journal-2026-11-27.db")
    path.unlink()
    app = make_app(
        None, library, journal_path=path, first_run=True, backups_dir=backups, today=TODAY
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        said = " ".join(str(app.screen.query_one("#first-backups", Static).render()).split())
        await pilot.press("escape")
    assert f"There is no journal at {path}, but {backups} holds 1 backup of it" in said
    command = said.split("Put it back with: ")[1].split(" Press escape")[0]
    assert shlex.split(command) == ["reflect", "--db", str(path), "restore", str(newest)]


async def test_without_backups_the_first_run_screen_is_as_before(
    tmp_path: Path, library: PromptLibrary
) -> None:
    app = make_app(
        None,
        library,
        journal_path=tmp_path / "journal.db",
        first_run=True,
        backups_dir=tmp_path / "backups",
        today=TODAY,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert not app.screen.query("#first-backups")
        await pilot.press("escape")
