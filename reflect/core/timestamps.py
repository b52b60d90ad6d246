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
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def to_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def to_datetime(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def opt_datetime(value: Any) -> datetime | None:
    return None if value is None else to_datetime(value)
