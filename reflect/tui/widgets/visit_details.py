"""The visit details form: date, case code, kind of visit, length, and the prompt set."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, Static

from reflect.core.counting import counted
from reflect.core.dates import parse_date
from reflect.core.privacy import case_code_warning
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryDetail
from reflect.core.vocab import VISIT_TYPE_LABELS, VisitType
from reflect.tui.widgets.marked_list import MarkedSelect


def show_note(note: Static, message: str) -> None:
    """Show a line under a field, or hide it when there is nothing to say."""
    note.update(message)
    note.display = bool(message)


class VisitDetailsForm(VerticalScroll, can_focus=False):
    # The form scrolls to each field as it is focused; as a tab stop itself it
    # would be a stop with nothing marked.
    """Asks for the visit's details and checks them before a draft starts."""

    class SetChosen(Message):
        """The worker picked a prompt set (before the draft starts)."""

        def __init__(self, set_id: str) -> None:
            super().__init__()
            self.set_id = set_id

    class Done(Message):
        """Enter on the last field: the worker wants to go on."""

    def __init__(self, library: PromptLibrary, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.today = today

    def compose(self) -> ComposeResult:
        # The case code first: it is where the cursor starts (the date is
        # already today's), and tab goes on down the form.
        yield Static("Case code (a code or pseudonym, never a name)", classes="field-label")
        yield Input(placeholder="for example CF-1042", id="case-code", compact=True)
        yield Static("", id="case-msg", classes="warning-note", markup=False)
        yield Static("Date of the visit", classes="field-label")
        yield Input(
            value=f"{self.today:%d/%m/%Y}",
            placeholder="22/11/2026 or today",
            id="visit-date",
            compact=True,
        )
        yield Static("", id="date-msg", classes="warning-note", markup=False)
        yield Static("Kind of visit", classes="field-label")
        # Open, each dropdown marks its highlighted choice "▶", not only by colour.
        yield MarkedSelect(
            [(label, vt.value) for vt, label in VISIT_TYPE_LABELS.items()],
            value=VisitType.HOME.value,
            allow_blank=False,
            id="visit-type",
            compact=True,
        )
        yield Static("Length of the visit in minutes (optional)", classes="field-label")
        yield Input(placeholder="for example 60", type="integer", id="minutes", compact=True)
        yield Static("Questions to reflect with", classes="field-label")
        yield MarkedSelect(
            [
                (Text(s.name), s.id)
                for s in sorted(self.library.sets.values(), key=lambda s: s.name)
            ],
            value=self.library.default().id,
            allow_blank=False,
            id="prompt-set",
            compact=True,
        )
        yield Static("", id="set-note", classes="field-note", markup=False)

    def on_mount(self) -> None:
        self._note("#date-msg", "")
        self._note("#case-msg", "")

    def _note(self, selector: str, message: str) -> None:
        show_note(self.query_one(selector, Static), message)

    @property
    def typed_anything(self) -> bool:
        """Whether the worker has started filling in the form."""
        return bool(self.query_one("#case-code", Input).value.strip())

    @property
    def set_id(self) -> str:
        """The prompt set chosen."""
        return str(self.query_one("#prompt-set", Select).value)

    def preselect(self, set_id: str) -> None:
        """Choose a set for the worker (the last one they used)."""
        if set_id in self.library.sets:
            self.query_one("#prompt-set", Select).value = set_id

    def show_entry(self, entry: EntryDetail) -> None:
        """Fill the form from a draft; its prompt set can no longer change."""
        self.query_one("#visit-date", Input).value = f"{entry.visit_date:%d/%m/%Y}"
        self.query_one("#case-code", Input).value = entry.case_code
        self.query_one("#visit-type", Select).value = entry.visit_type
        self.query_one("#minutes", Input).value = str(entry.visit_minutes or "")
        self.preselect(entry.prompt_set_id)
        self.lock_prompt_set()

    def lock_prompt_set(self) -> None:
        """A started reflection keeps its questions."""
        self.query_one("#prompt-set", Select).disabled = True
        self.query_one("#set-note", Static).update(
            "The questions cannot be changed once a reflection has started."
        )

    @on(Input.Changed, "#case-code")
    def _case_code_changed(self, event: Input.Changed) -> None:
        warning = case_code_warning(event.value)
        self._note("#case-msg", f"Please check: {warning}" if warning else "")

    @on(Select.Changed, "#prompt-set")
    def _set_changed(self, event: Select.Changed) -> None:
        if event.select.disabled or not isinstance(event.value, str):
            return
        chosen = self.library.sets.get(event.value)
        if chosen is not None:
            self.query_one("#set-note", Static).update(
                f"{chosen.description} {counted(len(chosen.prompts), 'question', 'questions')}."
            )
            self.post_message(self.SetChosen(chosen.id))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "minutes":
            self.post_message(self.Done())
        else:
            self.screen.focus_next()

    def read(self, *, focus: bool = True) -> dict[str, Any] | None:
        """The details, checked; None (with the problem shown) when something is wrong.

        ``focus`` moves the cursor to the field with the problem; a save made
        in the background while someone types elsewhere passes False.
        """

        def problem(field: str, note: str, message: str) -> None:
            self._note(note, message)
            if focus:
                self.query_one(field).focus()

        try:
            visit_date = parse_date(
                self.query_one("#visit-date", Input).value, today=self.today, prefer="past"
            )
        except ValueError as exc:
            problem("#visit-date", "#date-msg", str(exc))
            return None
        if visit_date > self.today:
            problem("#visit-date", "#date-msg", "That date is in the future: please check it.")
            return None
        self._note("#date-msg", "")
        case_code = " ".join(self.query_one("#case-code", Input).value.split())
        if not case_code:
            problem("#case-code", "#case-msg", "Please give a case code or pseudonym.")
            return None
        minutes_text = self.query_one("#minutes", Input).value.strip()
        minutes = int(minutes_text) if minutes_text.isdigit() and int(minutes_text) > 0 else None
        return {
            "visit_date": visit_date,
            "case_code": case_code[:40],
            "visit_type": str(self.query_one("#visit-type", Select).value),
            "visit_minutes": minutes,
        }
