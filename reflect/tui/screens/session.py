"""Recording a supervision session, and reading earlier ones."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reflect.core.dates import long_date, parse_date
from reflect.core.records import ActionView, EntryDetail, EntrySummary, SessionView
from reflect.core.render import escape_text
from reflect.core.vocab import VisitType
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.clear import ClearSelectionList
from reflect.tui.widgets.footer import KeysFooter


def entry_label(entry: EntryDetail | EntrySummary) -> str:
    """An entry in one line: case, date and kind of visit."""
    return f"{entry.case_code}, {entry.visit_date:%d %b %Y}, {VisitType(entry.visit_type).label}"


class RecordSessionScreen(Screen[None]):
    """Date, supervisor's initials, notes, agreed actions and the entries discussed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the session", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("delete", "remove_action", "Remove action", show=False),
    ]

    def __init__(self, agenda: list[EntryDetail], today: date | None = None) -> None:
        super().__init__()
        self.agenda = agenda
        self.today = today
        self._next_id = -1

    @property
    def day(self) -> date:
        app: Any = self.app
        return self.today or app.today or date.today()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="record"):
            yield Static(
                "Write down what you agreed while it is fresh. Ctrl+s saves.", classes="lead"
            )
            yield Static("Date of the session", classes="field-label")
            yield Input(f"{self.day:%d/%m/%Y}", id="s-date", compact=True)
            yield Static("", id="s-date-msg", classes="warning-note", markup=False)
            yield Static("Supervisor's initials", classes="field-label")
            yield Input(placeholder="for example JM", id="s-initials", max_length=12, compact=True)
            yield Static(
                "Notes: what you talked about, and what you take away", classes="field-label"
            )
            yield TextArea(id="s-notes", soft_wrap=True)
            yield ActionsForm(self.day, id="s-actions")
            yield Static("Entries discussed (space to tick or untick)", classes="field-label")
            yield ClearSelectionList(
                *((entry_label(e), e.uid, True) for e in self.agenda), id="s-entries"
            )
            if not self.agenda:
                yield Static("No flagged entries are waiting.", classes="field-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#s-date-msg").display = False
        self.query_one("#s-initials", Input).focus()

    @on(ActionsForm.Added)
    def _added(self, event: ActionsForm.Added) -> None:
        form = self.query_one(ActionsForm)
        form.added(ActionView(self._next_id, event.text, event.due, False))
        self._next_id -= 1

    @on(Input.Submitted, "#s-date, #s-initials")
    def _next_field(self) -> None:
        self.focus_next()

    def action_remove_action(self) -> None:
        """Remove the highlighted agreed action."""
        self.query_one(ActionsForm).remove_highlighted()

    def _typed_anything(self) -> bool:
        return bool(
            self.query_one("#s-notes", TextArea).text.strip()
            or self.query_one(ActionsForm).actions
            or self.query_one("#s-initials", Input).value.strip()
        )

    def action_save(self) -> None:
        """Record the session."""
        note = self.query_one("#s-date-msg", Static)
        try:
            day = parse_date(self.query_one("#s-date", Input).value, today=self.day, prefer="past")
        except ValueError as exc:
            note.update(str(exc))
            note.display = True
            self.query_one("#s-date").focus()
            return
        uids = [str(v) for v in self.query_one("#s-entries", ClearSelectionList).selected]
        actions = [(a.text, a.due) for a in self.query_one(ActionsForm).actions]
        initials = self.query_one("#s-initials", Input).value
        notes = self.query_one("#s-notes", TextArea).text.strip()
        app: Any = self.app

        def recorded(_: object) -> None:
            self.notify(
                f"Session on {long_date(day)} recorded, with {len(uids)} "
                f"entr{'y' if len(uids) == 1 else 'ies'} discussed.",
                title="Recorded",
            )
            self.dismiss()

        # If it fails, the app says so and what was typed stays on this screen.
        app.in_background(
            lambda: app.journal.add_supervision_session(
                day, supervisor_initials=initials, notes=notes, entry_uids=uids, actions=actions
            ),
            recorded,
            what="Recording the session",
        )

    def action_cancel(self) -> None:
        """Leave without recording (asks first if anything was typed)."""
        if not self._typed_anything():
            self.dismiss()
            return
        from reflect.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without recording this session? What you typed here will not be kept.",
                yes="Leave it",
                no="Stay",
            ),
            answered,
        )


def session_markdown(session: SessionView, entries: list[EntrySummary]) -> str:
    """One session as Markdown."""
    who = f" with {escape_text(session.supervisor_initials)}" if session.supervisor_initials else ""
    parts = [f"## Supervision on {long_date(session.session_date, weekday=True)}{who}", ""]
    parts += ["### Notes", ""]
    parts += [escape_text(session.notes) if session.notes.strip() else "*No notes.*", ""]
    parts += ["### Entries discussed", ""]
    parts += [f"- {escape_text(entry_label(e))}" for e in entries] or ["*None recorded.*"]
    parts += ["", "### Agreed actions", ""]
    for action in session.actions:
        due = f" (by {action.due:%d %b %Y})" if action.due else ""
        parts.append(f"- {'done: ' if action.done else ''}{escape_text(action.text)}{due}")
    if not session.actions:
        parts.append("*None recorded.*")
    return "\n".join(parts) + "\n"


class SessionsScreen(Screen[None]):
    """Earlier supervision sessions, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionView] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("", id="sessions-lead", classes="muted", markup=False)
        with Horizontal(id="sessions"):
            yield OptionList(id="session-list")
            with VerticalScroll(id="session-box"):
                yield Markdown("", id="session-md")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, group="sessions")
    def load(self) -> None:
        """Read every session."""
        sessions = self.app.journal.supervision_sessions()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, list(reversed(sessions)))

    def _show(self, sessions: list[SessionView]) -> None:
        self.sessions = sessions
        options = self.query_one("#session-list", OptionList)
        options.clear_options()
        lead = self.query_one("#sessions-lead", Static)
        self.query_one("#sessions").display = bool(sessions)
        if not sessions:
            lead.update("No sessions recorded yet. Record one with r on the supervision screen.")
            return
        lead.update(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}, newest first.")
        for session in sessions:
            who = f"  {session.supervisor_initials}" if session.supervisor_initials else ""
            options.add_option(
                Option(Text(f"{session.session_date:%d %b %Y}{who}"), id=str(session.id))
            )
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#session-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.sessions):
            self._read(self.sessions[index])

    @work(exclusive=True, exit_on_error=False, group="session-read")
    async def _read(self, session: SessionView) -> None:
        journal = self.app.journal  # type: ignore[attr-defined]
        entries = await asyncio.to_thread(journal.summaries, session.entry_uids)
        await self.query_one("#session-md", Markdown).update(session_markdown(session, entries))

    def action_back(self) -> None:
        """Back to supervision."""
        self.dismiss()
