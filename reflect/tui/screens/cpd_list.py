"""CPD in the app: where you stand this registration year, and every record."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.core.cpd import CpdView
from reflect.core.readiness import Readiness, readiness
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.widgets.type_ahead import TypeAhead
from reflect.tui.workers import in_thread, journal_of


class CpdScreen(Screen[None]):
    """This registration year's readiness, and every CPD record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # Priority: run as the app takes the key, so the keys typed after it
        # are held for the form (`TypeAhead`); a key the list passes back to
        # the app runs only after those keys have gone by. No field here
        # could want the letter.
        Binding("n", "new", "New CPD record", priority=True),
    ]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.records: list[CpdView] = []
        self._type_ahead = TypeAhead()

    @property
    def day(self) -> date:
        return self.today or date.today()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="cpd"):
            yield Static("Counting your CPD…", id="cpd-readiness", markup=False)
            yield Static("Your CPD records", classes="section-title")
            table: DataTable[str | Text] = MarkedDataTable(id="cpd-records", cursor_type="row")
            yield table
            yield Static("", id="cpd-note", classes="field-note", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        # Fixed widths, the title taking what is left: at 80 columns the
        # "Peer" and "State" columns were cut off at the right.
        table = self.query_one("#cpd-records", DataTable)
        table.add_column("Date", width=11)
        table.add_column("Title", width=max(16, self.app.size.width - 60))
        table.add_column("Type", width=22)
        table.add_column("Peer", width=4)
        table.add_column("State", width=8)

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the records and count this year's."""
        in_thread(
            self,
            self._read,
            lambda read: self._show(*read),
            what="Reading the journal",
            group="cpd",
            exclusive=True,
        )

    def _read(self) -> tuple[list[CpdView], Readiness]:
        journal = journal_of(self)
        records = journal.cpd_records()
        state = readiness(journal, self.day)
        return records, state

    def _show(self, records: list[CpdView], state: Readiness) -> None:
        self.records = list(reversed(records))
        self.query_one("#cpd-readiness", Static).update("\n".join(state.sentences()))
        table = self.query_one("#cpd-records", DataTable)
        table.clear()
        for record in self.records:
            f = record.fields
            table.add_row(
                f"{f.activity_date:%d %b %Y}",
                Text(f.title or "(no title yet)", no_wrap=True, overflow="ellipsis"),
                Text(f.cpd_type, no_wrap=True, overflow="ellipsis"),
                "yes" if record.has_peer_reflection else "",
                "complete" if record.complete else "draft",
                key=str(record.id),
            )
        table.display = bool(records)
        self.query_one("#cpd-note", Static).update(
            "Enter opens a record; n starts a new one."
            if records
            else "No CPD records yet. n starts one: a course, some reading, or what you "
            "learnt from a run of visits or a supervision."
        )
        if records:
            table.focus()

    @on(DataTable.RowSelected, "#cpd-records")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        record = next((r for r in self.records if r.id == int(event.row_key.value)), None)
        if record is not None:
            self._open(record)

    def action_new(self) -> None:
        """Start a new CPD record."""
        self._open(None)

    def _open(self, record: CpdView | None) -> None:
        from reflect.tui.screens.cpd import CpdFormScreen, Sources, gather_sources

        journal = journal_of(self)

        async def opened(sources: Sources) -> None:
            await self._type_ahead.open(self.app, CpdFormScreen(record, sources, today=self.day))

        self._type_ahead.opening(
            in_thread(
                self,
                lambda: gather_sources(journal, record),
                opened,
                what="Opening the record",
                group="cpd-open",
                exclusive=True,
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the form opens, its key is a letter typed for the form: held.
        return not (action == "new" and self._type_ahead.busy)

    def on_key(self, event: events.Key) -> None:
        # Typed while the record opens: the form's title gets them.
        self._type_ahead.hold(event)

    def action_back(self) -> None:
        """Back home."""
        self.dismiss()
