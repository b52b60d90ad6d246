"""Small modal screens: a plain yes/no question, and choosing a step to go to."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static

from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedOptionList


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; y/enter on the highlighted button answers, n or escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No", key_display="n/esc"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", settle: float = 0) -> None:
        """``settle``: for a question that can come while the worker is typing on.

        The answers wait until no key has come for ``settle`` seconds: keys
        typed on are not taken as answers, but kept as text (`held`) for the
        caller to put where they were meant to go. "now" typed straight
        after ctrl+n once answered "No" with its first letter and sent the
        rest into the case code field (review 22); a settle of a fixed half
        second still let a "y" later in the sentence keep the name, and lost
        the words (review 25).
        """
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.settle = settle
        self.ready = settle <= 0
        self.held: list[str] = []  # what was typed on before the question settled
        # The footer names this question's own answers ("y Keep mine"), not
        # the keys of the screen beneath, which do nothing while it is open.
        for key, answer in (("y", yes), ("n", no)):
            self._bindings.key_to_bindings[key] = [
                replace(binding, description=answer)
                for binding in self._bindings.key_to_bindings[key]
            ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.no} (n)", id="no", variant="primary", disabled=not self.ready)
                yield Button(
                    f"{self.yes} (y)", id="yes", variant="default", disabled=not self.ready
                )
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.ready:
            self._quiet = self.set_timer(self.settle, self._settled)

    def on_key(self, event: events.Key) -> None:
        """Before the question has settled, a key is typing, not an answer: keep it."""
        if self.ready:
            return
        event.stop()
        event.prevent_default()
        if event.key == "backspace":
            if self.held:
                self.held.pop()
        elif event.key == "enter":
            self.held.append("\n")
        elif event.is_printable and event.character:
            self.held.append(event.character)
        self._quiet.reset()  # the answers wait for a pause in the typing

    def held_text(self) -> str:
        """What was typed on before the question settled."""
        return "".join(self.held)

    def _settled(self) -> None:
        self.ready = True
        for button in self.query(Button):
            button.disabled = False
        self.query_one("#no", Button).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The answers wait until the question has settled (see ``settle``)."""
        return self.ready or action != "answer"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


class JumpScreen(ModalScreen[int | None]):
    """Pick any step of the reflection to go to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Before the list's own (hidden) bindings, so that the footer shows them.
        Binding("up", "move(-1)", "Choose", key_display="↑↓", priority=True),
        Binding("down", "move(1)", "", show=False, priority=True),
        Binding("enter", "choose", "Go to this step", priority=True),
        Binding("escape", "close", "Stay"),
    ]

    def __init__(self, labels: list[str], current: int) -> None:
        super().__init__()
        self.labels = labels
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump"):
            yield Static("Go to a step (enter to go, escape to stay)", classes="dialog-question")
            yield MarkedOptionList(
                [(label, str(i)) for i, label in enumerate(self.labels)], id="jump-list"
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_move(self, direction: int) -> None:
        """One row up (-1) or down (1), stopping at the ends."""
        steps = self.query_one(MarkedOptionList)
        if direction < 0:
            steps.action_cursor_up()
        else:
            steps.action_cursor_down()

    def action_choose(self) -> None:
        """Go to the marked step."""
        self.query_one(MarkedOptionList).action_select()

    def action_close(self) -> None:
        """Stay on the current step."""
        self.dismiss(None)
