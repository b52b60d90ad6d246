"""The footer every screen shows: each key and what it does, fitting 80 columns.

One widget drawing one line of text. Textual's own footer builds a widget per
key and rebuilds them all whenever focus moves, which cost about a quarter of
the time it took the browse screen to show its first rows at 100,000 entries.
This one only redraws its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_ENABLED = Style()


class FooterItem(NamedTuple):
    """One key as the footer shows it."""

    key: str
    """The key pressed to run it, as Textual names it (``question_mark``)."""
    display: str
    """The key as shown (``?``)."""
    description: str
    enabled: bool


class KeysFooter(Widget, can_focus=False):
    """Each key the current screen answers to, with a word or two on what it does.

    Keys are bold, so they stand apart from their descriptions without colour.
    A key that cannot be used right now is shown dim; clicking a key presses it.
    The command palette is left out to save room; it is still on ctrl+p, as the
    help screen says.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeysFooter > .keys-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeysFooter > .keys-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # Where each key sits on the line, for clicks: (first cell, after last, key).
        self._spans: list[tuple[int, int, FooterItem]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def items(self) -> list[FooterItem]:
        """The keys to show now, one for each action, in the order they are bound."""
        seen: set[str] = set()
        items = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append(
                FooterItem(
                    binding.key, self.app.get_key_display(binding), binding.description, enabled
                )
            )
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for item in self.items():
            start = line.cell_len
            dim = _ENABLED if item.enabled else _DIM
            line.append(item.display, key_style + _BOLD + dim)
            if item.description:
                line.append(" " + item.description, description_style + dim)
            self._spans.append((start, line.cell_len, item))
            line.append(" ")
        line.rstrip()
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, item in self._spans:
            if start <= event.x < end:
                event.stop()
                if item.enabled:
                    self.app.simulate_key(item.key)
                else:
                    self.app.bell()
                return

    def needed_width(self) -> int:
        """Cells the keys take, to check that none is cut off at a given width."""
        self.render()
        return self._spans[-1][1] if self._spans else 0
