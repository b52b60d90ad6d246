"""Checkboxes whose state shows without colour.

Textual draws the same "X" in a ticked and an unticked box and tells them apart
by colour alone. These show "X" only when ticked, so the state can be read on
any screen, in any theme, by anyone.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

TICK = "X"
UNTICKED = " "


class ClearCheckbox(Checkbox):
    """A checkbox showing X when ticked and nothing when not."""

    BUTTON_INNER = UNTICKED

    def on_mount(self) -> None:
        # The value watcher does not run for a box created already ticked.
        self.BUTTON_INNER = TICK if self.value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICK if self.value else UNTICKED
        super().watch_value()


class ClearSelectionList(SelectionList[str]):
    """A selection list whose boxes show X only for ticked rows."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        mark = TICK if option.value in self.selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, strip.cell_length)
