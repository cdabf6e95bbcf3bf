"""Cell values as ticket fields: text, aware datetimes (ISO, ``2026/7/3 14:05``,
``2026年7月3日``, Excel serials, Unix epochs) and progress logs written in one cell.

Every parser raises ``ValueError`` with a message fit for a :class:`RowError`; the
reader adds the row and column.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from netcare.problems.tickets.model import ProgressRecord

__all__ = ["parse_progress", "parse_when", "text_of"]

#: Earliest and latest moment a ticket can carry; outside is a typo or a placeholder
#: (``1900-01-01``, ``9999-12-31``), not a date.
_FIRST_YEAR, _LAST_YEAR = 1970, 2100
_EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's 1900 system, past its 1900-02-29 bug
_EXCEL_SERIALS = (25569.0, 73051.0)  # 1970-01-01 … 2100-01-01
_EPOCH_SECONDS = (1e9, 4.1e9)  # 2001 … 2099
_EPOCH_MILLISECONDS = (1e12, 4.1e12)

_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    r"(?:(?:\s*日\s*|\s*T\s*|\s+)(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})"
    r"(?:(?:\s*[:：]\s*|\s*分\s*)(?P<S>\d{1,2})(?:[.,](?P<f>\d{1,6})\d*)?\s*秒?|\s*分)?"
    r"|\s*日)?"
)
_WHEN = re.compile(_DATE.pattern + r"\s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def text_of(value: object) -> str:
    """A cell as trimmed text (``12.0`` → ``12``: Excel stores ticket numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a value: {value!r}")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise ValueError(f"expected text, got {type(value).__name__}")


def _checked(moment: datetime, shown: str) -> datetime:
    if not _FIRST_YEAR <= moment.year < _LAST_YEAR:
        raise ValueError(f"date out of range {shown!r}")
    return moment


def _from_number(number: float, zone: tzinfo, shown: str) -> datetime:
    """An Excel serial (local time) or a Unix epoch in seconds or milliseconds (UTC)."""
    if _EXCEL_SERIALS[0] <= number < _EXCEL_SERIALS[1]:
        naive = _EXCEL_EPOCH + timedelta(days=number)
        # Serials carry float noise (0.6041666…); round to the second Excel displays.
        naive = (naive + timedelta(microseconds=500_000)).replace(microsecond=0)
        return naive.replace(tzinfo=zone)
    if _EPOCH_SECONDS[0] <= number < _EPOCH_SECONDS[1]:
        return datetime.fromtimestamp(number, UTC).astimezone(zone)
    if _EPOCH_MILLISECONDS[0] <= number < _EPOCH_MILLISECONDS[1]:
        return datetime.fromtimestamp(number / 1000, UTC).astimezone(zone)
    raise ValueError(f"bad date {shown!r} (a number that is no Excel date or epoch)")


def _offset(text: str) -> tzinfo | None:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("bad offset")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_when(value: object, zone: tzinfo) -> datetime:
    """An aware datetime from a cell; naive values are read in ``zone``.

    Accepts datetime/date cells, ISO 8601 (with or without offset), ``2026/7/3 14:05``,
    ``2026-07-03``, ``2026.7.3``, ``2026年7月3日 14时05分``, Excel serial numbers and Unix
    epochs (seconds or milliseconds). A date alone means midnight.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"bad date {value!r}")
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return _checked(moment, value.isoformat())
    if isinstance(value, date):
        return _checked(datetime.combine(value, time(), zone), value.isoformat())
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"bad date {value!r}")
        return _checked(_from_number(float(value), zone, text_of(value)), text_of(value))
    if not isinstance(value, str):
        raise ValueError(f"bad date: expected text, got {type(value).__name__}")
    text = unicodedata.normalize("NFKC", value).strip()
    shown = value.strip()
    if not text:
        raise ValueError("empty")
    if _NUMBER.fullmatch(text):
        return _checked(_from_number(float(text), zone, shown), shown)
    match = _WHEN.fullmatch(text)
    if match is None:
        raise ValueError(f"bad date {shown!r}")
    parts = match.groupdict()
    try:
        fraction = (parts["f"] or "0").ljust(6, "0")
        moment = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            int(fraction),
            tzinfo=_offset(parts["z"]) if parts["z"] else zone,
        )
    except ValueError:
        raise ValueError(f"bad date {shown!r}") from None
    return _checked(moment, shown)


# One progress entry starts a line with its timestamp, optionally bracketed; an author
# (at most 24 characters, no punctuation) may follow, closed by a colon.
_ENTRY = re.compile(
    r"[\[【(（]?\s*(?P<when>" + _DATE.pattern + r")\s*[\]】)）]?\s*[-—]*\s*(?P<rest>.*)",
    re.DOTALL,
)
_AUTHOR = re.compile(
    r"(?P<author>[^\s:：,，。;；!！?？][^:：,，。;；!！?？\n]{0,23}?)\s*[:：]\s*(?P<text>.*)",
    re.DOTALL,
)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def parse_progress(value: object, zone: tzinfo) -> tuple[ProgressRecord, ...]:
    """A progress log, oldest first, from a cell or a JSON value.

    Text: one entry per line, each ``2026-07-03 10:00 张伟：text`` (the author is
    optional); a line without a timestamp continues the entry above it. JSON: a list of
    objects with ``at`` (or ``time``/``date``), ``text`` (or ``content``/``note``) and
    an optional ``author`` (or ``by``), or a string read as text.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        records = _progress_text(value, zone)
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        records = [_progress_item(index, item, zone) for index, item in enumerate(value)]
    else:
        raise ValueError(f"expected text or a list of entries, got {type(value).__name__}")
    return tuple(sorted(records, key=lambda record: record.at))


def _progress_text(value: str, zone: tzinfo) -> list[ProgressRecord]:
    entries: list[tuple[datetime, str]] = []
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        match = _ENTRY.fullmatch(line)
        if match is None:
            if not entries:
                raise ValueError(f"line {number} has no date: {_short(line)!r}")
            at, text = entries[-1]
            entries[-1] = (at, f"{text}\n{line}" if text else line)
            continue
        try:
            at = parse_when(match["when"], zone)
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
        entries.append((at, match["rest"]))
    records = []
    for at, rest in entries:
        found = _AUTHOR.fullmatch(rest)
        if found is not None:
            records.append(ProgressRecord(at, found["text"].strip(), found["author"].strip()))
        else:
            records.append(ProgressRecord(at, rest.strip()))
    return records


_AT_KEYS = ("at", "time", "date", "when", "timestamp", "created")
_TEXT_KEYS = ("text", "content", "note", "message", "body")
_AUTHOR_KEYS = ("author", "by", "user", "who")


def _first(item: Mapping[str, object], keys: tuple[str, ...]) -> object:
    folded = {str(key).casefold(): value for key, value in item.items()}
    for key in keys:
        if key in folded:
            return folded[key]
    return None


def _progress_item(index: int, item: object, zone: tzinfo) -> ProgressRecord:
    if not isinstance(item, Mapping):
        raise ValueError(f"entry {index + 1}: expected an object, got {type(item).__name__}")
    at = _first(item, _AT_KEYS)
    if at is None:
        raise ValueError(f"entry {index + 1}: no time (at)")
    try:
        when = parse_when(at, zone)
        return ProgressRecord(
            when, text_of(_first(item, _TEXT_KEYS)), text_of(_first(item, _AUTHOR_KEYS))
        )
    except ValueError as exc:
        raise ValueError(f"entry {index + 1}: {exc}") from None
