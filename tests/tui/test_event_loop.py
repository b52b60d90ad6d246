"""No screen makes the event loop wait on the journal: every call runs in a worker.

A journal whose every public method notes the thread it is called from is
driven through every screen the home screen opens and each screen's main
actions; not one call may come from the event loop's thread.
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.screens.filters import FilterScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.read import ReadScreen
from tests.tui.conftest import build, keys, settle, type_text


def calls_from_this_thread(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap every public method of ``journal``; the names of those called from this thread."""
    loop_thread = threading.current_thread()
    on_loop: list[str] = []
    for name in dir(Journal):
        if name.startswith("_") or name in ("open", "close"):
            continue
        if not callable(getattr(Journal, name)):
            continue
        real = getattr(journal, name)

        def spy(*args, _name=name, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            if threading.current_thread() is loop_thread:
                on_loop.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(journal, name, spy)
    return on_loop


async def test_browse_paging_filters_and_reader_stay_off_the_loop(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small pages, loaded only when asked: the reader's "next" past the last
    # loaded row must fetch the next page itself.
    monkeypatch.setattr("reflect.tui.screens.browse_pages.PAGE", 20)
    monkeypatch.setattr("reflect.tui.screens.browse.NEAR_END", 0)
    everything = [e.id for e in sample_journal.list_entries(limit=1000).items]
    on_loop = calls_from_this_thread(sample_journal, monkeypatch)
    app = build(sample_journal, library)
    # Short enough that 20 rows fill the view: a page ending inside it is read on.
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "b")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        assert browse.ids == everything[:20]
        await keys(pilot, "ctrl+f")
        assert isinstance(app.screen, FilterScreen)
        await keys(pilot, "escape")
        browse.query_one("#entries", DataTable).move_cursor(row=19)
        await keys(pilot, "enter")
        reader = app.screen
        assert isinstance(reader, ReadScreen)
        assert reader.entry_id == everything[19]
        await keys(pilot, "n")  # past the loaded rows: the next page is read in a worker
        assert reader.entry_id == everything[20]
        assert browse.ids == everything[:40]
        await keys(pilot, "p", "f", "f", "h", "escape", "c", "escape", "e", "escape")
        await keys(pilot, "escape")
        assert app.screen is browse
        await keys(pilot, "slash")
        await type_text(pilot, "school")
        await settle(pilot)
        await keys(pilot, "enter", "enter", "escape", "escape", "escape")
        assert isinstance(app.screen, HomeScreen)
    assert on_loop == []


async def test_every_screen_from_home_stays_off_the_loop(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_loop = calls_from_this_thread(sample_journal, monkeypatch)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        opened: list[str] = []

        async def visit(*pressed: str) -> None:
            await keys(pilot, *pressed)
            opened.append(type(app.screen).__name__)

        await visit("s")  # supervision: earlier sessions, the agenda, recording one
        await visit("l")
        await keys(pilot, "escape")
        await visit("g")
        await keys(pilot, "escape")
        await visit("r")
        await keys(pilot, "escape", "escape")
        await visit("a")  # actions: mark one done and undo it
        await keys(pilot, "space", "u", "escape")
        await visit("e")  # export: its preview, terms and title block
        await keys(pilot, "ctrl+t", "escape", "ctrl+b", "escape", "escape")
        await visit("w")
        await keys(pilot, "escape")
        await visit("c")  # CPD: a new record, left empty
        await visit("n")
        await keys(pilot, "escape", "escape")
        await visit("g")
        await keys(pilot, "escape")
        await visit("t")  # terms: add this year's
        await keys(pilot, "ctrl+a", "escape")
        await visit("x")
        await keys(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert opened == [
        "SupervisionScreen",
        "SessionsScreen",
        "AgendaScreen",
        "RecordSessionScreen",
        "ActionsScreen",
        "ExportScreen",
        "WordsScreen",
        "CpdScreen",
        "CpdFormScreen",
        "AgendaScreen",
        "TermsScreen",
        "TrashScreen",
    ]
    assert on_loop == []
