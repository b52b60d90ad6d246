"""Terms in the app: list them, add your own (a placement can start any week), remove one."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from reflect.core.dates import long_date, parse_date
from reflect.core.journal import Journal
from reflect.core.records import TermView
from reflect.core.terms import current_academic_year
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.widgets.footer import KeysFooter


class TermsScreen(Screen[None]):
    """The worker's named periods."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "suggest", "Add this year's UK terms", priority=True),
        Binding("delete", "remove", "Remove term"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today or date.today()
        self.terms: list[TermView] = []

    @property
    def journal(self) -> Journal:
        return self.app.journal  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="terms"):
            yield Static("Terms and placements", classes="section-title")
            yield Static(
                "Name a period to group and export entries by. Type a name and its dates, "
                "then press enter.",
                classes="field-note",
            )
            with Horizontal(id="term-row"):
                yield Input(placeholder="Name, e.g. Placement 2", id="term-name", compact=True)
                yield Input(placeholder="Starts (11/01/2027)", id="term-start", compact=True)
                yield Input(placeholder="Ends (28/05/2027)", id="term-end", compact=True)
            yield Static("", id="term-msg", classes="warning-note", markup=False)
            table: DataTable[str] = DataTable(id="term-table", cursor_type="row")
            yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#term-table", DataTable).add_columns("Name", "Starts", "Ends")
        self._say("")
        self.query_one("#term-name").focus()
        self._load()

    def _say(self, text: str) -> None:
        message = self.query_one("#term-msg", Static)
        message.update(text)
        message.display = bool(text)

    @work(thread=True, exclusive=True, group="terms", exit_on_error=False)
    def _load(self) -> None:
        terms = self.journal.terms()
        self.app.call_from_thread(self._show, terms)

    def _show(self, terms: list[TermView]) -> None:
        self.terms = terms
        table = self.query_one("#term-table", DataTable)
        table.clear()
        for term in terms:
            table.add_row(
                Text(term.name), long_date(term.start), long_date(term.end), key=term.name
            )
        if not terms:
            self._say("No terms yet. ctrl+a adds this academic year's UK terms.")

    @on(Input.Submitted)
    def _add(self) -> None:
        name = " ".join(self.query_one("#term-name", Input).value.split())
        try:
            start = parse_date(self.query_one("#term-start", Input).value, today=self.today)
            end = parse_date(self.query_one("#term-end", Input).value, today=self.today)
        except ValueError as exc:
            self._say(f"Please check the dates: {exc}")
            return
        if not name:
            self._say("Please give the term a name.")
            return
        self._write(name, start, end)

    # Not in the "terms" group: reloading the list after a change starts an
    # exclusive worker there, which would cancel this one as it finishes.
    @work(thread=True, group="terms-write", exit_on_error=False)
    def _write(self, name: str, start: date, end: date) -> None:
        try:
            self.journal.add_term(name, start, end)
        except Exception as exc:  # overlaps and reversed dates explain themselves
            self.app.call_from_thread(self._say, str(exc))
            return
        self.app.call_from_thread(self._added, name)

    def _added(self, name: str) -> None:
        for field in ("#term-name", "#term-start", "#term-end"):
            self.query_one(field, Input).value = ""
        self._say("")
        self.notify(f"Added {name}.", title="Terms")
        self.query_one("#term-name").focus()
        self._load()

    def action_suggest(self) -> None:
        """Add this academic year's UK terms (overlapping ones are skipped)."""
        self._suggest()

    # Not in the "terms" group: reloading the list after a change starts an
    # exclusive worker there, which would cancel this one as it finishes.
    @work(thread=True, group="terms-write", exit_on_error=False)
    def _suggest(self) -> None:
        skipped = []
        for term in current_academic_year(self.today):
            try:
                self.journal.add_term(term.name, term.start, term.end)
            except Exception:
                skipped.append(term.name)
        note = f"Skipped (they overlap yours or exist): {', '.join(skipped)}." if skipped else ""
        self.app.call_from_thread(self._say, note)
        self._load()

    def action_remove(self) -> None:
        """Remove the highlighted term; its entries stay in the journal."""
        table = self.query_one("#term-table", DataTable)
        if not self.terms or table.cursor_row is None:
            return
        term = self.terms[table.cursor_row]

        def answered(remove: bool | None) -> None:
            if remove:
                self._remove(term.name)

        self.app.push_screen(
            ConfirmScreen(
                f"Remove the term {term.name}? Its entries stay in your journal.",
                yes="Remove",
                no="Keep it",
            ),
            answered,
        )

    # Not in the "terms" group: reloading the list after a change starts an
    # exclusive worker there, which would cancel this one as it finishes.
    @work(thread=True, group="terms-write", exit_on_error=False)
    def _remove(self, name: str) -> None:
        self.journal.remove_term(name)
        self._load()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
