"""Choosing which entries the browse list shows; every filter narrows it."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from reflect.core.dates import parse_date
from reflect.core.periods import recent_registration_years
from reflect.core.records import EntryFilter, TermView
from reflect.core.vocab import PCF_DOMAINS
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.footer import KeysFooter


class FilterScreen(ModalScreen[EntryFilter | None]):
    """A form of filters; enter or ctrl+s shows the entries, escape leaves them as they were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Show entries", priority=True),
        Binding("ctrl+x", "clear", "Clear all", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, current: EntryFilter, terms: list[TermView], today: date | None = None
    ) -> None:
        """``terms``: the journal's named terms, read by the caller off the event loop."""
        super().__init__()
        self.current = current
        self.today = today or date.today()
        # Built in, no setup: the registration years (1 December to 30 November).
        self.terms = terms + [y.as_term() for y in recent_registration_years(self.today)]

    def compose(self) -> ComposeResult:
        f = self.current
        terms = self.terms

        def row(label: str, *widgets: Any) -> Horizontal:
            return Horizontal(Static(label, classes="f-label"), *widgets, classes="f-row")

        with Vertical(classes="dialog", id="filter-box"):
            yield Static(
                "Show only the entries that match all of these. Leave a line blank for any.",
                classes="dialog-question",
            )
            with Vertical(id="filter-form"):
                yield row(
                    "Term",
                    Select[str](
                        [(Text(t.name), t.name) for t in terms],
                        value=f.term
                        if f.term and f.term in {t.name for t in terms}
                        else Select.NULL,
                        prompt="Any term" if terms else "Any (no terms named yet)",
                        id="f-term",
                        compact=True,
                    ),
                )
                yield row(
                    "Visits from",
                    Input(
                        value=f"{f.start:%d/%m/%Y}" if f.start else "",
                        placeholder="a date: 1/9/2026, 1 Sep",
                        id="f-start",
                        compact=True,
                    ),
                )
                yield row(
                    "Visits up to",
                    Input(
                        value=f"{f.end:%d/%m/%Y}" if f.end else "",
                        placeholder="a date, or today",
                        id="f-end",
                        compact=True,
                    ),
                )
                yield row(
                    "Case code",
                    Input(
                        value=f.case_code or "",
                        placeholder="for example CF-1042",
                        id="f-case",
                        compact=True,
                    ),
                )
                yield row(
                    "Theme or tag",
                    Input(
                        value=f.tag or "",
                        placeholder="for example Trust through negotiation, or housing",
                        id="f-tag",
                        compact=True,
                    ),
                )
                yield row(
                    "PCF domain",
                    Select[str](
                        [(d, d) for d in PCF_DOMAINS],
                        value=f.pcf_domain if f.pcf_domain in PCF_DOMAINS else Select.NULL,
                        prompt="Any domain",
                        id="f-pcf",
                        compact=True,
                    ),
                )
                yield row(
                    "Status",
                    Select[str](
                        [("Complete only", "complete"), ("Drafts only", "draft")],
                        value=f.status or Select.NULL,
                        prompt="Complete and drafts",
                        id="f-status",
                        compact=True,
                    ),
                )
                yield row(
                    "Supervision",
                    ClearCheckbox(
                        "Only entries flagged to bring",
                        bool(f.flagged),
                        id="f-flagged",
                        compact=True,
                    ),
                )
            yield Static("", id="f-msg", classes="warning-note", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Clear all (ctrl+x)", id="f-clear")
                yield Button("Show entries (ctrl+s)", id="f-apply", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#f-msg").display = False

    def _date(self, selector: str, what: str) -> tuple[bool, date | None]:
        value = self.query_one(selector, Input).value.strip()
        if not value:
            return True, None
        try:
            return True, parse_date(value, today=self.today)
        except ValueError as exc:
            self._problem(f"The {what} date: {exc}", selector)
            return False, None

    def _problem(self, message: str, selector: str) -> None:
        note = self.query_one("#f-msg", Static)
        note.update(message)
        note.display = True
        self.query_one(selector).focus()

    def read(self) -> EntryFilter | None:
        """The filters as typed; None (with the problem shown) if a date is wrong."""
        ok_start, start = self._date("#f-start", "from")
        if not ok_start:
            return None
        ok_end, end = self._date("#f-end", "to")
        if not ok_end:
            return None
        if start and end and end < start:
            self._problem("The 'to' date is before the 'from' date.", "#f-end")
            return None

        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else None

        def typed(selector: str) -> str | None:
            return " ".join(self.query_one(selector, Input).value.split()) or None

        return EntryFilter(
            start=start,
            end=end,
            term=chosen("#f-term"),
            case_code=typed("#f-case"),
            tag=typed("#f-tag"),
            pcf_domain=chosen("#f-pcf"),
            status=chosen("#f-status"),
            flagged=True if self.query_one("#f-flagged", ClearCheckbox).value else None,
        )

    def action_apply(self) -> None:
        """Show the entries that match."""
        result = self.read()
        if result is not None:
            self.dismiss(result)

    def action_clear(self) -> None:
        """Take every filter off."""
        self.dismiss(EntryFilter())

    def action_cancel(self) -> None:
        """Keep the filters as they were."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#f-apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#f-clear")
    def _clear_pressed(self) -> None:
        self.action_clear()
