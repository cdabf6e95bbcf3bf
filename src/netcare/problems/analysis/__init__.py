"""Ticket analysis for the quarterly problem review: counts and time to resolve per
quarter (:mod:`.stats`) and problems that recur across quarters (:mod:`.recurrence`).

Plain Python, no Django: both accept any objects with the ticket attributes they read
(a :class:`~netcare.problems.tickets.model.TicketRecord` or a stored ticket row).
"""

from __future__ import annotations

from netcare.problems.analysis.recurrence import RECURRENCE_KINDS, Recurrence, find_recurrences
from netcare.problems.analysis.stats import (
    ResolveTime,
    Stats,
    by_quarter,
    quarter_bounds,
    quarter_of,
    ticket_stats,
)

__all__ = [
    "RECURRENCE_KINDS",
    "Recurrence",
    "ResolveTime",
    "Stats",
    "by_quarter",
    "find_recurrences",
    "quarter_bounds",
    "quarter_of",
    "ticket_stats",
]
