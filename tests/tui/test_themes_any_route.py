"""Themes and PCF domains are ticked from the answers however the end is reached.

Review 20, defect 5: answering a few questions, then ctrl+g to "Read it
through and save" and ctrl+n saved the entry with no themes and no domains,
because the suggestion ran only on the themes step. What the worker chose
themselves on that step is never overridden.
"""

from __future__ import annotations

from textual.widgets import Input, SelectionList

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build, settle, type_text


async def start_quick(pilot) -> ReflectionScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectionScreen)
    screen.query_one("#prompt-set").value = "quick"
    screen.query_one("#visit-date", Input).value = "18/11/2026"
    await type_text(pilot, "CF-5150")
    await pilot.press("ctrl+n")
    await settle(pilot)
    return screen


async def answer_two(pilot) -> None:  # type: ignore[no-untyped-def]
    """Answer "what happened" and "how I am" (themed: Use of self and emotion)."""
    await type_text(pilot, "A calm visit")
    await pilot.press("ctrl+n")
    await settle(pilot)
    await type_text(pilot, "Tired but steady")


async def jump_to_the_end(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("end", "enter")
    await settle(pilot)


async def save_as_complete(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+n")  # on the summary: save as complete
    await settle(pilot)


def assert_complete_with_the_answers_themes(journal: Journal, screen: ReflectionScreen) -> None:
    """Saved complete, with the theme and PCF domain of the two answers (`answer_two`)."""
    entry = journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.status == "complete"
    assert entry.themes == ("Use of self and emotion",)
    assert entry.pcf_domains == ("Professionalism",)


async def test_jumping_to_the_end_and_saving_ticks_the_themes_of_the_answers(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_quick(pilot)
        await answer_two(pilot)
        await jump_to_the_end(pilot)
        assert screen.step.kind == "summary"
        summary = screen.finishing.current_detail()
        assert summary.themes == ("Use of self and emotion",)  # shown before saving too
        await save_as_complete(pilot)
        assert not isinstance(app.screen, ReflectionScreen)
    assert_complete_with_the_answers_themes(empty_journal, screen)


async def test_stepping_through_ticks_the_same_themes(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_quick(pilot)
        await answer_two(pilot)
        while screen.step.kind != "summary":
            await pilot.press("ctrl+n")
            await settle(pilot)
        await save_as_complete(pilot)
    assert_complete_with_the_answers_themes(empty_journal, screen)


async def test_what_the_worker_unticked_stays_unticked_after_a_jump(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await start_quick(pilot)
        await answer_two(pilot)
        while screen.step.kind != "tags":
            await pilot.press("ctrl+n")
            await settle(pilot)
        themes = screen.query_one("#themes", SelectionList)
        assert themes.selected == ["Use of self and emotion"]
        values = [themes.get_option_at_index(i).value for i in range(themes.option_count)]
        themes.highlighted = values.index("Use of self and emotion")
        await pilot.press("space")  # the worker unticks the suggested theme
        await settle(pilot)
        assert themes.selected == []
        await jump_to_the_end(pilot)
        assert screen.step.kind == "summary"
        await pilot.press("ctrl+n")
        await settle(pilot)
    entry = empty_journal.get_entry(screen.entry_id)  # type: ignore[arg-type]
    assert entry.status == "complete"
    assert entry.themes == ()
    assert entry.pcf_domains == ("Professionalism",)  # left as suggested: not touched
