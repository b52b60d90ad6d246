"""Times as the journal stores them read back exactly (`reflect.core.timestamps`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from reflect.core.timestamps import stamp, to_datetime


def read_then_replaced(value: object) -> datetime:
    """`to_datetime` as it was: read, then given UTC if it had no offset (the reference)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(-timedelta(hours=5))]),
)


@given(moments)
def test_a_stored_time_reads_back_as_the_same_moment_in_utc(moment: datetime) -> None:
    text = stamp(moment)
    read = to_datetime(text)
    assert read == moment and read.tzinfo is UTC
    assert (read, read.tzinfo) == (read_then_replaced(text), read_then_replaced(text).tzinfo)


@given(moments, st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d"]))
def test_other_forms_read_as_before(moment: datetime, form: str) -> None:
    text = moment.strftime(form)
    assert to_datetime(text) == read_then_replaced(text)
    assert to_datetime(moment) == read_then_replaced(moment)


def stamped_by_strftime(moment: datetime) -> str:
    """`stamp` as it was: UTC, then strftime (the reference)."""
    if moment.utcoffset() is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.none()
        | st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(-timedelta(hours=5))]),
    )
)
def test_a_time_is_stored_as_strftime_wrote_it(moment: datetime) -> None:
    # Naive or with any offset, before the year 1000 or after (strftime
    # does not pad the year; isoformat, quicker, does).
    assert stamp(moment) == stamped_by_strftime(moment)
