"""Small value readers shared by the facts normalisers: what a template field holds
(a string, a list of strings or nothing) turned into an int, a float or a status."""

from __future__ import annotations

__all__ = ["as_float", "as_int", "first", "status_text"]

Record = dict[str, str | list[str]]


def as_int(value: object) -> int | None:
    """``"12"`` → 12; anything that is not a plain count → None (never 0)."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def as_float(value: object) -> float | None:
    """``"12.5%"`` → 12.5; empty or unreadable → None."""
    try:
        return float(str(value).strip().rstrip("%")) if str(value).strip() else None
    except ValueError:
        return None


def first(records: list[Record], field: str) -> str | None:
    """The first non-empty value of ``field`` across records (a list's first item)."""
    for rec in records:
        value = rec.get(field)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    return None


def status_text(value: object) -> str | None:
    """A status word as the device wrote it, or None when it wrote nothing."""
    text = str(value or "").strip()
    return text or None
