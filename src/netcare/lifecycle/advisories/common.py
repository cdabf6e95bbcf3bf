"""Pieces every advisory reader shares: typed access to parsed JSON (so malformed input
becomes an :class:`AdvisoryFormatError` naming the field, never a ``TypeError``), dates,
CVSS scores and severities, and the cleaning of version bounds as vendors write them.

Readers never parse versions — a matcher does, by the device platform's scheme — but
they do what an expert reading the record would: split ``"22.4R2-S2, 22.4R3"`` into the
releases it names, drop a stray ``<=`` written into a bound, read ``21.1*`` ("every 21.1
release") and recognise placeholders such as ``n/a`` or ``unspecified``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netcare.lifecycle.advisories.errors import AdvisoryFormatError

__all__ = [
    "PLACEHOLDERS",
    "Json",
    "as_date",
    "as_list",
    "as_obj",
    "as_text",
    "next_after_prefix",
    "score_vector",
    "severity_for",
    "severity_word",
    "split_versions",
    "strip_operator",
    "unique",
]

Json = dict[str, Any]

#: Words written where a version belongs that name no version.
PLACEHOLDERS = frozenset(
    {"", "n/a", "na", "none", "unspecified", "unknown", "-", "custom", "various", "tbd"}
)


def as_obj(value: Any, path: Path, field: str) -> Json:
    """``value`` as a JSON object, else an error naming ``field``."""
    if not isinstance(value, dict):
        raise AdvisoryFormatError(path, field, f"expected an object, found {_kind(value)}")
    return value


def as_list(value: Any, path: Path, field: str, *, required: bool = False) -> list[Any]:
    """``value`` as a JSON array (missing counts as empty unless ``required``)."""
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise AdvisoryFormatError(path, field, f"expected an array, found {_kind(value)}")
    return value


def as_text(value: Any, path: Path, field: str) -> str:
    """``value`` as stripped text; numbers are accepted (a version written ``17``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise AdvisoryFormatError(path, field, "expected text, found a boolean")
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise AdvisoryFormatError(path, field, f"expected text, found {_kind(value)}")
    return value.strip()


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), "null" if value is None else type(value).__name__)


def as_date(value: Any, path: Path, field: str) -> date | None:
    """An ISO date or timestamp (``2023-10-16``, ``2023-10-16T15:12:58.735Z``, with or
    without zone) as its calendar date; empty is None, anything else an error."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value, path, field)
    if not text:
        return None
    match = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise AdvisoryFormatError(path, field, f"not a date (YYYY-MM-DD): {text!r}")


#: CVSS qualitative ratings (the same bands in v2 as NetCare reports them, v3 and v4).
_BANDS = ((9.0, "critical"), (7.0, "high"), (4.0, "medium"), (0.1, "low"), (0.0, "none"))


def severity_for(score: float | None) -> str:
    """The severity a CVSS base score falls in (``unknown`` without one)."""
    if score is None:
        return "unknown"
    return next(name for floor, name in _BANDS if score >= floor)


_SEVERITY_WORDS = {
    "critical": "critical",
    "high": "high",
    "important": "high",
    "medium": "medium",
    "moderate": "medium",
    "low": "low",
    "none": "none",
    "informational": "none",
    "info": "none",
    "unknown": "unknown",
    # Chinese, as vendors' bulletins and NetCare's own reports write them.
    "紧急": "critical",
    "严重": "critical",
    "高": "high",
    "高危": "high",
    "重要": "high",
    "中": "medium",
    "中危": "medium",
    "一般": "medium",
    "次要": "medium",
    "低": "low",
    "低危": "low",
    "提示": "low",
    "无": "none",
    "未知": "unknown",
}


def severity_word(text: str) -> str | None:
    """A vendor's severity word in NetCare's vocabulary, None when not one."""
    return _SEVERITY_WORDS.get(text.strip().lower())


def score_vector(vector: str) -> float | None:
    """The base score of a CVSS v2/v3/v4 vector, None when the vector is not valid."""
    from cvss import CVSS2, CVSS3, CVSS4
    from cvss.exceptions import CVSSError

    vector = vector.strip()
    try:
        if vector.startswith("CVSS:4"):
            return float(CVSS4(vector).base_score)
        if vector.startswith("CVSS:3"):
            return float(CVSS3(vector).base_score)
        if vector.startswith("AV:") or vector.startswith("(AV:"):
            return float(CVSS2(vector.strip("()")).base_score)
    except (CVSSError, ValueError, KeyError, IndexError, TypeError):
        return None
    return None


_OPERATOR = re.compile(r"^\s*(<=|>=|=<|=>|<|>|==|=|≤|≥)\s*")


def strip_operator(text: str) -> tuple[str, str]:
    """Split a stray comparison written into a bound: ``"<= 8.1"`` → ``("<=", "8.1")``;
    no operator gives ``("", text)``. ``=<``/``≤`` read as ``<=``."""
    match = _OPERATOR.match(text)
    if not match:
        return "", text.strip()
    op = {"=<": "<=", "≤": "<=", "=>": ">=", "≥": ">=", "==": "="}.get(match[1], match[1])
    return op, text[match.end() :].strip()


def split_versions(text: str) -> list[str]:
    """The versions a list names: ``"22.4R2-S2, 22.4R3"`` → both, ``"a; b"`` too."""
    return [part.strip() for part in re.split(r"[,;，；]|\s+and\s+", text) if part.strip()]


def next_after_prefix(prefix: str) -> str | None:
    """The first version past every version that starts with ``prefix`` — how a CVE
    ``lessThan: "21.1*"`` ("every 21.1 release") becomes an exclusive bound: the last
    number of the prefix plus one (``21.1`` → ``21.2``, ``4.28.`` → ``4.29``). None when
    the prefix does not end in a number."""
    stripped = prefix.rstrip(".-_ ")
    match = re.search(r"(\d+)$", stripped)
    if not match:
        return None
    number = match[1]
    bumped = str(int(number) + 1).zfill(len(number))
    return stripped[: match.start()] + bumped


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, without repeats or blanks."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)
