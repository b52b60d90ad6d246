"""The supervision agenda on Morrison's 4x4x4 cycle, to read and save to a file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from reflect.core.counting import counted
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.workers import app_of, in_thread


class AgendaScreen(Screen[None]):
    """The agenda from the flagged entries, anonymised; ctrl+s saves it as a file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save to a file", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("Preparing your agenda…", id="agenda-lead", markup=False)
        with VerticalScroll(id="agenda-box"):
            yield Markdown("", id="agenda-md")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Build the agenda off the event loop."""
        from reflect.core.agenda import build_agenda

        app = app_of(self)
        now = app.clock()
        in_thread(
            self,
            lambda: build_agenda(app.journal, generated=now),
            self._show,
            what="Building the agenda",
            group="agenda",
            exclusive=True,
        )

    async def _show(self, built: tuple[str, int]) -> None:
        self.text, count = built
        self.query_one("#agenda-lead", Static).update(
            f"{counted(count, 'flagged entry', 'flagged entries')} not yet discussed, anonymised. "
            "ctrl+s saves it as a file to take in."
        )
        await self.query_one("#agenda-md", Markdown).update(self.text)
        self.query_one("#agenda-box").focus()

    def action_save(self) -> None:
        """Ask where to save (the export folder already filled in), then write, never over a file.

        A file of that name (last week's agenda with the worker's notes added)
        is kept: the agenda takes the next free name and the notice says which.
        """
        from reflect.core.agenda_file import agenda_stem
        from reflect.tui.screens.agenda_save import AgendaSaveScreen
        from reflect.tui.screens.export_choice import default_folder

        app = app_of(self)
        folder = getattr(app, "export_folder", None) or default_folder()
        day = app.today or datetime.now().date()

        def saved(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Saved to {path}", title="Agenda saved", timeout=10)

        app.push_screen(AgendaSaveScreen(folder, agenda_stem(day), self.text), saved)

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss()
