"""Reading dates the way a UK social worker types them.

Fixed forms (2026-11-22, 22/11/2026) are read first, with one regular
expression each. Plain words (friday, next tuesday, in 2 weeks, end of the
month, 1 Dec) are read by a small parser of our own. dateparser was measured
against it on 22 phrases practitioners type (tests/bench/dates_compare.py, 26
November 2026): dateparser read 20 as meant (not "end of the month" nor "end
of next month"), this module 22; dateparser also brings four more packages
(python-dateutil, pytz, regex, tzlocal) and takes about 0.5 ms a phrase
against 0.03 ms.

Dates are always day first. A date that only makes sense month first
(11/23/2026) is refused, with the date it would have meant, rather than
guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from reflect.core.errors import InvalidInput

Prefer = Literal["past", "future", "nearest"]

_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = {"day": 1, "week": 7, "fortnight": 14}
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_FORMS = (
    "Write it as 22/11/2026, 2026-11-22, or in words: today, yesterday, friday, "
    "next tuesday, friday week, in 2 weeks, end of the month, 1 Dec."
)


def parse_date(text: str, today: date | None = None, prefer: Prefer = "nearest") -> date:
    """Read a date typed in a fixed form or in plain words; day first, always.

    ``prefer`` settles words that name no year or week: a visit happened
    ("past": "friday" is the last one), an action is due ("future": the next
    one); for the ends of a period ("nearest") "1 Sep" is the one closest to
    today, and a weekday the coming one. A weekday name alone is never today
    (see ``_weekday``). Raises ValueError with a sentence a user can act on.
    """
    today = today or date.today()
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise InvalidInput(f"No date given. {_FORMS}")
    try:
        found = _fixed_form(cleaned, today, prefer)
        if found is None:
            found = _words(cleaned, today, prefer)
    except ValueError as exc:
        message = str(exc) or f"{text.strip()!r} is not a real date."
        raise InvalidInput(message) from None
    if found is None:
        raise InvalidInput(f"{text.strip()!r} is not a date Reflect can read. {_FORMS}")
    return found


def _fixed_form(cleaned: str, today: date, prefer: Prefer) -> date | None:
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", cleaned):
        year, month, day = (int(p) for p in cleaned.split("-"))
        return _real(year, month, day, cleaned)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", cleaned)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year_text = match.group(3)
    if month > 12 and day <= 12:
        # Only makes sense month first, as an American would write it.
        year = _full_year(year_text) if year_text else today.year
        meant = _describe(_real(year, day, month, cleaned))
        raise InvalidInput(
            f"{cleaned!r} reads as month first ({meant}); Reflect reads dates day first. "
            f"Type {month}/{day}{'/' + year_text if year_text else ''} for {meant}."
        )
    if year_text:
        return _real(_full_year(year_text), month, day, cleaned)
    return _no_year(day, month, today, prefer, cleaned)


def _words(cleaned: str, today: date, prefer: Prefer) -> date | None:
    cleaned = re.sub(r"^(on|by|before|the)\s+", "", cleaned)
    simple = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if cleaned in simple:
        return today + timedelta(days=simple[cleaned])
    if cleaned in ("next week",):
        return today + timedelta(days=7)
    if cleaned in ("last week",):
        return today - timedelta(days=7)
    if cleaned in ("next month", "last month"):
        return _add_months(today, 1 if cleaned == "next month" else -1)
    match = re.fullmatch(r"end of (?:the |this )?(week|month|year)", cleaned)
    if match:
        return _end_of(match.group(1), today)
    match = re.fullmatch(r"end of next (week|month)", cleaned)
    if match:
        ahead = today + timedelta(days=7) if match.group(1) == "week" else _add_months(today, 1)
        return _end_of(match.group(1), ahead)
    match = re.fullmatch(r"(?:(this|next|last) )?([a-z]+)", cleaned)
    if match and match.group(2) in _WEEKDAYS:
        return _weekday(_WEEKDAYS[match.group(2)], match.group(1), today, prefer)
    match = re.fullmatch(r"([a-z]+) week", cleaned)
    if match and match.group(1) in _WEEKDAYS:
        # "friday week": a week after the coming Friday, as said in the UK.
        return _weekday(_WEEKDAYS[match.group(1)], None, today, "future") + timedelta(days=7)
    match = re.fullmatch(r"(?:in )?(\w+) (day|week|fortnight|month)s?( ago| time)?", cleaned)
    if match and (cleaned.startswith("in ") or match.group(3)):
        count = _count(match.group(1))
        if count is None:
            return None
        sign = -1 if match.group(3) == " ago" else 1
        if match.group(2) == "month":
            return _add_months(today, sign * count)
        return today + timedelta(days=sign * count * _UNITS[match.group(2)])
    match = re.fullmatch(rf"{_ORDINAL}(?: of)? ([a-z]+)(?: (\d{{2}}|\d{{4}}))?", cleaned)
    if match and match.group(2) in _MONTHS:
        return _named_month(match.group(1), match.group(2), match.group(3), today, prefer)
    match = re.fullmatch(rf"([a-z]+) {_ORDINAL}(?: (\d{{2}}|\d{{4}}))?", cleaned)
    if match and match.group(1) in _MONTHS:
        return _named_month(match.group(2), match.group(1), match.group(3), today, prefer)
    return None


def _named_month(
    day_text: str, month_text: str, year_text: str | None, today: date, prefer: Prefer
) -> date:
    day, month = int(day_text), _MONTHS[month_text]
    text = f"{day_text} {month_text}"
    if year_text:
        return _real(_full_year(year_text), month, day, text)
    return _no_year(day, month, today, prefer, text)


def _no_year(day: int, month: int, today: date, prefer: Prefer, text: str) -> date:
    """The date with no year: this year's, or the nearest one on the preferred side."""
    if not any(_exists(year, month, day) for year in range(today.year - 1, today.year + 6)):
        raise InvalidInput(f"{text!r} is not a real date.")
    this_year = _first_existing(today.year, month, day, step=1 if prefer == "future" else -1)
    if prefer == "nearest":
        candidates = [
            _first_existing(year, month, day, step=step)
            for year, step in ((today.year - 1, -1), (today.year, -1), (today.year + 1, 1))
        ]
        return min(candidates, key=lambda c: (abs((c - today).days), c < today))
    if prefer == "past" and this_year > today:
        return _first_existing(today.year - 1, month, day, step=-1)
    if prefer == "future" and this_year < today:
        return _first_existing(today.year + 1, month, day, step=1)
    return this_year


def _first_existing(year: int, month: int, day: int, step: int) -> date:
    # 29 February only exists in some years.
    while not _exists(year, month, day):
        year += step
    return date(year, month, day)


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _weekday(target: int, which: str | None, today: date, prefer: Prefer) -> date:
    """The day a weekday name means, typed on ``today``.

    Only "this friday" can mean today. A bare "friday" typed on a Friday is
    never today, as people use the word: "by friday" means next week's, "I saw
    them friday" last week's (whoever means today types "today"). So a bare
    weekday is 1 to 7 days ahead, or 1 to 7 days back for a past event.
    """
    if which == "next":
        # The one in next week (Monday to Sunday), as "next tuesday" is used here.
        monday_next = today + timedelta(days=7 - today.weekday())
        return monday_next + timedelta(days=target)
    if which == "this":
        return today + timedelta(days=(target - today.weekday()) % 7)
    if which == "last" or prefer == "past":
        return today - timedelta(days=(today.weekday() - target) % 7 or 7)
    return today + timedelta(days=(target - today.weekday()) % 7 or 7)


def _end_of(unit: str, day: date) -> date:
    if unit == "week":
        # The end of the working week.
        return day + timedelta(days=(4 - day.weekday()) % 7)
    if unit == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return date(day.year, 12, 31)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word) if 0 < int(word) <= 400 else None
    return _NUMBER_WORDS.get(word)


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _real(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a real date.") from None


def _describe(day: date) -> str:
    return f"{day:%A} {long_date(day)}"


def split_due(line: str, today: date) -> tuple[str, date | None]:
    """Split "ring school by friday" into the action and its due date, if it ends with one."""
    words = line.split()
    for start in range(max(1, len(words) - 5), len(words)):
        if words[start - 1].lower() not in ("by", "on", "before"):
            continue
        try:
            due = parse_date(" ".join(words[start:]), today=today, prefer="future")
        except ValueError:
            continue
        text = " ".join(words[: start - 1]).rstrip(" ,;:-")
        if text:
            return text, due
    return line.strip(), None


@lru_cache(maxsize=4096)  # a term's entries share a few hundred dates
def due_words(day: date | None) -> str:
    """An action's due date as shown beside it: " (by Friday 27 November 2026)", or "".

    With its weekday, so the worker sees which Friday "by friday" was taken
    to mean (a weekday name alone is never today: see ``_weekday``).
    """
    return f" (by {long_date(day, weekday=True)})" if day else ""


@lru_cache(maxsize=4096)  # strftime is slow, and a term's export asks for each date many times
def long_date(day: date, *, weekday: bool = False) -> str:
    """A date as people write it in the UK: "1 September 2026" (or "Tuesday 1 September 2026")."""
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text
