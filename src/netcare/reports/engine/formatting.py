"""Cell values as text, the same way in Word, HTML and PDF as Excel would show them.

Excel applies ``number_format`` itself; the text formats need us to apply it, and they
must agree, or a reader comparing the PDF with the spreadsheet sees two numbers.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .document import CellValue


def format_number(value: int | float | Decimal, number_format: str | None) -> str:
    """Apply an Excel-style format from the validated set ("#,##0.0%" and its parts)."""
    if number_format is None:
        if isinstance(value, float) and not value.is_integer():
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return str(int(value)) if isinstance(value, float) else str(value)
    percent = number_format.endswith("%")
    pattern = number_format.rstrip("%")
    decimals = len(pattern.split(".", 1)[1]) if "." in pattern else 0
    number = Decimal(str(value)) * (100 if percent else 1)
    # Excel rounds half away from zero; Python's format() would round half to even.
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    grouping = "," if pattern.startswith("#,##") else ""
    return f"{number:{grouping}.{decimals}f}" + ("%" if percent else "")


def format_cell(value: CellValue, number_format: str | None = None) -> str:
    """The text a reader sees for a cell: ISO dates, formatted numbers, "" for empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return format_number(value, number_format)


def display_width(text: str) -> int:
    """Width in Latin character cells; CJK characters count double, as Excel draws them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_numeric(value: CellValue) -> bool:
    """True for numbers (not bools), which renderers align right."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
