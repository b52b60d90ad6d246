"""A list to choose one row from, where the chosen row is marked in words, not only colour.

Textual's option list shows the highlighted row by its background alone, and
Up from the first row wraps round to the last. A worker who cannot tell the
colours apart, or whose terminal draws them faintly, needs a mark; and a
cursor that jumps from the top to the bottom without a word is easy to miss.
"""

from __future__ import annotations

from typing import Any, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import _widget_navigation
from textual.app import ComposeResult
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable, OptionList, Select
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

from reflect.tui.widgets.table_cells import one_line_cell

MARK = "▶ "
NO_MARK = "  "


class MarkedOptionList(OptionList):
    """Rows given as (label, id); "▶" marks the highlighted one; Up and Down stop at the ends."""

    def __init__(self, rows: list[tuple[str, str]], *, id: str | None = None) -> None:
        self._labels = [label for label, _ in rows]
        super().__init__(
            *(Option(Text(NO_MARK + label), id=option_id) for label, option_id in rows), id=id
        )

    def on_mount(self) -> None:
        self.watch(self, "highlighted", self._mark)

    def _mark(self, before: int | None, now: int | None) -> None:
        if before is not None and before < len(self._labels):
            self.replace_option_prompt_at_index(before, Text(NO_MARK + self._labels[before]))
        if now is not None and now < len(self._labels):
            self.replace_option_prompt_at_index(now, Text(MARK + self._labels[now], style="bold"))

    def _step(self, direction: _widget_navigation.Direction) -> None:
        following = _widget_navigation.find_next_enabled_no_wrap(
            self.options, anchor=self.highlighted, direction=direction
        )
        if following is not None:  # at an end the cursor stays where it is
            self.highlighted = following

    def action_cursor_up(self) -> None:
        """Up one row; on the first row, stay there."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """Down one row; on the last row, stay there."""
        self._step(1)


class MarkedDataTable(DataTable[Any]):
    """A table whose cursor row starts with "▶" (in the first cell's left padding).

    The mark takes the blank the cell's padding leaves, so no column moves. A
    cell is drawn (and cached) with or without the cursor on it, so the mark
    follows the cursor without redrawing anything else.

    With ``mark_only_when_focused`` (the home screen, two tables one above the
    other) only the table the keys go to shows its mark, so one row is marked
    as chosen; its cells are cached by focus too, so the mark follows focus.
    """

    def __init__(self, *, mark_only_when_focused: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mark_only_when_focused = mark_only_when_focused
        # While a frame is drawn (see `render_lines`): the table's own style,
        # once worked out, and its parts' styles; else None.
        self._frame_style: Style | None = None
        self._frame_parts: dict[tuple[str, ...], RenderStyles] | None = None

    # -- one frame's styles, worked out once ------------------------------------
    #
    # Textual's table asks for its own style and its header's for every line
    # it draws, and each is worked out again from every ancestor's styles: 44
    # times a frame at 100x30, about a fifth of the table's lines (a search
    # redraws them all with every key). Nothing can change them while one
    # frame is drawn, so they are worked out once per frame.

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_parts = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = self._frame_parts = None

    @property
    def rich_style(self) -> Style:
        """The table's own style; while a frame is drawn, worked out once for it."""
        if self._frame_parts is None:
            return super().rich_style
        if self._frame_style is None:
            self._frame_style = super().rich_style
        return self._frame_style

    def get_component_styles(self, *names: str) -> RenderStyles:
        """A part's styles; while a frame is drawn, with its style worked out once for it."""
        parts = self._frame_parts
        if parts is None:
            return super().get_component_styles(*names)
        if names not in parts:
            # Read like the styles it wraps; only its Rich style is kept.
            parts[names] = cast(RenderStyles, _FrameStyles(super().get_component_styles(*names)))
        return parts[names]

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        self._draw_text_cell(row_index, column_index, base_style, width, cursor, hover)
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if not (cursor and column_index == 0 and row_index >= 0 and self.cursor_type == "row"):
            return lines
        if self.mark_only_when_focused and not self.has_focus:
            return lines
        marked = _marked(lines[0]) if lines else None
        return lines if marked is None else [marked, *lines[1:]]

    def _draw_text_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """Draw a one-line text cell into Textual's cache, which then finds it drawn.

        Textual's own drawing of a cell costs about 0.1 ms, and a search
        draws every visible cell again on each key (tui/widgets/table_cells.py).
        The cache key, the styles and what is drawn are Textual's (DataTable
        ._render_cell, Textual 8.2), so the cell looks exactly the same; one
        it cannot draw this way is left to Textual (None).
        """
        if row_index < 0 or column_index < 0:
            return None  # the header row and row labels: drawn once, Textual's way
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row_key is None or column_key is None or row.height != 1:
            return None
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        if key in self._cell_render_cache:
            return self._cell_render_cache[key]
        _label, cells = self._get_row_renderables(row_index)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        lines = one_line_cell(
            self.app.console,
            cells[column_index],
            width,
            self.cell_padding,
            self.app.console.get_style(pre_style + component_style),
            self.app.console.get_style(post_style),
        )
        if lines is not None:
            self._cell_render_cache[key] = lines
        return lines

    # Home and End go to the first and last row. Textual's table scrolls
    # them sideways instead, which in a list of rows showed the far right
    # of every row with the cursor left where it was: End then Enter opened
    # the top entry (review 21).
    def action_scroll_home(self) -> None:
        """To the first row (in a list of rows), else to the leftmost column."""
        if self.cursor_type == "row":
            self.action_scroll_top()
        else:
            super().action_scroll_home()

    def action_scroll_end(self) -> None:
        """To the last row (in a list of rows), else to the rightmost column."""
        if self.cursor_type == "row":
            self.action_scroll_bottom()
        else:
            super().action_scroll_end()


class _FrameStyles:
    """A part's styles with their Rich style worked out once (for one frame)."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)


def _marked(segments: list[Segment]) -> list[Segment] | None:
    """``segments`` with the blank they start with replaced by the mark; None if none."""
    if not segments or not segments[0].text.startswith(" "):
        return None
    first, *rest = segments
    return [Segment(MARK[0] + first.text[1:], first.style, first.control), *rest]


def _mark_highlighted(option_list: OptionList, strip: Strip, y: int) -> Strip:
    """``strip`` (line ``y`` of ``option_list``) with "▶" in its left padding if highlighted."""
    try:
        index, line_offset = option_list._lines[option_list.scroll_offset.y + y]
    except IndexError:
        return strip
    if index != option_list.highlighted or line_offset != 0:
        return strip
    marked = _marked(list(strip))
    return strip if marked is None else Strip(marked, strip.cell_length)


class MarkedSelectOverlay(SelectOverlay):
    """A dropdown's list whose highlighted row starts with "▶" (in its left padding)."""

    # Room for the mark before every choice, so no label moves when it comes.
    DEFAULT_CSS = """
    MarkedSelectOverlay > .option-list--option,
    MarkedSelectOverlay.-textual-compact > .option-list--option {
        padding: 0 1 0 2;
    }
    """

    def render_line(self, y: int) -> Strip:
        return _mark_highlighted(self, super().render_line(y), y)


class MarkedRowsOptionList(OptionList):
    """A list of options filled as it goes, whose highlighted one starts with "▶".

    For lists whose options change (`MarkedOptionList` takes its rows once):
    the mark is drawn in the left padding, so nothing moves.
    """

    DEFAULT_CSS = """
    MarkedRowsOptionList > .option-list--option {
        padding: 0 1 0 2;
    }
    """

    def render_line(self, y: int) -> Strip:
        return _mark_highlighted(self, super().render_line(y), y)


class MarkedSelect(Select[Any]):
    """A dropdown whose open list marks the highlighted choice "▶", not only by colour."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield MarkedSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
