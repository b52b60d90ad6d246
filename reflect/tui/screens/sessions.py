"""Earlier supervision sessions: the list, each one read, and reopening one to correct it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header,
    Markdown,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from reflect.core.counting import counted
from reflect.core.dates import due_words, long_date
from reflect.core.records import EntryFilter, EntrySummary, SessionView
from reflect.core.render import escape_text
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedRowsOptionList
from reflect.tui.widgets.type_ahead import TypeAhead
from reflect.tui.workers import in_thread, journal_of


def session_markdown(session: SessionView, entries: list[EntrySummary], revisions: int = 0) -> str:
    """One session as Markdown; ``revisions`` says how many earlier versions are kept."""
    who = f" with {escape_text(session.supervisor_initials)}" if session.supervisor_initials else ""
    parts = [f"## Supervision on {long_date(session.session_date, weekday=True)}{who}", ""]
    parts += ["### Notes", ""]
    parts += [escape_text(session.notes) if session.notes.strip() else "*No notes.*", ""]
    parts += ["### Entries discussed", ""]
    from reflect.tui.screens.session import entry_label

    parts += [f"- {escape_text(entry_label(e))}" for e in entries] or ["*None recorded.*"]
    parts += ["", "### Agreed actions", ""]
    for action in session.actions:
        due = due_words(action.due)
        parts.append(f"- {'done: ' if action.done else ''}{escape_text(action.text)}{due}")
    if not session.actions:
        parts.append("*None recorded.*")
    if revisions:
        parts += [
            "",
            f"*Corrected {counted(revisions, 'time', 'times')}; every earlier version is kept.*",
        ]
    return "\n".join(parts) + "\n"


class SessionsScreen(Screen[None]):
    """Earlier supervision sessions, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # Priority, so the keys typed after it are held for the form, as on
        # the CPD list (`TypeAhead`). No field here could want the letter.
        Binding("c", "correct", "Correct this session", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionView] = []
        self.shown: SessionView | None = None
        self._type_ahead = TypeAhead()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("", id="sessions-lead", classes="muted", markup=False)
        with Horizontal(id="sessions"):
            yield MarkedRowsOptionList(id="session-list")
            with VerticalScroll(id="session-box"):
                yield Markdown("", id="session-md")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        """Read every session."""
        in_thread(
            self,
            self._read_sessions,
            self._show,
            what="Reading the journal",
            group="sessions",
        )

    def _read_sessions(self) -> list[SessionView]:
        return list(reversed(journal_of(self).supervision_sessions()))

    def _show(self, sessions: list[SessionView]) -> None:
        self.sessions = sessions
        options = self.query_one("#session-list", OptionList)
        options.clear_options()
        lead = self.query_one("#sessions-lead", Static)
        self.query_one("#sessions").display = bool(sessions)
        if not sessions:
            lead.update("No sessions recorded yet. Record one with r on the supervision screen.")
            return
        lead.update(f"{counted(len(sessions), 'session', 'sessions')}, newest first.")
        for session in sessions:
            who = f"  {session.supervisor_initials}" if session.supervisor_initials else ""
            options.add_option(
                Option(Text(f"{session.session_date:%d %b %Y}{who}"), id=str(session.id))
            )
        keep = self.shown.id if self.shown else None
        options.highlighted = next((i for i, s in enumerate(sessions) if s.id == keep), 0)
        options.focus()

    @on(OptionList.OptionHighlighted, "#session-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.sessions):
            self._read(self.sessions[index])

    def _read(self, session: SessionView) -> None:
        journal = journal_of(self)
        self.shown = session

        def read() -> str:
            entries = journal.summaries(session.entry_uids)
            return session_markdown(session, entries, len(journal.session_revisions(session.id)))

        async def show(markdown: str) -> None:
            await self.query_one("#session-md", Markdown).update(markdown)

        in_thread(
            self, read, show, what="Reading the session", group="session-read", exclusive=True
        )

    def action_correct(self) -> None:
        """Reopen the highlighted session to correct it (untick entries not discussed)."""
        if self.shown is not None:
            self._open_correction(self.shown)

    def _open_correction(self, session: SessionView) -> None:
        journal = journal_of(self)

        def gather() -> list[EntrySummary]:
            # The entries ticked at the session, and the flagged ones still waiting.
            waiting = journal.list_entries(
                EntryFilter(flagged=True, undiscussed=True), limit=300
            ).items
            return [*journal.summaries(session.entry_uids), *waiting]

        async def opened(entries: list[EntrySummary]) -> None:
            from reflect.tui.screens.session import CorrectSessionScreen

            await self._type_ahead.open(self.app, CorrectSessionScreen(entries, session=session))

        self._type_ahead.opening(
            in_thread(
                self,
                gather,
                opened,
                what="Opening the session",
                group="session-correct",
                exclusive=True,
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the form opens, its key is a letter typed for the form: held.
        return not (action == "correct" and self._type_ahead.busy)

    def on_key(self, event: events.Key) -> None:
        # Typed while the session opens: the correction's first field gets them.
        self._type_ahead.hold(event)

    def action_back(self) -> None:
        """Back to supervision."""
        self.dismiss()
