"""The onsite support record as plain data, for the report builder (no Django import).

``services.records.visit_record`` fills it from the database; ``reports`` renders it;
a test can build one by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class DayRow:
    """One logged day: hours as given, the hours the contract counts, person-days."""

    date: dt.date
    hours_onsite: Decimal
    hours_travel: Decimal
    counted_hours: Decimal
    person_days: Decimal
    note: str = ""


@dataclass(frozen=True)
class QuotaRow:
    """The contract year's quota after this visit."""

    contract: str
    year: int
    period_start: dt.date
    period_end: dt.date
    quota: Decimal
    used: Decimal
    left: Decimal
    travel_included: bool


@dataclass(frozen=True)
class VisitRecord:
    """Everything the onsite support record (现场技术支持记录) says about one visit."""

    number: int
    customer_name: str
    title: str
    purpose: str
    engineer: str
    dispatched_by: str
    site: str
    planned_date: dt.date
    request: str
    days: list[DayRow]
    work_done: str
    follow_ups: list[str]
    quota: QuotaRow | None
    author: str
    reviewer: str
    issued: dt.date
    version: str = "1.0"
    customer_name_en: str = ""
    approval: tuple[str, str] | None = None
    other_visits: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def person_days(self) -> Decimal:
        return sum((d.person_days for d in self.days), Decimal(0))

    @property
    def first_day(self) -> dt.date:
        return min((d.date for d in self.days), default=self.planned_date)

    @property
    def last_day(self) -> dt.date:
        return max((d.date for d in self.days), default=self.planned_date)
