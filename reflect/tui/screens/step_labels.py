"""The words that say where a worker is in a reflection, and what each step holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.core.prompts import Prompt, PromptSet
    from reflect.core.steps import Step

FINISHING_TITLES = {
    "tags": "themes and tags",
    "actions": "actions",
    "supervision": "supervision",
    "summary": "read it through and save",
}


def progress_label(steps: list[Step], index: int) -> str:
    """Where the worker is, in words: "Question 3 of 17", "Finishing: actions"."""
    step = steps[index]
    if step.kind == "details":
        return "Visit details"
    if step.prompt is not None:
        questions = [s for s in steps if s.prompt is not None]
        label = f"Question {questions.index(step) + 1} of {len(questions)}"
        # The theme is the heading just below; say only whether it can be skipped.
        return f"{label}  ·  optional" if step.prompt.optional else label
    return f"Finishing: {FINISHING_TITLES[step.kind]}"


def jump_labels(
    steps: list[Step], answers: dict[str, str], furthest: int, width: int = 62
) -> list[str]:
    """One line per step for the step list, saying in words which are answered or skipped.

    ``width`` is the room for a line: each question shows as much of its
    beginning as fits, so the line does not wrap in the dialog.
    """
    labels = []
    for i, step in enumerate(steps):
        number = f"{i + 1:>2}."
        if step.prompt is None:
            labels.append(f"{number} {step.title}")
            continue
        if answers.get(step.prompt.id, "").strip():
            state = "answered"
        elif i < furthest:
            state = "skipped"
        else:
            state = "not yet"
        # Several questions can share a theme: show how each begins.
        question = step.prompt.question
        room = max(20, width - len(number) - 11)
        start = question if len(question) <= room else question[: room - 1].rsplit(" ", 1)[0] + "…"
        labels.append(f"{number} {state:<8}  {start}")
    return labels


def hint_text(prompt: Prompt, prompt_set: PromptSet | None) -> str:
    """What the hint shows: the prompt's hint, its cues in one line, and its source."""
    lines = [prompt.hint] if prompt.hint else []
    if prompt.cues:
        # One paragraph, not a line each: the writing box keeps its room.
        lines.append("  ·  ".join(prompt.cues))
    if prompt_set is not None and (citation := prompt_set.citation(prompt)):
        lines.append(f"From: {citation}")
    return "\n".join(lines) or "No hint for this question."
