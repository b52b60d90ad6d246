"""Snapshots of lists where one row is chosen: the chosen row carries a mark, not only colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.core.prompts import PromptLibrary
from tests.snapshots.test_snapshots import SIZES, journal_with, steady, to_details
from tests.tui.conftest import settle


async def step_list_after_end(pilot) -> None:  # type: ignore[no-untyped-def]
    """The step list (ctrl+g) after End: the last step is marked and in sight."""
    await to_details(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+g")
    await settle(pilot)
    pilot.app.animation_level = "none"  # End scrolls at once, not over several frames
    await pilot.press("end")
    await settle(pilot)
    # The list scrolls to its end with an animation: on a busy machine the
    # snapshot was taken mid-scroll (once in a full run; not by itself).
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_step_list_after_end(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, library: PromptLibrary, size: tuple[int, int]
) -> None:
    from tests.tui.conftest import build

    journal = journal_with(tmp_path, 0)
    try:
        assert snap_compare(
            build(journal, library), terminal_size=size, run_before=step_list_after_end
        )
    finally:
        journal.close()
