"""Working days on real regional calendars: China's holiday weeks with their adjusted
working weekends (调休), the first-response clock, and holiday breaks for care dates."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.core.workdays import WorkCalendar, care_date

SHANGHAI = WorkCalendar("CN", "SH")
D = dt.date


def test_national_day_week_and_its_working_weekends() -> None:
    # 2026: 1–7 October off; Sunday 20 September and Saturday 10 October are worked.
    assert [SHANGHAI.is_working_day(D(2026, 10, d)) for d in range(1, 11)] == [
        False, False, False, False, False, False, False, True, True, True,
    ]  # fmt: skip
    assert SHANGHAI.is_working_day(D(2026, 9, 20))  # a Sunday made a working day
    assert not SHANGHAI.is_working_day(D(2026, 9, 19))  # an ordinary Saturday
    assert SHANGHAI.holiday_name(D(2026, 10, 1)) == "National Day"


def test_spring_festival_2025_working_sunday() -> None:
    assert SHANGHAI.is_working_day(D(2025, 1, 26))  # Sunday before the Spring Festival
    assert not SHANGHAI.is_working_day(D(2025, 2, 3))  # the day off it paid for
    assert SHANGHAI.working_days_between(D(2025, 1, 27), D(2025, 2, 10)) == 5


def test_add_working_days_skips_the_holiday_week() -> None:
    assert SHANGHAI.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert SHANGHAI.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 8)
    assert SHANGHAI.add_working_days(D(2026, 9, 18), 1) == D(2026, 9, 20)  # Fri → worked Sun


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Wednesday 17:00, the eve of National Day: due the first working day after.
        (dt.datetime(2026, 9, 30, 17, 0), 1, dt.datetime(2026, 10, 8, 17, 0)),
        # During the break the clock starts at midnight of the first working day.
        (dt.datetime(2026, 10, 3, 11, 0), 1, dt.datetime(2026, 10, 9, 0, 0)),
        # Friday 17:00 → Monday 17:00 on an ordinary weekend.
        (dt.datetime(2026, 11, 13, 17, 0), 1, dt.datetime(2026, 11, 16, 17, 0)),
        # Saturday 19 September 2026: the Sunday after is worked, so the clock runs then.
        (dt.datetime(2026, 9, 19, 10, 0), 1, dt.datetime(2026, 9, 21, 0, 0)),
        (dt.datetime(2026, 9, 29, 9, 0), 3, dt.datetime(2026, 10, 9, 9, 0)),
    ],
)
def test_working_deadline(received: dt.datetime, days: int, due: dt.datetime) -> None:
    assert SHANGHAI.working_deadline(received, days) == due


def test_working_deadline_keeps_the_time_zone() -> None:
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    due = SHANGHAI.working_deadline(dt.datetime(2026, 9, 30, 17, 0, tzinfo=zone), 1)
    assert due.tzinfo is zone and due.isoformat() == "2026-10-08T17:00:00+08:00"
    with pytest.raises(ValueError):
        SHANGHAI.working_deadline(dt.datetime(2026, 9, 30), 0)


def test_holiday_breaks_and_care_dates_2026() -> None:
    breaks = SHANGHAI.holiday_breaks(D(2026, 1, 1), D(2026, 12, 31))
    starts = [b.start for b in breaks]
    assert starts == [
        D(2026, 1, 1), D(2026, 2, 15), D(2026, 4, 4), D(2026, 5, 1),
        D(2026, 6, 19), D(2026, 9, 25), D(2026, 10, 1),
    ]  # fmt: skip
    spring = breaks[1]
    assert spring.end == D(2026, 2, 23) and spring.days == 9
    assert spring.names_zh == ("农历除夕", "春节")
    assert all("Day off" not in n for b in breaks for n in b.names)
    # Three days before the National Day break, moved back off the weekend.
    assert care_date(breaks[-1], 3, SHANGHAI) == D(2026, 9, 28)
    assert care_date(breaks[0], 3, SHANGHAI) == D(2025, 12, 29)


def test_other_countries_and_unknown_regions() -> None:
    california = WorkCalendar("US", "CA")
    assert not california.is_working_day(D(2026, 7, 3))  # Independence Day observed
    [july] = california.holiday_breaks(D(2026, 7, 1), D(2026, 7, 10))
    assert july.names == july.names_zh == ("Independence Day",)  # no Chinese names: English
    with pytest.raises(ValueError, match="ZZ"):
        WorkCalendar("ZZ")
    assert WorkCalendar("CN", "NOPE").is_working_day(D(2026, 9, 20))  # national fallback


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=days, count=st.integers(min_value=0, max_value=40))
def test_add_working_days_properties(start: dt.date, count: int) -> None:
    result = SHANGHAI.add_working_days(start, count)
    assert SHANGHAI.is_working_day(result) and result >= start
    if SHANGHAI.is_working_day(start):
        assert SHANGHAI.working_days_between(start, result) == count


@settings(max_examples=200, deadline=None)
@given(
    received=st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2028, 6, 30)),
    count=st.integers(min_value=1, max_value=10),
)
def test_deadline_properties(received: dt.datetime, count: int) -> None:
    due = SHANGHAI.working_deadline(received, count)
    assert due > received
    assert SHANGHAI.is_working_day(due.date()) or due.time() == dt.time(0)
    # Never more than the working days asked for plus the days off in between.
    span = SHANGHAI.working_days_between(received.date(), due.date())
    assert span in {count, count + 1} or not SHANGHAI.is_working_day(received.date())


@settings(max_examples=60, deadline=None)
@given(start=days, length=st.integers(min_value=1, max_value=400))
def test_breaks_are_days_off_around_a_holiday(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    for holiday in SHANGHAI.holiday_breaks(start, end):
        assert start <= holiday.start <= end and holiday.names
        assert SHANGHAI.is_working_day(holiday.start - dt.timedelta(days=1))
        assert SHANGHAI.is_working_day(holiday.end + dt.timedelta(days=1))
        day = holiday.start
        while day <= holiday.end:
            assert not SHANGHAI.is_working_day(day)
            day += dt.timedelta(days=1)
        assert SHANGHAI.is_working_day(care_date(holiday, 3, SHANGHAI))
