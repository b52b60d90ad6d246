"""Keys typed straight after opening a form that is read first are not lost.

The CPD list reads a record's sources, and the sessions list a session's
entries, before the form opens; a worker typing at once sent the keys to the
list still showing, and they were lost. The keys go in through the driver,
as a terminal's do, all before the app handles the first one.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.cpd import CpdFormScreen
from reflect.tui.screens.session import CorrectSessionScreen
from tests.tui.conftest import build, keys, recorded_session, settle
from tests.tui.test_keys_before_leaving import send_keys


async def test_a_cpd_title_typed_straight_after_n_is_kept(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.tui.screens import cpd

    monkeypatch.setattr(cpd, "SAVE_DELAY", 60.0)  # only quitting saves it
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "c")
        send_keys(app, "n", *"Peer group", "space", *"on tcx", "backspace", "backspace", *"ext")
        await settle(pilot)
        assert isinstance(app.screen, CpdFormScreen)
        assert app.screen.query_one("#cpd-title", Input).value == "Peer group on text"
        await pilot.press("ctrl+q")
        await pilot.pause()
    (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
    assert new.status == "draft" and new.fields.title == "Peer group on text"


async def test_initials_typed_straight_after_opening_a_correction_are_kept(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    recorded_session(empty_journal)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await keys(pilot, "s", "l")
        send_keys(app, "c", *"KL")
        await settle(pilot)
        assert isinstance(app.screen, CorrectSessionScreen)
        assert app.screen.query_one("#s-initials", Input).value.endswith("KL")
