"""Browse's keys for the highlighted entry and for the filters: f, c, ctrl+f and x."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.screen import Screen
from textual.widgets import DataTable

from reflect.core.records import EntryFilter, EntrySummary, TermView
from reflect.tui.widgets.flagging import toggle_flag
from reflect.tui.workers import in_thread, journal_of


class BrowseActions(Screen[None]):
    """What f, c, ctrl+f and x do on the browse screen (`BrowseScreen` holds the list)."""

    filters: EntryFilter
    today: date | None
    _rows: list[EntrySummary]

    def reload(
        self, *, keep_cursor: bool = False, row: int | None = None, entry: int | None = None
    ) -> None:
        """Read the list again (`BrowseScreen.reload`)."""
        raise NotImplementedError

    def action_filters(self) -> None:
        """Choose filters."""
        from reflect.tui.screens.filters import FilterScreen

        def chosen(result: EntryFilter | None) -> None:
            if result is not None:
                self._use_filters(replace(result, in_trash=False))

        def open_dialog(terms: list[TermView]) -> None:
            self.app.push_screen(FilterScreen(self.filters, terms, today=self.today), chosen)

        # The named terms are read first, off the event loop; the dialog opens with them.
        in_thread(
            self, journal_of(self).terms, open_dialog, what="Opening the filters", group="filters"
        )

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
        """Take every filter off; the words searched for stay, as the key's label says.

        It emptied the search box too, so a search narrowed to one family
        lost its words when widened to every family (review 26).
        """
        self._use_filters(EntryFilter())

    def _use_filters(self, filters: EntryFilter) -> None:
        """List or search with ``filters`` (x then takes them off, or dims), keys on the list."""
        if filters != self.filters:
            self.filters = filters
            self.refresh_bindings()
            self.reload()
        self.query_one("#entries", DataTable).focus()
