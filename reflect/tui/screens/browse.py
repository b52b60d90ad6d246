"""Browse past entries: a paged list, filters, and search as you type.

The list never holds the whole journal. Rows come from the database a page at
a time (keyset paging, so the thousandth page costs what the first does), and
the next page is fetched when the cursor nears the end of what is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Input, Static

from reflect.core.listing import fts_query
from reflect.core.records import EntryFilter, EntrySummary
from reflect.core.stopping import Stop
from reflect.tui.screens.browse_actions import BrowseActions
from reflect.tui.screens.browse_pages import NEAR_END, Loaded, read_page, search_page
from reflect.tui.screens.browse_table import add_rows, cursor_place, set_columns
from reflect.tui.screens.browse_text import list_lines
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.widgets.search_box import SearchBox
from reflect.tui.workers import app_of, in_thread, journal_of


class BrowseScreen(BrowseActions):
    """Every entry, newest first, with filters and search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # Shown only in the search box (where the table's own down is not in play).
        Binding("down", "to_results", "To the results", key_display="↓"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("f", "flag", "Flag"),
        Binding("c", "case", "Case"),
        Binding("ctrl+f", "filters", "Filter"),
        # Only the filters: the words searched for stay (escape clears those).
        # "Clear filters" would push the footer past 80 columns.
        Binding("x", "clear", "Filters off"),
        Binding("a", "app.actions", "Actions"),
        Binding("t", "app.trash", "Trash"),
    ]

    def __init__(self, filters: EntryFilter | None = None, today: date | None = None) -> None:
        super().__init__()
        self.filters = filters or EntryFilter()
        self.today = today
        self.query_text = ""
        # Ids in the order shown, so the reading view can go to the next one.
        self.ids: list[int] = []
        self._rows: list[EntrySummary] = []
        self._has_more = False
        self._heading_shown: str | None = None  # the words above the list, once shown
        self._loading = False
        # The reader's "next" waiting for the page being read (see more_ids).
        self._waiting_for_more: list[Callable[[list[int]], object]] = []
        self._total: int | None = None
        # Bumped on every new query: results from an older one are dropped,
        # and its search is stopped (it would only slow the new one down).
        self._generation = 0
        self._stop = Stop()
        # After reading the list again, the cursor goes back to this entry
        # (or, if it is gone, to this row): see `_place_cursor`.
        self._keep_cursor = False
        self._kept_row = 0
        self._kept_entry: int | None = None
        # The entry the reader was left on, for the cursor when the list is back.
        self._reader_left_at: int | None = None
        self._columns_for = 0  # the terminal's width the columns were fitted to

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="browse"):
            yield SearchBox(
                # The list has the cursor at first, and there letters are
                # commands (f flags): the box says how to get here.
                placeholder="Press / to search every entry, then type a word or two",
                id="search",
            )
            yield Static("", id="filters", classes="muted", markup=False)
            # The chosen row is marked "▶", not only by its colour.
            table = MarkedDataTable(id="entries", cursor_type="row")
            yield table
            yield Static("Opening…", id="count", classes="muted", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._set_columns()
        table = self.query_one("#entries", DataTable)
        table.focus()
        # Scrolling with the mouse or the wheel loads more too, not only the cursor.
        self.watch(table, "scroll_y", lambda _: self._read_more_if_room(), init=False)
        self.reload()

    def _read_more_if_room(self, ahead: int | None = None) -> None:
        """Read the next page when fewer than ``ahead`` (NEAR_END) loaded rows lie below the view.

        Checked as the list scrolls, and also once the table has a new size
        and after each page lands: a terminal made taller showed the results
        ending part way down the screen although more matched (review 26).
        """
        if not self.is_attached:
            return
        table = self.query_one("#entries", DataTable)
        in_view = table.size.height - table.header_height
        # Counted from the rows, not the table's scroll limit: that is
        # measured lazily, and read too soon it said there was room to fill.
        below = len(self._rows) - round(table.scroll_y) - in_view
        if in_view > 0 and below < (NEAR_END if ahead is None else ahead):
            self.load_more()

    def on_unmount(self) -> None:
        self._stop.stop()  # the screen is gone: nobody will read its rows

    def on_screen_resume(self) -> None:
        # Back from reading or editing: what was changed or deleted shows
        # (in columns fitted to the terminal, if it changed size meanwhile).
        if self._columns_for != self.app.size.width:
            self._fit_columns()
        elif self.ids:
            self.reload(keep_cursor=True)
        self._reader_left_at = None  # used above, or the list is empty

    def on_resize(self) -> None:
        # The excerpt or themes column takes the room the others leave: a
        # narrower terminal pushed "Bring?" off the right edge until the
        # next search (found in tmux, 100 to 80 columns).
        if self.is_current and self._columns_for != self.app.size.width:
            self._fit_columns()
        elif self.is_current:
            self.call_after_refresh(self._read_more_if_room)

    def _fit_columns(self) -> None:
        """Lay the columns out for the terminal's width, the cursor kept on its entry."""
        row, entry = self._cursor_place()
        self._set_columns()  # empties the table
        self.reload(keep_cursor=True, row=row, entry=entry)

    def _cursor_place(self) -> tuple[int, int | None]:
        """The cursor's row and the entry on it; back from the reader, the entry read last."""
        row = self.query_one("#entries", DataTable).cursor_row
        left_at, self._reader_left_at = self._reader_left_at, None
        return cursor_place(self.ids, row, left_at)

    # -- loading --------------------------------------------------------------

    def _set_columns(self) -> None:
        """Empty the list and lay out the columns for the terminal's width and the query."""
        table = self.query_one("#entries", DataTable)
        set_columns(table, self.app.size.width, searching=bool(self.query_text))
        self._rows, self.ids = [], []
        self._columns_for = self.app.size.width

    def reload(
        self, *, keep_cursor: bool = False, row: int | None = None, entry: int | None = None
    ) -> None:
        """Start the list again from the top with the current query and filters.

        ``keep_cursor``: the cursor stays on its entry, or on its row if the
        entry has gone (``row`` and ``entry``, if the table was emptied meanwhile).
        """
        self._generation += 1
        self._stop.stop()
        self._stop = Stop()
        self._keep_cursor = keep_cursor
        if keep_cursor and row is None:
            row, entry = self._cursor_place()
        self._kept_row = row or 0
        self._kept_entry = entry
        self._loading = True
        self._fetch(self._generation, self.query_text, self.filters, None)

    def load_more(self) -> None:
        """Fetch the page after the last loaded row, if there is one."""
        if self._loading or not self._has_more or not self._rows:
            return
        self._loading = True
        if self.query_text:
            self._fetch(self._generation, self.query_text, self.filters, None, len(self._rows))
            return
        last = self._rows[-1]
        self._fetch(self._generation, "", self.filters, (last.visit_date, last.id))

    def _fetch(
        self,
        generation: int,
        query: str,
        filters: EntryFilter,
        after: tuple[date, int] | None,
        offset: int = 0,
    ) -> None:
        """Read a page in a worker; `_show` drops it if a newer query came since."""
        journal, stop, page = journal_of(self), self._stop, self.search_page()
        in_thread(
            self,
            lambda: read_page(journal, generation, query, filters, after, offset, stop, page),
            self._show,
            what="Reading your entries",
            group="browse",
        )

    def search_page(self) -> int:
        """How many search results each read asks for: what the table shows, and a few more."""
        return search_page(self.query_one("#entries", DataTable).size.height)

    def _show(self, loaded: Loaded | None) -> None:
        if loaded is None or loaded.generation != self._generation:
            return  # typed over: a newer query is on its way
        self._loading = False
        table = self.query_one("#entries", DataTable)
        if not loaded.append:
            table.clear()
            self._rows, self.ids = [], []
            self._total = loaded.total
        self._has_more = loaded.has_more
        add_rows(table, loaded, self.app.size.width)
        self._rows.extend(loaded.rows)
        self.ids.extend(e.id for e in loaded.rows)
        waiting, self._waiting_for_more = self._waiting_for_more, []
        for then in waiting:
            then([e.id for e in loaded.rows])
        if self._keep_cursor and self.ids:
            self._place_cursor(table)
        self._show_counts()
        # A keystroke's results fill the view and no more: the rows below
        # come as the cursor or the view moves towards them, not with every
        # key typed (`search_page`).
        ahead = 0 if loaded.snippets is not None and not loaded.append else None
        self.call_after_refresh(self._read_more_if_room, ahead)

    def _place_cursor(self, table: DataTable[object]) -> None:
        """Put the cursor back on the kept entry, reading on until it is loaded.

        The entry may lie past the first page (the reader's "next" went on
        through the list). Pages are read until it shows or the list passes
        the row it was on; an entry gone meanwhile leaves the cursor on its row.
        """
        entry = self._kept_entry
        if entry is not None and entry not in self.ids:
            if self._has_more and len(self.ids) <= self._kept_row:
                self.load_more()  # placed when that page lands
                return
            entry = None
        self._keep_cursor = False
        row = self.ids.index(entry) if entry is not None else self._kept_row
        table.move_cursor(row=min(row, len(self.ids) - 1))

    def _show_counts(self) -> None:
        line = self.query_one("#filters", Static)
        # The line's own width (the screen's padding aside); before it is laid out, the app's.
        width = line.content_size.width or self.app.size.width - 4
        above, below = list_lines(self.filters, self.query_text, width, self._rows, self._total)
        # Each key's results change the count, seldom the heading: a line
        # given new words asks for the whole screen to be laid out again,
        # so the heading (as many lines as it needs) only when it changed,
        # and the count (one line high, screens.tcss) never.
        if above != self._heading_shown:
            line.update(above)
            self._heading_shown = above
        self.query_one("#count", Static).update(below, layout=False)

    # -- events ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if fts_query(query) is None:
            query = ""  # nothing to search for yet (a first letter): the whole list
        if query == self.query_text:
            return
        had_query = bool(self.query_text)
        self.query_text = query
        if had_query != bool(query):
            self._set_columns()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one("#entries", DataTable).focus()

    @on(DataTable.RowHighlighted, "#entries")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self._rows) - NEAR_END:
            self.load_more()

    @on(DataTable.RowSelected, "#entries")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            app_of(self).read_entry(int(event.row_key.value), self)

    def reading_ended(self, entry_id: int) -> None:
        """The reader closes on ``entry_id``: the list, read again, puts its cursor there."""
        self._reader_left_at = entry_id

    @property
    def total(self) -> int | None:
        """How many entries the list holds in all."""
        return self._total

    def more_ids(self, then: Callable[[list[int]], object]) -> None:
        """Load the next page in a worker (for the reading view's "next"); ``then(ids added)``.

        From a search, the next page is the next results, ranked as the ones shown.
        """
        if not self._has_more or not self._rows:
            then([])
            return
        # Told when the next page lands, whether this asks for it or a scroll already did.
        self._waiting_for_more.append(then)
        self.load_more()

    # -- actions --------------------------------------------------------------

    def action_back(self) -> None:
        """Leave the search box; from search results, back to the list; else home."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.set_focus(self.query_one("#entries", DataTable))
        elif search.value:
            # What the heading promises: "escape to go back to the list".
            search.value = ""  # the change reloads the list
        else:
            self.dismiss()

    def action_to_results(self) -> None:
        """From the search box, down to the results."""
        self.query_one(SearchBox).action_to_results()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_results":
            return self.query("#search").first(Input).has_focus
        if action == "focus_search":
            # In the box, "/" is a character typed, not this key.
            return not self.query("#search").first(Input).has_focus
        # Letters typed in the search box are words, not commands.
        if action in {"flag", "case", "clear", "app.actions", "app.trash"}:
            searching = self.query("#search").first(Input)
            if searching.has_focus:
                return False
        if action == "clear" and self.filters.is_empty():
            return None  # shown, dimmed: no filter to take off
        return True
