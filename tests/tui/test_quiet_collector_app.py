"""The app holds Python's full collections for pauses while it runs, and gives them back."""

from __future__ import annotations

import gc

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.tui.conftest import build, settle


async def test_the_app_takes_the_full_collections_and_gives_them_back(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    before = gc.get_threshold()
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] > before[2]  # held for a pause in the typing
        assert gc.get_freeze_count() > 0
        await pilot.press("n")
        assert app.quiet_collector.last_key > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
