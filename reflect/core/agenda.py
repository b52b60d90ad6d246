"""An agenda to take into supervision, on Morrison's 4x4x4 cycle.

Each flagged entry not yet discussed becomes one item: the question for the
supervisor, the supervision function it most likely serves (management,
development, support, mediation), and the four stages of the cycle
(experience, reflection, analysis, action planning) filled from what the
worker already wrote, with room for what is agreed. Anonymised by default:
case codes become Family A, Family B, ... and identifiers are masked.

The function is Reflect's suggestion from the entry's themes and question,
and the agenda says so: the worker and supervisor decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from reflect.core.dates import long_date
from reflect.core.export.anonymise import TextScreen
from reflect.core.records import EntryDetail, EntryFilter
from reflect.core.render import escape_text
from reflect.core.vocab import VisitType

if TYPE_CHECKING:
    from reflect.core.export.anonymise import KnowsCaseCodes
    from reflect.core.reading import ReadMixin

FUNCTIONS = ("management", "development", "support", "mediation")
CYCLE = ("Experience", "Reflection", "Analysis", "Action planning")
# More flagged entries than this is more than one supervision can hold.
AGENDA_LIMIT = 40

# Which answers feed each stage of the cycle, across the bundled prompt sets.
_EXPERIENCE = ("context", "description", "what", "concrete-experience", "what-happened")
_REFLECTION = ("feelings", "how-i-am", "relationship-experience", "looking-in", "personal")
_ANALYSIS = ("judgement", "analysis", "so-what", "abstract-conceptualisation", "evaluation")

# Words and themes that point to each function (checked in this order).
_FUNCTION_SIGNS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "support",
        ("Use of self and emotion",),
        ("feel", "felt", "upset", "carry", "carrying", "cope", "tired", "support", "shaken"),
    ),
    (
        "mediation",
        (
            "Organisational imperatives and timescales",
            "Face-to-face time and paperwork",
            "Face-to-face time and backroom demands",  # the same theme in version 1 entries
            "Partnership and its limits",
        ),
        ("school", "health", "police", "agency", "agencies", "timescale", "deadline", "panel"),
    ),
    (
        "development",
        ("Professional judgement and discretion", "Strengths and what worked"),
        ("learn", "approach", "theory", "research", "skill", "how do i", "how could i"),
    ),
)


def suggested_function(entry: EntryDetail) -> str:
    """The supervision function an entry's question most likely serves."""
    question = entry.supervisor_question.casefold()
    for function, _themes, words in _FUNCTION_SIGNS:
        if any(re.search(rf"\b{re.escape(w)}", question) for w in words):
            return function
    for function, themes, _words in _FUNCTION_SIGNS:
        if any(t in entry.themes for t in themes):
            return function
    return "management"  # decisions, plans and risk on the case itself


def _first_sentence(entry: EntryDetail, prompt_ids: tuple[str, ...], limit: int = 240) -> str:
    for prompt_id in prompt_ids:
        answer = entry.answer(prompt_id)
        if answer is not None and answer.text.strip():
            text = " ".join(answer.text.split())
            first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
            return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
    return ""


@dataclass(frozen=True)
class AgendaItem:
    """One entry on the agenda."""

    entry: EntryDetail
    function: str
    experience: str
    reflection: str
    analysis: str
    open_actions: tuple[str, ...]


def agenda_items(journal: ReadMixin, limit: int = AGENDA_LIMIT) -> list[AgendaItem]:
    """The flagged entries not yet discussed, oldest first, as agenda items."""
    items = []
    for entry in journal.iter_details(EntryFilter(flagged=True, undiscussed=True)):
        items.append(
            AgendaItem(
                entry=entry,
                function=suggested_function(entry),
                experience=_first_sentence(entry, _EXPERIENCE),
                reflection=_first_sentence(entry, _REFLECTION),
                analysis=_first_sentence(entry, _ANALYSIS),
                open_actions=tuple(a.text for a in entry.actions if not a.done),
            )
        )
        if len(items) >= limit:
            break
    return items


def render_agenda(
    items: list[AgendaItem],
    *,
    generated: datetime,
    clean: TextScreen | None,
    more: bool = False,
) -> str:
    """The agenda as Markdown: grouped by function, each item on the four-stage cycle."""

    def typed(value: str) -> str:
        return escape_text(clean.text(value) if clean else value)

    def case(code: str) -> str:
        return clean.placeholder(code) if clean else code

    lines = ["# Supervision agenda", ""]
    lines += [f"Prepared on {long_date(generated)} by Reflect from the entries you flagged.", ""]
    lines += [
        "Each item follows Morrison's 4x4x4 cycle: experience, reflection, analysis, action "
        "planning. The function (management, development, support, mediation) is Reflect's "
        "suggestion; change it with your supervisor.",
        "",
    ]
    if clean is not None:
        lines += ["Case codes are replaced (Family A, ...) and identifiers masked.", ""]
    if not items:
        lines += ["Nothing flagged is waiting: flag an entry with f to bring it.", ""]
    counts = {f: sum(1 for i in items if i.function == f) for f in FUNCTIONS}
    if items:
        lines += [
            "In this agenda: "
            + ", ".join(f"{counts[f]} {f}" for f in FUNCTIONS if counts[f])
            + ".",
            "",
        ]
    number = 0
    for function in FUNCTIONS:
        chosen = [i for i in items if i.function == function]
        if not chosen:
            continue
        lines += [f"## {function.capitalize()}", ""]
        for item in chosen:
            number += 1
            e = item.entry
            visit = VisitType(e.visit_type).label.lower()
            lines += [
                f"### {number}. {escape_text(case(e.case_code))}, {visit} on "
                f"{long_date(e.visit_date)}",
                "",
            ]
            question = typed(e.supervisor_question) or "*No question written yet.*"
            lines += [f"**My question:** {question}", ""]
            actions = "; ".join(typed(a) for a in item.open_actions) or "none open"
            stages = (
                typed(item.experience) or "*Not written.*",
                typed(item.reflection) or "*Not written.*",
                typed(item.analysis) or "*To think through together.*",
                f"Open actions: {actions}. Agreed: ____________________",
            )
            lines += [f"- **{stage}:** {text}" for stage, text in zip(CYCLE, stages, strict=True)]
            lines.append("")
    if more:
        lines += [f"*Only the first {AGENDA_LIMIT} flagged entries are shown.*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def build_agenda(
    journal: ReadMixin,
    *,
    anonymise: bool = True,
    generated: datetime | None = None,
) -> tuple[str, int]:
    """The agenda's Markdown, and how many entries it holds."""
    items = agenda_items(journal, AGENDA_LIMIT + 1)
    more = len(items) > AGENDA_LIMIT
    items = items[:AGENDA_LIMIT]
    clean = None
    if anonymise:
        # Export's anonymiser, so anonymising means the same everywhere.
        clean = TextScreen.for_journal(cast("KnowsCaseCodes", journal))
    text = render_agenda(items, generated=generated or datetime.now(), clean=clean, more=more)
    return text, len(items)
