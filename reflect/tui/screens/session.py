"""Recording a supervision session, and reading earlier ones."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Hashable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header,
    Input,
    Markdown,
    OptionList,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from reflect.core.autosave import SaveRequest, SaveState
from reflect.core.dates import long_date, parse_date
from reflect.core.records import ActionView, EntryDetail, EntryFilter, EntrySummary, SessionView
from reflect.core.render import escape_text
from reflect.core.sessions import SessionContent, content_of
from reflect.core.vocab import VisitType
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.clear import ClearSelectionList
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.saver import Saver


def entry_label(entry: EntryDetail | EntrySummary) -> str:
    """An entry in one line: case, date and kind of visit."""
    return f"{entry.case_code}, {entry.visit_date:%d %b %Y}, {VisitType(entry.visit_type).label}"


# Seconds from the first unsaved change to its save, and between tries while saving fails.
SAVE_DELAY = 1.0
RETRY_DELAY = 3.0


class DiscussedList(ClearSelectionList):
    """The entries to tick as discussed: none is ticked until the worker ticks it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "tick_all", "Tick all"),
        Binding("n", "tick_none", "Tick none"),
    ]

    def action_tick_all(self) -> None:
        """Tick every entry."""
        self.select_all()

    def action_tick_none(self) -> None:
        """Untick every entry."""
        self.deselect_all()


class RecordSessionScreen(Screen[None]):
    """Date, supervisor's initials, notes, agreed actions and the entries discussed.

    A new session is a draft saved as it is typed (escape keeps it; r on the
    supervision screen carries on with it), and ctrl+s records it. Given a
    recorded ``session``, the screen corrects it instead: ctrl+s saves the
    correction and the version before it is kept.

    Saving is the shared `Saver` (reflect/tui/widgets/saver.py), so quitting
    and closing the terminal save what is on screen too, and a failed save is
    tried again until it works. A correction is not saved as it is typed
    (each save keeps a version): only by ctrl+s, or when the app closes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Record the session", priority=True),
        Binding("escape", "leave", "Close, draft kept"),
        Binding("delete", "remove_action", "Remove action", show=False),
    ]

    def __init__(
        self,
        agenda: Sequence[EntryDetail | EntrySummary],
        today: date | None = None,
        *,
        session: SessionView | None = None,
    ) -> None:
        super().__init__()
        self.agenda = agenda
        self.today = today
        self.session = session
        self.correcting = session is not None and session.status == "complete"
        self.draft_id = session.id if session is not None and not self.correcting else None
        self._next_id = -1
        self._filled = False
        # Set by ctrl+s on a draft: the next save records it.
        self._recording = False
        # The draft is recorded in the journal (written by a save, in a worker).
        self.recorded = False
        self._written: SessionContent | None = None  # what the journal holds, as last written
        self.save_state = SaveState(
            save_delay=math.inf if self.correcting else SAVE_DELAY, retry_delay=RETRY_DELAY
        )
        self.saver = Saver(
            self,
            self.save_state,
            write=self._write,
            status=self._show_status,
            capture=self._capture,
        )

    @property
    def day(self) -> date:
        app: Any = self.app
        return self.today or app.today or date.today()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        ticked = set(self.session.entry_uids) if self.session else set()
        lead = (
            "Correct this session. Ctrl+s saves the correction; the version before it is kept."
            if self.correcting
            else "Write down what you agreed while it is fresh. It is saved as you type; "
            "ctrl+s records the session."
        )
        with VerticalScroll(id="record", can_focus=False):  # its fields are the tab stops
            yield Static(lead, classes="lead")
            yield Static("", id="s-status", classes="field-note", markup=False)
            # Initials first: the cursor starts there (the date is already today's).
            yield Static("Supervisor's initials", classes="field-label")
            yield Input(placeholder="for example JM", id="s-initials", max_length=12, compact=True)
            yield Static("Date of the session", classes="field-label")
            yield Input(f"{self.day:%d/%m/%Y}", id="s-date", compact=True)
            yield Static("", id="s-date-msg", classes="warning-note", markup=False)
            yield Static(
                "Notes: what you talked about, and what you take away", classes="field-label"
            )
            yield TextArea(id="s-notes", soft_wrap=True)
            yield ActionsForm(self.day, id="s-actions")
            yield Static(
                "Entries discussed: space ticks one, a ticks all, n none", classes="field-label"
            )
            yield DiscussedList(
                *((entry_label(e), e.uid, e.uid in ticked) for e in self.agenda), id="s-entries"
            )
            if not self.agenda:
                yield Static("No flagged entries are waiting.", classes="field-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#s-date-msg").display = False
        if self.correcting:
            self.query_one("#s-status", Static).update("Correcting a recorded session.")
        if self.session is not None:
            self.query_one("#s-date", Input).value = f"{self.session.session_date:%d/%m/%Y}"
            self.query_one("#s-initials", Input).value = self.session.supervisor_initials
            self.query_one("#s-notes", TextArea).text = self.session.notes
            self.query_one(ActionsForm).show_actions(list(self.session.actions))
        self.query_one("#s-initials", Input).focus()
        # Filling the form above fires change events; only the worker's own count.
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._written = self._content_or_none()
        self.save_state.loaded(self._values())
        self._filled = True
        self.saver.start()

    # -- what the form holds ------------------------------------------------------

    def _content(self) -> SessionContent | None:
        """The form as a session, or None (and a note) if the date cannot be read."""
        note = self.query_one("#s-date-msg", Static)
        try:
            day = parse_date(self.query_one("#s-date", Input).value, today=self.day, prefer="past")
        except ValueError as exc:
            note.update(str(exc))
            note.display = True
            return None
        note.display = False
        return self._read(day)

    def _read(self, day: date) -> SessionContent:
        return SessionContent(
            session_date=day,
            supervisor_initials=self.query_one("#s-initials", Input).value,
            notes=self.query_one("#s-notes", TextArea).text.strip(),
            entry_uids=tuple(str(v) for v in self.query_one("#s-entries", DiscussedList).selected),
            actions=tuple(
                (a.id if a.id > 0 else None, a.text, a.due, a.done)
                for a in self.query_one(ActionsForm).actions
            ),
        )

    def _content_or_none(self) -> SessionContent:
        # An unreadable date is saved as the day the form opened with, and said so.
        return self._content() or self._read(
            self.session.session_date if self.session else self.day
        )

    def _values(self) -> dict[Hashable, Any]:
        """What is on screen, keyed for the save state."""
        return {"session": self._content_or_none(), "record": self._recording}

    def _capture(self) -> None:
        if self._filled:
            self.save_state.edit_many(self._values())

    def _write(self, request: SaveRequest) -> None:
        """In a worker (or on the spot when closing): store what the form holds."""
        journal = self.app.journal  # type: ignore[attr-defined]
        content = request.changes.get("session", self._written)
        assert content is not None
        if self.correcting:
            assert self.session is not None
            journal.correct_session(self.session.id, content)
        elif self.recorded:
            # Typed while it was being recorded: a correction, the recorded version kept.
            assert self.draft_id is not None
            journal.correct_session(self.draft_id, content)
        elif self.draft_id is None:
            self.draft_id = journal.start_session_draft(content).id
            if request.changes.get("record"):
                journal.record_session(self.draft_id, content)
                self.recorded = True
        elif request.changes.get("record"):
            journal.record_session(self.draft_id, content)
            self.recorded = True
        else:
            journal.save_session_draft(self.draft_id, content)
        self._written = content

    def _show_status(self, message: str, failed: bool) -> None:
        if not failed:
            what = "Correction" if self.correcting else "Session" if self.recorded else "Draft"
            message = f"{what} {message[0].lower()}{message[1:]}."
        status = self.query_one("#s-status", Static)
        status.update(message)
        status.set_class(failed, "failed")

    @on(Input.Changed, "#s-date, #s-initials")
    @on(TextArea.Changed, "#s-notes")
    @on(SelectionList.SelectedChanged, "#s-entries")
    def _changed(self) -> None:
        self._capture()

    @on(ActionsForm.Added)
    def _added(self, event: ActionsForm.Added) -> None:
        form = self.query_one(ActionsForm)
        form.added(ActionView(self._next_id, event.text, event.due, False))
        self._next_id -= 1
        self._changed()

    @on(ActionsForm.Removed)
    def _removed(self) -> None:
        self._changed()

    @on(Input.Submitted, "#s-date, #s-initials")
    def _next_field(self) -> None:
        self.focus_next()

    def action_remove_action(self) -> None:
        """Remove the highlighted agreed action."""
        self.query_one(ActionsForm).remove_highlighted()

    # -- recording, correcting, leaving -------------------------------------------

    def action_save(self) -> None:
        """Record the session (or save the correction)."""
        content = self._content()
        if content is None:
            self.query_one("#s-date").focus()
            return
        if not self._filled:
            return
        if self.correcting and not self.save_state.unsaved and same_content(content, self.session):
            self.dismiss()  # nothing corrected: no version to keep
            return
        self._recording = not self.correcting
        self._capture()
        n = len(content.entry_uids)
        discussed = f"{n} entr{'y' if n == 1 else 'ies'} discussed"

        def done() -> None:
            if self.correcting:
                message = f"Session corrected, with {discussed}; the earlier version is kept."
            else:
                when = long_date(content.session_date)
                message = f"Session on {when} recorded, with {discussed}."
            self.notify(message, title="Saved")
            self.dismiss()

        # If it fails, the status line says why and it is tried again until it
        # works; what was typed stays on this screen (and in its draft).
        self.saver.leave(done, ask=False)

    def save_blocking(self) -> None:
        """Save on the spot (the app is closing); raises when something is not saved."""
        if self._filled:
            self.saver.save_blocking()

    def action_leave(self) -> None:
        """Close: a draft is saved and kept; an unsaved correction is asked about first."""
        if not self._filled:
            self.dismiss()
            return
        self._capture()
        if not self.correcting:
            self.saver.leave(self._left)
            return
        self.saver.leave_unsaved(
            self.dismiss,
            "Leave without saving this correction? The session stays as it was.",
        )

    def _left(self) -> None:
        if self.draft_id is not None and not self.saver.discarded and not self.recorded:
            self.notify(
                "Draft kept: r on the supervision screen carries on with it.",
                title="Supervision",
            )
        self.dismiss()


def same_content(content: SessionContent | None, session: SessionView | None) -> bool:
    """Whether the form still says what the stored session says (entry order aside)."""
    if content is None or session is None:
        return False
    stored = content_of(session)
    return replace(content, entry_uids=tuple(sorted(content.entry_uids))) == replace(
        stored, entry_uids=tuple(sorted(stored.entry_uids))
    )


class CorrectSessionScreen(RecordSessionScreen):
    """A recorded session, reopened to correct it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the correction", priority=True),
        Binding("escape", "leave", "Close"),
        Binding("delete", "remove_action", "Remove action", show=False),
    ]


def session_markdown(session: SessionView, entries: list[EntrySummary], revisions: int = 0) -> str:
    """One session as Markdown; ``revisions`` says how many earlier versions are kept."""
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
    if revisions:
        parts += [
            "",
            f"*Corrected {revisions} time{'s' if revisions != 1 else ''}; "
            "every earlier version is kept.*",
        ]
    return "\n".join(parts) + "\n"


class SessionsScreen(Screen[None]):
    """Earlier supervision sessions, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("c", "correct", "Correct this session"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionView] = []
        self.shown: SessionView | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("", id="sessions-lead", classes="muted", markup=False)
        with Horizontal(id="sessions"):
            yield OptionList(id="session-list")
            with VerticalScroll(id="session-box"):
                yield Markdown("", id="session-md")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
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
        keep = self.shown.id if self.shown else None
        options.highlighted = next((i for i, s in enumerate(sessions) if s.id == keep), 0)
        options.focus()

    @on(OptionList.OptionHighlighted, "#session-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.sessions):
            self._read(self.sessions[index])

    @work(exclusive=True, exit_on_error=False, group="session-read")
    async def _read(self, session: SessionView) -> None:
        journal = self.app.journal  # type: ignore[attr-defined]
        self.shown = session
        entries = await asyncio.to_thread(journal.summaries, session.entry_uids)
        revisions = await asyncio.to_thread(journal.session_revisions, session.id)
        await self.query_one("#session-md", Markdown).update(
            session_markdown(session, entries, len(revisions))
        )

    def action_correct(self) -> None:
        """Reopen the highlighted session to correct it (untick entries not discussed)."""
        if self.shown is not None:
            self._open_correction(self.shown)

    @work(exclusive=True, exit_on_error=False, group="session-correct")
    async def _open_correction(self, session: SessionView) -> None:
        journal = self.app.journal  # type: ignore[attr-defined]

        def gather() -> list[EntrySummary]:
            # The entries ticked at the session, and the flagged ones still waiting.
            waiting = journal.list_entries(
                EntryFilter(flagged=True, undiscussed=True), limit=300
            ).items
            return [*journal.summaries(session.entry_uids), *waiting]

        entries = await asyncio.to_thread(gather)
        self.app.push_screen(CorrectSessionScreen(entries, session=session))

    def action_back(self) -> None:
        """Back to supervision."""
        self.dismiss()
