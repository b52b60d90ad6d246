"""The Reflect terminal app: screens, key bindings and the command palette."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.screen import Screen

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from reflect.tui.screens.read import EntryList

# Other screens are imported when first opened: start-up only pays for home.

T = TypeVar("T")


class ReflectCommands(Provider):
    """Offers the home screen's actions in the command palette (ctrl+p)."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, ReflectApp)
        matcher = self.matcher(query)
        for name, help_text, action in app.palette_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(app.run_action, action), help=help_text
                )


class ReflectApp(App[None]):
    """A reflective practice journal for child and family social workers."""

    TITLE = "Reflect"
    SUB_TITLE = "your reflective practice journal"
    # Absolute, so subclasses (tests, benchmarks) find it from any folder.
    CSS_PATH = Path(__file__).parent / "reflect.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ReflectCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        journal: Journal | None,
        library: PromptLibrary,
        *,
        journal_path: Path | None = None,
        first_run: bool = False,
        backups_dir: Path | None = None,
        config_file: Path | None = None,
        demo: bool = False,
        today: date | None = None,
        start: str = "home",
        clock: Callable[[], datetime] | None = None,
        export_folder: Path | None = None,
    ) -> None:
        super().__init__()
        # None until the unlock or first-run screen opens it (see on_mount).
        self.journal: Journal = journal  # type: ignore[assignment]
        self.journal_path = journal_path or (journal.path if journal else None)
        self.first_run = first_run
        # Automatic daily backups go here (None: no automatic backups, as in tests).
        self.backups_dir = backups_dir
        self.config_file = config_file
        self.library = library
        self.demo = demo
        # Tests and snapshots fix the date; otherwise each screen asks the clock.
        self.today = today
        self.start = start
        # Times shown on screen come from here, so tests and snapshots can fix them.
        self.clock: Callable[[], datetime] = clock or datetime.now
        # Where exports are offered to go; None means Documents (or home).
        self.export_folder = export_folder
        if demo:
            self.sub_title = "demo journal of invented entries (deleted when you quit)"

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen(today=self.today)

    def on_mount(self) -> None:
        if self.journal is None:
            from reflect.tui.screens.unlock import FirstRunScreen, UnlockScreen

            assert self.journal_path is not None
            opener = FirstRunScreen if self.first_run else UnlockScreen
            self.push_screen(opener(self.journal_path), self._opened)
        else:
            self.journal_ready()
        for notice in self.library.notices:
            self.notify(notice, title="Prompt sets", timeout=8)
        for problem in self.library.problems:
            self.notify(
                f"Skipped {problem}",
                title="A prompt set has a problem",
                severity="warning",
                timeout=12,
            )

    def _opened(self, journal: Journal | None) -> None:
        if journal is None:
            self.exit()
            return
        self.journal = journal
        self.journal_ready()

    def journal_ready(self) -> None:
        """The journal is open: make today's backup, and start where asked."""
        if self.backups_dir is not None:
            self.run_worker(
                self._backup_of_the_day, thread=True, group="backup", exit_on_error=False
            )
        if self.start == "new":
            self.action_new_reflection()

    def _backup_of_the_day(self) -> None:
        from reflect.core.backup import BackupPolicy, backup_of_the_day
        from reflect.core.files import plain_message

        assert self.backups_dir is not None
        try:
            policy = (
                BackupPolicy.from_config(self.config_file) if self.config_file else BackupPolicy()
            )
            backup_of_the_day(self.journal, self.backups_dir, self.today or date.today(), policy)
        except Exception as exc:
            self.call_from_thread(
                self.notify,
                f"Today's backup could not be made: {plain_message(exc)} "
                "Your journal itself is fine.",
                title="Backup",
                severity="warning",
                timeout=12,
            )

    def in_background(
        self,
        write: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        what: str = "That",
    ) -> None:
        """Run a journal write off the event loop, then ``then(result)`` on it.

        A journal busy in another Reflect can make a write wait a few seconds;
        the screen stays responsive meanwhile. A failure is told in plain words.
        """
        from reflect.core.files import plain_message

        def work() -> None:
            try:
                result = write()
            except Exception as exc:
                self.call_from_thread(
                    self.notify,
                    f"{what} did not happen: {plain_message(exc)}",
                    title="Not done",
                    severity="error",
                )
                return
            if then is not None:
                self.call_from_thread(then, result)

        self.run_worker(work, thread=True, group="journal-writes", exit_on_error=False)

    def palette_commands(self) -> Iterable[tuple[str, str, str]]:
        """The commands the palette offers: name, help text, action."""
        yield ("New reflection", "Write about a visit", "app.new_reflection")
        yield ("Browse entries", "Read and search past entries", "app.browse")
        yield ("Supervision", "Gather what to bring to supervision", "app.supervision")
        yield ("Actions", "Open actions across every entry", "app.actions")
        yield ("Trash", "Entries moved to the trash", "app.trash")
        yield ("Export", "Export a term: Markdown, web page, Word or archive", "app.export")
        yield ("Terms", "Name the terms and placements you export by", "app.terms")
        yield ("Help", "Every key, and what it does", "app.help")

    def action_help(self) -> None:
        """Show every key and what it does."""
        from reflect.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_reflection(self) -> None:
        """Start a new reflection (the guided flow)."""
        from reflect.tui.screens.reflection import ReflectionScreen

        if not isinstance(self.screen, ReflectionScreen):
            self.push_screen(ReflectionScreen(today=self.today))

    def open_draft(self, entry_id: int) -> None:
        """Carry on with a draft at the step where it stopped."""
        from reflect.tui.screens.reflection import ReflectionScreen

        self.push_screen(ReflectionScreen(entry_id, today=self.today))

    async def action_quit(self) -> None:
        """Quit, saving any words not yet in the journal first."""
        from reflect.core.files import plain_message
        from reflect.tui.screens.edit import EditScreen
        from reflect.tui.screens.reflection import ReflectionScreen

        for screen in self.screen_stack:
            problem = None
            if isinstance(screen, ReflectionScreen):
                try:
                    screen.save_blocking()
                except Exception as exc:
                    problem = plain_message(exc)
            elif isinstance(screen, EditScreen):
                screen.save_now()
                if screen.save_failed:
                    problem = "the journal did not take the changes"
            if problem:
                self.notify(
                    f"Could not save your latest words ({problem}); not quitting so they "
                    "stay on screen.",
                    title="Not saved",
                    severity="error",
                )
                return
        self.exit()

    def action_browse(self) -> None:
        """Browse, filter and search past entries."""
        from reflect.tui.screens.browse import BrowseScreen

        if not isinstance(self.screen, BrowseScreen):
            self.push_screen(BrowseScreen(today=self.today))

    def action_supervision(self) -> None:
        """Prepare for supervision."""
        from reflect.tui.screens.supervision import SupervisionScreen

        if not isinstance(self.screen, SupervisionScreen):
            self.push_screen(SupervisionScreen(today=self.today))

    def action_actions(self) -> None:
        """Open actions across every entry."""
        from reflect.tui.screens.actions import ActionsScreen

        if not isinstance(self.screen, ActionsScreen):
            self.push_screen(ActionsScreen())

    def action_trash(self) -> None:
        """Entries moved to the trash."""
        from reflect.tui.screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self.push_screen(TrashScreen())

    def read_entry(self, entry_id: int, source: EntryList | None = None) -> None:
        """Read one entry; next and previous follow ``source``, the list it came from."""
        from reflect.tui.screens.read import ReadScreen

        self.push_screen(ReadScreen(entry_id, source))

    def action_terms(self) -> None:
        """List, add and remove terms."""
        from reflect.tui.screens.terms import TermsScreen

        if not isinstance(self.screen, TermsScreen):
            self.push_screen(TermsScreen(today=self.today))

    def action_export(self) -> None:
        """Export a term as a document or an archive."""
        from reflect.core.export.settings import FILE_NAME
        from reflect.tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            settings = self.config_file.parent / FILE_NAME if self.config_file else None
            self.push_screen(
                ExportScreen(today=self.today, folder=self.export_folder, settings_file=settings)
            )
