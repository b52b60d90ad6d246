"""The guided reflection: visit details, one prompt at a time, tags, actions, supervision, summary.

The screen draws a `ReflectionDraft` (reflect/core/writing.py), which holds
the steps, the answers, what is unsaved and the identifier check, and
forwards keys to it. Nothing typed is lost: every change is saved to the
journal within about a second, in a worker thread so typing never waits. One
save runs at a time and each saves the latest text, so an older save can
never land after a newer one. A save that fails (a full disk, say) is shown
on screen, the text stays where it is, and it is tried again every few
seconds until it lands (the shared `Saver`, reflect/tui/widgets/saver.py). A
save based on a version another window has since replaced is refused, and
the screen asks which to keep. The finishing steps (tags, actions, summary) are in
reflection_finishing.py; finishing, leaving and discarding in reflection_ending.py.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Checkbox, ContentSwitcher, Static, TextArea

from reflect.core.counting import counted
from reflect.core.journal import Journal
from reflect.core.privacy import WordLists
from reflect.core.prompts import Prompt, PromptLibrary
from reflect.core.writing import (
    ReflectionDraft,
    Step,
    build_steps,
    prompts_for_entry,
    word_count,
)
from reflect.tui.screens.dialogs import JumpScreen
from reflect.tui.screens.reflection_ending import ReflectionEnding
from reflect.tui.screens.reflection_finishing import FinishingSteps
from reflect.tui.screens.reflection_layout import reflection_layout
from reflect.tui.screens.reflection_start import ReflectionStart
from reflect.tui.screens.step_labels import hint_text, jump_labels, progress_label
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.continuity import ContinuityPanel
from reflect.tui.widgets.footer import QUIT_KEY
from reflect.tui.widgets.saver import Saver
from reflect.tui.widgets.status import StatusLine
from reflect.tui.widgets.tags import TagsForm
from reflect.tui.widgets.visit_details import VisitDetailsForm
from reflect.tui.workers import app_of, in_thread, journal_of

# Kept importable from here, where they used to live.
__all__ = ["ReflectionScreen", "Step", "build_steps", "prompts_for_entry", "word_count"]


class ReflectionScreen(Screen[int | None]):
    """Write, or carry on writing, one reflection. Dismisses with the entry id (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+n", "finish", "Save as complete", priority=True),
        Binding("ctrl+b", "previous", "Back", priority=True),
        Binding("ctrl+o", "skip", "Skip", priority=True),
        Binding("ctrl+t", "hint", "Hint", priority=True),
        Binding("ctrl+g", "jump", "Steps", priority=True),
        Binding("ctrl+s", "save_now", "Save", priority=True),
        # Priority, so it works in the writing box too (where ctrl+d would
        # otherwise delete the next character; the delete key still does).
        Binding("ctrl+d", "discard", "Discard draft", priority=True),
        Binding("ctrl+r", "replace_identifiers", "Replace identifiers", priority=True),
        Binding("ctrl+l", "toggle_continuity", "Last visit", priority=True),
        Binding("escape", "leave", "Close"),
        Binding("delete", "remove_action", "Remove action", show=False),
        QUIT_KEY,
    ]

    def __init__(self, entry_id: int | None = None, today: date | None = None) -> None:
        super().__init__()
        self.today = today or date.today()
        self.draft = ReflectionDraft(entry_id)
        self.save_state = self.draft.save_state
        self.saver = Saver(
            self,
            self.save_state,
            write=lambda request: self.draft.write(self.journal, request),
            status=lambda message, failed: self.set_status(message, failed=failed),
            reload=self._reload,
            keep_mine_in_history=lambda: self.draft.keep_mine(self.journal),
        )
        self._loading_text = False
        self.last_error: str | None = None  # why starting the draft (or a write) failed
        self.start = ReflectionStart(self)
        self.finishing = FinishingSteps(self)
        self.ending = ReflectionEnding(self)

    # -- what the draft holds, as the screen and its tests read it ---------------

    @property
    def entry_id(self) -> int | None:
        return self.draft.entry_id

    @entry_id.setter
    def entry_id(self, value: int | None) -> None:
        self.draft.entry_id = value

    @property
    def steps(self) -> list[Step]:
        return self.draft.steps

    @property
    def step_index(self) -> int:
        return self.draft.step_index

    @property
    def step(self) -> Step:
        return self.draft.step

    @property
    def journal(self) -> Journal:
        return journal_of(self)

    @property
    def library(self) -> PromptLibrary:
        return app_of(self).library

    @property
    def details_form(self) -> VisitDetailsForm:
        return self.query_one(VisitDetailsForm)

    @property
    def tags_form(self) -> TagsForm:
        return self.query_one(TagsForm)

    @property
    def actions_form(self) -> ActionsForm:
        return self.query_one(ActionsForm)

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from reflection_layout(self.library, self.today)

    # -- start -----------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.height < 30, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < 30, "-short")
        self.query_one("#hint").display = False
        self.show_step()
        if self.entry_id is None:
            self.query_one("#case-code").focus()
        else:
            self.set_status("Opening your draft…")
        self.start.load(self.entry_id)
        in_thread(
            self,
            self.journal.word_lists,
            self._got_word_lists,
            what="Reading your word lists",
            group="word-lists",
            exclusive=True,
        )

    def _got_word_lists(self, words: WordLists) -> None:
        self.draft.word_lists = words

    # -- moving between steps -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_continuity":
            return self.query_one(ContinuityPanel).available
        return self.draft.allows(action)

    def action_toggle_continuity(self) -> None:
        """Open or close what happened at this family's last visit."""
        self.query_one(ContinuityPanel).toggle()

    def go(self, index: int) -> None:
        """Show step ``index`` (the tags are written when leaving their step)."""
        if not 0 <= index < len(self.steps) or index == self.step_index:
            return
        self._capture()  # the last keys' change events may not have run yet
        if self.step.kind == "tags":
            self.save_tags()
        self.draft.go(index)
        self.show_step()

    _go = go  # the name the reflection tests drive it by

    def show_step(self) -> None:
        """Draw the current step."""
        step = self.step
        self.query_one("#progress", Static).update(progress_label(self.steps, self.step_index))
        self.query_one(ContentSwitcher).current = f"step-{step.kind}"
        if step.kind == "prompt" and step.prompt is not None:
            self._show_prompt(step.prompt)
        elif step.kind == "tags":
            self.finishing.offer_tags()
            self.query_one("#themes").focus()
        elif step.kind == "actions":
            self.finishing.seed_actions(self.today)
            self.query_one("#action-text").focus()
        elif step.kind == "supervision":
            self.query_one("#flagged").focus()
        elif step.kind == "summary":
            # However the summary was reached (ctrl+g jumps past the themes step),
            # its themes are those the answers suggest, unless the worker chose.
            self.finishing.offer_tags()
            self.finishing.show_summary()
            self.query_one("#step-summary").focus()
        self.refresh_bindings()

    def _show_prompt(self, prompt: Prompt) -> None:
        self.query_one("#theme", Static).update(prompt.theme)
        self.query_one("#question", Static).update(prompt.question)
        self.query_one("#hint", Static).update(hint_text(prompt, self.draft.prompt_set))
        area = self.query_one("#answer", TextArea)
        self._loading_text = True
        area.load_text(self.draft.answers.get(prompt.id, ""))
        area.move_cursor(area.document.end)
        self._loading_text = False
        self._update_words()
        area.focus()

    def action_next(self) -> None:
        """Go on to the next step (from the details, this starts the draft)."""
        if self.step.kind == "details":
            self.start.leave_details()
            return
        self.go(self.step_index + 1)

    def action_previous(self) -> None:
        """Go back one step."""
        self.go(self.step_index - 1)

    def action_skip(self) -> None:
        """Leave this question for now and go on."""
        self.go(self.step_index + 1)

    def action_hint(self) -> None:
        """Show or hide what a good answer looks at."""
        hint = self.query_one("#hint")
        hint.display = not hint.display

    def action_jump(self) -> None:
        """Go to any step."""
        if self.entry_id is None:
            self.set_status("Fill in the visit details first (ctrl+n when they are done).")
            return
        if self.step.kind == "details":
            self.start.leave_details_for_steps(self._open_jump)
            return
        self._open_jump()

    def _open_jump(self) -> None:
        # The dialog's list (100 columns at most) less its frame, margins and the "▶ " mark.
        width = min(self.app.size.width, 100) - 18
        labels = jump_labels(self.steps, self.draft.answers, self.draft.furthest, width=width)

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go(index)

        self.app.push_screen(JumpScreen(labels, self.step_index), chosen)

    # -- visit details and starting the draft ----------------------------------------

    def on_visit_details_form_set_chosen(self, event: VisitDetailsForm.SetChosen) -> None:
        if self.draft.entry is None:
            self.draft.follow_set(self.library.sets[event.set_id])
            self.show_step()

    def on_visit_details_form_done(self) -> None:
        self.action_next()

    # -- typing and autosave --------------------------------------------------------

    @on(TextArea.Changed, "#answer")
    def _answer_changed(self, event: TextArea.Changed) -> None:
        self._update_words()
        if self._loading_text or self.step.prompt is None:
            return
        carried = self.draft.type_answer(event.text_area.text)
        if carried is not None:
            # The answer fills the supervisor question; the widgets follow.
            self.query_one("#supervisor-question", TextArea).load_text(carried)
            if carried:
                self.query_one("#flagged", Checkbox).value = True

    @on(TextArea.Changed, "#supervisor-question")
    def _question_changed(self, event: TextArea.Changed) -> None:
        self.draft.set_field("supervisor_question", event.text_area.text)

    @on(Checkbox.Changed, "#flagged")
    def _flag_changed(self, event: Checkbox.Changed) -> None:
        self.draft.set_field("flagged", event.value)

    def _update_words(self) -> None:
        count = word_count(self.query_one("#answer", TextArea).text)
        self.query_one("#words", Static).update(counted(count, "word", "words"))

    @property
    def unsaved(self) -> bool:
        """Whether anything on screen is not yet in the journal."""
        return self.draft.unsaved

    def _reload(self) -> None:
        """Show the entry as the journal holds it now (after choosing the other version)."""
        self.save_state.discard()
        self.start.load(self.entry_id)

    def _capture(self) -> None:
        """Read the text areas into the draft (their change events may not have run)."""
        if self.step.prompt is not None and not self._loading_text:
            self.draft.answers[self.step.prompt.id] = self.query_one("#answer", TextArea).text
        question = self.query_one("#supervisor-question", TextArea).text
        self.draft.fields["supervisor_question"] = question
        self.draft.schedule_save()

    def action_save_now(self) -> None:
        """Save straight away."""
        if self.entry_id is None and self.draft.creating is not None:
            self.start.retry_now()
            return
        if self.entry_id is None:
            self.set_status("Nothing to save yet: fill in the visit details and press ctrl+n.")
            return
        self.saver.save_now()

    def save_blocking(self) -> None:
        """Save on the spot (used when the app is closing); errors are left to the caller."""
        self.start.create_on_the_spot()
        if self.entry_id is None:
            return
        self._capture()
        result = self.saver.save_on_the_spot()
        if not result.saved:
            raise RuntimeError(result.error or "not saved")

    # -- the status line -------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """While writing, notices go to the status line: a toast would cover the text."""
        if not self.is_current:
            super().notify(message, title=title, severity=severity, timeout=timeout)
            return
        self.query_one("#status", StatusLine).tell(message, title=title, severity=severity)

    def set_status(self, message: str, *, failed: bool = False) -> None:
        self.query_one("#status", StatusLine).show(message, failed=failed)

    def save_failed(self, exc: BaseException) -> None:
        """Starting the draft, tags, actions or completing failed: say so, and retry a start."""
        self.start.save_failed(exc)

    # -- the finishing steps and ending (reflection_finishing.py, reflection_ending.py) --

    def save_tags(self) -> None:
        """Write the chosen tags."""
        self.finishing.save_tags()

    def on_actions_form_added(self, event: ActionsForm.Added) -> None:
        self.finishing.add_action(event.text, event.due)

    def on_actions_form_removed(self, event: ActionsForm.Removed) -> None:
        self.finishing.remove_action(event.action_id)

    def action_remove_action(self) -> None:
        """Remove the highlighted action."""
        self.actions_form.remove_highlighted()

    def action_replace_identifiers(self) -> None:
        """Replace what the scanner found with notes such as [postcode]."""
        self.finishing.replace_identifiers()
        self.show_step()

    def action_finish(self) -> None:
        """Save the reflection as complete and go back home."""
        self.ending.finish()

    def action_discard(self) -> None:
        """Move this draft to the trash, after asking."""
        self.ending.discard()

    def action_leave(self) -> None:
        """Go back home; asks only when something would be lost."""
        self.ending.leave()
