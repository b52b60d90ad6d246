"""Drawing a one-line table cell of plain or styled text without Rich's general pipeline.

Textual's table draws every cell through Rich: the text inside a Padding
inside a style sandwich, measured and laid out as if it could wrap. For a
row one line high that is a lot of machinery for a line of text, and a
search redraws every visible cell on each key (the results are new rows):
at 100 columns by 30 lines, about 100 cells, 11 ms of the 25 ms a frame
took (tests/bench/typing_parts.py). Here the same line is made directly:
cut or marked "…" exactly as Rich would, padded, and styled in the same
order (the table's style, the text's own, then the cursor's).

Anything else (text with a tab or a line break, right or centred text,
any other renderable) is left to Textual. Each cell this draws is checked
against Textual's own drawing in tests/tui/test_table_cells.py.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_JOIN = Text("\n")


def one_line_cell(
    console: Console,
    cell: object,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[list[Segment]] | None:
    """The segments of ``cell`` drawn ``width`` cells wide, or None to let Textual draw it.

    What Textual's table draws for a cell in a row of height 1: the text,
    cut to the width left inside ``padding`` blanks each side (by its own
    overflow: "…" for ellipsis, else cut), padded with blanks, every
    segment styled ``pre_style`` + its own + ``post_style``.
    """
    if not isinstance(cell, Text):
        return None
    plain = cell.plain
    inner = width - 2 * padding
    if (
        inner < 1
        or "\n" in plain
        or "\t" in plain
        or "\r" in plain
        or cell.justify not in (None, "default", "left")
        or cell.overflow not in (None, "fold", "crop", "ellipsis")
    ):
        return None
    line = cell.copy()
    line.end = ""
    # Cut to the width (or ended with "…"), blanks at the end included, as
    # Rich does for a line that may not wrap.
    line.truncate(inner, overflow=cell.overflow or "fold", pad=cell.justify == "left")
    # Joined as Text.__rich_console__ joins its lines: the text's own style
    # becomes the first span, under the spans inside it.
    segments = list(_JOIN.join([line]).render(console, end=""))
    body = Segment.adjust_line_length(segments, inner, style=Style.null(), pad=True)
    blank = Segment(" " * padding, Style.null()) if padding else None
    whole = [blank, *body, blank] if blank else body
    return [list(Segment.apply_style(whole, style=pre_style, post_style=post_style))]
