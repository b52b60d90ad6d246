"""The two style files: the home screen's, read before the first frame, and every other screen's.

reflect.tcss is read at start-up; screens.tcss after the first frame or
before another screen opens, whichever comes first (ReflectApp.load_all_styles).
So the home screen must look the same with or without screens.tcss, and no
other screen may ever be styled without it.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from textual.css.match import match
from textual.css.model import SelectorSet
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import SCREENS_CSS, ReflectApp
from reflect.tui.screens.help import HelpScreen
from reflect.tui.screens.home import HomeScreen
from tests.tui.conftest import build, settle


def other_screens_read(app: ReflectApp) -> bool:
    return app.stylesheet.has_source(os.path.abspath(SCREENS_CSS))


def in_any_state(selector_set: SelectorSet) -> SelectorSet:
    """The selectors without their pseudo-classes (:focus, :hover...): matching in any state."""
    return SelectorSet([replace(s, pseudo_classes=set()) for s in selector_set.selectors])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_rule_for_other_screens_touches_the_home_screen(
    sample_journal: Journal, library: PromptLibrary, size: tuple[int, int]
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#drafts", DataTable).row_count  # both lists shown
        assert app.screen.query_one("#recent", DataTable).row_count
        others = Stylesheet(variables=app.get_css_variables())
        others.read(SCREENS_CSS)
        rules = others.rules
        assert len(rules) > 50  # the file was read
        nodes = list(app.screen.walk_children(with_self=True))
        assert len(nodes) > 10
        touching = [
            (rule.css.splitlines()[0], node)
            for rule in rules
            for node in nodes
            if match([in_any_state(s) for s in rule.selector_set], node)
        ]
        assert touching == []


async def test_the_other_screens_styles_are_read_just_after_the_first_frame(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # nothing else opened
        assert other_screens_read(app)


async def test_a_screen_opened_before_they_were_read_is_styled(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if a key came before the first frame's idle moment: only opening
    # the screen reads them.
    monkeypatch.setattr(ReflectApp, "on_ready", lambda self: None)
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not other_screens_read(app)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert other_screens_read(app)
        # screens.tcss: HelpScreen { align: center middle; }
        assert (app.screen.styles.align_horizontal, app.screen.styles.align_vertical) == (
            "center",
            "middle",
        )
