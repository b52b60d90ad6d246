"""Table cells drawn the quick way look exactly as Textual draws them.

`reflect.tui.widgets.table_cells.one_line_cell` makes a one-line cell
without Rich's general pipeline (a search redraws every visible cell on
each key). These tests compare it, character by character and style by
style, with Textual's own drawing: on free text (hypothesis), and on every
visible cell of the real tables (browse list, search results, home, actions)
with the cursor on and off.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.widgets.table_cells import one_line_cell
from tests.tui.conftest import build, keys, settle, type_text

CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True, legacy_windows=False)


def looks(lines: list[list[Segment]]) -> list[list[tuple[str, Style]]]:
    """Each line as (character, style) pairs: how it looks, however it is split."""
    return [[(ch, seg.style or Style.null()) for seg in line for ch in seg.text] for line in lines]


def textuals_way(cell: Text, width: int, padding: int, pre: Style, post: Style) -> Any:
    """What Textual's table draws for ``cell`` in a row one line high."""
    options = CONSOLE.options.update_dimensions(width, 1).update(no_wrap=True)
    return CONSOLE.render_lines(
        Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post), options
    )


# Styles that overlap (two colours, bold on and off), so the order in which
# they are laid over each other shows.
STYLES = st.sampled_from(
    [
        Style.null(),
        Style(bold=True),
        Style(bold=False, color="green"),
        Style(color="red"),
        Style(bgcolor="blue", italic=True),
        Style(bgcolor="yellow", reverse=True, underline=True),
    ]
)
# Letters, marks that combine, wide characters and the ellipsis itself.
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("界😀é ́…")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
# Blanks past the width before an ellipsis; a wide character cut in half.
@example("word   ", 6, 1, Style.null(), Style.null(), Style.null(), "ellipsis", None, [])
@example("ab界cd", 5, 1, Style(color="red"), Style(color="green"), Style.null(), None, None, [])
@given(
    WORDS,
    st.integers(1, 45),
    st.integers(0, 2),
    STYLES,
    STYLES,
    STYLES,
    st.sampled_from([None, "fold", "crop", "ellipsis"]),
    st.sampled_from([None, "left", "default"]),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), STYLES), max_size=3),
)
def test_a_cell_of_any_text_looks_as_textual_draws_it(
    words: str,
    width: int,
    padding: int,
    pre: Style,
    post: Style,
    own: Style,
    overflow: Any,
    justify: Any,
    spans: list[tuple[int, int, Style]],
) -> None:
    cell = Text(words, style=own, overflow=overflow, justify=justify)
    for start, end, style in spans:
        cell.stylize(style, min(start, end), max(start, end))
    quick = one_line_cell(CONSOLE, cell, width, padding, pre, post)
    if width <= 2 * padding:
        assert quick is None  # no room inside the padding: left to Textual
        return
    assert quick is not None  # one line, no tab: always drawn the quick way
    assert looks(quick) == looks(textuals_way(cell, width, padding, pre, post))


def test_what_it_cannot_draw_is_left_to_textual() -> None:
    for cell in (Text("two\nlines"), Text("a\ttab"), Text("right", justify="right"), "plain"):
        assert one_line_cell(CONSOLE, cell, 20, 1, Style.null(), Style.null()) is None


def every_cell_alike(table: DataTable[Any]) -> int:
    """Draw each cell in view both ways, cursor on and off; the cells compared."""
    assert isinstance(table, MarkedDataTable)
    compared = 0
    first = int(table.scroll_y)
    last = min(table.row_count, first + table.size.height)
    for row in range(first, last):
        for column, key in enumerate(table.columns):
            width = table.columns[key].get_render_width(table)
            for base in (table.rich_style, Style(bgcolor="#202020", color="#e0e0e0")):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    quick = table._draw_text_cell(row, column, base, width, cursor, hover)
                    assert quick is not None, (row, column)  # drawn the quick way
                    table._cell_render_cache.clear()
                    theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                    assert looks(quick) == looks(theirs), (row, column, cursor, hover)
                    compared += 1
    table._cell_render_cache.clear()
    table.refresh()
    return compared


async def test_the_real_tables_look_as_textual_draws_them(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for table_id in ("#drafts", "#recent"):
            assert every_cell_alike(app.screen.query_one(table_id, DataTable)) > 0
        await keys(pilot, "b")
        table = app.screen.query_one("#entries", DataTable)
        assert every_cell_alike(table) > 100  # the whole list, six columns
        await keys(pilot, "slash")
        await type_text(pilot, "kitchen")
        await settle(pilot)
        assert table.row_count > 0
        assert every_cell_alike(table) > 50  # results: snippets with the words marked
        await keys(pilot, "escape", "escape", "a")
        assert every_cell_alike(app.screen.query_one("#actions-table", DataTable)) > 0
