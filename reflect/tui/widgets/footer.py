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
from textual.binding import Binding
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


# Textual binds ctrl+q to quit but hides it. The screens where words are
# written show it: ctrl+c there says "Press ctrl+q to quit the app", and the
# key a message names must be in the footer.
QUIT_KEY = Binding("ctrl+q", "app.quit", "Quit", priority=True)

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
        # Where each key sits, for clicks: (line, first cell, after last, key).
        self._spans: list[tuple[int, int, int, FooterItem]] = []

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
        # Every key is always shown: when they do not fit on one line they go
        # on to a second, breaking between keys, never inside one.
        width = self.size.width or 10_000
        lines = [Text(no_wrap=True, overflow="crop", end="")]
        self._spans = []
        for item in self.items():
            dim = _ENABLED if item.enabled else _DIM
            piece = Text(item.display, key_style + _BOLD + dim)
            if item.description:
                piece.append(" " + item.description, description_style + dim)
            line = lines[-1]
            if line.cell_len and line.cell_len + 1 + piece.cell_len > width:
                line = Text(no_wrap=True, overflow="crop", end="")
                lines.append(line)
            elif line.cell_len:
                line.append(" ")
            start = line.cell_len
            line.append_text(piece)
            self._spans.append((len(lines) - 1, start, line.cell_len, item))
        # A dialog's footer covers the whole footer of the screen beneath, so
        # none of that screen's keys, which do nothing now, show past it.
        while len(lines) < self._height_beneath():
            lines.append(Text(no_wrap=True, end=""))
        if self.styles.height is None or self.styles.height.value != len(lines):
            self.call_after_refresh(self._set_height, len(lines))
        return Text("\n", end="").join(lines)

    def _height_beneath(self) -> int:
        screen = self.screen
        stack = self.app.screen_stack
        if not screen.is_modal or screen not in stack or stack.index(screen) == 0:
            return 0
        beneath = stack[stack.index(screen) - 1].query(KeysFooter)
        return beneath.first().size.height if beneath else 0

    def _set_height(self, lines: int) -> None:
        self.styles.height = lines
        # Notices sit just above the keys, never over them: Textual leaves room
        # for a footer of one line, and this one takes two at 80 columns.
        for rack in self.screen.query("ToastRack"):
            rack.styles.margin = (0, 0, lines, 0)

    def on_click(self, event: events.Click) -> None:
        for row, start, end, item in self._spans:
            if row == event.y and start <= event.x < end:
                event.stop()
                if item.enabled:
                    self.app.simulate_key(item.key)
                else:
                    self.app.bell()
                return

    def needed_width(self) -> int:
        """Cells the keys would take on one line, to check what fits at a given width."""
        return sum(
            len(item.display) + (len(item.description) + 1 if item.description else 0) + 1
            for item in self.items()
        ) - (1 if self.items() else 0)
