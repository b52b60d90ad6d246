"""Focus you cannot miss, in every theme and at 16 colours, and a tab order that
follows the screen, on every form (issue 17, point 1)."""

from __future__ import annotations

import io
from itertools import pairwise
from typing import Any

import pytest
from rich.console import Console
from textual.widget import Widget
from textual.widgets import Input, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import FOCUS_MARK, FOCUS_TITLE
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build, keys, settle
from tests.tui.test_reflection import start

HEAVY = "┃━┏┓┗┛"


def screen_text(app: Any, color_system: str = "standard") -> str:
    """The screen's characters as a terminal of ``color_system`` would draw them."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        record=True,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False)


def marks(widget: Widget) -> tuple[str, str, str | None]:
    """What marks a field apart from colour: its left and top border types, and title."""
    return (widget.styles.border_left[0], widget.styles.border_top[0], widget.border_title)


async def test_every_theme_marks_focus_by_shape_and_words(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert isinstance(screen, ReflectionScreen)
        answer = screen.query_one("#answer", TextArea)
        assert answer.has_focus
        themes = sorted(app.available_themes)
        assert {"textual-dark", "textual-light", "ansi-dark", "ansi-light"} <= set(themes)
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            focused = marks(answer)
            assert focused == ("heavy", "heavy", FOCUS_TITLE), theme
            # Drawn as a 16-colour terminal draws it: the heavy lines and the
            # words are there whatever the colours become.
            text = screen_text(app)
            assert FOCUS_TITLE in text and any(c in text for c in HEAVY), theme
        # Back on the visit details, the case code is focused, the date is not.
        screen._go(0)
        await settle(pilot)
        case = screen.query_one("#case-code", Input)
        date = screen.query_one("#visit-date", Input)
        case.focus()
        await pilot.pause()
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            assert case.has_focus
            assert marks(case) != marks(date), theme  # a shape, not a shade
            text = screen_text(app)
            assert FOCUS_MARK + "Case code" in text, theme
            assert FOCUS_MARK + "Visit date" not in text, theme


# -- tab order ------------------------------------------------------------------


def place(widget: Widget) -> tuple[int, int, int]:
    """Where a widget sits on the whole form (scrolled parts counted): top, bottom, column."""
    scrolled = sum(int(a.scroll_offset.y) for a in widget.ancestors if isinstance(a, Widget))
    top = widget.region.y + scrolled
    return (top, top + max(widget.region.height, 1), widget.region.x)


async def tab_through(pilot: Any) -> list[tuple[Widget, tuple[int, int, int]]]:
    """Every field tab visits, from the one focused as the form opens, with its place.

    Places are taken once, as the form opens, so scrolling cannot move them.
    """
    screen = pilot.app.screen
    places = {widget: place(widget) for widget in screen.focus_chain}
    visited: list[tuple[Widget, tuple[int, int, int]]] = []
    for _ in range(len(places)):
        widget = screen.focused
        assert widget is not None
        visited.append((widget, places[widget]))
        await pilot.press("tab")
        await pilot.pause()
    return visited


def assert_top_to_bottom(visited: list[tuple[Widget, tuple[int, int, int]]]) -> None:
    names = [w.id or type(w).__name__ for w, _ in visited]
    for (before, (top, bottom, col)), (after, (next_top, next_bottom, next_col)) in pairwise(
        visited
    ):
        below = next_top >= bottom
        same_line_to_the_right = next_top < bottom and top < next_bottom and next_col > col
        # A pane beside the form (a preview) comes after the form's last field.
        next_column = next_col > col and next_top < top
        assert below or same_line_to_the_right or next_column, (
            f"tab goes from {before.id or before} at {(top, col)} to "
            f"{after.id or after} at {(next_top, next_col)}; order: {names}"
        )


async def open_visit_details(pilot: Any) -> None:
    await keys(pilot, "n")


async def open_finishing(pilot: Any, kind: str) -> None:
    screen = await start(pilot, set_id="quick")
    screen._go(next(i for i, step in enumerate(screen.steps) if step.kind == kind))
    await settle(pilot)


async def open_tags(pilot: Any) -> None:
    await open_finishing(pilot, "tags")


async def open_actions(pilot: Any) -> None:
    await open_finishing(pilot, "actions")


async def open_supervision_step(pilot: Any) -> None:
    await open_finishing(pilot, "supervision")


async def open_filters(pilot: Any) -> None:
    await keys(pilot, "b", "ctrl+f")


async def open_session(pilot: Any) -> None:
    await keys(pilot, "s", "r")


async def open_cpd_record(pilot: Any) -> None:
    await keys(pilot, "c", "n")


async def open_terms(pilot: Any) -> None:
    await keys(pilot, "t")


async def open_export(pilot: Any) -> None:
    await keys(pilot, "e")


async def open_title_block(pilot: Any) -> None:
    await keys(pilot, "e", "ctrl+b")


FORMS = {
    "visit details": open_visit_details,
    "tags": open_tags,
    "actions": open_actions,
    "supervision step": open_supervision_step,
    "filters": open_filters,
    "session record": open_session,
    "CPD record": open_cpd_record,
    "terms": open_terms,
    "export": open_export,
    "title block": open_title_block,
}


@pytest.mark.parametrize("form", list(FORMS))
async def test_each_form_opens_in_its_first_field_and_tabs_top_to_bottom(
    sample_journal: Journal, library: PromptLibrary, form: str
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await FORMS[form](pilot)
        await settle(pilot)
        screen = app.screen
        assert screen.focused is not None, f"{form}: nothing focused when it opens"
        visited = await tab_through(pilot)
        assert len(visited) >= 2, f"{form}: one field only?"
        # Opens in the first field on the screen, then tab goes down the form...
        opened, (top, _, col) = visited[0]
        for other, (o_top, o_bottom, o_col) in visited[1:]:
            above = o_bottom <= top
            level_and_left = o_top <= top < o_bottom and o_col < col
            assert not (above or level_and_left), f"{form}: opens in {opened}, below {other}"
        assert_top_to_bottom(visited)
        # ...and round to the top again.
        assert screen.focused is visited[0][0]
