"""The journal's fixed vocabulary: statuses, kinds of visit, kinds of tag, PCF domains.

Kept apart from the tables in models.py so code that only needs these words
does not import SQLModel (a noticeable part of a command's start-up).
"""

from __future__ import annotations

from enum import StrEnum


class EntryStatus(StrEnum):
    """Whether a reflection is still being written."""

    DRAFT = "draft"
    COMPLETE = "complete"


class VisitType(StrEnum):
    """The kinds of contact a reflection can be about."""

    HOME = "home"
    JOINT = "joint"
    OFFICE = "office"
    VIRTUAL = "virtual"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Plain words for screens and exports."""
        return VISIT_TYPE_LABELS[self]


VISIT_TYPE_LABELS: dict[VisitType, str] = {
    VisitType.HOME: "Home visit",
    VisitType.JOINT: "Joint visit",
    VisitType.OFFICE: "Office",
    VisitType.VIRTUAL: "Virtual",
    VisitType.OTHER: "Other",
}


class TagKind(StrEnum):
    """The three kinds of tag an entry can carry."""

    THEME = "theme"
    PCF = "pcf"
    FREE = "free"


PCF_DOMAINS: tuple[str, ...] = (
    "Professionalism",
    "Values and Ethics",
    "Diversity and Equality",
    "Rights, Justice and Economic Wellbeing",
    "Knowledge",
    "Critical Reflection and Analysis",
    "Skills and Interventions",
    "Contexts and Organisations",
    "Professional Leadership",
)

# The relational-practice themes (the default prompt set's theme tags, which a
# test keeps the same). Every reflection offers them all to tick, so a set
# whose questions suggest few themes, or none, never shows an empty list.
RELATIONAL_THEMES: tuple[str, ...] = (
    "The relationship as the intervention",
    "Trust through negotiation",
    "Partnership and its limits",
    "The parent's perspective",
    "The child's experience and voice",
    "Face-to-face time and paperwork",
    "Organisational imperatives and timescales",
    "Professional judgement and discretion",
    "Strengths and what worked",
    "Use of self and emotion",
)

# The start of the uid of every entry `reflect sample` invents, so a journal
# holding the worker's own entries can be told apart (`reflect sample` refuses it).
INVENTED_UID_PREFIX = "sample-"
