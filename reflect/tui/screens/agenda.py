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


def write_free_name(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to ``folder/stem.md``, or ``stem-2.md`` and on if taken; the full path.

    Each try refuses an existing file (no ``force``), so a file that appears
    between the look and the write is still never replaced.
    """
    from reflect.core.errors import FileExists
    from reflect.core.export import write_atomic

    for number in range(1, 1000):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if path.exists():
            continue
        try:
            write_atomic(path, text)
        except FileExists:
            continue
        return path.absolute()
    raise FileExists(f"{folder} already holds 999 agendas named {stem}: move some away.")


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
        """Write the agenda where the export screen offers to save, never over a file.

        A file of that name (last week's agenda with the worker's notes added)
        is kept: the agenda takes the next free name and the notice says which.
        """
        from reflect.tui.screens.export_choice import default_folder

        app = app_of(self)
        folder = getattr(app, "export_folder", None) or default_folder()
        day = app.today or datetime.now().date()
        text = self.text

        def saved(path: Path) -> None:
            self.notify(f"Saved to {path}", title="Agenda saved", timeout=10)

        app.in_background(
            lambda: write_free_name(folder, f"supervision-agenda-{day:%Y-%m-%d}", text),
            saved,
            what="Saving the agenda",
        )

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss()
