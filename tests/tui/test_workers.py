"""The one worker helper: every outcome reaches whoever asked, failures in plain words."""

from __future__ import annotations

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.home import HomeScreen
from reflect.tui.workers import in_thread
from tests.tui.conftest import build, settle


async def test_a_failure_while_drawing_an_awaited_result_is_told(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    """Awaited drawing runs as the screen's own task; its failure must not vanish."""
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        drawn: list[int] = []

        async def draw(value: int) -> None:
            drawn.append(value)
            raise RuntimeError("the form could not be filled")

        in_thread(screen, lambda: 41 + 1, draw, what="Filling the form")
        for _ in range(40):
            await pilot.pause(0.05)
            if app._notifications:
                break
        assert drawn == [42]
        told = [n.message for n in app._notifications]
        assert any(
            "Filling the form did not happen" in m and "could not be filled" in m for m in told
        ), told


async def test_a_failure_goes_to_the_screens_own_handler_when_it_has_one(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        failures: list[str] = []

        async def draw(_value: int) -> None:
            raise ValueError("no room")

        in_thread(app.screen, lambda: 1, draw, failed=lambda e: failures.append(str(e)))
        for _ in range(40):
            await pilot.pause(0.05)
            if failures:
                break
        assert failures == ["no room"]
