"""The registration year and the requirement's data file."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.core.journal import Journal, TermError
from reflect.core.periods import (
    PeriodError,
    RegistrationYear,
    parse_registration_year,
    recent_registration_years,
    registration_year_for,
    requirement,
)


def test_registration_year_runs_from_1_december_to_30_november() -> None:
    year = parse_registration_year("2025-26")
    assert (year.start, year.end) == (date(2025, 12, 1), date(2026, 11, 30))
    assert year.renewal_opens == date(2026, 9, 1)
    assert year.label == "Registration year 2025-26"
    assert parse_registration_year(" 2025-2026 ") == year
    assert year.as_term().contains(date(2026, 11, 30))
    assert not year.as_term().contains(date(2025, 11, 30))


@pytest.mark.parametrize("value", ["2025", "2025-27", "25-26", "next year", "2025-2027"])
def test_wrong_registration_years_say_how_to_write_one(value: str) -> None:
    with pytest.raises(PeriodError, match=r"2025-26|two years in a row"):
        parse_registration_year(value)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_is_in_exactly_its_own_registration_year(day: date) -> None:
    year = registration_year_for(day)
    assert year.contains(day)
    assert not RegistrationYear(year.first_year - 1).contains(day)
    assert not RegistrationYear(year.first_year + 1).contains(day)
    assert parse_registration_year(year.name) == year


def test_an_autumn_term_straddles_the_registration_year() -> None:
    assert registration_year_for(date(2026, 11, 30)).name == "2025-26"
    assert registration_year_for(date(2026, 12, 1)).name == "2026-27"
    assert [y.name for y in recent_registration_years(date(2026, 12, 1))] == [
        "2026-27",
        "2025-26",
    ]


def test_the_requirement_is_data_with_a_last_checked_date() -> None:
    rule = requirement()
    assert rule.minimum_records == 2 and rule.minimum_with_peer_reflection == 1
    assert isinstance(rule.last_checked, date)
    assert "30 November" in rule.summary
    assert rule.sources


def test_a_registration_year_is_a_period_the_journal_knows_by_name(journal: Journal) -> None:
    journal.add_term("Autumn 2025-26", date(2025, 9, 1), date(2025, 12, 19))
    found = journal.get_term("registration year 2025-26")
    assert (found.start, found.end) == (date(2025, 12, 1), date(2026, 11, 30))
    with pytest.raises(TermError, match="no term called"):
        journal.get_term("Registration year soon")
