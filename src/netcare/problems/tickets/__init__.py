"""Ticket exports of a vendor support system (CSV, XLSX, JSON; Chinese or English
headers) read into :class:`~netcare.problems.tickets.model.TicketRecord` objects in
NetCare's vocabulary. Plain Python, no Django.

Reading is atomic: :func:`read_tickets` returns every ticket of a file or raises one
:class:`TicketFileError` listing every row error (row, column, message).
"""

from __future__ import annotations

from netcare.problems.tickets.model import (
    CLOSED_STATUSES,
    FIELDS,
    ROOT_CAUSES,
    SEVERITIES,
    STATUSES,
    ProgressRecord,
    ReadResult,
    RowError,
    TicketFileError,
    TicketRecord,
)
from netcare.problems.tickets.reading import REQUIRED, read_tickets
from netcare.problems.tickets.values import parse_progress, parse_when
from netcare.problems.tickets.vocab import root_cause_of, severity_of, status_of

__all__ = [
    "CLOSED_STATUSES",
    "FIELDS",
    "REQUIRED",
    "ROOT_CAUSES",
    "SEVERITIES",
    "STATUSES",
    "ProgressRecord",
    "ReadResult",
    "RowError",
    "TicketFileError",
    "TicketRecord",
    "parse_progress",
    "parse_when",
    "read_tickets",
    "root_cause_of",
    "severity_of",
    "status_of",
]
