"""The app's name on the top line, as Textual's Header shows it, drawn as one line of text.

The home screen is the first frame at every start. Textual's Header is four
widgets (an icon, the title, a clock's space and the bar holding them), each
with its own styles to parse and its own watchers; at 100,000 entries it took
about 5 ms of Reflect's time to that first frame. This line looks the same:
the bar's colours, the title and the dim subtitle centred in the room the
icon (8 cells) and the clock's space (10) leave. It leaves out what the
header did on a click (growing to three lines; the blank icon opening the
command palette, which ctrl+p opens, as the help screen says).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App


class TitleLine(Static):
    """The app's title and subtitle, centred on the top line."""

    # Textual's Header, HeaderIcon, HeaderTitle and HeaderClockSpace together (Textual 8.2).
    DEFAULT_CSS: ClassVar[str] = """
    TitleLine {
        dock: top;
        width: 100%;
        height: 1;
        padding: 0 10 0 8;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, app: App[object]) -> None:
        # The app has its title and subtitle from the start (the demo's is set as it is made).
        super().__init__(app.format_title(app.title, app.sub_title))
