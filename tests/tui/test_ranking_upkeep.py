"""The app makes a large journal's kept search rankings again while nobody types.

A 400-entry sample with the thresholds lowered (kept from 40 matches), so
that it counts as large; the upkeep's tick is called directly instead of
waiting for its 30-second timer.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from reflect.core import kept_rankings
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.conftest import SampleCopy
from tests.tui.conftest import build, settle


@pytest.fixture
def large(tmp_path: Path, sample_copy: SampleCopy, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sample journal that counts as large: kept from 40 matches, the first 30."""
    monkeypatch.setattr(kept_rankings, "KEPT_FROM", 40)
    monkeypatch.setattr(kept_rankings, "KEPT", 30)
    return sample_copy(tmp_path / "journal.db", 400, 21)


async def test_rankings_are_made_again_when_idle_and_not_while_typing(
    large: Path, library: PromptLibrary
) -> None:
    with Journal.open(large) as journal:
        assert not journal.rankings_kept()
        app = build(journal, library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            upkeep = app.ranking_upkeep
            upkeep.tick()  # a key came moments ago (start-up counts as one): not now
            await app.workers.wait_for_complete()
            assert not upkeep.running and not journal.rankings_kept()
            app.quiet_collector.last_key = time.monotonic() - 60  # a minute without a key
            upkeep.tick()
            assert upkeep.running
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert not upkeep.running and journal.rankings_kept()
            # A change to an entry's words sets them aside; the next idle tick makes them again.
            best = journal.search("judgement", limit=1)[0].entry
            journal.update_entry(best.id, case_code="CF-7007")
            assert not journal.rankings_kept()
            upkeep.tick()
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert journal.rankings_kept()
        assert upkeep.stopping  # leaving the app stops any making in progress


async def idle_tick(app: Any, pilot: Any) -> None:
    """A tick after a minute without a key, and its thread's end (a failure raises nothing)."""
    app.quiet_collector.last_key = time.monotonic() - 60
    app.ranking_upkeep.tick()
    for _ in range(500):
        await pilot.pause(0.01)
        if not app.ranking_upkeep.running:
            return
    raise AssertionError("the upkeep's thread did not end")


async def test_a_busy_journal_is_tried_again_and_a_failing_one_left_alone(
    large: Path, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by review: one "database is locked" gave up for the whole session."""
    import sqlite3

    from reflect.tui import ranking_upkeep

    with Journal.open(large) as journal:
        make = Journal.keep_rankings
        busy = [1]

        def busy_once(self: Journal, *args: object, **kwargs: object) -> int | None:
            if busy:
                busy.pop()
                raise sqlite3.OperationalError("database is locked")
            return make(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Journal, "keep_rankings", busy_once)
        app = build(journal, library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            upkeep = app.ranking_upkeep
            for _ in range(2):
                await idle_tick(app, pilot)
            assert journal.rankings_kept() and upkeep.failures == 0
            # A journal that always fails is tried GIVE_UP_AFTER times, then left alone.
            monkeypatch.setattr(Journal, "rankings_kept", lambda self: False)
            monkeypatch.setattr(
                Journal, "keep_rankings", lambda self, *a, **k: (_ for _ in ()).throw(OSError)
            )
            for _ in range(ranking_upkeep.GIVE_UP_AFTER + 2):
                await idle_tick(app, pilot)
            assert upkeep.failures == ranking_upkeep.GIVE_UP_AFTER
