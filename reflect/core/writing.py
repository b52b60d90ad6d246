"""The state of writing one reflection, without a screen.

`ReflectionDraft` holds what the guided reflection is about: its steps and
the current one, the answers and fields typed, which of them the journal does
not hold yet (its `SaveState`), the draft being started, the findings of the
identifier check, and how to build the entry to show or save. The screen
(reflect/tui/screens/reflection.py) only draws it and forwards keys, so every
rule here is tested without Textual (tests/unit/test_writing.py).

Keys in the save state: ``("answer", prompt_id)``, ``("field", name)`` and
``"step"``, so one revision-checked save holds words, fields and the step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.core.autosave import SAVE_DELAY, SaveRequest, SaveState
from reflect.core.dates import split_due
from reflect.core.identifier_check import Located, check_note, locate
from reflect.core.privacy import NO_WORDS, WordLists, mask
from reflect.core.prompts import Prompt, PromptSet
from reflect.core.records import ActionView, AnswerView, EntryDetail, PromptRef
from reflect.core.steps import Step as Step  # re-exported
from reflect.core.steps import build_steps as build_steps  # re-exported
from reflect.core.steps import prompts_for_entry as prompts_for_entry  # re-exported
from reflect.core.vocab import RELATIONAL_THEMES

if TYPE_CHECKING:
    from reflect.core.journal import Journal

RETRY_DELAY = 3.0  # seconds between tries while saving (or starting the draft) fails


def word_count(text: str) -> int:
    """Words as a person would count them."""
    return len(text.split())


def carried_question(answer: str, before: str, question: str) -> str | None:
    """The supervisor question after the "for supervision" answer changed, or None to leave it.

    The answer becomes the question while the question is empty or still what
    the answer said before: a question the worker wrote themselves is theirs.
    """
    if question.strip() and question.strip() != before.strip():
        return None
    return answer.strip()


def journal_values(entry: EntryDetail) -> dict[Any, Any]:
    """What the journal holds for ``entry``, keyed as the save state keys it."""
    values: dict[Any, Any] = {("answer", a.prompt_id): a.text for a in entry.answers}
    values[("field", "flagged")] = entry.flagged
    values[("field", "supervisor_question")] = entry.supervisor_question
    values["step"] = entry.current_step
    return values


class ReflectionDraft:
    """Everything about one reflection being written, except how it looks."""

    def __init__(self, entry_id: int | None = None, *, save_delay: float = SAVE_DELAY) -> None:
        self.entry_id = entry_id
        self.steps: list[Step] = build_steps([])
        self.step_index = 0
        self.prompt_set: PromptSet | None = None
        self.answers: dict[str, str] = {}
        self.fields: dict[str, Any] = {"flagged": False, "supervisor_question": ""}
        self.entry: EntryDetail | None = None
        # What is saved and what is not: the journal's side of answers, fields and step.
        self.save_state = SaveState(save_delay=save_delay, retry_delay=RETRY_DELAY)
        # The visit details of a draft being created (None when not creating).
        self.creating: dict[str, Any] | None = None
        # The furthest step reached, so an empty question before it reads "skipped".
        self.furthest = 0
        # What the identifier check found, shown on the summary step.
        self.findings: list[Located] = []
        self.word_lists: WordLists = NO_WORDS  # the worker's allow and flag lists, once read

    # -- steps -------------------------------------------------------------------

    @property
    def step(self) -> Step:
        """The step on screen."""
        return self.steps[self.step_index]

    @property
    def started(self) -> bool:
        """Whether the draft exists in the journal (the visit details are done)."""
        return self.entry_id is not None

    def go(self, index: int) -> bool:
        """Move to step ``index``; False when there is no such step or it is this one."""
        if not 0 <= index < len(self.steps) or index == self.step_index:
            return False
        self.furthest = max(self.furthest, index)
        self.step_index = index
        self.schedule_save()
        return True

    def allows(self, action: str) -> bool:
        """Whether the reflection's key ``action`` makes sense on this step."""
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
        if action in ("jump", "save_now", "discard"):
            # Until the visit details start a draft there is nothing to save or jump to.
            return self.started
        return True

    def follow_set(self, prompt_set: PromptSet) -> None:
        """Before the draft starts, the step count follows the chosen prompt set."""
        if self.entry is None:
            self.steps = build_steps(list(prompt_set.prompts))

    # -- starting ----------------------------------------------------------------

    def begin(self, details: dict[str, Any], prompt_set: PromptSet) -> None:
        """The visit details are done: the draft is being created with them."""
        self.prompt_set = prompt_set
        self.steps = build_steps(list(prompt_set.prompts))
        self.answers = {p.id: "" for p in prompt_set.prompts}
        self.creating = details

    def create(self, journal: Journal) -> EntryDetail:
        """Create the draft being started in ``journal`` (in a worker, or on the spot)."""
        assert self.creating is not None and self.prompt_set is not None
        prompt_set = self.prompt_set
        return journal.create_draft(
            prompt_set_id=prompt_set.id,
            prompt_set_version=prompt_set.version,
            prompts=[PromptRef(p.id, p.question, p.theme) for p in prompt_set.prompts],
            **self.creating,
        )

    def created(self, entry: EntryDetail) -> None:
        """The draft exists: anything typed meanwhile is due for saving."""
        self.entry, self.entry_id, self.creating = entry, entry.id, None
        self.save_state.loaded(journal_values(entry), entry.revision)
        self.schedule_save()

    def resume(self, entry: EntryDetail, prompt_set: PromptSet | None) -> None:
        """Carry on with ``entry`` at the step where it stopped."""
        self.entry = entry
        self.prompt_set = prompt_set
        self.steps = build_steps(prompts_for_entry(entry, prompt_set))
        self.answers = {a.prompt_id: a.text for a in entry.answers}
        self.fields = {"flagged": entry.flagged, "supervisor_question": entry.supervisor_question}
        self.step_index = max(0, min(entry.current_step, len(self.steps) - 1))
        self.furthest = self.step_index
        self.save_state.loaded(journal_values(entry), entry.revision)

    # -- typing ------------------------------------------------------------------

    def type_answer(self, text: str) -> str | None:
        """The current question's answer is now ``text``.

        Returns the supervisor question to show when this answer fills it
        (``fills = "supervisor-question"``), which also ticks "bring to
        supervision"; None when the question stays as it is.
        """
        prompt = self.step.prompt
        if prompt is None:
            return None
        before = self.answers.get(prompt.id, "")
        self.answers[prompt.id] = text
        carried = None
        if prompt.fills == "supervisor-question":
            current = str(self.fields["supervisor_question"])
            question = carried_question(text, before, current)
            if question is not None and question != current:
                self.fields["supervisor_question"] = question
                if question:
                    self.fields["flagged"] = True
                carried = question
        self.schedule_save()
        return carried

    def set_field(self, name: str, value: Any) -> None:
        """A field (``flagged``, ``supervisor_question``, a visit detail) now holds ``value``."""
        self.fields[name] = value
        self.schedule_save()

    @property
    def unsaved(self) -> bool:
        """Whether anything typed is not yet in the journal."""
        return self.creating is not None or bool(self.save_state.unsaved)

    def values(self) -> dict[Any, Any]:
        """What the screen holds, as the save state keys it."""
        values: dict[Any, Any] = {("answer", k): v for k, v in self.answers.items()}
        values.update({("field", k): v for k, v in self.fields.items()})
        values["step"] = self.step_index
        return values

    def schedule_save(self) -> None:
        """Tell the save state what is held now (before the draft exists, words wait here)."""
        if self.entry_id is not None:
            self.save_state.edit_many(self.values())

    def unsaved_answers(self) -> dict[str, str]:
        """The answers the journal does not hold yet (to go to the trash with the draft)."""
        self.schedule_save()
        return {
            k[1]: v
            for k, v in self.save_state.unsaved.items()
            if isinstance(k, tuple) and k[0] == "answer"
        }

    def write(self, journal: Journal, request: SaveRequest) -> int | None:
        """Write one save request to ``journal``; the entry's revision afterwards."""
        assert self.entry_id is not None
        keyed = [(k, v) for k, v in request.changes.items() if isinstance(k, tuple)]
        saved = journal.save_entry(
            self.entry_id,
            {k[1]: v for k, v in keyed if k[0] == "answer"},
            {k[1]: v for k, v in keyed if k[0] == "field"},
            step=request.changes.get("step"),
            base_revision=request.base_revision,
            keep_current=request.keep_current,
        )
        return saved.revision

    def keep_mine(self, journal: Journal) -> None:
        """After a conflict, before reloading the other version: keep these words in history."""
        assert self.entry_id is not None
        journal.keep_version(self.entry_id, dict(self.answers), dict(self.fields))

    # -- tags and actions ----------------------------------------------------------

    def _answered_prompts(self) -> list[Prompt]:
        return [
            s.prompt
            for s in self.steps
            if s.prompt is not None and self.answers.get(s.prompt.id, "").strip()
        ]

    def theme_names(self) -> list[str]:
        """The themes to offer: those this reflection's questions suggest, then the rest.

        The rest are the relational-practice themes, so a set whose questions
        carry no theme tag (What? So what? Now what?) still offers them to
        tick rather than an empty list (review 22, defect 2).
        """
        names = (s.prompt.tag for s in self.steps if s.prompt is not None and s.prompt.tag)
        return list(dict.fromkeys([*names, *RELATIONAL_THEMES]))

    def suggested_themes(self) -> set[str]:
        """The themes of the questions answered."""
        return {p.tag for p in self._answered_prompts() if p.tag}

    def suggested_pcf(self) -> set[str]:
        """The PCF domains of the questions answered (the worker can untick them)."""
        return {domain for p in self._answered_prompts() for domain in p.pcf}

    def filling_answer(self, what: str) -> str:
        """The answer of the question that fills ``what`` later on, if any."""
        for step in self.steps:
            if step.prompt is not None and step.prompt.fills == what:
                return self.answers.get(step.prompt.id, "").strip()
        return ""

    def actions_from_answer(self, today: date) -> list[tuple[str, date | None]]:
        """The "what next" answer as actions, one a line, with any due date it names."""
        lines = [line.strip(" -*•\t") for line in self.filling_answer("actions").splitlines()]
        return [split_due(line, today) for line in lines if line]

    def anything_written(self, *, actions: int, free_tags: list[str]) -> bool:
        """Whether the draft holds a word, an action or a tag of the worker's own."""
        return bool(
            any(text.strip() for text in self.answers.values())
            or str(self.fields["supervisor_question"]).strip()
            or actions
            or free_tags
        )

    # -- the summary ---------------------------------------------------------------

    def detail(
        self,
        *,
        themes: list[str],
        pcf: list[str],
        free: list[str],
        actions: list[ActionView],
        details: dict[str, Any],
    ) -> EntryDetail:
        """The entry as it stands now, to show on the summary step."""
        assert self.entry is not None
        prompts = [s.prompt for s in self.steps if s.prompt is not None]
        answers = tuple(
            AnswerView(
                prompt_id=p.id,
                question=p.question,
                text=self.answers.get(p.id, ""),
                theme=p.theme,
                position=i,
            )
            for i, p in enumerate(prompts)
        )
        return replace(
            self.entry,
            answers=answers,
            themes=tuple(themes),
            pcf_domains=tuple(pcf),
            free_tags=tuple(free),
            actions=tuple(actions),
            flagged=bool(self.fields["flagged"]),
            supervisor_question=str(self.fields["supervisor_question"]),
            **details,
        )

    def typed_texts(self) -> list[tuple[str, str, str]]:
        """Every typed text: (where it is, key, text); the supervisor question's key is ""."""
        texts = [
            (s.prompt.theme or s.prompt.question, s.prompt.id, self.answers.get(s.prompt.id, ""))
            for s in self.steps
            if s.prompt is not None
        ]
        texts.append(("Question for your supervisor", "", str(self.fields["supervisor_question"])))
        return texts

    def check(self) -> list[Located]:
        """Run the identifier check over every typed text; what it found (kept in `findings`)."""
        texts = [(where, text) for where, _key, text in self.typed_texts()]
        self.findings = locate(texts, self.word_lists)
        return self.findings

    def findings_note(self) -> str:
        """The note above the summary: what may identify someone, and what to do."""
        return (
            check_note(self.findings)
            + "\nctrl+r replaces them with notes such as [postcode]; ctrl+g to edit by hand."
        )

    def replace_identifiers(self) -> bool:
        """Mask what the check finds, in place; whether the supervisor question changed."""
        question_changed = False
        for _where, key, text in self.typed_texts():
            masked = mask(text, words=self.word_lists)
            if masked == text:
                continue
            if key:
                self.answers[key] = masked
            else:
                self.fields["supervisor_question"] = masked
                question_changed = True
        self.schedule_save()
        return question_changed
