"""Browse past entries: a paged list, filters, and search as you type.

The list never holds the whole journal. Rows come from the database a page at
a time (keyset paging, so the thousandth page costs what the first does), and
the next page is fetched when the cursor nears the end of what is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from reflect.core.records import EntryFilter, EntrySummary, SearchHit, SnippetPart
from reflect.core.vocab import VisitType
from reflect.tui.widgets.flagging import toggle_flag
from reflect.tui.widgets.footer import KeysFooter

PAGE = 100
# Fetch the next page when the cursor is this close to the last loaded row.
NEAR_END = 10
# Search results a page at a time: ranking every match is quick, building a
# row's summary and snippet is what costs, so only what fits a tall terminal
# is built per keystroke, and the next 40 as the cursor nears the end.
SEARCH_PAGE = 40


@dataclass(frozen=True)
class Loaded:
    """One page (or a set of search results) ready to show."""

    generation: int
    rows: tuple[EntrySummary, ...]
    snippets: tuple[tuple[SnippetPart, ...], ...] | None
    has_more: bool
    total: int | None
    append: bool


def describe(f: EntryFilter) -> str:
    """The filters in force, in words."""
    parts = []
    if f.term:
        parts.append(f"term {f.term}")
    if f.start and f.end:
        parts.append(f"{f.start:%d %b %Y} to {f.end:%d %b %Y}")
    elif f.start:
        parts.append(f"from {f.start:%d %b %Y}")
    elif f.end:
        parts.append(f"up to {f.end:%d %b %Y}")
    if f.case_code:
        parts.append(f"case {f.case_code}")
    if f.tag:
        parts.append(f"theme or tag {f.tag}")
    if f.pcf_domain:
        parts.append(f"PCF: {f.pcf_domain}")
    if f.status:
        parts.append("drafts only" if f.status == "draft" else "complete only")
    if f.flagged:
        parts.append("flagged for supervision")
    return " · ".join(parts)


_SPACES = re.compile(r"\s+")


def snippet_text(parts: tuple[SnippetPart, ...], width: int | None = None) -> Text:
    """A snippet with the matching words in bold and underlined (not colour alone).

    When the first matching word would fall past ``width``, the snippet starts
    a few words before it instead, after an ellipsis, so the match is seen.
    """
    text = Text(no_wrap=True, overflow="ellipsis")
    first: tuple[int, int] | None = None
    for part in parts:
        # Line breaks and runs of spaces become one space each; the spaces
        # around a matching word stay, or it would run into its neighbours.
        piece = _SPACES.sub(" ", part.text)
        if part.match and first is None:
            first = (len(text), len(text) + len(piece))
        text.append(piece, style="bold underline" if part.match else "")
    if width is None or first is None or first[1] <= width - 1:
        return text
    plain = text.plain
    start = max(1, first[0] - width // 3)
    if plain[start - 1] != " ":  # not in the middle of a word
        space = plain.find(" ", start, first[0])
        start = space + 1 if space != -1 else first[0]
    shown = Text("…", no_wrap=True, overflow="ellipsis")
    shown.append_text(text[start:])
    return shown


def themes_text(themes: tuple[str, ...], width: int) -> Text:
    """As many themes as fit, then how many more there are."""
    shown: list[str] = []
    for i, theme in enumerate(themes):
        rest = len(themes) - i - 1
        more = f" +{rest}" if rest else ""
        candidate = ", ".join([*shown, theme])
        if len(candidate) + len(more) > width:
            if not shown:  # the first theme, cut to fit
                room = max(4, width - len(more) - 1)
                return Text(theme[:room] + "…" + more, no_wrap=True)
            return Text(", ".join(shown) + f" +{len(themes) - i}", no_wrap=True)
        shown.append(theme)
    return Text(", ".join(shown), no_wrap=True)


class BrowseScreen(Screen[None]):
    """Every entry, newest first, with filters and search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # From the search box, down goes to the results (the box has no use for it).
        Binding("down", "to_results", "Results", show=False),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("f", "flag", "Flag"),
        Binding("c", "case", "Case"),
        Binding("ctrl+f", "filters", "Filter"),
        Binding("x", "clear", "Clear"),
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
        self._loading = False
        self._total: int | None = None
        # Bumped on every new query: results from an older one are dropped.
        self._generation = 0
        self._keep_cursor = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="browse"):
            yield Input(
                placeholder="Search every entry: type a word or two (/ to come back here)",
                id="search",
            )
            yield Static("", id="filters", classes="muted", markup=False)
            table: DataTable[str | Text] = DataTable(id="entries", cursor_type="row")
            yield table
            yield Static("Opening…", id="count", classes="muted", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._set_columns()
        table = self.query_one("#entries", DataTable)
        table.focus()
        # Scrolling with the mouse or the wheel loads more too, not only the cursor.
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.reload()

    def _scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#entries", DataTable)
        if table.max_scroll_y - scroll_y < NEAR_END:
            self.load_more()

    def on_screen_resume(self) -> None:
        # Back from reading or editing: what was changed or deleted shows.
        if self.ids:
            self.reload(keep_cursor=True)

    # -- loading --------------------------------------------------------------

    def _set_columns(self) -> None:
        # Fixed widths: when rows replace each other before the table has
        # measured them (typing fast, coming back from the reader), auto widths
        # fell back to the labels' ("18 May 202", "CF-6").
        table = self.query_one("#entries", DataTable)
        table.clear(columns=True)
        if self.query_text:
            # The words around the match need the room more than the kind of
            # visit does: at 80 columns the excerpt gets about 40 characters.
            table.add_column("Visit date", key="date", width=11)
            table.add_column("Case", key="case", width=10)
            table.add_column("Where it matches", key="about", width=self._about_width())
            table.add_column("Bring?", key="flag", width=6)
            return
        table.add_column("Visit date", key="date", width=11)
        table.add_column("Case", key="case", width=10)
        table.add_column("Visit", key="visit", width=12)
        table.add_column("Themes", key="about", width=self._about_width())
        table.add_column("Bring?", key="flag", width=6)
        table.add_column("Status", key="status", width=8)

    def _about_width(self) -> int:
        """Cells left for the themes or the excerpt once the other columns are drawn."""
        # Other columns with their padding, the table's bar and the scrollbar:
        # date 11, case 10, bring 6 and (browsing) visit 12 and status 8, each padded.
        others = 41 if self.query_text else 67
        return max(12, self.app.size.width - others)

    def reload(self, *, keep_cursor: bool = False) -> None:
        """Start the list again from the top with the current query and filters."""
        self._generation += 1
        self._keep_cursor = keep_cursor
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

    @work(thread=True, exit_on_error=False, group="browse")
    def _fetch(
        self,
        generation: int,
        query: str,
        filters: EntryFilter,
        after: tuple[date, int] | None,
        offset: int = 0,
    ) -> None:
        journal = self.app.journal  # type: ignore[attr-defined]
        loaded: Loaded
        if query:
            # One more than a page, to know whether there are more; the true
            # count only with the first page (it does not change as you scroll).
            hits: list[SearchHit] = journal.search(
                query, limit=SEARCH_PAGE + 1, offset=offset, filters=filters
            )
            page = hits[:SEARCH_PAGE]
            total = journal.count_matches(query, filters) if not offset else None
            loaded = Loaded(
                generation,
                tuple(h.entry for h in page),
                tuple(h.snippet for h in page),
                len(hits) > SEARCH_PAGE,
                total,
                offset > 0,
            )
        else:
            page = journal.list_entries(filters, limit=PAGE, after=after)
            total = None if after else journal.count_entries(filters)
            loaded = Loaded(generation, page.items, None, page.has_more, total, after is not None)
        self.app.call_from_thread(self._show, loaded)

    def _show(self, loaded: Loaded) -> None:
        if loaded.generation != self._generation:
            return  # typed over: a newer query is on its way
        self._loading = False
        table = self.query_one("#entries", DataTable)
        previous_row = table.cursor_row
        if not loaded.append:
            table.clear()
            self._rows, self.ids = [], []
            self._total = loaded.total
        self._has_more = loaded.has_more
        width = self._about_width()
        for i, entry in enumerate(loaded.rows):
            flag = "yes" if entry.flagged else ""
            if loaded.snippets is not None:
                about: Text = snippet_text(loaded.snippets[i], width)
                about.truncate(width, overflow="ellipsis")
                table.add_row(
                    f"{entry.visit_date:%d %b %Y}",
                    Text(entry.case_code),
                    about,
                    flag,
                    key=str(entry.id),
                )
                continue
            about = themes_text(entry.themes, width)
            about.truncate(width, overflow="ellipsis")
            table.add_row(
                f"{entry.visit_date:%d %b %Y}",
                Text(entry.case_code),
                VisitType(entry.visit_type).label,
                about,
                flag,
                "complete" if entry.status == "complete" else "draft",
                key=str(entry.id),
            )
        self._rows.extend(loaded.rows)
        self.ids.extend(e.id for e in loaded.rows)
        if not loaded.append and self._keep_cursor and self.ids:
            table.move_cursor(row=min(previous_row, len(self.ids) - 1))
        self._show_counts()

    def _show_counts(self) -> None:
        shown = len(self._rows)
        described = describe(self.filters)
        order = "best match first" if self.query_text else "newest visit first"
        self.query_one("#filters", Static).update(
            f"Filtered: {described}; {order}  (ctrl+f to change, x to clear)"
            if described
            else (
                "Search results, best match first  (escape to go back to the list)"
                if self.query_text
                else "All entries, newest visit first  (ctrl+f to filter)"
            )
        )
        count = self.query_one("#count", Static)
        if self.query_text:
            total = self._total if self._total is not None else shown
            if shown == 0:
                count.update("Nothing matches those words. Try fewer or shorter words.")
            elif shown < total:
                count.update(
                    f"{total:,} match; the best {shown:,} shown, more as you scroll. Enter to read."
                )
            else:
                count.update(
                    f"{total:,} {'entry matches' if total == 1 else 'entries match'}, "
                    "best match first. Enter to read."
                )
        elif self._total == 0:
            count.update(
                "No entries match these filters." if described else "Your journal is empty."
            )
        else:
            total = self._total if self._total is not None else shown
            count.update(f"{shown:,} of {total:,} shown. Enter to read; more load as you scroll.")

    # -- events ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
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
            self.app.read_entry(int(event.row_key.value), self)  # type: ignore[attr-defined]

    @property
    def total(self) -> int | None:
        """How many entries the list holds in all."""
        return self._total

    def more_ids(self) -> list[int]:
        """Load the next page now (for the reading view's "next"); the ids added."""
        if not self._has_more or not self._rows:
            return []
        journal = self.app.journal  # type: ignore[attr-defined]
        if self.query_text:  # the next results, ranked as the ones shown
            hits = journal.search(
                self.query_text, limit=SEARCH_PAGE + 1, offset=len(self._rows), filters=self.filters
            )
            found = hits[:SEARCH_PAGE]
            rows, snippets = tuple(h.entry for h in found), tuple(h.snippet for h in found)
            self._show(
                Loaded(self._generation, rows, snippets, len(hits) > SEARCH_PAGE, None, True)
            )
            return [e.id for e in rows]
        last = self._rows[-1]
        page = journal.list_entries(self.filters, limit=PAGE, after=(last.visit_date, last.id))
        self._show(Loaded(self._generation, page.items, None, page.has_more, None, True))
        return [e.id for e in page.items]

    # -- actions --------------------------------------------------------------

    def action_back(self) -> None:
        """Leave the search box, or go back home."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#entries", DataTable).focus()
        else:
            self.dismiss()

    def action_to_results(self) -> None:
        """From the search box, go down to the results."""
        self.query_one("#entries", DataTable).focus()

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        """Choose filters."""
        from reflect.tui.screens.filters import FilterScreen

        def chosen(result: EntryFilter | None) -> None:
            if result is not None and result != self.filters:
                self.filters = replace(result, in_trash=False)
                self.reload()
                self.query_one("#entries", DataTable).focus()

        self.app.push_screen(FilterScreen(self.filters, today=self.today), chosen)

    def action_flag(self) -> None:
        """Flag or unflag the highlighted entry for supervision (f again undoes it)."""
        table = self.query_one("#entries", DataTable)
        row = table.cursor_row
        if not 0 <= row < len(self._rows):
            return
        entry = self._rows[row]

        def show(flagged: bool) -> None:
            for i, shown in enumerate(self._rows):
                if shown.id == entry.id:
                    self._rows[i] = replace(shown, flagged=flagged)
                    table.update_cell(str(entry.id), "flag", "yes" if flagged else "")

        toggle_flag(self, entry.id, entry.flagged, show)

    def action_case(self) -> None:
        """Every entry for the highlighted entry's family, in date order."""
        from reflect.tui.screens.case import CaseTimelineScreen

        row = self.query_one("#entries", DataTable).cursor_row
        if 0 <= row < len(self._rows):
            self.app.push_screen(CaseTimelineScreen(self._rows[row].case_code))

    def action_clear(self) -> None:
        """Take every filter off (and empty the search box)."""
        self.filters = EntryFilter()
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""  # the change reloads the list
        else:
            self.reload()
        self.query_one("#entries", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_results":
            return self.query("#search").first(Input).has_focus
        # Letters typed in the search box are words, not commands.
        if action in {"flag", "case", "clear", "app.actions", "app.trash"}:
            searching = self.query("#search").first(Input)
            return not searching.has_focus
        return True
