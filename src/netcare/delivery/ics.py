"""iCalendar (RFC 5545) output for obligation feeds, as plain Python.

Written by hand rather than through a library because the subset is small: all-day
VEVENTs with UID, DTSTAMP, DTSTART/DTEND as VALUE=DATE, SUMMARY, DESCRIPTION, URL and
STATUS. The format rules that matter are here: CRLF line ends, text escaping of
backslash, semicolon, comma and newline (§3.3.11), and folding of lines longer than 75
octets — counted in UTF-8 bytes and never splitting a multi-byte character, since
Chinese titles are three bytes a character (§3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One all-day calendar entry."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # CONFIRMED | CANCELLED | TENTATIVE
    categories: tuple[str, ...] = ()


def escape(text: str) -> str:
    """TEXT value escaping: backslash first, then ; , and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into ≤ 75-octet pieces joined by CRLF + one space."""
    pieces: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts towards their 75.
            current, size, limit = char, width, MAX_OCTETS - 1
        else:
            current += char
            size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, name: str, stamp: dt.datetime) -> str:
    """A whole VCALENDAR as text, ready to serve as ``text/calendar``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//NetCare//Service plan obligations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_date(event.day)}",
            f"DTEND;VALUE=DATE:{_date(event.day + dt.timedelta(days=1))}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.categories:
            lines.append(f"CATEGORIES:{','.join(escape(c) for c in event.categories)}")
        lines += [f"STATUS:{event.status}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
