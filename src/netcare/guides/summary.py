"""What a daily-maintenance guide says, as plain records the report builder reads.

The services fill a :class:`GuideRecord` from the database (devices, facts, findings,
contacts, library documents, agreed custom sections); ``reports`` turns it into the
engine's document in either language. No Django here, so a test or a benchmark builds
the same document from hand-made records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from netcare.core.text import Text
from netcare.guides.selection import Selection

__all__ = ["ContactRow", "CustomSection", "DocumentRef", "GuideRecord"]


@dataclass(frozen=True)
class ContactRow:
    """Someone to call when a check is not normal, in escalation order."""

    role: Text
    name: str
    phone: str = ""
    email: str = ""
    note: Text | None = None


@dataclass(frozen=True)
class DocumentRef:
    """A library document the guide draws on."""

    title: str
    slug: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomSection:
    """An agreed custom section, with who agreed for each party and when."""

    title: Text
    text: Text
    agreed: tuple[tuple[Text, str, date], ...] = ()


@dataclass(frozen=True)
class GuideRecord:
    """Everything one guide edition says, in both languages."""

    customer: Text
    year: int
    day: date
    author: str
    reviewer: str
    version: str
    selection: Selection
    contacts: tuple[ContactRow, ...] = ()
    documents: dict[str, tuple[DocumentRef, ...]] = field(default_factory=dict)
    sections: tuple[CustomSection, ...] = ()
    facts_collected: date | None = None
    inspected: date | None = None
    library_files: tuple[str, ...] = ()
