"""The footer: every key shown once, kept up to date, and each one clickable."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.widgets.footer import KeysFooter
from tests.tui.conftest import build, settle


class Keys(App[None]):
    """A small app whose keys change: 'w' can be greyed out, 'h' hidden."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write"),
        Binding("ctrl+s", "write", "Save"),  # the same action: shown once
        Binding("h", "hide", "Hide me"),
        Binding("z", "secret", "Not shown", show=False),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_write = True
        self.hidden = False
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("keys")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":
            return True if self.can_write else None  # None: shown, but greyed out
        if action == "hide":
            return not self.hidden
        return True

    def action_write(self) -> None:
        self.done.append("write")

    def action_help(self) -> None:
        self.done.append("help")


def shown(app: App[None]) -> str:
    return str(app.screen.query_one(KeysFooter).render())


async def test_each_action_is_shown_once_with_its_key() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        assert shown(app) == "w Write h Hide me ? Help"
        footer = app.screen.query_one(KeysFooter)
        assert [item.key for item in footer.items()] == ["w", "h", "question_mark"]
        assert footer.needed_width() == len("w Write h Hide me ? Help")


async def test_the_line_follows_what_the_screen_allows() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        app.hidden = True
        app.can_write = False
        app.refresh_bindings()
        await pilot.pause()
        assert shown(app) == "w Write ? Help"
        write = app.screen.query_one(KeysFooter).items()[0]
        assert write.description == "Write" and not write.enabled
        # Greyed out is dim text, and the key is still there to read.
        spans = app.screen.query_one(KeysFooter).render().spans
        assert any(span.style.dim for span in spans if span.start == 0)  # type: ignore[union-attr]


async def test_clicking_a_key_presses_it_unless_it_is_greyed_out() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        # "w Write h Hide me ? Help": "?" is at cell 18, "Help" runs to 23.
        assert await pilot.click(KeysFooter, offset=(20, 0))
        assert app.done == ["help"]
        assert await pilot.click(KeysFooter, offset=(2, 0))
        assert app.done == ["help", "write"]
        app.can_write = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(KeysFooter, offset=(2, 0))
        assert app.done == ["help", "write"]
        # The space between two keys does nothing.
        await pilot.click(KeysFooter, offset=(7, 0))
        assert app.done == ["help", "write"]


async def test_the_home_footer_shows_every_home_key_and_opens_browse_on_a_click(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        wanted = {
            b.binding.description for b in app.screen.active_bindings.values() if b.binding.show
        }
        line = shown(app)
        assert wanted and all(description in line for description in wanted)
        start = line.index("b Browse")
        assert await pilot.click(KeysFooter, offset=(start, 0))
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one(KeysFooter) is not footer
