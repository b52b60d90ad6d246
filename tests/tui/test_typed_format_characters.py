"""Joiners and direction marks typed in a field are kept, as a paste keeps them.

Textual inserts only printable keys, and U+200D (the zero-width joiner inside
"👨‍👧"), U+200F (a right-to-left mark) and U+00AD (a soft hyphen) are format
characters: typed through a terminal they were dropped (review 20, item 16).
Here the terminal's bytes go through Textual's own parser and driver, as in
the real app.
"""

from __future__ import annotations

from textual._xterm_parser import XTermParser
from textual.widgets import Input, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import ReflectApp
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build, settle, type_text

WRITTEN = "Mum said 👨\u200d👧 was how Tyler drew them; he wrote שלום\u200f and co\u00adoperate."


def type_as_a_terminal(app: ReflectApp, text: str) -> None:
    """Feed ``text`` to Textual's terminal parser and post each event it makes."""
    assert app._driver is not None
    for event in XTermParser().feed(text):
        event.set_sender(app)
        app._driver.send_message(event)


async def test_joiners_and_marks_typed_in_an_answer_are_saved(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        screen.query_one("#visit-date", Input).value = "18/11/2026"
        await type_text(pilot, "CF-2040")
        await pilot.press("ctrl+n")
        await settle(pilot)
        type_as_a_terminal(app, WRITTEN)
        await settle(pilot)
        assert isinstance(app.focused, TextArea)
        assert app.focused.text == WRITTEN
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert screen.entry_id is not None
    assert empty_journal.get_entry(screen.entry_id).answers[0].text == WRITTEN


async def test_a_joiner_typed_in_a_one_line_field_is_kept(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b", "slash")
        await settle(pilot)
        type_as_a_terminal(app, "👨\u200d👧")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert app.focused.value == "👨\u200d👧"
