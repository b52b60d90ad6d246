"""CPD records in the app, by key presses, checked in the journal."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Markdown, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.cpd import CpdFormScreen
from reflect.tui.screens.cpd_list import CpdScreen
from reflect.tui.screens.home import HomeScreen
from tests.tui.conftest import build, keys, settle, type_text


@pytest.fixture(autouse=True)
def quick_saves(monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.tui.screens import cpd
    from reflect.tui.widgets import saver

    monkeypatch.setattr(cpd, "SAVE_DELAY", 0.01)
    monkeypatch.setattr(cpd, "RETRY_DELAY", 0.05)
    monkeypatch.setattr(saver, "TICK", 0.01)


async def new_record(pilot) -> CpdFormScreen:  # type: ignore[no-untyped-def]
    """From the home screen, a new CPD record's form (c, then n)."""
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await keys(pilot, "c", "n")
    form = pilot.app.screen
    assert isinstance(form, CpdFormScreen)
    return form


async def test_home_shows_readiness_and_c_opens_cpd(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#cpd-line").render())
        # The sample has two complete records this year, one with peer reflection.
        assert line.startswith(
            "CPD 2025-26: 2 complete records of the 2 asked for, with peer reflection"
        )
        assert "11 days to 30 November, renewal open" in line
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CpdScreen)
        readiness = str(screen.query_one("#cpd-readiness").render())
        assert "2 complete CPD records of the 2 asked for" in readiness
        assert "1 draft not finished yet" in readiness
        await keys(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_writing_a_record_autosaves_a_draft_then_completes_and_edits_with_history(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_record(pilot)
        await type_text(pilot, "Shadowing the duty team")
        await pilot.pause(0.1)
        await settle(pilot)
        (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
        assert new.status == "draft" and new.fields.title == "Shadowing the duty team"
        # Not complete while parts of the form are empty: it says which.
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdFormScreen)
        status = str(form.query_one("#cpd-status").render())
        assert "the type of CPD" in status and "what you learnt" in status
        form.query_one("#cpd-type", Input).value = "Shadowing"
        form.query_one("#cpd-description", TextArea).text = "A day with the duty team."
        form.query_one("#cpd-learnt", TextArea).text = "How a referral is weighed."
        form.query_one("#cpd-impact", TextArea).text = "I write referrals they can act on."
        # Drawing on an entry shows it beside the form.
        sources = form.query_one("#cpd-sources")
        sources.select(sources.get_option_at_index(0).value)
        await settle(pilot)
        assert form.query_one("#cpd-drawn-md", Markdown).source.startswith("###")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdScreen)
        record = sample_journal.get_cpd(new.id)
        assert record.complete and len(record.fields.entry_ids) == 1
        # Open it again, change it: the earlier version is kept.
        table = app.screen.query_one("#cpd-records")
        table.focus()
        table.move_cursor(row=[r.id for r in app.screen.records].index(new.id))
        await keys(pilot, "enter")
        form = app.screen
        assert isinstance(form, CpdFormScreen) and form.editing_complete
        form.query_one("#cpd-peer", TextArea).text = "My supervisor asked what I would do."
        form.query_one("#cpd-peer-role", Input).value = "my supervisor"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdScreen)
        await keys(pilot, "enter")  # once more: the form says a version is kept
        assert "1 earlier version is kept" in str(app.screen.query_one("#cpd-status").render())
        await keys(pilot, "escape")
    record = sample_journal.get_cpd(new.id)
    assert record.has_peer_reflection and record.fields.peer_role == "my supervisor"
    (revision,) = sample_journal.cpd_revisions(new.id)
    assert revision.fields.peer_reflection == ""


async def test_quitting_straight_after_typing_a_record_keeps_every_word(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.tui.screens import cpd

    monkeypatch.setattr(cpd, "SAVE_DELAY", 60.0)  # only quitting can save it
    before = {r.id for r in sample_journal.cpd_records()}
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "c", "n")
        assert isinstance(app.screen, CpdFormScreen)
        await type_text(pilot, "Typed just before quitting")
        await pilot.press("ctrl+q")
        await pilot.pause()
    (new,) = [r for r in sample_journal.cpd_records() if r.id not in before]
    assert new.status == "draft" and new.fields.title == "Typed just before quitting"


async def test_ctrl_s_on_an_incomplete_record_says_what_is_missing_where_the_worker_is(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """At 80x24, scrolled down the form, ctrl+s says what is missing in a notice and shows it."""
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_record(pilot)
        await type_text(pilot, "Shadowing the duty team")
        form.query_one("#cpd-peer-role", Input).focus()
        await settle(pilot)
        scroller = form.query_one("#cpd-form")
        assert scroller.scroll_y > 0  # the status line at the top is out of sight
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, CpdFormScreen)
        said = [str(n.message) for n in app._notifications]
        assert any(
            "To complete it, please write: the type of CPD;" in text and "what you learnt" in text
            for text in said
        )
        # The first part still to write has the cursor and is in view.
        first = form.query_one("#cpd-type", Input)
        assert first.has_focus
        assert scroller.region.contains_region(first.region)


async def test_a_failing_save_corrects_the_line_after_the_form_wrote_on_it(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line tells the truth while saves fail, whatever the form said on it meanwhile.

    With the disk full, ctrl+s on a record with fields still empty wrote
    "Saved as a draft. To complete it, ..." over "Not saved yet: ...", and a
    retry failing the same way once left it there (review 29).
    """
    from sqlalchemy.exc import OperationalError

    full = {"on": False}
    for name in ("create_cpd", "save_cpd_draft"):
        real = getattr(sample_journal, name)

        def failing(*args: object, _real: object = real, **kwargs: object) -> object:
            if full["on"]:
                raise OperationalError("UPDATE cpd", {}, Exception("database or disk is full"))
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(sample_journal, name, failing)
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_record(pilot)
        await type_text(pilot, "Shadowing")
        await pilot.pause(0.2)
        await settle(pilot)
        full["on"] = True
        await type_text(pilot, " the duty team")
        await pilot.pause(0.3)
        await settle(pilot)
        assert str(form.query_one("#cpd-status").render()).startswith("Not saved yet")
        await keys(pilot, "ctrl+s")  # fields still empty: the form says what is missing
        await pilot.pause(0.5)  # and the retries, every 0.05 s here, go on failing
        await settle(pilot)
        status = str(form.query_one("#cpd-status").render())
        assert status.startswith("Not saved yet") and "disk is full" in status, status
