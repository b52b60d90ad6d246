"""Times and dates as the journal stores them: UTC text in SQLAlchemy's format."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def utcnow() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A time as stored: UTC in the text SQLAlchemy writes, microseconds always present."""
    if moment.utcoffset() is not None:
        moment = moment.astimezone(UTC)
    if moment.year < 1000:
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")  # the year as strftime writes it
    # The same text as that strftime, in half the time (an import stamps
    # every entry three times): the offset, if any, is cut off.
    return moment.isoformat(" ", "microseconds")[:26]


def to_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        if len(text) == 26 and text[19] == ".":
            # As `stamp` writes it (UTC, no offset): read with its offset in one
            # step, a tenth of the time of reading and then replacing (a term's
            # export reads 7,000 of them).
            return datetime.fromisoformat(text + "+00:00")
        moment = datetime.fromisoformat(text)
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def opt_datetime(value: Any) -> datetime | None:
    return None if value is None else to_datetime(value)
