"""The trash: entries moved out of the journal, until it is emptied."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.core.counting import counted
from reflect.core.records import EntryFilter, EntrySummary
from reflect.core.vocab import VisitType
from reflect.tui.screens.reading_list import FixedList
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.workers import app_of, in_thread, journal_of

TRASH_LIMIT = 1000


class TrashScreen(Screen[None]):
    """Entries in the trash: read one, take it out, or empty the trash."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "restore", "Take out of trash"),
        Binding("x", "empty", "Empty the trash"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[EntrySummary] = []
        # The list the reader was last opened on (its cursor goes to the entry read last).
        self.reading: FixedList | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="trash"):
            yield Static("", id="trash-lead", markup=False)
            table: DataTable[str | Text] = MarkedDataTable(id="trash-table", cursor_type="row")
            yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#trash-table", DataTable)
        table.add_columns("Visit date", "Case", "Visit", "First words")

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Read what is in the trash."""
        in_thread(
            self,
            self._read,
            self._show,
            what="Reading the journal",
            group="trash",
            exclusive=True,
        )

    def _read(self) -> list[EntrySummary]:
        journal = journal_of(self)
        rows = journal.list_entries(EntryFilter(in_trash=True), limit=TRASH_LIMIT).items
        return list(rows)

    def _show(self, rows: list[EntrySummary]) -> None:
        self.rows = rows
        table = self.query_one("#trash-table", DataTable)
        row = table.cursor_row
        table.clear()
        for entry in rows:
            table.add_row(
                f"{entry.visit_date:%d %b %Y}",
                Text(entry.case_code),
                VisitType(entry.visit_type).label,
                Text(entry.first_words[:60] or "(nothing written)", no_wrap=True),
                key=str(entry.id),
            )
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))
            if self.reading is not None:
                self.reading.place_cursor(table)
        self.query_one("#trash-lead", Static).update(
            f"{counted(len(rows), 'entry', 'entries')} in the trash. "
            "Enter reads one; r takes it out; x empties the trash for good."
            if rows
            else "The trash is empty."
        )
        self.refresh_bindings()

    def _highlighted(self) -> EntrySummary | None:
        table = self.query_one("#trash-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"restore", "empty"}:
            return bool(self.rows)
        return True

    @on(DataTable.RowSelected, "#trash-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.reading = FixedList([e.id for e in self.rows])
            app_of(self).read_entry(int(event.row_key.value), self.reading)

    def action_back(self) -> None:
        """Back to browsing."""
        self.dismiss()

    def action_restore(self) -> None:
        """Take the highlighted entry out of the trash."""
        entry = self._highlighted()
        if entry is None:
            return
        app = app_of(self)

        def restored(_: object) -> None:
            self.notify(
                f"The entry for {entry.case_code} is back in your journal.", title="Restored"
            )
            self.load()

        app.in_background(
            lambda: app.journal.restore(entry.id), restored, what="Taking it out of the trash"
        )

    def action_empty(self) -> None:
        """Delete everything in the trash for good, after asking."""
        from reflect.tui.screens.dialogs import ConfirmScreen

        count = len(self.rows)

        def answered(yes: bool | None) -> None:
            if yes:
                app = app_of(self)

                def emptied(gone: int) -> None:
                    self.notify(f"{counted(gone, 'entry', 'entries')} deleted for good.")
                    self.load()

                app.in_background(app.journal.empty_trash, emptied, what="Emptying the trash")

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the {counted(count, 'entry', 'entries')} in the trash for good? "
                "This cannot be undone.",
                yes="Delete for good",
                no="Keep them",
            ),
            answered,
        )
