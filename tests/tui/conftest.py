"""Fixtures for driving the app with Pilot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from reflect.cli import make_app
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import ReflectApp
from tests.conftest import SampleCopy
from tests.helpers import TODAY

NOW = datetime(2026, 11, 20, 17, 45, 0)


@pytest.fixture
def sample_journal(tmp_path: Path, sample_copy: SampleCopy) -> Iterator[Journal]:
    journal = Journal.open(sample_copy(tmp_path / "sample.db", 80, 7))
    yield journal
    journal.close()


@pytest.fixture
def empty_journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal.open(tmp_path / "empty.db")
    yield journal
    journal.close()


def build(journal: Journal, library: PromptLibrary) -> ReflectApp:
    app = make_app(
        journal,
        library,
        today=TODAY,
        clock=lambda: NOW,
        export_folder=Path(journal.path or ".").parent,
    )
    assert isinstance(app, ReflectApp)
    return app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key, as a person would."""
    for char in text:
        await pilot.press("space" if char == " " else char)


async def keys(pilot, *pressed: str) -> None:  # type: ignore[no-untyped-def]
    """Press each key in turn and let the app settle after each, as a person would wait."""
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


def recorded_session(journal: Journal, notes: str = "First notes") -> None:
    """A supervision session recorded today, with ``notes``, to correct from the app."""
    from reflect.core.sessions import SessionContent

    draft = journal.start_session_draft(SessionContent(TODAY, notes=notes))
    journal.record_session(draft.id, SessionContent(TODAY, notes=notes))


async def open_correction(pilot):  # type: ignore[no-untyped-def]
    """From home, open the latest session's correction; its notes box, focused."""
    from textual.widgets import TextArea

    from reflect.tui.screens.session import CorrectSessionScreen

    await settle(pilot)
    await keys(pilot, "s", "l", "c")
    assert isinstance(pilot.app.screen, CorrectSessionScreen)
    notes = pilot.app.screen.query_one("#s-notes", TextArea)
    notes.focus()
    return notes
