"""The Reflect terminal app: screens, key bindings and the command palette."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.closing import SavingApp
from reflect.tui.palette import PALETTE_COMMANDS, ReflectCommands
from reflect.tui.quiet_collector import EVERY as QUIET_EVERY
from reflect.tui.ranking_upkeep import CHECK_EVERY as RANKINGS_EVERY
from reflect.tui.ranking_upkeep import RankingUpkeep
from reflect.tui.screens.home import HomeScreen
from reflect.tui.workers import Reply, deliver, in_thread

if TYPE_CHECKING:
    from textual.theme import Theme
    from textual.widgets import Static

    from reflect.tui.screens.read import EntryList

# Other screens are imported when first opened: start-up only pays for home.

T = TypeVar("T")

# Every screen's styles but the home screen's (see the top of reflect.tcss).
SCREENS_CSS = Path(__file__).parent / "screens.tcss"

FOCUS_TITLE = "▶ here"
FOCUS_MARK = "▶ "


def field_label(widget: Widget) -> Static | None:
    """The label just above a field (a Static with the class field-label), if it has one."""
    from textual.widgets import Static

    parent = widget.parent
    if parent is None:
        return None
    siblings = list(parent.children)
    before = siblings[: siblings.index(widget)] if widget in siblings else []
    for sibling in reversed(before):
        if isinstance(sibling, Static) and sibling.has_class("field-label"):
            return sibling
        if sibling.has_class("field-label", "warning-note", "field-note"):
            continue
        if sibling.display and sibling.focusable:
            return None  # another field sits in between: the label is not this one's
    return None


class ReflectApp(SavingApp):
    """A reflective practice journal for child and family social workers."""

    TITLE = "Reflect"
    SUB_TITLE = "your reflective practice journal"
    # Absolute, so subclasses (tests, benchmarks) find it from any folder.
    CSS_PATH = Path(__file__).parent / "reflect.tcss"
    # Only Reflect's own commands: Textual's (screenshot, maximise, ...) mean
    # nothing to a worker, and Theme and Quit are in Reflect's list.
    COMMANDS: ClassVar = {ReflectCommands}
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
        # None only until the unlock or first-run screen opens it (see on_mount);
        # every screen opens after that, so screens may take it as open.
        self.journal: Journal = cast(Journal, journal)
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
            self.sub_title = "demo: invented entries, deleted when you quit"
        # Every screen that saves text as it is typed (see widgets/saver.py), so
        # its words can be saved as the app closes, whichever way it closes.
        # Where each running worker's result or failure goes (see tui/workers.py).
        self.worker_replies: dict[Worker[Any], Reply] = {}
        # Search rankings kept ahead for a large journal, made again when idle.
        self.ranking_upkeep = RankingUpkeep(self)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a worker's failure becomes a plain message (see tui/workers.py)."""
        deliver(self, event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The focused field says so in words as well as by its heavy border or
        # bar (reflect.tcss): its border title, and a marker on its label.
        from textual.widgets import Button, Input, OptionList, TextArea
        from textual.widgets._toggle_button import ToggleButton

        widget = event.widget
        bordered = widget.styles.border_top[0] not in ("", "none", "hidden", "blank")
        field = isinstance(widget, Input | TextArea | OptionList | Button | ToggleButton)
        if field and bordered and not widget.border_title:
            widget.border_title = FOCUS_TITLE
        label = field_label(widget)
        if label is not None and not label.has_class("-focused-label"):
            label.add_class("-focused-label")
            label.update(FOCUS_MARK + str(label.content))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        widget = event.widget
        if widget.border_title == FOCUS_TITLE:
            widget.border_title = None
        label = field_label(widget)
        if label is not None and label.has_class("-focused-label"):
            label.remove_class("-focused-label")
            label.update(str(label.content).removeprefix(FOCUS_MARK))

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen(today=self.today)

    def on_ready(self) -> None:
        # The first frame is drawn: the other screens' styles are read now,
        # before a key opens one (see the top of reflect.tcss).
        self.call_after_refresh(self.load_all_styles)

    def load_all_styles(self) -> None:
        """Read the other screens' styles (screens.tcss), once; before any screen but home opens."""
        if self.stylesheet.has_source(os.path.abspath(SCREENS_CSS)):  # as Textual keys it
            return
        self.stylesheet.read(SCREENS_CSS)
        # Parsed now (only the new file: the rest is cached) so the rules
        # are in place for the next screen's widgets as they are styled.
        self.stylesheet.parse()

    if not TYPE_CHECKING:  # type checkers keep Textual's own signatures for the callers

        def push_screen(self, *args: Any, **kwargs: Any) -> Any:
            """Textual's push_screen, with every screen's styles read first."""
            self.load_all_styles()
            return super().push_screen(*args, **kwargs)

    @property
    def preferences_file(self) -> Path | None:
        """Where choices such as the theme are kept (None in tests: nothing is kept)."""
        return self.config_file.parent / "preferences.json" if self.config_file else None

    def _restore_theme(self) -> None:
        from reflect.core.preferences import load_preferences

        if self.preferences_file is None:
            return
        saved = load_preferences(self.preferences_file).get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        from reflect.core.preferences import save_preference

        path = self.preferences_file
        if path is None:
            return
        in_thread(
            self,
            partial(save_preference, path, "theme", theme.name),
            what="Remembering the theme",
            group="preferences",
        )

    def on_mount(self) -> None:
        if not self.is_headless:
            self._catch_closing_signals()
        self.quiet_collector.start()
        self.set_interval(QUIET_EVERY, self.quiet_collector.tick, name="quiet collector")
        self.set_interval(RANKINGS_EVERY, self.ranking_upkeep.tick, name="ranking upkeep")
        self._restore_theme()
        if self.journal is None:
            from reflect.tui.screens.unlock import FirstRunScreen, UnlockScreen

            assert self.journal_path is not None
            opener = (
                FirstRunScreen(self.journal_path, self.backups_dir)
                if self.first_run
                else UnlockScreen(self.journal_path)
            )
            self.push_screen(opener, self._opened)
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

    def on_unmount(self) -> None:
        self.quiet_collector.stop()
        self.ranking_upkeep.stop()

    def _opened(self, journal: Journal | None) -> None:
        if journal is None:
            self.exit()
            return
        self.journal = journal
        self.journal_ready()

    def journal_ready(self) -> None:
        """The journal is open: make today's backup, and start where asked."""
        # Lists order each entry's themes by the prompts of the sets in use.
        self.journal.prompt_tags = self.library.prompt_tags()
        for notice in getattr(self.journal, "notices", ()):
            self.notify(notice, title="Your journal", timeout=12)  # what opening repaired
        if self.backups_dir is not None:
            in_thread(self, self._backup_of_the_day, failed=self._backup_failed, group="backup")
        if self.start == "new":
            self.action_new_reflection()

    def _backup_of_the_day(self) -> None:
        from reflect.core.backup import BackupPolicy, backup_of_the_day

        assert self.backups_dir is not None
        policy = BackupPolicy.from_config(self.config_file) if self.config_file else BackupPolicy()
        backup_of_the_day(self.journal, self.backups_dir, self.today or date.today(), policy)

    def _backup_failed(self, error: BaseException) -> None:
        from reflect.core.files import plain_message

        # The screen's own notify: on a writing screen it goes to the status line.
        self.screen.notify(
            f"{plain_message(error)} Your journal itself is fine.",
            title="Today's backup",
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
        in_thread(self, write, then, what=what, group="journal-writes")

    def _fatal_error(self) -> None:
        """Leave after an unhandled error, printing its traceback without local variables.

        Textual's own version shows every frame's local variables, which would
        put entry text on the screen and into the terminal's scrollback.
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def palette_commands(self) -> Iterable[tuple[str, str, str]]:
        """The commands the palette offers: name, help text, action (see PALETTE_COMMANDS)."""
        return iter(PALETTE_COMMANDS)

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

    def action_words(self) -> None:
        """The worker's words for the identifier check."""
        from reflect.tui.screens.words import WordsScreen

        if not isinstance(self.screen, WordsScreen):
            self.push_screen(WordsScreen())

    def action_cpd(self) -> None:
        """CPD records, and where the worker stands this registration year."""
        from reflect.tui.screens.cpd_list import CpdScreen

        if not isinstance(self.screen, CpdScreen):
            self.push_screen(CpdScreen(today=self.today))

    def action_agenda(self) -> None:
        """The supervision agenda from the flagged entries."""
        from reflect.tui.screens.agenda import AgendaScreen

        if not isinstance(self.screen, AgendaScreen):
            self.push_screen(AgendaScreen())

    def action_export(self) -> None:
        """Export a term as a document or an archive."""
        from reflect.core.export.settings import FILE_NAME
        from reflect.tui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            settings = self.config_file.parent / FILE_NAME if self.config_file else None
            self.push_screen(
                ExportScreen(today=self.today, folder=self.export_folder, settings_file=settings)
            )
