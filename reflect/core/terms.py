"""UK academic terms, offered to a worker who has not set up terms of their own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.core.journal import Journal


@dataclass(frozen=True)
class SuggestedTerm:
    """A named period with its dates."""

    name: str
    start: date
    end: date


def academic_terms(year_start: int) -> list[SuggestedTerm]:
    """The three UK academic terms of the year starting in September of ``year_start``."""
    y, n = year_start, year_start + 1
    span = f"{y}-{str(n)[-2:]}"
    return [
        SuggestedTerm(f"Autumn {span}", date(y, 9, 1), date(y, 12, 19)),
        SuggestedTerm(f"Spring {span}", date(n, 1, 5), date(n, 4, 2)),
        SuggestedTerm(f"Summer {span}", date(n, 4, 20), date(n, 7, 24)),
    ]


def sample_terms(until: date) -> list[SuggestedTerm]:
    """The terms of the two academic years up to ``until``."""
    current = until.year if until.month >= 9 else until.year - 1
    return academic_terms(current - 1) + academic_terms(current)


def current_academic_year(today: date) -> list[SuggestedTerm]:
    """This academic year's terms (the year starts in September)."""
    return academic_terms(today.year if today.month >= 9 else today.year - 1)


def add_terms(
    journal: Journal, terms: Iterable[SuggestedTerm]
) -> list[tuple[SuggestedTerm, str | None]]:
    """Add each term; for each, None if it was added or why it was skipped.

    A term whose name the worker already uses is skipped, so their own terms
    always win; overlapping periods are allowed. Any other error is raised.
    """
    from reflect.core.reading import TermError

    outcome: list[tuple[SuggestedTerm, str | None]] = []
    for term in terms:
        try:
            journal.add_term(term.name, term.start, term.end)
        except TermError as exc:
            outcome.append((term, str(exc)))
        else:
            outcome.append((term, None))
    return outcome
