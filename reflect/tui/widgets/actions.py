"""Adding and removing an entry's next actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.counting import counted
from reflect.core.dates import due_words, parse_date
from reflect.core.records import ActionView
from reflect.tui.widgets.marked_list import MarkedRowsOptionList


class ActionsForm(Vertical):
    """A list of next actions; the screen stores what the worker adds or removes."""

    class Added(Message):
        """The worker typed a new action."""

        def __init__(self, text: str, due: date | None) -> None:
            super().__init__()
            self.text = text
            self.due = due

    class Removed(Message):
        """The worker removed an action."""

        def __init__(self, action_id: int) -> None:
            super().__init__()
            self.action_id = action_id

    def __init__(self, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.actions: list[ActionView] = []

    def compose(self) -> ComposeResult:
        yield Static(
            "Next actions: type one, add a date if it has one, press enter.",
            classes="field-label",
        )
        with Horizontal(id="action-row"):
            yield Input(placeholder="What will you do?", id="action-text")
            yield Input(placeholder="By when? friday, 3 Dec", id="action-due")
        yield Static("", id="action-msg", classes="field-note", markup=False)
        yield MarkedRowsOptionList(id="action-list")
        yield Static("Highlight an action and press delete to remove it.", classes="field-note")

    def on_mount(self) -> None:
        self.show_actions([])

    def show_actions(self, actions: list[ActionView]) -> None:
        """Show these actions."""
        self.actions = list(actions)
        options = self.query_one("#action-list", OptionList)
        options.clear_options()
        if not self.actions:
            options.add_option(Option("No actions yet.", id="none", disabled=True))
        for action in self.actions:
            text = Text(f"{action.text}{due_words(action.due)}")
            options.add_option(Option(text, id=str(action.id)))

    def note_seeded(self, count: int) -> None:
        """Say where the listed actions came from, and how to change them."""
        self.query_one("#action-msg", Static).update(
            f"{counted(count, 'action', 'actions')} from your answer to what you will do "
            "next. Enter on one puts it back in the box to change it; delete removes it."
        )

    def added(self, action: ActionView) -> None:
        """An action was stored: list it."""
        self.show_actions([*self.actions, action])

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        text_input = self.query_one("#action-text", Input)
        due_input = self.query_one("#action-due", Input)
        message = self.query_one("#action-msg", Static)
        text = " ".join(text_input.value.split())
        if not text:
            message.update("Type what you will do first.")
            text_input.focus()
            return
        due = None
        if due_input.value.strip():
            try:
                due = parse_date(due_input.value, today=self.today, prefer="future")
            except ValueError as exc:
                message.update(str(exc))
                due_input.focus()
                return
        message.update("")
        text_input.value = ""
        due_input.value = ""
        text_input.focus()
        self.post_message(self.Added(text, due))

    @on(OptionList.OptionSelected, "#action-list")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        """Enter on an action puts it back in the boxes to change, and removes it from the list."""
        event.stop()
        action = next((a for a in self.actions if str(a.id) == event.option.id), None)
        if action is None:
            return
        self.query_one("#action-text", Input).value = action.text
        self.query_one("#action-due", Input).value = (
            f"{action.due.day}/{action.due.month}/{action.due.year}" if action.due else ""
        )
        self.show_actions([a for a in self.actions if a.id != action.id])
        self.post_message(self.Removed(action.id))
        self.query_one("#action-text", Input).focus()
        self.query_one("#action-msg", Static).update("Change it and press enter to put it back.")

    def remove_highlighted(self) -> None:
        """Remove the highlighted action, if there is one."""
        options = self.query_one("#action-list", OptionList)
        if options.highlighted is None or not self.actions:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id in (None, "none"):
            return
        action_id = int(option.id)
        self.show_actions([a for a in self.actions if a.id != action_id])
        self.post_message(self.Removed(action_id))
