"""Dates typed in plain words, always day first: fixed cases and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.dates import parse_date, split_due

THURSDAY = date(2026, 11, 26)

days = st.dates(min_value=date(2000, 3, 1), max_value=date(2090, 10, 1))
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("today", "future", THURSDAY),
        ("Yesterday", "past", date(2026, 11, 25)),
        ("tomorrow", "future", date(2026, 11, 27)),
        ("friday", "future", date(2026, 11, 27)),
        ("Friday", "past", date(2026, 11, 20)),
        ("by friday", "future", date(2026, 11, 27)),
        ("thursday", "future", date(2026, 12, 3)),  # never today: next week's
        ("thursday", "past", date(2026, 11, 19)),
        ("this thursday", "future", THURSDAY),
        ("friday week", "future", date(2026, 12, 4)),
        ("thursday week", "future", date(2026, 12, 10)),
        ("last thursday", "past", date(2026, 11, 19)),
        ("next tuesday", "future", date(2026, 12, 1)),
        ("next friday", "future", date(2026, 12, 4)),
        ("this fri", "future", date(2026, 11, 27)),
        ("in 2 weeks", "future", date(2026, 12, 10)),
        ("in two weeks", "future", date(2026, 12, 10)),
        ("in a fortnight", "future", date(2026, 12, 10)),
        ("in 3 days", "future", date(2026, 11, 29)),
        ("3 days ago", "past", date(2026, 11, 23)),
        ("in a month", "future", date(2026, 12, 26)),
        ("end of the month", "future", date(2026, 11, 30)),
        ("end of month", "future", date(2026, 11, 30)),
        ("end of next month", "future", date(2026, 12, 31)),
        ("end of the week", "future", date(2026, 11, 27)),
        ("1 Dec", "future", date(2026, 12, 1)),
        ("1 Dec", "past", date(2025, 12, 1)),
        ("1st December", "future", date(2026, 12, 1)),
        ("December 1", "future", date(2026, 12, 1)),
        ("3 sept", "past", date(2026, 9, 3)),
        ("3 sept", "future", date(2027, 9, 3)),
        ("1 Dec 2027", "past", date(2027, 12, 1)),
        ("22 November 26", "future", date(2026, 11, 22)),
        ("2026-11-22", "future", date(2026, 11, 22)),
        ("22/11/2026", "future", date(2026, 11, 22)),
        ("22.11.2026", "future", date(2026, 11, 22)),
        ("22-11-26", "future", date(2026, 11, 22)),
        ("3/4", "future", date(2027, 4, 3)),  # day first: 3 April, the next one
        ("3/4", "past", date(2026, 4, 3)),
        ("29 feb", "future", date(2028, 2, 29)),
        ("1 Sep", "nearest", date(2026, 9, 1)),
        ("1 Dec", "nearest", date(2026, 12, 1)),
        ("30 nov", "nearest", date(2026, 11, 30)),
        ("friday", "nearest", date(2026, 11, 27)),
    ],
)
def test_plain_words(text: str, prefer: str, expected: date) -> None:
    assert parse_date(text, today=THURSDAY, prefer=prefer) == expected  # type: ignore[arg-type]


# The same weekday typed on each day of one week (Monday 23 to Sunday 29
# November 2026): what "friday" and its kin mean for an action due and a visit.
WEEK = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]


@pytest.mark.parametrize("typed_on", WEEK, ids=lambda d: f"{d:%A}")
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_every_weekday_typed_on_every_weekday(typed_on: date, weekday: str) -> None:
    target = WEEKDAYS.index(weekday)
    days_ahead = (target - typed_on.weekday()) % 7 or 7  # never 0: "friday" on a Friday is next
    days_back = (typed_on.weekday() - target) % 7 or 7
    due = typed_on + timedelta(days=days_ahead)
    assert parse_date(weekday, today=typed_on, prefer="future") == due
    assert parse_date(f"by {weekday}", today=typed_on, prefer="future") == due
    assert parse_date(weekday[:3], today=typed_on, prefer="future") == due
    assert split_due(f"ring school by {weekday}", typed_on) == ("ring school", due)
    assert parse_date(weekday, today=typed_on) == due
    assert parse_date(weekday, today=typed_on, prefer="past") == typed_on - timedelta(days_back)
    assert parse_date(f"last {weekday}", today=typed_on) == typed_on - timedelta(days_back)
    assert parse_date(f"{weekday} week", today=typed_on) == due + timedelta(days=7)
    # "this friday" is the only weekday word that can be today.
    this = typed_on + timedelta(days=(target - typed_on.weekday()) % 7)
    assert parse_date(f"this {weekday}", today=typed_on, prefer="future") == this
    # "next friday": the Friday of next week (Monday 30 November to Sunday 6 December).
    following = date(2026, 11, 30) + timedelta(days=target)
    assert parse_date(f"next {weekday}", today=typed_on, prefer="future") == following


def test_month_first_is_refused_with_what_it_would_have_meant() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("11/23/2026", today=THURSDAY)
    message = str(info.value)
    assert "month first" in message and "Monday 23 November 2026" in message
    assert "23/11/2026" in message


@pytest.mark.parametrize("text", ["31/02/2026", "30 feb", "2026-13-01", "32 Dec"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        parse_date(text, today=THURSDAY)


@pytest.mark.parametrize("text", ["", "someday", "next blursday", "in many weeks", "soon"])
def test_unreadable_text_says_how_to_write_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="22/11/2026"):
        parse_date(text, today=THURSDAY)


@settings(max_examples=300, deadline=None)
@given(day=days)
def test_fixed_forms_round_trip(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d.%m.%Y}",
        f"{day.day} {day:%b %Y}",
        f"{day.day} {day:%B %Y}",
    ):
        assert parse_date(text, today=THURSDAY) == day, text


@settings(max_examples=300, deadline=None)
@given(today=days, weekday=st.sampled_from(WEEKDAYS))
def test_weekdays_land_where_they_should(today: date, weekday: str) -> None:
    target = WEEKDAYS.index(weekday)
    coming = parse_date(weekday, today=today, prefer="future")
    assert coming.weekday() == target and 1 <= (coming - today).days <= 7
    assert parse_date(weekday, today=today) == coming
    gone = parse_date(weekday, today=today, prefer="past")
    assert gone.weekday() == target and 1 <= (today - gone).days <= 7
    this = parse_date(f"this {weekday}", today=today)
    assert this.weekday() == target and 0 <= (this - today).days <= 6
    week_on = parse_date(f"{weekday} week", today=today)
    assert week_on == coming + timedelta(days=7)
    following = parse_date(f"next {weekday}", today=today)
    monday = today - timedelta(days=today.weekday())
    assert following.weekday() == target and (following - monday).days // 7 == 1
    previous = parse_date(f"last {weekday}", today=today)
    assert previous.weekday() == target and 1 <= (today - previous).days <= 7


@settings(max_examples=300, deadline=None)
@given(today=days, count=st.integers(1, 60))
def test_counted_days_and_weeks(today: date, count: int) -> None:
    assert parse_date(f"in {count} days", today=today) == today + timedelta(days=count)
    assert parse_date(f"in {count} weeks", today=today) == today + timedelta(weeks=count)
    assert parse_date(f"{count} days ago", today=today) == today - timedelta(days=count)


@settings(max_examples=300, deadline=None)
@given(today=days, day=days)
def test_a_date_without_its_year_is_the_nearest_on_the_preferred_side(
    today: date, day: date
) -> None:
    text = f"{day.day} {day:%b}"
    ahead = parse_date(text, today=today, prefer="future")
    behind = parse_date(text, today=today, prefer="past")
    assert (ahead.month, ahead.day) == (behind.month, behind.day) == (day.month, day.day)
    assert today <= ahead <= today + timedelta(days=366 * 4)
    assert today - timedelta(days=366 * 4) <= behind <= today
    nearest = parse_date(text, today=today)
    assert abs((nearest - today).days) <= min((ahead - today).days, (today - behind).days)
    if (day.month, day.day) != (2, 29):
        assert (ahead - today).days < 366 and (today - behind).days < 366


@settings(max_examples=300, deadline=None)
@given(today=days)
def test_end_of_the_month_is_its_last_day(today: date) -> None:
    end = parse_date("end of the month", today=today)
    assert end.month == today.month and end >= today
    assert (end + timedelta(days=1)).day == 1


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=40))
def test_any_text_gives_a_date_or_a_sentence(text: str) -> None:
    try:
        parse_date(text, today=THURSDAY)
    except ValueError as exc:
        assert str(exc).endswith(".")


def test_split_due_takes_a_date_off_the_end() -> None:
    assert split_due("ring school by friday", THURSDAY) == ("ring school", date(2026, 11, 27))
    assert split_due("Book the review on 3 Dec", THURSDAY) == ("Book the review", date(2026, 12, 3))
    assert split_due("Talk it through before next tuesday", THURSDAY) == (
        "Talk it through",
        date(2026, 12, 1),
    )
    assert split_due("Ask about the by-laws", THURSDAY) == ("Ask about the by-laws", None)
    assert split_due("Stand by them", THURSDAY) == ("Stand by them", None)
