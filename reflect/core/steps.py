"""The steps of a guided reflection: the visit details, one page per question, then finishing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from reflect.core.prompts import Prompt, PromptSet
from reflect.core.records import EntryDetail

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
