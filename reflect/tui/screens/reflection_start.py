"""How a reflection starts: a new draft from the visit details, or a draft carried on.

`ReflectionStart` is the reflection screen's part that reads what the screen
starts from (off the event loop), creates the draft when the visit details are
done, and keeps trying to create it while that fails. Words typed meanwhile
wait in the `ReflectionDraft` and are saved as soon as the draft exists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.timer import Timer
from textual.widgets import Checkbox, TextArea

from reflect.core.files import plain_message
from reflect.core.privacy import case_code_warning
from reflect.core.records import EntryDetail
from reflect.core.writing import RETRY_DELAY
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.widgets.continuity import ContinuityPanel
from reflect.tui.workers import in_thread

# Seconds without a key before the case-code question takes an answer:
# keys typed on after ctrl+n are words, not answers.
ANSWER_AFTER = 0.6

if TYPE_CHECKING:
    from reflect.tui.screens.reflection import ReflectionScreen


class ReflectionStart:
    """Opening a draft, or starting one, for one reflection screen."""

    def __init__(self, screen: ReflectionScreen) -> None:
        self.screen = screen
        self._create_timer: Timer | None = None  # a failed start of the draft, to retry
        # The draft is made once, whether by the worker or on the spot while the
        # app closes: whichever comes second waits for the first and uses its entry.
        self._create_lock = threading.Lock()
        self._made: EntryDetail | None = None
        # The name-like case code the worker chose to keep: asked about once.
        self._kept_case_code: str | None = None
        # Words typed on while the case-code question settled: the first answer's.
        self._held_words = ""

    # -- opening -------------------------------------------------------------------

    def load(self, entry_id: int | None) -> None:
        """Read what the screen starts from, off the event loop."""
        journal = self.screen.journal
        if entry_id is None:
            work: Any = journal.last_prompt_set_id
            then: Any = self._preselect_set
        else:
            work, then = (lambda: journal.get_entry(entry_id)), self._show_entry
        in_thread(self.screen, work, then, failed=self._load_failed, group="load", exclusive=True)

    def _preselect_set(self, last: str | None) -> None:
        if last is not None and self.screen.entry_id is None:
            self.screen.details_form.preselect(last)

    def _load_failed(self, exc: BaseException) -> None:
        self.screen.app.notify(
            f"Could not open the draft: {exc}", severity="error", title="Not opened"
        )
        self.screen.dismiss(None)

    def _show_entry(self, entry: EntryDetail) -> None:
        screen = self.screen
        screen.draft.resume(entry, screen.library.sets.get(entry.prompt_set_id))
        screen.query_one(ContinuityPanel).show_for(entry)
        screen.details_form.show_entry(entry)
        screen.query_one("#flagged", Checkbox).value = entry.flagged
        screen.query_one("#supervisor-question", TextArea).load_text(entry.supervisor_question)
        screen.tags_form.show_entry(entry, screen.draft.theme_names())
        screen.actions_form.show_actions(list(entry.actions))
        screen.saver.start()
        screen.set_status(f"Carrying on with your draft from {entry.visit_date:%d %b %Y}.")
        screen.show_step()

    # -- starting a new draft ----------------------------------------------------------

    def checked_details(self, then: Callable[[dict[str, Any]], None]) -> None:
        """Read the visit details and pass them to ``then``, asking first about a name.

        Every way out of the details (ctrl+n, ctrl+g) comes through here, and it
        reads the field itself rather than the warning line under it, which
        only shows once the field has caught up (review 22, defect 1). A code
        that looks like a name is asked about as the command line does: keep
        it, or go back and change it.
        """
        screen = self.screen
        details = screen.details_form.read()
        if details is None:
            return
        case_code = details["case_code"]
        warning = case_code_warning(case_code)
        if warning is None or case_code == self._kept_case_code:
            then(details)
            return

        # It comes as the worker leaves the details, often typing on: the
        # answers wait for a pause, and what was typed on goes into the
        # first answer once there is one (ConfirmScreen's settle).
        question = ConfirmScreen(
            f"{warning} Keep it anyway?", yes="Keep it", no="Change it", settle=ANSWER_AFTER
        )

        def answered(keep: bool | None) -> None:
            self._held_words += question.held_text()
            if keep:
                self._kept_case_code = case_code
                then(details)
            else:
                screen.query_one("#case-code").focus()

        screen.app.push_screen(question, answered)

    def leave_details(self) -> None:
        """The visit details are done (ctrl+n): start the draft, or save them with it."""
        self.checked_details(self._leave_details)

    def leave_details_for_steps(self, open_steps: Callable[[], None]) -> None:
        """ctrl+g from a draft's details: save them (once checked for a name), then the steps."""
        draft = self.screen.draft

        def saved(details: dict[str, Any]) -> None:
            draft.fields.update(details)
            draft.schedule_save()
            if self._held_words:  # words were being typed: to the first answer with them
                self.screen.go(1)
                self._give_held_words()
                return
            open_steps()

        self.checked_details(saved)

    def _leave_details(self, details: dict[str, Any]) -> None:
        screen = self.screen
        if screen.step.kind != "details":
            return  # left already (a second ctrl+n while the question was open)
        if screen.entry_id is not None:
            # Saved with the words, so one revision-checked save holds both.
            screen.draft.fields.update(details)
            screen.go(1)
            self._give_held_words()
            return
        if screen.draft.creating is not None:
            return
        # Move on at once: words typed while the draft is being created go into
        # the first answer (kept in memory) and are saved as soon as it exists.
        screen.draft.begin(details, screen.library.sets[screen.details_form.set_id])
        screen.details_form.lock_prompt_set()
        screen.tags_form.offer_themes(screen.draft.theme_names(), set())
        self._create_draft()
        screen.go(1)
        self._give_held_words()

    def _give_held_words(self) -> None:
        """Put the words typed on while the case-code question settled into the answer."""
        if self._held_words:
            words, self._held_words = self._held_words, ""
            self.screen.query_one("#answer", TextArea).insert(words)

    def _create_draft(self) -> None:
        screen = self.screen
        journal = screen.journal
        in_thread(
            screen,
            lambda: self._make(journal),
            self._draft_created,
            failed=screen.save_failed,
            group="create",
            exclusive=True,
        )

    def _make(self, journal: Any) -> EntryDetail:
        with self._create_lock:
            if self._made is None:
                self._made = self.screen.draft.create(journal)
            return self._made

    def _draft_created(self, entry: EntryDetail) -> None:
        screen = self.screen
        if screen.entry_id is not None:
            return  # already made on the spot, as the app closed
        screen.draft.created(entry)
        screen.query_one(ContinuityPanel).show_for(entry)
        screen.set_status("Draft started. Everything you write is saved as you go.")
        screen.refresh_bindings()
        if screen.last_error is not None:
            screen.last_error = None
            screen.notify("Your draft is started and saved. Nothing was lost.", title="Saved")
        screen.saver.start()

    def save_failed(self, exc: BaseException) -> None:
        """A write failed: say so on the status line (and once in a notice), and retry a start."""
        screen = self.screen
        reason = plain_message(exc)
        first_time = screen.last_error is None
        screen.last_error = reason
        screen.set_status(
            f"Not saved yet: {reason.rstrip('.')}. Trying again every few seconds.", failed=True
        )
        if first_time:
            screen.notify(
                f"Could not save to the journal: {reason}. Your text is safe on screen; "
                "Reflect will keep trying.",
                title="Not saved yet",
                severity="warning",
                timeout=10,
            )
        self.retry_later()

    def retry_later(self) -> None:
        """Starting the draft failed: try again in a few seconds (once a timer is set)."""
        screen = self.screen
        if self._create_timer is None and screen.entry_id is None and screen.draft.creating:
            self._create_timer = screen.set_timer(RETRY_DELAY, self._retry_create)

    def retry_now(self) -> None:
        """ctrl+s while a failed start waits to be retried: retry it now."""
        if self._create_timer is not None:
            self._create_timer.stop()
            self._retry_create()

    def _retry_create(self) -> None:
        self._create_timer = None
        if self.screen.entry_id is None and self.screen.draft.creating is not None:
            self._create_draft()

    def create_on_the_spot(self) -> None:
        """The app is closing while the draft is being started: create it now."""
        screen = self.screen
        if screen.entry_id is None and screen.draft.creating is not None:
            screen.draft.created(self._make(screen.journal))
