"""Choosing where the supervision agenda is saved, shown before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reflect.core.agenda_file import chosen_folder, folder_problem, free_name, write_free_name
from reflect.core.files import plain_message
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.workers import in_thread


class AgendaSaveScreen(ModalScreen[Path | None]):
    """The folder (the usual one already filled in) and the file it will be; enter saves.

    A file already there is never replaced: the agenda takes the next free
    name, shown here before saving. A folder that is missing or cannot be
    written is said in one sentence and the dialog stays open to change it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "save", "Save here", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, folder: Path, stem: str, text: str) -> None:
        super().__init__()
        self.folder = folder
        self.stem = stem
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog agenda-save"):
            yield Static("Save the agenda", classes="dialog-question")
            yield Static("Folder (type another to change it)", classes="field-label")
            yield Input(str(self.folder), id="agenda-folder", compact=True)
            yield Static("", id="agenda-target", classes="field-note", markup=False)
            yield Static("", id="agenda-save-msg", classes="warning-note", markup=False)
            yield Static(
                "A file already there is never replaced: the agenda takes the next free name.",
                classes="field-note",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self._say("")
        self.query_one("#agenda-folder", Input).focus()
        self._show_target()

    def _say(self, message: str) -> None:
        note = self.query_one("#agenda-save-msg", Static)
        note.update(message)
        note.display = bool(message)

    @on(Input.Changed, "#agenda-folder")
    def _show_target(self) -> None:
        """Say the full path the agenda will be written to, or why it cannot be."""
        folder = chosen_folder(self.query_one("#agenda-folder", Input).value)
        problem = folder_problem(folder) if folder is not None else None
        target = self.query_one("#agenda-target", Static)
        if folder is None or problem is not None:
            target.update("")
            target.display = False
            return
        target.update(f"It will be saved as: {free_name(folder, self.stem)}")
        target.display = True
        self._say("")

    @on(Input.Submitted, "#agenda-folder")
    def action_save(self) -> None:
        """Write the agenda in the folder typed (under a free name); close with its path."""
        field = self.query_one("#agenda-folder", Input)
        if field.disabled:
            return  # already saving
        folder = chosen_folder(field.value)
        if folder is None:
            self._say("Type the folder to save the agenda in.")
            return
        problem = folder_problem(folder)
        if problem is not None:
            self._say(str(problem))
            return
        field.disabled = True
        self._say("")
        stem, text = self.stem, self.text
        in_thread(
            self,
            lambda: write_free_name(folder, stem, text),
            self.dismiss,
            failed=self._failed,
            what="Saving the agenda",
        )

    def _failed(self, error: BaseException) -> None:
        field = self.query_one("#agenda-folder", Input)
        field.disabled = False
        field.focus()
        self._say(f"The agenda was not saved: {plain_message(error)}")

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
