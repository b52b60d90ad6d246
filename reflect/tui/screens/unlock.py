"""Opening an encrypted journal, and the first-run offer to protect a new one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from reflect.core import crypto
from reflect.core.errors import missing_journal, newest_backup
from reflect.core.files import plain_message
from reflect.core.journal import Journal
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.workers import in_thread


class OpenerScreen(Screen[Journal | None]):
    """A screen that opens the journal in a worker and closes with it (None: quit)."""

    def _open_in_thread(self, work: Callable[[], Journal]) -> None:
        """Open the journal off the event loop (the app's one worker handler hears back).

        The screen closes once the worker is done: closing from inside it
        would cancel it while it still runs.
        """
        in_thread(self, work, self.dismiss, failed=self._failed, what="Opening the journal")

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, crypto.WrongPassphrase):
            self.problem(
                "That passphrase does not open the journal. Please try again. If you are sure "
                "of it, the file may be damaged: 'reflect check' in a terminal says what to do."
            )
        else:
            self.problem(plain_message(error))

    # The Static that carries messages (hidden while there is none).
    MESSAGE_ID = ""

    def _say(self, message: str) -> None:
        note = self.query_one(f"#{self.MESSAGE_ID}", Static)
        note.update(message)
        note.display = bool(message)

    def problem(self, message: str) -> None:
        """Show why the journal did not open."""
        self._say(message)

    def action_quit(self) -> None:
        """Leave Reflect without opening a journal."""
        self.dismiss(None)


class UnlockScreen(OpenerScreen):
    """Ask for the passphrase until it opens the journal (or the worker quits)."""

    MESSAGE_ID = "unlock-msg"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "unlock", "Open the journal", priority=True),
        Binding("escape", "quit", "Quit"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(classes="opener"):
            yield Static("Your journal is locked.", classes="section-title")
            yield Static(
                "It is encrypted on this computer. Type its passphrase and press enter.",
                classes="lead",
            )
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Static("", id="unlock-msg", classes="warning-note", markup=False)
            yield Static(f"Journal: {self.path}", classes="muted", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#unlock-msg").display = False
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def action_unlock(self) -> None:
        """Try the passphrase typed."""
        field = self.query_one("#passphrase", Input)
        if not field.value or field.disabled:
            return  # nothing typed, or already opening with what was typed
        field.disabled = True
        self._say("Opening…")
        passphrase, backups_dir = field.value, getattr(self.app, "backups_dir", None)
        # Deriving the key takes a moment on purpose: it makes guessing slow.
        self._open_in_thread(
            lambda: Journal.open(
                self.path, create=False, passphrase=passphrase, backups_dir=backups_dir
            )
        )

    def problem(self, message: str) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self._say(message)


class FirstRunScreen(OpenerScreen):
    """A new journal: offer a passphrase before anything is written."""

    MESSAGE_ID = "first-msg"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", priority=True),
        Binding("ctrl+k", "skip", "Skip: no passphrase", priority=True),
        Binding("escape", "quit", "Quit"),
    ]

    def __init__(self, path: Path, backups_dir: Path | None = None) -> None:
        super().__init__()
        self.path = path
        self.backups_dir = backups_dir
        self.available = crypto.encryption_available()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        lost = self.backups_dir is not None and newest_backup(self.backups_dir) is not None
        # The backups' lines push the fields down: at 80x24 the screen scrolls to them.
        with Vertical(classes="opener lost" if lost else "opener"):
            yield Static("Welcome to Reflect.", classes="section-title")
            if lost:
                assert self.backups_dir is not None
                # A lost journal is not a first run: say how to put its backup back.
                empty = self.path.is_file() and self.path.stat().st_size == 0
                said = missing_journal(self.path, self.backups_dir, chosen=True, empty=empty)
                yield Static(
                    f"{said} Press escape to quit, then run that in a terminal.",
                    id="first-backups",
                    classes="warning-note",
                    markup=False,
                )
            yield Static(
                "Your journal is kept on this computer only. You can lock it with a "
                "passphrase, so that nobody who gets hold of this computer or its disk "
                "can read what you write about families.",
                classes="lead",
            )
            if self.available:
                yield Static(
                    "Choose a passphrase (a few words is easiest), then type it again. "
                    "Keep it safe: if it is forgotten, nobody can open the journal, "
                    "not even you.",
                    classes="lead",
                )
                yield Input(password=True, placeholder="passphrase", id="first")
                yield Input(password=True, placeholder="the same again", id="second")
            else:
                yield Static(
                    "Encryption is not available on this computer (the sqlcipher3 package "
                    "has no ready-made build for it), so the journal will not be locked. "
                    "Press ctrl+k to carry on.",
                    classes="lead",
                )
            yield Static("", id="first-msg", classes="warning-note", markup=False)
            yield Static(
                "You can also skip this with ctrl+k and lock the journal later with "
                "'reflect encrypt'.",
                classes="muted",
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#first-msg").display = False
        if self.available:
            self.query_one("#first", Input).focus()

    @on(Input.Submitted)
    def action_next(self) -> None:
        """Go to the second box, or set the passphrase when both are typed."""
        if not self.available:
            return
        first = self.query_one("#first", Input)
        second = self.query_one("#second", Input)
        problem = crypto.check_passphrase(first.value)
        if problem:
            self._say(problem)
            first.focus()
            return
        if not second.value:
            self._say("")
            second.focus()
            return
        if first.value != second.value:
            self._say("The two do not match. Please type the passphrase again in both boxes.")
            first.value = second.value = ""
            first.focus()
            return
        self._say("Locking your new journal…")
        self._create(first.value)

    def action_skip(self) -> None:
        """Start without a passphrase."""
        self._create(None)

    def _create(self, passphrase: str | None) -> None:
        """Make the new journal in a worker; the screen closes with it."""
        self._open_in_thread(lambda: Journal.open(self.path, create=True, passphrase=passphrase))
