"""The home screen's first frame comes before its lists are read; the lists come with their rows.

Two empty tables (a heading row each) took about 10 ms of the start-up to
the first frame at 100,000 entries. They are added when the rows are read;
until then the screen says "Opening your journal…".
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.home import HomeData, HomeScreen
from tests.tui.conftest import build, settle


async def test_the_lists_come_with_their_rows_not_before(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    read = HomeScreen._read

    def held(screen: HomeScreen) -> HomeData:
        release.wait(10)  # the journal is slow to answer
        return read(screen)

    monkeypatch.setattr(HomeScreen, "_read", held)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "Opening your journal" in str(home.query_one("#summary", Static).render())
        assert not home.query(DataTable)  # no empty tables meanwhile
        assert not home.query_one("#recent-title").display
        assert not home.query_one("#drafts-title").display
        await pilot.press("d", "enter")  # nothing to discard or open yet: nothing happens
        assert app.screen is home
        release.set()
        await settle(pilot)
        assert home.query_one("#drafts", DataTable).row_count
        assert home.query_one("#recent", DataTable).row_count
        assert home.query_one("#recent-title").display
        # The keys go to the unfinished reflection, as before.
        assert app.focused is home.query_one("#drafts", DataTable)
