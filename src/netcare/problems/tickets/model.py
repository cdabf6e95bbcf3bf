"""The shapes the ticket reader returns — the contract between the reader, the analysis
engines and the Django app that stores tickets.

Every value is already in NetCare's vocabulary (``SEVERITIES``, ``STATUSES``,
``ROOT_CAUSES``) and every datetime is timezone-aware, so nothing downstream guesses
what ``P2`` or ``挂起`` meant or which clock a naive time was read on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = [
    "CLOSED_STATUSES",
    "FIELDS",
    "ROOT_CAUSES",
    "SEVERITIES",
    "STATUSES",
    "ProgressRecord",
    "ReadResult",
    "RowError",
    "TicketFileError",
    "TicketRecord",
]

#: Most severe first: 紧急 / 严重 / 一般 / 提示.
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor", "info")

#: A ticket's life; ``resolved`` and ``closed`` both count as closed for a review.
STATUSES: tuple[str, ...] = ("open", "in_progress", "waiting", "resolved", "closed")

#: The statuses a quarterly review treats as closed (root cause and advice expected).
CLOSED_STATUSES: frozenset[str] = frozenset({"resolved", "closed"})

#: Root-cause categories of a closed ticket; ``unknown`` is an analysed ticket whose
#: cause could not be found, distinct from "" (not analysed yet).
ROOT_CAUSES: tuple[str, ...] = (
    "hardware",
    "software",
    "configuration",
    "operation",
    "environment",
    "third_party",
    "unknown",
)

#: The field names a column (or a JSON key, or a saved mapping) can name.
FIELDS: tuple[str, ...] = (
    "number",
    "title",
    "severity",
    "status",
    "opened",
    "closed",
    "description",
    "product",
    "model",
    "hostname",
    "category",
    "symptom",
    "owner",
    "reporter",
    "root_cause",
    "root_cause_text",
    "advice",
    "progress",
)


@dataclass(frozen=True)
class ProgressRecord:
    """One entry of a ticket's progress log: when (aware), what, and who wrote it."""

    at: datetime
    text: str
    author: str = ""


@dataclass(frozen=True)
class TicketRecord:
    """One ticket as the support system exported it, in NetCare's vocabulary.

    ``title`` is never empty (the symptom's first line stands in when the export has no
    title). ``closed`` is never before ``opened``. ``progress`` is oldest first. ``row``
    is the spreadsheet row (header = its own row number) or the 1-based position in a
    JSON list, for messages that point back into the file.
    """

    number: str
    title: str
    severity: str
    status: str
    opened: datetime
    closed: datetime | None = None
    description: str = ""
    product: str = ""
    model: str = ""
    hostname: str = ""
    category: str = ""
    symptom: str = ""
    owner: str = ""
    reporter: str = ""
    root_cause: str = ""
    root_cause_text: str = ""
    advice: str = ""
    progress: tuple[ProgressRecord, ...] = ()
    row: int = 0

    @property
    def is_closed(self) -> bool:
        """Resolved or closed: the review expects a root cause and advice."""
        return self.status in CLOSED_STATUSES


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell (or, at row 0, with the whole file).

    ``str()`` reads ``row 7: severity: unknown value 'P9'``; a file-level problem (row 0)
    reads ``(file): …`` so a message never points at a row that does not exist.
    """

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row <= 0:
            return f"{self.column}: {self.message}"
        return f"row {self.row}: {self.column}: {self.message}"


class TicketFileError(ValueError):
    """A ticket file NetCare will not import, with every reason found.

    Reading is atomic: when this is raised nothing was returned, so an import writes all
    of a file or nothing. ``errors`` holds every problem (all rows, not just the first);
    ``str()`` names the file and lists the first :attr:`SHOWN` of them.
    """

    SHOWN = 10

    def __init__(self, path: Path | str, errors: list[RowError]) -> None:
        self.path = Path(path)
        self.errors = list(errors)
        count = len(self.errors)
        lines = [f"{self.path}: {count} error{'s' if count != 1 else ''}"]
        lines.extend(f"  {error}" for error in self.errors[: self.SHOWN])
        if count > self.SHOWN:
            lines.append(f"  … and {count - self.SHOWN} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ReadResult:
    """The tickets of one file, in file order, and the format they were read from.

    ``columns`` pairs each source header with the field it was read as, and ``ignored``
    lists the headers no field took — what a column-mapping page shows the expert.
    """

    tickets: tuple[TicketRecord, ...]
    source_format: str
    columns: tuple[tuple[str, str], ...] = ()
    ignored: tuple[str, ...] = ()
