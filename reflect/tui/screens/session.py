"""Recording a supervision session, and reading earlier ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Header,
    Input,
    SelectionList,
    Static,
    TextArea,
)

from reflect.core.counting import counted
from reflect.core.dates import long_date, parse_date
from reflect.core.records import ActionView, EntryDetail, EntrySummary, SessionView
from reflect.core.session_record import RETRY_DELAY, SAVE_DELAY, SessionRecord
from reflect.core.sessions import SessionContent, more_than_initials
from reflect.core.vocab import VisitType

# Earlier sessions moved to sessions.py; still importable from here.
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.clear import ClearSelectionList
from reflect.tui.widgets.footer import QUIT_KEY, KeysFooter
from reflect.tui.widgets.identifier_check import IdentifierCheck
from reflect.tui.widgets.saver import Saver
from reflect.tui.workers import app_of, journal_of


def entry_label(entry: EntryDetail | EntrySummary) -> str:
    """An entry in one line: case, date and kind of visit."""
    return f"{entry.case_code}, {entry.visit_date:%d %b %Y}, {VisitType(entry.visit_type).label}"


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
    (each save keeps a version): only by ctrl+s, or when the app closes; then
    by ctrl+s's rule: one the identifier check would ask about is kept as a
    draft, which ctrl+s records after the check (`SessionRecord.write`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Record the session", priority=True),
        Binding("escape", "leave", "Close, draft kept"),
        Binding("delete", "remove_action", "Remove action", show=False),
        QUIT_KEY,
    ]

    def __init__(
        self,
        agenda: Sequence[EntryDetail | EntrySummary],
        today: date | None = None,
        *,
        session: SessionView | None = None,
        was_recorded: bool = False,
    ) -> None:
        super().__init__()
        self.agenda = agenda
        self.today = today
        self.session = session
        # A draft that was a recorded session: its correction was kept unchecked as Reflect closed.
        self.was_recorded = was_recorded
        # What is saved and what each save writes: the headless half (core/session_record.py).
        self.record = SessionRecord(session, save_delay=SAVE_DELAY, retry_delay=RETRY_DELAY)
        self._next_id = -1
        self._filled = False
        self.save_state = self.record.save_state
        self.saver = Saver(
            self,
            self.save_state,
            write=lambda request: self.record.write(
                journal_of(self), request, check_would_ask=self._check_would_ask
            ),
            status=self._show_status,
            capture=self._capture,
        )
        # "Please check before saving", with the word lists, as a new reflection has.
        self.check = IdentifierCheck(self)

    @property
    def correcting(self) -> bool:
        """Whether this corrects a recorded session (until a correction is kept as a draft)."""
        return self.record.correcting

    @property
    def day(self) -> date:
        app = app_of(self)
        return self.today or app.today or date.today()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        ticked = set(self.session.entry_uids) if self.session else set()
        if self.correcting:
            lead = (
                "Correct this session. Ctrl+s saves the correction; the version before it is kept."
            )
        elif self.was_recorded:  # a correction kept as a draft when Reflect closed: see s-status
            lead = "Finish your correction of this session. It is saved as you type."
        else:
            lead = (
                "Write down what you agreed while it is fresh. It is saved as you type; "
                "ctrl+s records the session."
            )
        with VerticalScroll(id="record", can_focus=False):  # its fields are the tab stops
            yield Static(lead, classes="lead")
            yield Static("", id="s-status", classes="field-note", markup=False)
            # Initials first: the cursor starts there (the date is already today's).
            yield Static("Supervisor's initials", classes="field-label")
            yield Input(placeholder="for example JM", id="s-initials", max_length=12, compact=True)
            yield Static("", id="s-initials-msg", classes="warning-note", markup=False)
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
        self.query_one("#s-initials-msg").display = False
        if self.correcting:
            self.query_one("#s-status", Static).update("Correcting a recorded session.")
        elif self.was_recorded:
            self.query_one("#s-status", Static).update(
                "Was recorded: a correction was kept as a draft when Reflect closed, not "
                "checked yet. ctrl+s checks it and records the session again."
            )
        if self.session is not None:
            self.query_one("#s-date", Input).value = f"{self.session.session_date:%d/%m/%Y}"
            self.query_one("#s-initials", Input).value = self.session.supervisor_initials
            self.query_one("#s-notes", TextArea).text = self.session.notes
            self.query_one(ActionsForm).show_actions(list(self.session.actions))
        self.query_one("#s-initials", Input).focus()
        # Filling the form above fires change events; only the worker's own count.
        self.call_after_refresh(self._ready)
        self.check.read_words()

    def _ready(self) -> None:
        self.record.opened(self._content_or_none())
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

    def _capture(self) -> None:
        if self._filled:
            self.save_state.edit_many(self.record.values(self._content_or_none()))

    def _show_status(self, message: str, failed: bool) -> None:
        if not failed:
            if self.record.kept_unchecked:
                self.refresh_bindings()  # a draft now: the footer says a draft's keys
            message = self.record.status(message)
        status = self.query_one("#s-status", Static)
        status.update(message)
        status.set_class(failed, "failed")

    @on(Input.Changed, "#s-initials")
    def _check_initials(self, event: Input.Changed) -> None:
        # Warned under the field, where the worker is looking; saving is not stopped.
        note = self.query_one("#s-initials-msg", Static)
        problem = more_than_initials(event.value)
        note.update(problem)
        note.display = bool(problem)

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
        if self.record.unchanged_correction(content):
            self.dismiss()  # nothing corrected: no version to keep
            return
        notes = self.query_one("#s-notes", TextArea)
        self.check.before_saving(
            [("Notes", "s-notes", notes.text)], self._replace, lambda: self._record(content)
        )

    def _check_would_ask(self, content: SessionContent) -> bool:
        # The same texts ctrl+s's check reads (action_save).
        return self.check.would_ask([("Notes", "s-notes", content.notes)])

    def _replace(self, masked: dict[str, str]) -> None:
        if "s-notes" in masked:
            self.query_one("#s-notes", TextArea).load_text(masked["s-notes"])
        self._capture()

    def _record(self, content: SessionContent) -> None:
        content = self._content() or content  # the notes may have been replaced
        # The check has passed: the next save records the draft, or saves
        # the correction as checked.
        self.record.recording = True
        self._capture()
        n = len(content.entry_uids)
        discussed = f"{counted(n, 'entry', 'entries')} discussed"

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
        record = self.record
        if record.draft_id is not None and not self.saver.discarded and not record.recorded:
            self.notify(
                "Draft kept: r on the supervision screen carries on with it.",
                title="Supervision",
            )
        self.dismiss()


class CorrectSessionScreen(RecordSessionScreen):
    """A recorded session, reopened to correct it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save the correction", priority=True),
        # Once ctrl+c has kept the correction as a draft (unchecked), the keys
        # do and say what they do for a draft; the footer shows one of each pair.
        Binding("ctrl+s", "record", "Record the session", priority=True),
        Binding("escape", "leave", "Close"),
        Binding("escape", "leave_draft", "Close, draft kept"),
        Binding("delete", "remove_action", "Remove action", show=False),
        QUIT_KEY,
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "leave"):
            return self.correcting
        if action in ("record", "leave_draft"):
            return not self.correcting
        return True

    def action_record(self) -> None:
        """Record the session, kept as a draft, after the check."""
        self.action_save()

    def action_leave_draft(self) -> None:
        """Close; the draft is kept."""
        self.action_leave()
