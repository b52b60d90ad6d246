"""Asking once for the lines at the top of an exported document: all optional, kept in settings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reflect.core.export import TitleBlock
from reflect.core.export.scope import TITLE_FIELDS
from reflect.core.export.settings import title_from
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.footer import KeysFooter

HINTS = {
    "name": "Your name or initials",
    "role": "For example: Student social worker",
    "team": "Your team or placement",
    "educator": "Practice educator or supervisor",
}


class TitleBlockScreen(ModalScreen[TitleBlock | None]):
    """Name, role, team, educator: each optional, each can be left out of anonymised exports."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "skip", "Skip"),
    ]

    def __init__(self, title: TitleBlock) -> None:
        super().__init__()
        self.title_block = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog title-block"):
            yield Static(
                "At the top of your document (every line optional; asked once, "
                "change it later with ctrl+b)",
                classes="dialog-question",
            )
            for key, label in TITLE_FIELDS:
                yield Static(label, classes="field-label")
                with Horizontal(classes="title-line"):
                    yield Input(
                        getattr(self.title_block, key),
                        placeholder=HINTS[key],
                        id=f"title-{key}",
                        compact=True,
                    )
                    yield ClearCheckbox(
                        "Leave out when anonymised",
                        key in self.title_block.private,
                        id=f"title-private-{key}",
                        compact=True,
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Skip (escape)", id="skip", variant="default")
        # Its own keys, over the export screen's, which do nothing while it is open.
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#title-name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_skip()

    def action_save(self) -> None:
        """Keep what is typed."""
        values = {key: self.query_one(f"#title-{key}", Input).value for key, _ in TITLE_FIELDS}
        private = {
            key
            for key, _ in TITLE_FIELDS
            if self.query_one(f"#title-private-{key}", ClearCheckbox).value
        }
        self.dismiss(title_from(values, private))

    def action_skip(self) -> None:
        """Keep the title block as it was."""
        self.dismiss(None)
