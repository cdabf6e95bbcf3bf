"""Working days and public holidays of a customer's region, as plain Python.

Built on the ``holidays`` package, which knows each country's (and subdivision's)
public holidays and, for China, the adjusted working weekends (调休: a Saturday or
Sunday worked to make a holiday week longer). A day is a working day when it is a
weekday that is not a holiday, or a weekend day the government made a working day.

Two rules live here because every deadline in the service depends on them:

* a first-response clock runs only on working days: a request received on a day off
  counts as received at the start of the next working day, and each working day adds
  24 hours to the clock (``working_deadline``);
* holiday care happens before each *holiday break* — the run of consecutive days off
  that contains at least one public holiday (``holiday_breaks``), not before each
  holiday name, so the Spring Festival week gets one care date, not four.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays

ONE_DAY = dt.timedelta(days=1)
#: Entries that only move a day off around (调休) and are not holidays of their own.
_SUBSTITUTE = re.compile(r"^(day off|substituted)", re.IGNORECASE)
_OBSERVED = re.compile(r"\s*\((observed|estimated)[^)]*\)\s*$", re.IGNORECASE)
_OBSERVED_ZH = re.compile(r"\s*[（(][^）)]*[）)]\s*$")


@dataclass(frozen=True)
class HolidayBreak:
    """A run of consecutive days off around at least one public holiday.

    ``start`` and ``end`` are inclusive and include the weekend days that join the
    holiday; ``names`` are the holidays in it (English), without "(observed)" and
    substitute day-off entries, in calendar order; ``names_zh`` the same in Chinese
    where the calendar has Chinese names, else in English.
    """

    start: dt.date
    end: dt.date
    names: tuple[str, ...]
    names_zh: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class WorkCalendar:
    """The working-day calendar of one region (ISO country code, optional subdivision).

    Years are loaded on demand, so a calendar can answer for any date; an unknown
    country raises ``ValueError`` naming it.
    """

    def __init__(self, country: str, subdivision: str = "") -> None:
        self.country = country.upper()
        self.subdivision = subdivision.upper()
        try:
            self._holidays: Any = _calendar(self.country, self.subdivision, "en_US")
        except NotImplementedError as exc:
            raise ValueError(
                f"no holiday calendar for country {country!r} subdivision {subdivision!r}"
            ) from exc
        zh = "zh_CN" if "zh_CN" in (self._holidays.supported_languages or ()) else "en_US"
        self._holidays_zh: Any = _calendar(self.country, self.subdivision, zh)

    def __repr__(self) -> str:
        region = f"{self.country}-{self.subdivision}" if self.subdivision else self.country
        return f"WorkCalendar({region})"

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday on ``day`` (names joined by "; "), or None."""
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: dt.date) -> bool:
        """Weekdays that are not holidays, plus weekend days made working days (调休)."""
        return bool(self._holidays.is_working_day(day))

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (``count`` ≥ 0; 0 → ``day`` itself
        moved forward to a working day)."""
        if count < 0:
            raise ValueError("count must not be negative")
        current = self.next_working_day(day) if count == 0 else day
        for _ in range(count):
            current = self.next_working_day(current + ONE_DAY)
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open range ``[start, end)``."""
        count, day = 0, start
        while day < end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def working_deadline(self, received: dt.datetime, working_days: int) -> dt.datetime:
        """When a response is due, ``working_days`` working days after ``received``.

        ``received`` is a wall-clock time in the region (naive or aware; the answer keeps
        its tzinfo). On a working day the clock starts at once; on a day off it starts
        at midnight of the next working day. Each working day adds 24 hours, and days
        off in between are skipped, so "1 working day" from Friday 17:00 is Monday
        17:00, and from the first day of the National Day week it is the end of the
        first working day after the break.
        """
        if working_days < 1:
            raise ValueError("working_days must be at least 1")
        day = received.date()
        if self.is_working_day(day):
            start_day, clock = day, received.timetz()
        else:
            start_day, clock = self.next_working_day(day), dt.time(0, tzinfo=received.tzinfo)
        due_day = self.add_working_days(start_day, working_days)
        return dt.datetime.combine(due_day, clock)

    def holiday_breaks(self, start: dt.date, end: dt.date) -> list[HolidayBreak]:
        """The holiday breaks that begin within ``[start, end]`` (inclusive), in order."""
        breaks: list[HolidayBreak] = []
        day = start
        # Step back so a break already running at ``start`` is seen whole, then dropped.
        while not self.is_working_day(day - ONE_DAY) and (start - day).days < 31:
            day -= ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                day += ONE_DAY
                continue
            run_start = day
            names: list[str] = []
            names_zh: list[str] = []
            while not self.is_working_day(day):
                for name, name_zh in _holiday_names(self.holiday_name(day), self._zh_name(day)):
                    if name not in names:
                        names.append(name)
                    if name_zh not in names_zh:
                        names_zh.append(name_zh)
                day += ONE_DAY
            if names and start <= run_start <= end:
                breaks.append(HolidayBreak(run_start, day - ONE_DAY, tuple(names), tuple(names_zh)))
        return breaks

    def _zh_name(self, day: dt.date) -> str:
        name = self._holidays_zh.get(day)
        return str(name) if name else ""


def _holiday_names(raw: str | None, raw_zh: str) -> Iterator[tuple[str, str]]:
    """(English, Chinese) names of the real holidays among one day's entries."""
    parts = (raw or "").split(";")
    parts_zh = raw_zh.split(";") if raw_zh.count(";") == len(parts) - 1 else parts
    for part, part_zh in zip(parts, parts_zh, strict=True):
        name = _OBSERVED.sub("", part.strip())
        if name and not _SUBSTITUTE.match(name):
            yield name, _OBSERVED_ZH.sub("", part_zh.strip()) or name


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str, language: str) -> Any:
    # Expanding calendars load each year the first time a date in it is asked for.
    try:
        return holidays.country_holidays(
            country, subdiv=subdivision or None, language=language, expand=True
        )
    except NotImplementedError:
        if not subdivision:
            raise
        # An unknown subdivision falls back to the national calendar.
        return holidays.country_holidays(country, language=language, expand=True)


def care_date(holiday_break: HolidayBreak, days_before: int, calendar: Any) -> dt.date:
    """The day to reach out before a break: ``days_before`` days ahead of it, moved back
    to a working day so the greeting never lands on a day off."""
    return calendar.previous_working_day(holiday_break.start - dt.timedelta(days=days_before))
