"""Counts and time to resolve for a set of tickets, and the quarters a review covers.

A review's quarter is the customer's calendar quarter (``2026Q3``) in the customer's
timezone: a ticket opened at 2026-06-30 17:00 UTC is a Q3 ticket in Shanghai. Time to
resolve is the hours from ``opened`` to ``closed`` of tickets that are resolved or closed
and carry a close time; percentiles interpolate between ranks (Excel's PERCENTILE.INC),
so the figures can be checked by hand in a spreadsheet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from math import floor
from statistics import fmean, median
from typing import Protocol
from zoneinfo import ZoneInfo

from netcare.problems.tickets.model import CLOSED_STATUSES, SEVERITIES, STATUSES

__all__ = [
    "ResolveTime",
    "Stats",
    "TicketLike",
    "by_quarter",
    "percentile",
    "quarter_bounds",
    "quarter_of",
    "ticket_stats",
]

DEFAULT_TZ = "Asia/Shanghai"
_QUARTER = re.compile(r"\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*")


class TicketLike(Protocol):
    """What the statistics read of a ticket (a TicketRecord or a stored ticket row)."""

    @property
    def severity(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def product(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def root_cause(self) -> str: ...
    @property
    def opened(self) -> datetime: ...
    @property
    def closed(self) -> datetime | None: ...


def quarter_of(d: date | datetime, tz: str = DEFAULT_TZ) -> str:
    """``"2026Q3"`` for a day or moment; an aware datetime is first seen in ``tz``."""
    if isinstance(d, datetime) and d.tzinfo is not None:
        d = d.astimezone(ZoneInfo(tz))
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str, tz: str = DEFAULT_TZ) -> tuple[datetime, datetime]:
    """The first moment of ``quarter`` and the first moment after it, aware in ``tz``
    (``start <= opened < end`` is "opened in the quarter").

    Accepts ``2026Q3``, ``2026-Q3``, ``2026q3``; raises ``ValueError`` for anything else.
    """
    match = _QUARTER.fullmatch(quarter)
    if match is None:
        raise ValueError(f"not a quarter: {quarter!r} (expected e.g. 2026Q3)")
    year, number = int(match[1]), int(match[2])
    zone = ZoneInfo(tz)
    start = datetime.combine(date(year, 3 * number - 2, 1), time(), zone)
    end_day = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return start, datetime.combine(end_day, time(), zone)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0…1) by linear interpolation between ranks; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class ResolveTime:
    """Hours from opening to closing over ``count`` closed tickets (None when 0)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    mean: float | None = None

    @classmethod
    def of(cls, hours: Sequence[float]) -> ResolveTime:
        if not hours:
            return cls()
        return cls(len(hours), median(hours), percentile(hours, 0.9), fmean(hours))


@dataclass(frozen=True)
class Stats:
    """The figures of a problem review for one set of tickets.

    ``by_severity`` and ``by_status`` hold every word of their vocabulary in its order
    (zeros included, so charts keep their axes); a value outside it is added after.
    ``by_product``, ``by_category`` and ``by_root_cause`` hold only what occurs, most
    frequent first (ties by name); "" is "not given". ``by_root_cause`` counts closed
    tickets only — an open ticket's cause is not established — and the closed ones
    without a cause yet are ``missing_root_cause``. ``resolve_by_severity`` has every
    severity.
    """

    total: int
    open: int
    closed: int
    by_severity: dict[str, int]
    by_status: dict[str, int]
    by_product: dict[str, int]
    by_category: dict[str, int]
    by_root_cause: dict[str, int]
    missing_root_cause: int
    resolve: ResolveTime
    resolve_by_severity: dict[str, ResolveTime]


def _ordered(counts: Counter[str], vocabulary: Sequence[str]) -> dict[str, int]:
    result = {word: counts.get(word, 0) for word in vocabulary}
    result.update({word: n for word, n in sorted(counts.items()) if word not in result})
    return result


def _frequent(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0] == "", item[0])))


def _hours(ticket: TicketLike) -> float | None:
    if ticket.status not in CLOSED_STATUSES or ticket.closed is None:
        return None
    return (ticket.closed - ticket.opened).total_seconds() / 3600


def ticket_stats(tickets: Iterable[TicketLike]) -> Stats:
    """Counts by severity, status, product, category and root cause, and the time to
    resolve overall and per severity, of ``tickets`` (any iterable, read once)."""
    items = list(tickets)
    closed = [t for t in items if t.status in CLOSED_STATUSES]
    hours: list[float] = []
    per_severity: dict[str, list[float]] = {s: [] for s in SEVERITIES}
    for ticket in items:
        value = _hours(ticket)
        if value is not None:
            hours.append(value)
            per_severity.setdefault(ticket.severity, []).append(value)
    causes = Counter(t.root_cause for t in closed if t.root_cause)
    return Stats(
        total=len(items),
        open=len(items) - len(closed),
        closed=len(closed),
        by_severity=_ordered(Counter(t.severity for t in items), SEVERITIES),
        by_status=_ordered(Counter(t.status for t in items), STATUSES),
        by_product=_frequent(Counter((t.product or "").strip() for t in items)),
        by_category=_frequent(Counter((t.category or "").strip() for t in items)),
        by_root_cause=_frequent(causes),
        missing_root_cause=sum(1 for t in closed if not t.root_cause),
        resolve=ResolveTime.of(hours),
        resolve_by_severity={s: ResolveTime.of(v) for s, v in per_severity.items()},
    )


def by_quarter(tickets: Iterable[TicketLike], tz: str = DEFAULT_TZ) -> dict[str, Stats]:
    """:func:`ticket_stats` per quarter the tickets were opened in, oldest first."""
    groups: dict[str, list[TicketLike]] = {}
    for ticket in tickets:
        groups.setdefault(quarter_of(ticket.opened, tz), []).append(ticket)
    return {quarter: ticket_stats(groups[quarter]) for quarter in sorted(groups)}
