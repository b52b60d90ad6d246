"""Reading dates the way a UK social worker types them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from reflect.core.errors import InvalidInput


def parse_date(text: str, today: date | None = None) -> date:
    """Read 2026-11-22, 22/11/2026, 22.11.2026, 'today' or 'yesterday'.

    Raises ValueError with a sentence a user can act on.
    """
    today = today or date.today()
    cleaned = text.strip().lower()
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
            year, month, day = (int(p) for p in cleaned.split("-"))
            return date(year, month, day)
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", cleaned)
        if match:
            day, month, year = (int(p) for p in match.groups())
            return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{text.strip()!r} is not a real date.") from None
    raise InvalidInput(f"{text.strip()!r} is not a date: write it as 2026-11-22 or 22/11/2026.")


@lru_cache(maxsize=4096)  # a term's entries share a few hundred dates
def long_date(day: date, *, weekday: bool = False) -> str:
    """A date as people write it in the UK: "1 September 2026" (or "Tuesday 1 September 2026")."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text
