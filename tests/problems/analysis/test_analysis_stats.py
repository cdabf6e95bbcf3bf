"""Counts and time to resolve on a small set worked out by hand, and quarters in the
customer's timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from netcare.problems.analysis import (
    ResolveTime,
    by_quarter,
    quarter_bounds,
    quarter_of,
    ticket_stats,
)
from netcare.problems.analysis.stats import percentile
from netcare.problems.tickets import TicketRecord

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 7, 1, 9, 0, tzinfo=SH)


@dataclass
class Row:
    """Not a TicketRecord: any object with the attributes will do (a stored ticket row)."""

    severity: str
    status: str
    opened: datetime
    closed: datetime | None = None
    product: str = ""
    category: str = ""
    root_cause: str = ""


def row(severity: str, status: str, hours: float | None, **extra: str) -> Row:
    closed = START + timedelta(hours=hours) if hours is not None else None
    return Row(severity, status, START, closed, **extra)


# Closed in 2 h, 4 h, 10 h and 20 h; one resolved without a close time; two open.
TICKETS = [
    row("critical", "closed", 2, product="CE12800", category="链路", root_cause="hardware"),
    row("major", "resolved", 4, product="CE12800", category="路由", root_cause="software"),
    row("major", "closed", 10, product="S6850", category="链路", root_cause="hardware"),
    row("minor", "closed", 20, product="S6850", category="链路"),
    row("minor", "closed", None, product="", category="咨询", root_cause="configuration"),
    row("info", "open", None, product="S5735", root_cause="hardware"),
    row("major", "in_progress", 5, product="S5735"),  # a close time on an open ticket: ignored
]


def test_counts() -> None:
    stats = ticket_stats(TICKETS)
    assert (stats.total, stats.open, stats.closed) == (7, 2, 5)
    assert stats.by_severity == {"critical": 1, "major": 3, "minor": 2, "info": 1}
    assert list(stats.by_status.items()) == [
        ("open", 1),
        ("in_progress", 1),
        ("waiting", 0),
        ("resolved", 1),
        ("closed", 4),
    ]
    assert list(stats.by_product.items()) == [("CE12800", 2), ("S5735", 2), ("S6850", 2), ("", 1)]
    assert list(stats.by_category.items()) == [("链路", 3), ("", 2), ("咨询", 1), ("路由", 1)]
    # Root causes of closed tickets only; the open "hardware" ticket is not counted.
    assert list(stats.by_root_cause.items()) == [
        ("hardware", 2),
        ("configuration", 1),
        ("software", 1),
    ]
    assert stats.missing_root_cause == 1


def test_time_to_resolve() -> None:
    stats = ticket_stats(TICKETS)
    # Hours 2, 4, 10, 20: median (4+10)/2 = 7; p90 at rank 0.9*3 = 2.7 → 10 + 0.7*10 = 17.
    assert stats.resolve == ResolveTime(count=4, median=7.0, p90=17.0, mean=9.0)
    assert stats.resolve_by_severity["critical"] == ResolveTime(1, 2.0, 2.0, 2.0)
    assert stats.resolve_by_severity["major"] == ResolveTime(2, 7.0, pytest.approx(9.4), 7.0)
    assert stats.resolve_by_severity["minor"] == ResolveTime(1, 20.0, 20.0, 20.0)
    assert stats.resolve_by_severity["info"] == ResolveTime()


def test_empty_set() -> None:
    stats = ticket_stats([])
    assert stats.total == 0 and stats.resolve == ResolveTime()
    assert stats.by_severity == {"critical": 0, "major": 0, "minor": 0, "info": 0}
    assert stats.by_root_cause == {} and stats.by_product == {}


def test_words_outside_the_vocabulary_are_counted_after_it() -> None:
    stats = ticket_stats([row("blocker", "closed", 1), row("minor", "reopened", None)])
    assert list(stats.by_severity) == ["critical", "major", "minor", "info", "blocker"]
    assert stats.by_status["reopened"] == 1


def test_ticket_records_and_generators_are_accepted() -> None:
    records = (
        TicketRecord("A", "t", "minor", "closed", START, START + timedelta(hours=3)) for _ in "ab"
    )
    assert ticket_stats(records).resolve.median == 3.0


def test_percentile() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == pytest.approx(
        9.1
    )
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0


@pytest.mark.parametrize(
    ("moment", "quarter"),
    [
        (date(2026, 1, 1), "2026Q1"),
        (date(2026, 3, 31), "2026Q1"),
        (date(2026, 4, 1), "2026Q2"),
        (date(2026, 12, 31), "2026Q4"),
        (datetime(2026, 9, 30, 23, 59), "2026Q3"),  # naive: taken as it is
        (datetime(2026, 9, 30, 16, 30, tzinfo=UTC), "2026Q4"),  # 00:30 on 1 October in Shanghai
        (datetime(2026, 7, 1, 0, 30, tzinfo=SH), "2026Q3"),
    ],
)
def test_quarter_of(moment: date, quarter: str) -> None:
    assert quarter_of(moment) == quarter


def test_quarter_of_in_another_timezone() -> None:
    assert quarter_of(datetime(2026, 9, 30, 16, 30, tzinfo=UTC), "UTC") == "2026Q3"


def test_quarter_bounds() -> None:
    assert quarter_bounds("2026Q3") == (
        datetime(2026, 7, 1, tzinfo=SH),
        datetime(2026, 10, 1, tzinfo=SH),
    )
    start, end = quarter_bounds("2026-q4", "UTC")
    assert (start, end) == (datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    assert quarter_bounds("2026Q1")[0].utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", ["2026Q5", "2026", "Q3 2026", "26Q1", ""])
def test_bad_quarters(text: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        quarter_bounds(text)


def test_by_quarter_groups_by_opening_in_order() -> None:
    late = Row("major", "closed", datetime(2026, 9, 30, 17, 0, tzinfo=UTC), None)  # Q4 locally
    early = Row("minor", "open", datetime(2026, 2, 1, tzinfo=SH))
    middle = Row("minor", "open", datetime(2026, 8, 1, tzinfo=SH))
    result = by_quarter([late, middle, early])
    assert list(result) == ["2026Q1", "2026Q3", "2026Q4"]
    assert [s.total for s in result.values()] == [1, 1, 1]
    assert result["2026Q4"].by_severity["major"] == 1
    assert list(by_quarter([late], tz="UTC")) == ["2026Q3"]
