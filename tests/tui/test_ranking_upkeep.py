"""The app makes a large journal's kept search rankings again while nobody types.

A 400-entry sample with the thresholds lowered (kept from 40 matches), so
that it counts as large; the upkeep's tick is called directly instead of
waiting for its 30-second timer.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reflect.core import kept_rankings
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.conftest import SampleCopy
from tests.tui.conftest import build, settle


async def test_rankings_are_made_again_when_idle_and_not_while_typing(
    tmp_path: Path,
    sample_copy: SampleCopy,
    library: PromptLibrary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kept_rankings, "KEPT_FROM", 40)
    monkeypatch.setattr(kept_rankings, "KEPT", 30)
    path = sample_copy(tmp_path / "journal.db", 400, 21)
    with Journal.open(path) as journal:
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
