"""The guided reflection: visit details, one prompt at a time, tags, actions, supervision, summary.

Nothing typed is lost: every change is saved to the journal within about a
second, in a worker thread so typing never waits. One save runs at a time and
each saves the latest text, so an older save can never land after a newer one.
A save that fails (a full disk, say) is shown on screen, the text stays where
it is, and it is tried again every few seconds until it lands (the shared
`Saver`, reflect/tui/widgets/saver.py). A save based on a version another
window has since replaced is refused, and the screen asks which to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Header,
    Markdown,
    Static,
    TextArea,
)

from reflect.core.autosave import SaveRequest, SaveState
from reflect.core.dates import split_due
from reflect.core.files import plain_message
from reflect.core.journal import Journal
from reflect.core.privacy import NO_WORDS, Finding, WordLists, in_context, mask, scan
from reflect.core.prompts import Prompt, PromptLibrary, PromptSet
from reflect.core.records import ActionView, AnswerView, EntryDetail, PromptRef
from reflect.core.render import entry_markdown
from reflect.tui.screens.dialogs import ConfirmScreen, JumpScreen
from reflect.tui.screens.step_labels import jump_labels, progress_label
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.continuity import ContinuityPanel
from reflect.tui.widgets.flagging import carry_answer_to_supervision
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.saver import Saver
from reflect.tui.widgets.tags import TagsForm
from reflect.tui.widgets.visit_details import VisitDetailsForm
from reflect.tui.workers import app_of, in_thread, journal_of

SAVE_DELAY = 1.0  # seconds from the first unsaved keystroke to its save
RETRY_DELAY = 3.0

StepKind = Literal["details", "prompt", "tags", "actions", "supervision", "summary"]


@dataclass(frozen=True)
class Step:
    """One page of the reflection."""

    kind: StepKind
    title: str
    prompt: Prompt | None = None


def build_steps(prompts: list[Prompt]) -> list[Step]:
    """The pages of a reflection for these prompts, in order."""
    steps = [Step("details", "Visit details")]
    steps += [Step("prompt", p.theme or p.question, p) for p in prompts]
    steps += [
        Step("tags", "Themes and tags"),
        Step("actions", "Next actions"),
        Step("supervision", "Supervision"),
        Step("summary", "Read it through and save"),
    ]
    return steps


def prompts_for_entry(entry: EntryDetail, prompt_set: PromptSet | None) -> list[Prompt]:
    """The entry's prompts as they were shown, with today's hints where the prompt still exists."""
    prompts = []
    for answer in entry.answers:
        current = prompt_set.prompt(answer.prompt_id) if prompt_set else None
        if current is not None:
            prompts.append(replace(current, question=answer.question, theme=answer.theme))
        else:
            prompts.append(
                Prompt(id=answer.prompt_id, question=answer.question, theme=answer.theme)
            )
    return prompts


def word_count(text: str) -> int:
    """Words as a person would count them."""
    return len(text.split())


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
    ]

    def __init__(self, entry_id: int | None = None, today: date | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.today = today or date.today()
        self.steps: list[Step] = build_steps([])
        self.step_index = 0
        self.prompt_set: PromptSet | None = None
        self.answers: dict[str, str] = {}
        self.fields: dict[str, Any] = {"flagged": False, "supervisor_question": ""}
        self.entry: EntryDetail | None = None
        # What is saved and what is not: the journal's side of answers, fields and step.
        self.save_state = SaveState(save_delay=SAVE_DELAY, retry_delay=RETRY_DELAY)
        self.saver = Saver(
            self,
            self.save_state,
            write=self._write,
            status=self._show_save_status,
            reload=self._reload,
            keep_mine_in_history=self._keep_mine_in_history,
        )
        self._create_timer: Timer | None = None  # a failed start of the draft, to retry
        self._loading_text = False
        self.last_error: str | None = None  # why starting the draft failed
        # What the identifier scanner found, shown on the summary step.
        self.findings: list[tuple[str, Finding]] = []
        self.word_lists: WordLists = NO_WORDS  # the worker's allow and flag lists, once read
        # The visit details of a draft being created (None when not creating).
        self._creating: dict[str, Any] | None = None
        # Answers already carried into the actions and supervision steps.
        self._seeded_actions = False
        # The furthest step reached, so an empty question before it reads "skipped".
        self._furthest = 0
        # Set once leaving found the draft not empty after all.
        self._checked_empty = False

    # -- layout ---------------------------------------------------------------

    @property
    def journal(self) -> Journal:
        return journal_of(self)

    @property
    def library(self) -> PromptLibrary:
        return app_of(self).library

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="reflection"):
            yield Static("", id="progress", markup=False)
            with ContentSwitcher(initial="step-details", id="steps"):
                yield VisitDetailsForm(self.library, self.today, id="step-details")
                with Vertical(id="step-prompt"):
                    yield Static("", id="theme", markup=False)
                    yield Static("", id="question", markup=False)
                    yield Static("", id="hint", markup=False)
                    yield TextArea(id="answer", soft_wrap=True, tab_behavior="focus")
                    yield Static("", id="words", markup=False)
                yield TagsForm(id="step-tags")
                yield ActionsForm(self.today, id="step-actions")
                with Vertical(id="step-supervision"):
                    yield ClearCheckbox("Bring this reflection to supervision", id="flagged")
                    yield Static("Question for your supervisor (optional)", classes="field-label")
                    yield TextArea(id="supervisor-question", soft_wrap=True, tab_behavior="focus")
                with VerticalScroll(id="step-summary"):
                    yield Static(
                        "Read it through. Press ctrl+n to save it as complete, or ctrl+g to "
                        "go back to any step.",
                        classes="field-note",
                    )
                    yield Static("", id="privacy-note", classes="warning-note", markup=False)
                    yield Markdown("", id="summary-md")
            yield ContinuityPanel(id="continuity")
            yield Static("", id="status", markup=False)
        yield KeysFooter()

    # -- start -----------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.height < 30, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < 30, "-short")
        self.query_one("#hint").display = False
        self._show_step()
        if self.entry_id is None:
            self.query_one("#case-code").focus()
        else:
            self._set_status("Opening your draft…")
        self._load(self.entry_id)
        self._load_word_lists()

    def _load_word_lists(self) -> None:
        """Read the worker's allow and flag lists for the check before saving."""
        in_thread(
            self,
            self.journal.word_lists,
            self._got_word_lists,
            what="Reading your word lists",
            group="word-lists",
            exclusive=True,
        )

    def _got_word_lists(self, words: WordLists) -> None:
        self.word_lists = words

    def _load(self, entry_id: int | None) -> None:
        """Read what the screen starts from, off the event loop."""
        journal = self.journal
        if entry_id is None:
            in_thread(
                self,
                journal.last_prompt_set_id,
                self._preselect_set,
                failed=self._load_failed,
                group="load",
                exclusive=True,
            )
        else:
            in_thread(
                self,
                lambda: journal.get_entry(entry_id),
                self._show_entry,
                failed=self._load_failed,
                group="load",
                exclusive=True,
            )

    def _preselect_set(self, last: str | None) -> None:
        if last is not None and self.entry_id is None:
            self.details_form.preselect(last)

    def _load_failed(self, exc: BaseException) -> None:
        self.app.notify(f"Could not open the draft: {exc}", severity="error", title="Not opened")
        self.dismiss(None)

    def _show_entry(self, entry: EntryDetail) -> None:
        self.entry = entry
        self.query_one(ContinuityPanel).show_for(entry)
        self.prompt_set = self.library.sets.get(entry.prompt_set_id)
        self.steps = build_steps(prompts_for_entry(entry, self.prompt_set))
        self.answers = {a.prompt_id: a.text for a in entry.answers}
        self.fields = {"flagged": entry.flagged, "supervisor_question": entry.supervisor_question}
        self.details_form.show_entry(entry)
        self.query_one("#flagged", Checkbox).value = entry.flagged
        self.query_one("#supervisor-question", TextArea).load_text(entry.supervisor_question)
        self.tags_form.show_entry(entry, self._theme_names())
        self.actions_form.show_actions(list(entry.actions))
        self.step_index = max(0, min(entry.current_step, len(self.steps) - 1))
        self.save_state.loaded(self._journal_values(entry), entry.revision)
        self.saver.start()
        self._furthest = self.step_index
        self._set_status(f"Carrying on with your draft from {entry.visit_date:%d %b %Y}.")
        self._show_step()

    @property
    def details_form(self) -> VisitDetailsForm:
        return self.query_one(VisitDetailsForm)

    @property
    def tags_form(self) -> TagsForm:
        return self.query_one(TagsForm)

    @property
    def actions_form(self) -> ActionsForm:
        return self.query_one(ActionsForm)

    # -- moving between steps -----------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.step_index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.step.kind
        if action == "next":
            return kind != "summary"
        if action == "finish":
            return kind == "summary"
        if action in ("skip", "hint"):
            return kind == "prompt"
        if action == "previous":
            return self.step_index > 0
        if action == "remove_action":
            return kind == "actions"
        if action == "replace_identifiers":
            return kind == "summary" and bool(self.findings)
        if action == "toggle_continuity":
            return self.query_one(ContinuityPanel).available
        if action in ("jump", "save_now", "discard"):
            # Until the visit details start a draft there is nothing to save or jump to.
            return self.entry_id is not None
        return True

    def action_toggle_continuity(self) -> None:
        """Open or close what happened at this family's last visit."""
        self.query_one(ContinuityPanel).toggle()

    def _go(self, index: int) -> None:
        if not 0 <= index < len(self.steps) or index == self.step_index:
            return
        if self.step.kind == "tags":
            self._save_tags()
        self._furthest = max(self._furthest, index)
        self.step_index = index
        self._show_step()
        self._schedule_save()

    def _show_step(self) -> None:
        step = self.step
        self.query_one("#progress", Static).update(progress_label(self.steps, self.step_index))
        self.query_one(ContentSwitcher).current = f"step-{step.kind}"
        if step.kind == "prompt" and step.prompt is not None:
            self._show_prompt(step.prompt)
        elif step.kind == "tags":
            if not self.tags_form.touched:
                self.tags_form.offer_themes(self._theme_names(), self._suggested_themes())
                self.tags_form.offer_pcf(self._suggested_pcf())
            self.query_one("#themes").focus()
        elif step.kind == "actions":
            self._seed_actions()
            self.query_one("#action-text").focus()
        elif step.kind == "supervision":
            self.query_one("#flagged").focus()
        elif step.kind == "summary":
            self.query_one("#summary-md", Markdown).update(entry_markdown(self._current_detail()))
            self._show_findings()
            self.query_one("#step-summary").focus()
        self.refresh_bindings()

    def _show_prompt(self, prompt: Prompt) -> None:
        self.query_one("#theme", Static).update(prompt.theme)
        self.query_one("#question", Static).update(prompt.question)
        hint_lines = [prompt.hint] if prompt.hint else []
        if prompt.cues:
            # One paragraph, not a line each: the writing box keeps its room.
            hint_lines.append("  ·  ".join(prompt.cues))
        if self.prompt_set is not None and (citation := self.prompt_set.citation(prompt)):
            hint_lines.append(f"From: {citation}")
        hint = self.query_one("#hint", Static)
        hint.update("\n".join(hint_lines) or "No hint for this question.")
        area = self.query_one("#answer", TextArea)
        self._loading_text = True
        area.load_text(self.answers.get(prompt.id, ""))
        area.move_cursor(area.document.end)
        self._loading_text = False
        self._update_words()
        area.focus()

    def action_next(self) -> None:
        """Go on to the next step (from the details, this starts the draft)."""
        if self.step.kind == "details":
            self._leave_details()
            return
        self._go(self.step_index + 1)

    def action_previous(self) -> None:
        """Go back one step."""
        self._go(self.step_index - 1)

    def action_skip(self) -> None:
        """Leave this question for now and go on."""
        self._go(self.step_index + 1)

    def action_hint(self) -> None:
        """Show or hide what a good answer looks at."""
        hint = self.query_one("#hint")
        hint.display = not hint.display

    def action_jump(self) -> None:
        """Go to any step."""
        if self.entry_id is None:
            self._set_status("Fill in the visit details first (ctrl+n when they are done).")
            return
        labels = jump_labels(self.steps, self.answers, self._furthest)

        def chosen(index: int | None) -> None:
            if index is not None:
                self._go(index)

        self.app.push_screen(JumpScreen(labels, self.step_index), chosen)

    # -- visit details ---------------------------------------------------------

    def on_visit_details_form_set_chosen(self, event: VisitDetailsForm.SetChosen) -> None:
        if self.entry is None:
            # Before the draft starts, the step count follows the chosen set.
            self.steps = build_steps(list(self.library.sets[event.set_id].prompts))
            self._show_step()

    def on_visit_details_form_done(self) -> None:
        self.action_next()

    def _leave_details(self) -> None:
        details = self.details_form.read()
        if details is None:
            return
        if self.entry_id is not None:
            # Saved with the words, so one revision-checked save holds both.
            self.fields.update(details)
            self._go(1)
            return
        if self._creating is not None:
            return
        # Move on at once: words typed while the draft is being created go into
        # the first answer (kept in memory) and are saved as soon as it exists.
        self.prompt_set = self.library.sets[self.details_form.set_id]
        self.steps = build_steps(list(self.prompt_set.prompts))
        self.answers = {p.id: "" for p in self.prompt_set.prompts}
        self.details_form.lock_prompt_set()
        self.tags_form.offer_themes(self._theme_names(), set())
        self._creating = details
        self._create_draft(details, self.prompt_set)
        self._go(1)

    def _create_draft(self, details: dict[str, Any], prompt_set: PromptSet) -> None:
        journal = self.journal
        in_thread(
            self,
            lambda: journal.create_draft(
                prompt_set_id=prompt_set.id,
                prompt_set_version=prompt_set.version,
                prompts=[PromptRef(p.id, p.question, p.theme) for p in prompt_set.prompts],
                **details,
            ),
            self._draft_created,
            failed=self._save_failed,
            group="create",
            exclusive=True,
        )

    def _retry_create(self) -> None:
        self._create_timer = None
        if self.entry_id is None and self._creating is not None and self.prompt_set is not None:
            self._create_draft(self._creating, self.prompt_set)

    def _draft_created(self, entry: EntryDetail) -> None:
        self.entry = entry
        self.query_one(ContinuityPanel).show_for(entry)
        self.entry_id = entry.id
        self._creating = None
        self._set_status("Draft started. Everything you write is saved as you go.")
        self.refresh_bindings()
        if self.last_error is not None:
            self.last_error = None
            self.notify("Your draft is started and saved. Nothing was lost.", title="Saved")
        # The journal holds the empty draft; anything typed meanwhile is due for saving.
        self.save_state.loaded(self._journal_values(entry), entry.revision)
        self._schedule_save()
        self.saver.start()

    # -- typing and autosave --------------------------------------------------------

    @on(TextArea.Changed, "#answer")
    def _answer_changed(self, event: TextArea.Changed) -> None:
        self._update_words()
        if self._loading_text or self.step.prompt is None:
            return
        before = self.answers.get(self.step.prompt.id, "")
        self.answers[self.step.prompt.id] = event.text_area.text
        if self.step.prompt.fills == "supervisor-question":
            carry_answer_to_supervision(self, event.text_area.text, before)
        self._schedule_save()

    @on(TextArea.Changed, "#supervisor-question")
    def _question_changed(self, event: TextArea.Changed) -> None:
        self.fields["supervisor_question"] = event.text_area.text
        self._schedule_save()

    @on(Checkbox.Changed, "#flagged")
    def _flag_changed(self, event: Checkbox.Changed) -> None:
        self.fields["flagged"] = event.value
        self._schedule_save()

    def _update_words(self) -> None:
        count = word_count(self.query_one("#answer", TextArea).text)
        self.query_one("#words", Static).update(f"{count} word{'s' if count != 1 else ''}")

    @property
    def unsaved(self) -> bool:
        """Whether anything on screen is not yet in the journal."""
        return self._creating is not None or bool(self.save_state.unsaved)

    def _values(self) -> dict[Any, Any]:
        """What the screen holds, as the save state keys it."""
        values: dict[Any, Any] = {("answer", k): v for k, v in self.answers.items()}
        values.update({("field", k): v for k, v in self.fields.items()})
        values["step"] = self.step_index
        return values

    @staticmethod
    def _journal_values(entry: EntryDetail) -> dict[Any, Any]:
        """What the journal holds for ``entry``, keyed as `_values`."""
        values: dict[Any, Any] = {("answer", a.prompt_id): a.text for a in entry.answers}
        values[("field", "flagged")] = entry.flagged
        values[("field", "supervisor_question")] = entry.supervisor_question
        values["step"] = entry.current_step
        return values

    def _schedule_save(self) -> None:
        # Before the draft exists its words wait in memory (see _draft_created).
        if self.entry_id is not None:
            self.save_state.edit_many(self._values())

    def _write(self, request: SaveRequest) -> int | None:
        """Write one save (in a worker, or on the spot when closing)."""
        assert self.entry_id is not None
        keyed = [(k, v) for k, v in request.changes.items() if isinstance(k, tuple)]
        answers = {k[1]: v for k, v in keyed if k[0] == "answer"}
        fields = {k[1]: v for k, v in keyed if k[0] == "field"}
        saved = self.journal.save_entry(
            self.entry_id,
            answers,
            fields,
            step=request.changes.get("step"),
            base_revision=request.base_revision,
            keep_current=request.keep_current,
        )
        return saved.revision

    def _show_save_status(self, message: str, failed: bool) -> None:
        self._set_status(message, failed=failed)

    def _keep_mine_in_history(self) -> None:
        """After a conflict, before reloading: keep this screen's words (in a worker)."""
        assert self.entry_id is not None
        fields = {k: v for k, v in self.fields.items()}
        self.journal.keep_version(self.entry_id, dict(self.answers), fields)

    def _reload(self) -> None:
        """Show the entry as the journal holds it now (after choosing the other version)."""
        self.save_state.discard()
        self._load(self.entry_id)

    def _save_failed(self, exc: BaseException) -> None:
        """Starting the draft, tags, actions or completing failed: say so, and retry a start."""
        reason = plain_message(exc)
        first_time = self.last_error is None
        self.last_error = reason
        self._set_status(
            f"Not saved yet: {reason.rstrip('.')}. Trying again every few seconds.", failed=True
        )
        if first_time:
            self.notify(
                f"Could not save to the journal: {reason}. Your text is safe on screen; "
                "Reflect will keep trying.",
                title="Not saved yet",
                severity="warning",
                timeout=10,
            )
        if self._create_timer is None and self.entry_id is None and self._creating is not None:
            self._create_timer = self.set_timer(RETRY_DELAY, self._retry_create)

    def action_save_now(self) -> None:
        """Save straight away."""
        if self.entry_id is None and self._creating is not None:
            if self._create_timer is not None:  # a failed start is waiting to be retried
                self._create_timer.stop()
                self._retry_create()
            return
        if self.entry_id is None:
            self._set_status("Nothing to save yet: fill in the visit details and press ctrl+n.")
            return
        self.saver.save_now()

    def save_blocking(self) -> None:
        """Save on the spot (used when the app is closing); errors are left to the caller."""
        if self.entry_id is None and self._creating is not None and self.prompt_set is not None:
            entry = self.journal.create_draft(
                prompt_set_id=self.prompt_set.id,
                prompt_set_version=self.prompt_set.version,
                prompts=[PromptRef(p.id, p.question, p.theme) for p in self.prompt_set.prompts],
                **self._creating,
            )
            self.entry, self.entry_id, self._creating = entry, entry.id, None
            self.save_state.loaded(self._journal_values(entry), entry.revision)
        if self.entry_id is None:
            return
        self._capture()
        result = self.saver.save_on_the_spot()
        if not result.saved:
            raise RuntimeError(result.error or "not saved")

    def _capture(self) -> None:
        """Read the text areas into the screen's values (their change events may not have run)."""
        if self.step.prompt is not None and not self._loading_text:
            self.answers[self.step.prompt.id] = self.query_one("#answer", TextArea).text
        self.fields["supervisor_question"] = self.query_one("#supervisor-question", TextArea).text
        self._schedule_save()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """While writing, notices go to the status line: a toast would cover the text.

        A failure already shown there ("Not saved yet: ...") stays until it clears.
        """
        status = self.query_one("#status", Static)
        if not self.is_current:
            super().notify(message, title=title, severity=severity, timeout=timeout)
            return
        if status.has_class("failed"):
            return  # "Not saved yet: ..." says it already, and stays until a save works
        # "Not saved yet: Not saved yet: ..." says nothing twice.
        said = not title or message.casefold().startswith(title.casefold())
        text = message if said else f"{title}: {message}"
        self._set_status(text, failed=severity != "information")

    def _set_status(self, message: str, *, failed: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(message)
        status.set_class(failed, "failed")

    # -- tags ------------------------------------------------------------------

    def _suggested_themes(self) -> set[str]:
        return {
            step.prompt.tag
            for step in self.steps
            if step.prompt is not None
            and step.prompt.tag
            and self.answers.get(step.prompt.id, "").strip()
        }

    def _suggested_pcf(self) -> set[str]:
        """The PCF domains of the questions answered (the worker can untick them)."""
        return {
            domain
            for step in self.steps
            if step.prompt is not None and self.answers.get(step.prompt.id, "").strip()
            for domain in step.prompt.pcf
        }

    def _filling_answer(self, what: str) -> str:
        """The answer of the question that fills ``what`` later on, if any."""
        for step in self.steps:
            if step.prompt is not None and step.prompt.fills == what:
                return self.answers.get(step.prompt.id, "").strip()
        return ""

    def _seed_actions(self) -> None:
        """Turn the "what next" answer into actions, one a line, once per sitting."""
        if self._seeded_actions or self.entry_id is None or self.actions_form.actions:
            return
        lines = [line.strip(" -*•\t") for line in self._filling_answer("actions").splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return
        self._seeded_actions = True
        self._write_actions(self.entry_id, [split_due(line, self.today) for line in lines])
        self.actions_form.note_seeded(len(lines))

    def _write_actions(self, entry_id: int, items: list[tuple[str, date | None]]) -> None:
        journal = self.journal

        def write() -> list[ActionView]:
            # One worker for all of them, so they are stored in the order written.
            return [journal.add_action(text, entry_id=entry_id, due=due) for text, due in items]

        def added(actions: list[ActionView]) -> None:
            for action in actions:
                self._action_added(action)

        in_thread(self, write, added, failed=self._save_failed, group="actions")

    def _theme_names(self) -> list[str]:
        """The theme tags this reflection's questions can suggest, in order."""
        names = (s.prompt.tag for s in self.steps if s.prompt is not None and s.prompt.tag)
        return list(dict.fromkeys(names))

    def _save_tags(self) -> None:
        if self.entry_id is None:
            return
        self.tags_form.touched = True
        themes, pcf, free = self.tags_form.chosen()
        entry_id, journal = self.entry_id, self.journal
        in_thread(
            self,
            lambda: journal.set_tags(entry_id, themes=themes, pcf_domains=pcf, free_tags=free),
            failed=self._save_failed,
            group="tags",
        )

    # -- actions -----------------------------------------------------------------

    def on_actions_form_added(self, event: ActionsForm.Added) -> None:
        if self.entry_id is not None:
            self._write_action(self.entry_id, event.text, event.due)

    def on_actions_form_removed(self, event: ActionsForm.Removed) -> None:
        self._delete_action(event.action_id)

    def _write_action(self, entry_id: int, text: str, due: date | None) -> None:
        journal = self.journal
        in_thread(
            self,
            lambda: journal.add_action(text, entry_id=entry_id, due=due),
            self._action_added,
            failed=self._save_failed,
            group="actions",
        )

    def _action_added(self, action: ActionView) -> None:
        self.actions_form.added(action)

    def action_remove_action(self) -> None:
        """Remove the highlighted action."""
        self.actions_form.remove_highlighted()

    def _delete_action(self, action_id: int) -> None:
        journal = self.journal
        in_thread(
            self,
            lambda: journal.remove_action(action_id),
            failed=self._save_failed,
            group="actions",
        )

    # -- summary and finishing -----------------------------------------------------

    def _current_detail(self) -> EntryDetail:
        assert self.entry is not None
        themes, pcf, free = self.tags_form.chosen()
        answers = tuple(
            AnswerView(
                prompt_id=step.prompt.id,
                question=step.prompt.question,
                text=self.answers.get(step.prompt.id, ""),
                theme=step.prompt.theme,
                position=i,
            )
            for i, step in enumerate(s for s in self.steps if s.prompt is not None)
            if step.prompt is not None
        )
        details = self.details_form.read() or {}
        return replace(
            self.entry,
            answers=answers,
            themes=tuple(themes),
            pcf_domains=tuple(pcf),
            free_tags=tuple(free),
            actions=tuple(self.actions_form.actions),
            flagged=bool(self.fields["flagged"]),
            supervisor_question=str(self.fields["supervisor_question"]),
            **details,
        )

    def _typed_texts(self) -> list[tuple[str, str, str]]:
        """Every typed text on the screen: (where it is, key, text)."""
        texts = [
            (
                step.prompt.theme or step.prompt.question,
                step.prompt.id,
                self.answers.get(step.prompt.id, ""),
            )
            for step in self.steps
            if step.prompt is not None
        ]
        texts.append(("Question for your supervisor", "", str(self.fields["supervisor_question"])))
        return texts

    def _show_findings(self) -> None:
        found = [
            (where, text, finding)
            for where, _key, text in self._typed_texts()
            for finding in scan(text, self.word_lists)
        ]
        self.findings = [(where, finding) for where, _text, finding in found]
        note = self.query_one("#privacy-note", Static)
        if self.findings:
            lines = [
                f"Please check before saving: {len(self.findings)} thing"
                f"{'s' if len(self.findings) != 1 else ''} that may identify someone."
            ]
            # Each in its sentence, marked » «, so the worker sees where it is.
            lines += [f"  · {f.label} ({where}): {in_context(text, f)}" for where, text, f in found]
            lines.append(
                "ctrl+r replaces them with notes such as [postcode]; ctrl+g to edit by hand."
            )
            note.update("\n".join(lines))
        note.display = bool(self.findings)
        self.refresh_bindings()

    def action_replace_identifiers(self) -> None:
        """Replace what the scanner found with notes such as [postcode]."""
        for _where, key, text in self._typed_texts():
            masked = mask(text, words=self.word_lists)
            if masked == text:
                continue
            if key:
                self.answers[key] = masked
            else:
                self.fields["supervisor_question"] = masked
                self.query_one("#supervisor-question", TextArea).load_text(masked)
        self.notify("Replaced. Read it through once more before saving.", title="Identifiers")
        self._show_step()
        self._schedule_save()

    def action_finish(self) -> None:
        """Save the reflection as complete and go back home."""
        self.saver.leave(self._complete, ask=False)

    def _complete(self) -> None:
        assert self.entry_id is not None
        entry_id, journal = self.entry_id, self.journal
        themes, pcf, free = self.tags_form.chosen()

        def write() -> None:
            journal.set_tags(entry_id, themes=themes, pcf_domains=pcf, free_tags=free)
            journal.complete(entry_id)

        in_thread(self, write, self._completed, failed=self._save_failed, group="finish")

    def _completed(self, _: None = None) -> None:
        self.app.notify("Your reflection is saved. Thank you for taking the time.", title="Saved")
        self.dismiss(self.entry_id)

    # -- leaving -------------------------------------------------------------------

    def _anything_written(self) -> bool:
        free = self.tags_form.chosen()[2]
        return bool(
            any(text.strip() for text in self.answers.values())
            or str(self.fields["supervisor_question"]).strip()
            or self.actions_form.actions
            or free
        )

    def action_discard(self) -> None:
        """Move this draft to the trash, after asking."""
        if self.entry_id is None:
            return
        entry_id = self.entry_id

        def answered(discard: bool | None) -> None:
            if discard:
                # The trash keeps every word: what is not saved yet goes with it,
                # and the saver has nothing left to do.
                self._schedule_save()
                unsaved = {
                    k[1]: v
                    for k, v in self.save_state.unsaved.items()
                    if isinstance(k, tuple) and k[0] == "answer"
                }
                self.save_state.discard()
                self._discard(entry_id, to_trash=True, unsaved=unsaved)

        self.app.push_screen(
            ConfirmScreen(
                "Discard this draft? It goes to the trash, where browse (t) can bring it "
                "back until the trash is emptied.",
                yes="Discard",
                no="Keep writing",
            ),
            answered,
        )

    def _discard(
        self, entry_id: int, *, to_trash: bool, unsaved: dict[str, str] | None = None
    ) -> None:
        """Trash the draft, or (leaving with nothing written) delete it if still empty."""
        journal, saver = self.journal, self.saver

        def write() -> bool:
            import time

            while saver.busy:  # let a save in flight land first
                time.sleep(0.02)
            if not to_trash:
                return journal.discard_if_empty(entry_id)
            if unsaved:
                journal.save_draft(entry_id, unsaved)
            journal.delete(entry_id)
            return True

        in_thread(
            self,
            write,
            lambda gone: self._discarded(gone, to_trash),
            failed=self._save_failed,
            group="discard",
        )

    def _discarded(self, gone: bool, to_trash: bool) -> None:
        if not gone:
            # Something was written after all: leave the usual way, keeping it.
            self._checked_empty = True
            self.action_leave()
            return
        self.entry_id = None
        if to_trash:
            self.app.notify("The draft is in the trash.", title="Discarded")
        else:
            self.app.notify("Nothing was written, so no draft was kept.", title="Closed")
        self.dismiss(None)

    def action_leave(self) -> None:
        """Go back home; asks only when something would be lost."""
        if self.entry_id is not None and not self._checked_empty and not self._anything_written():
            # A draft left without a word in it is not kept.
            self._discard(self.entry_id, to_trash=False)
            return
        if self.entry_id is None and self._creating is not None:
            self._set_status("Starting your draft… one moment.")
            return
        if self.entry_id is None:
            if not self.details_form.typed_anything:
                self.dismiss(None)
                return

            def answered(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            self.app.push_screen(
                ConfirmScreen(
                    "Leave without starting this reflection? The visit details you typed "
                    "will not be kept.",
                    yes="Leave",
                    no="Stay",
                ),
                answered,
            )
            return
        if self.step.kind == "tags":
            self._save_tags()
        self.saver.leave(self._left)

    def _left(self) -> None:
        if self.saver.discarded:  # left without the latest words, by choice
            self.dismiss(self.entry_id)
            return
        self.notify(
            "Your draft is saved. Carry on with it from the home screen whenever you are ready.",
            title="Draft saved",
        )
        self.dismiss(self.entry_id)
