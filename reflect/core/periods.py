"""Periods a worker thinks in: their own terms and placements, and the registration year.

A term or placement is the worker's own (stored in the journal, read and
written by `TermReadMixin` and `TermMixin`); the
registration year is built in: Social Work England's year from 1 December to
30 November, named like "2025-26". Its dates and the CPD requirement's wording
come from ``reflect/data/cpd_requirement.toml``, not from code, because the
regulator may change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from reflect.core.database import Database
from reflect.core.errors import TermError
from reflect.core.files import JournalError
from reflect.core.records import TermView
from reflect.core.timestamps import to_date


class PeriodError(JournalError):
    """A period named on the command line or in the app cannot be understood."""


@dataclass(frozen=True)
class Requirement:
    """Social Work England's CPD requirement, read from the data file."""

    last_checked: date
    sources: tuple[str, ...]
    year_starts: tuple[int, int]
    renewal_opens: tuple[int, int]
    deadline: tuple[int, int]
    deadline_time: str
    minimum_records: int
    minimum_with_peer_reflection: int
    summary: str
    peer_note: str


def _month_day(value: dict[str, Any]) -> tuple[int, int]:
    return int(value["month"]), int(value["day"])


def load_data(name: str) -> dict[str, Any]:
    """One of Reflect's bundled data files (TOML) from ``reflect/data``."""
    # Here, not at the top: a command that reads no data file (export) does without both.
    import tomllib
    from importlib import resources

    text = resources.files("reflect.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def requirement() -> Requirement:
    """The CPD requirement as the bundled data file states it."""
    data = load_data("cpd_requirement.toml")
    return Requirement(
        last_checked=data["last_checked"],
        sources=tuple(data["sources"]),
        year_starts=_month_day(data["year_starts"]),
        renewal_opens=_month_day(data["renewal_opens"]),
        deadline=_month_day(data["deadline"]),
        deadline_time=str(data["deadline_time"]),
        minimum_records=int(data["minimum_records"]),
        minimum_with_peer_reflection=int(data["minimum_with_peer_reflection"]),
        summary=" ".join(str(data["summary"]).split()),
        peer_note=" ".join(str(data["peer_note"]).split()),
    )


@dataclass(frozen=True)
class RegistrationYear:
    """One registration year, named by the calendar years it spans ("2025-26")."""

    first_year: int

    @property
    def name(self) -> str:
        """For example "2025-26"."""
        return f"{self.first_year}-{str(self.first_year + 1)[-2:]}"

    @property
    def label(self) -> str:
        """For example "Registration year 2025-26"."""
        return f"Registration year {self.name}"

    @property
    def start(self) -> date:
        """The first day (1 December)."""
        month, day = requirement().year_starts
        return date(self.first_year, month, day)

    @property
    def end(self) -> date:
        """The last day, when CPD must be recorded by (30 November)."""
        month, day = requirement().deadline
        return date(self.first_year + 1, month, day)

    @property
    def renewal_opens(self) -> date:
        """When renewal opens (1 September, near the year's end)."""
        month, day = requirement().renewal_opens
        return date(self.first_year + 1, month, day)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this registration year."""
        return self.start <= day <= self.end

    def as_term(self) -> TermView:
        """The year as a period for filters and exports (it is not stored: id 0)."""
        return TermView(0, self.label, self.start, self.end)


def registration_year_for(day: date) -> RegistrationYear:
    """The registration year ``day`` falls in."""
    month, first = requirement().year_starts
    return RegistrationYear(day.year if (day.month, day.day) >= (month, first) else day.year - 1)


_YEAR_NAME = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")


def parse_registration_year(value: str) -> RegistrationYear:
    """A registration year from "2025-26" or "2025-2026" (1 Dec 2025 to 30 Nov 2026)."""
    match = _YEAR_NAME.match(value)
    if not match:
        raise PeriodError(
            f"{value.strip()!r} is not a registration year: write it like 2025-26 "
            "(1 December 2025 to 30 November 2026)."
        )
    first, second = int(match.group(1)), match.group(2)
    expected = str(first + 1)
    if second not in (expected, expected[-2:]):
        raise PeriodError(
            f"A registration year spans two years in a row: {first}-{expected[-2:]}, "
            f"not {value.strip()!r}."
        )
    return RegistrationYear(first)


def registration_year_named(name: str) -> RegistrationYear | None:
    """The year a period picker calls "Registration year 2025-26", if ``name`` is one."""
    words = name.split()
    if len(words) != 3 or " ".join(words[:2]).casefold() != "registration year":
        return None
    try:
        return parse_registration_year(words[2])
    except PeriodError:
        return None


def recent_registration_years(today: date, count: int = 2) -> list[RegistrationYear]:
    """This registration year and the ones before it, newest first (for period pickers)."""
    current = registration_year_for(today).first_year
    return [RegistrationYear(current - n) for n in range(count)]


class TermReadMixin(Database):
    """The worker's terms and placements, and finding a period by name."""

    def terms(self) -> list[TermView]:
        """Every term, earliest first."""
        with self._read() as db:
            rows = db.execute('SELECT id, name, start, "end" FROM term ORDER BY start').fetchall()
        return [TermView(i, n, to_date(s), to_date(e)) for i, n, s, e in rows]

    def get_term(self, name: str) -> TermView:
        """The term called ``name`` (any case), or a built-in "Registration year 2025-26"."""
        terms = self.terms()
        for term in terms:
            if term.name.casefold() == " ".join(name.split()).casefold():
                return term
        if (year := registration_year_named(name)) is not None:
            return year.as_term()
        known = ", ".join(t.name for t in terms) or "none yet"
        raise TermError(f"There is no term called {name!r} (terms: {known}).")

    def term_for(self, day: date) -> TermView | None:
        """The term ``day`` falls in, if any."""
        return next((t for t in self.terms() if t.contains(day)), None)


class TermMixin(TermReadMixin):
    """Adding and removing terms, for `Journal`."""

    def add_term(self, name: str, start: date, end: date) -> TermView:
        """Add a named period; refuses reversed dates and a name already used.

        Periods may overlap: a placement sits inside a university term, and
        both cross the registration year.
        """
        name = " ".join(name.split())
        if not name:
            raise TermError("A term needs a name.")
        if end < start:
            raise TermError(
                f"The term {name!r} ends ({end:%d %b %Y}) before it starts ({start:%d %b %Y})."
            )
        for term in self.terms():
            if term.name.casefold() == name.casefold():
                raise TermError(f"There is already a term called {term.name!r}.")
        with self._write() as db:
            term_id = db.value(
                'INSERT INTO term (name, start, "end") VALUES (?, ?, ?) RETURNING id',
                (name, start.isoformat(), end.isoformat()),
            )
        return TermView(int(term_id), name, start, end)

    def remove_term(self, name: str) -> None:
        """Remove a term; its entries stay, they just are not grouped by it any more."""
        term = self.get_term(name)
        with self._write() as db:
            db.execute("DELETE FROM term WHERE id = ?", (term.id,))
