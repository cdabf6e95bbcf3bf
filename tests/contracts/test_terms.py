"""Contract-year and person-day arithmetic on real term shapes."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcare.contracts import terms


def test_two_full_years_from_mid_month() -> None:
    years = terms.contract_years(dt.date(2025, 12, 15), dt.date(2027, 12, 14))
    assert [(y.start, y.end, y.partial) for y in years] == [
        (dt.date(2025, 12, 15), dt.date(2026, 12, 14), False),
        (dt.date(2026, 12, 15), dt.date(2027, 12, 14), False),
    ]


def test_leap_day_start_and_partial_final_year() -> None:
    years = terms.contract_years(dt.date(2024, 2, 29), dt.date(2026, 8, 31))
    assert years[0].end == dt.date(2025, 2, 27)  # 2025-02-28 is the anniversary
    assert years[1].start == dt.date(2025, 2, 28) and years[1].end == dt.date(2026, 2, 27)
    assert years[2].partial and years[2].end == dt.date(2026, 8, 31)


def test_prorated_quota_rounds_down_to_half() -> None:
    start = dt.date(2026, 1, 1)
    years = terms.contract_years(start, dt.date(2028, 6, 30))
    assert terms.prorated_quota(Decimal(4), years[0], start) == Decimal(4)
    # 182 of 366 days (2028 is a leap year) of 4 days = 1.99 → 1.5
    assert years[2].days == 182
    assert terms.prorated_quota(Decimal(4), years[2], start) == Decimal("1.5")
    short = terms.contract_years(start, dt.date(2027, 4, 10))[1]  # 100 days
    assert terms.prorated_quota(Decimal(4), short, start) == Decimal("1.0")


@pytest.mark.parametrize(
    ("onsite", "travel", "included", "expected"),
    [
        ("8", "0", True, "1"),
        ("6", "2", True, "1"),
        ("6", "2", False, "1"),
        ("12", "4", True, "2"),
        ("3", "1", True, "0.5"),
        ("8.5", "0", True, "1.5"),
        ("0", "0", True, "0"),
    ],
)
def test_person_days_rule(onsite: str, travel: str, included: bool, expected: str) -> None:
    assert terms.person_days(Decimal(onsite), Decimal(travel), travel_included=included) == Decimal(
        expected
    )


@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    days=st.integers(min_value=0, max_value=365 * 6),
)
def test_contract_years_tile_the_term(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    years = terms.contract_years(start, end)
    assert years[0].start == start and years[-1].end == end
    for before, after in itertools.pairwise(years):
        assert after.start == before.end + dt.timedelta(days=1)
        assert not before.partial
    assert all(1 <= y.days <= 366 for y in years)


@given(hours=st.decimals(min_value=0, max_value=200, places=1))
def test_person_days_cover_the_hours(hours: Decimal) -> None:
    days = terms.person_days(hours, Decimal(0), travel_included=True)
    assert (days * 8 >= hours and (days - Decimal("0.5")) * 8 < hours) or days == 0


def test_term_ending_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        terms.contract_years(dt.date(2026, 1, 2), dt.date(2026, 1, 1))
