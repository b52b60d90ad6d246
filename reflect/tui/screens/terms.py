"""Terms in the app: list them, add your own (a placement can start any week), remove one."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from reflect.core.dates import long_date, parse_date
from reflect.core.journal import Journal
from reflect.core.records import TermView
from reflect.core.terms import SuggestedTerm, add_terms, current_academic_year
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.workers import app_of, in_thread, journal_of


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
        return journal_of(self)

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
            table: DataTable[str] = MarkedDataTable(id="term-table", cursor_type="row")
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

    def _load(self) -> None:
        in_thread(
            self,
            self._read,
            self._show,
            what="Reading the journal",
            group="terms",
            exclusive=True,
        )

    def _read(self) -> list[TermView]:
        terms = self.journal.terms()
        return terms

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
        term = SuggestedTerm(name, start, end)
        app_of(self).in_background(
            lambda: add_terms(self.journal, [term]), self._added, what="Adding the term"
        )

    def _added(self, outcome: list[tuple[SuggestedTerm, str | None]]) -> None:
        ((term, skipped),) = outcome
        if skipped:  # repeated names and reversed dates explain themselves
            self._say(skipped)
            return
        name = term.name
        for field in ("#term-name", "#term-start", "#term-end"):
            self.query_one(field, Input).value = ""
        self._say("")
        self.notify(f"Added {name}.", title="Terms")
        self.query_one("#term-name").focus()
        self._load()

    def action_suggest(self) -> None:
        """Add this academic year's UK terms (ones you already have are skipped)."""
        terms = current_academic_year(self.today)
        app_of(self).in_background(
            lambda: add_terms(self.journal, terms), self._suggested, what="Adding the terms"
        )

    def _suggested(self, outcome: list[tuple[SuggestedTerm, str | None]]) -> None:
        skipped = [term.name for term, why in outcome if why]
        self._say(f"Skipped (you already have them): {', '.join(skipped)}." if skipped else "")
        self._load()

    def action_remove(self) -> None:
        """Remove the highlighted term; its entries stay in the journal."""
        table = self.query_one("#term-table", DataTable)
        if not self.terms or table.cursor_row is None:
            return
        term = self.terms[table.cursor_row]

        def answered(remove: bool | None) -> None:
            if remove:
                app_of(self).in_background(
                    lambda: self.journal.remove_term(term.name),
                    lambda _: self._load(),
                    what="Removing the term",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Remove the term {term.name}? Its entries stay in your journal.",
                yes="Remove",
                no="Keep it",
            ),
            answered,
        )

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
