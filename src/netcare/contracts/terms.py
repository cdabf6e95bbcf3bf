"""Contract-year arithmetic and the person-day rule, as plain Python.

Kept free of Django so the rules can be tested exhaustively on their own: yearly quotas
apply per contract year counted from the start date; a final partial year gets a
pro-rated quota rounded down to half a day; 8 hours on site or travelling make one
person-day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

HOURS_PER_PERSON_DAY = Decimal(8)
HALF = Decimal("0.5")


@dataclass(frozen=True)
class ContractYear:
    """One contract year: ``index`` 1-based, both dates inclusive; ``partial`` when cut
    short by the contract's end."""

    index: int
    start: dt.date
    end: dt.date
    partial: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def contract_years(start: dt.date, end: dt.date) -> list[ContractYear]:
    """The contract years of a term from ``start`` to ``end`` inclusive."""
    if end < start:
        raise ValueError(f"contract ends ({end}) before it starts ({start})")
    years: list[ContractYear] = []
    index = 1
    year_start = start
    while year_start <= end:
        full_end = add_years(start, index) - dt.timedelta(days=1)
        year_end = min(full_end, end)
        years.append(ContractYear(index, year_start, year_end, partial=year_end < full_end))
        year_start = year_end + dt.timedelta(days=1)
        index += 1
    return years


def year_of(start: dt.date, end: dt.date, day: dt.date) -> ContractYear:
    """The contract year that contains ``day``; outside the term is an error."""
    for year in contract_years(start, end):
        if year.contains(day):
            return year
    raise ValueError(f"{day} is outside the contract term {start} – {end}")


def round_down_half(value: Decimal) -> Decimal:
    return (value / HALF).to_integral_value(rounding=ROUND_FLOOR) * HALF


def prorated_quota(yearly: Decimal, year: ContractYear, start: dt.date) -> Decimal:
    """The quota of one contract year: full, or pro-rated by days for a partial final year
    and rounded down to half a unit (4 days over half a year → 2.0; over 100 days → 1.0)."""
    if not year.partial:
        return yearly
    full_days = (add_years(start, year.index) - add_years(start, year.index - 1)).days
    return round_down_half(yearly * Decimal(year.days) / Decimal(full_days))


def person_days(hours_onsite: Decimal, hours_travel: Decimal, *, travel_included: bool) -> Decimal:
    """Person-days for a visit: 8 hours on site (or travelling, when travel counts) make one
    day, rounded up to the next half day since engineers are booked in half days."""
    hours = hours_onsite + (hours_travel if travel_included else Decimal(0))
    if hours < 0:
        raise ValueError("hours cannot be negative")
    halves = math.ceil(hours / HOURS_PER_PERSON_DAY / HALF)
    return Decimal(halves) * HALF
