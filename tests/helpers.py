"""Helpers shared by tests."""

from __future__ import annotations

from datetime import date

from reflect.core.journal import Journal
from reflect.core.records import EntryDetail, PromptRef

# A fixed "today" for everything that depends on the date.
TODAY = date(2026, 11, 20)

PROMPTS = (
    PromptRef("context", "What happened on the visit?", "The visit"),
    PromptRef("feelings", "What did you feel?", "Use of self and emotion"),
    PromptRef("next", "What next?", "Next steps"),
)


def new_draft(
    journal: Journal, case_code: str = "CF-1001", day: date = TODAY, visit_type: str = "home"
) -> EntryDetail:
    """A draft with three simple prompts."""
    return journal.create_draft(
        visit_date=day,
        case_code=case_code,
        visit_type=visit_type,
        prompt_set_id="test",
        prompt_set_version="1",
        prompts=PROMPTS,
    )
