"""Excel (.xlsx) rendering: every table of a report, ready to sort and filter.

A reader opens the spreadsheet to work with the data, so each table gets its own sheet
with the header in row 1 (filters and freeze panes only work cleanly from there), real
numbers and real dates (so sums and date filters work), and the caption kept on the
summary sheet with a link to the table's sheet. Every cell is written through
:func:`_put`, which keeps text from the document (titles, names, remarks users typed)
a text cell, never a formula (see ``cells.py``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from . import style
from .cells import starts_formula
from .document import CellValue, Column, Table
from .formatting import display_width, format_cell, is_numeric
from .labels import label
from .outline import Outline, Placed

MAX_SHEET_NAME = 31
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# Excel reserves "History" (case-insensitive) for its change-tracking sheet.
_RESERVED_SHEET_NAMES = {"history"}
_MIN_WIDTH, _MAX_WIDTH = 8, 60

_HEADER_FONT = Font(bold=True, color=style.HEADER_TEXT)
_HEADER_FILL = PatternFill("solid", fgColor=style.PRIMARY)
_THIN = Side(style="thin", color=style.RULE)
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TONE_FILLS = {tone: PatternFill("solid", fgColor=fill) for tone, fill in style.TONE_FILL.items()}


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name close to ``wanted``.

    Excel's rules: at most 31 characters, none of ``[]:*?/\\``, not starting or ending
    with an apostrophe, not "History", and unique ignoring case. Collisions get " (2)",
    " (3)"… with the base shortened so the suffix still fits.
    """
    base = _INVALID_SHEET_CHARS.sub(" ", wanted)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Sheet"
    if base.casefold() in _RESERVED_SHEET_NAMES:
        base = f"{base} 1"
    candidate = base[:MAX_SHEET_NAME].rstrip().rstrip("'")
    counter = 1
    while candidate.casefold() in taken:
        counter += 1
        suffix = f" ({counter})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
    taken.add(candidate.casefold())
    return candidate


def _put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write ``value`` at (row, column); text is always a string cell, never a formula.

    openpyxl takes any text starting with "=" as a formula; the cell is set back to a
    string cell, and text a spreadsheet could read as a formula also gets the quote
    prefix style, so it stays text when a reader edits the cell. The value itself is
    kept as given, so the reader sees exactly what the document says.
    """
    cell = sheet.cell(row=row, column=column, value=_excel_value(value))
    assert isinstance(cell, Cell)
    if isinstance(value, str):
        cell.data_type = "s"
        if starts_formula(value):
            cell.quotePrefix = True
    return cell


def _excel_value(value: CellValue) -> CellValue:
    # Excel has no time zones; an aware datetime is written as its wall-clock time,
    # which is the customer's local time when the builder passed it in that zone.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _cell_format(value: CellValue, column: Column) -> str | None:
    if isinstance(value, datetime):
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    if is_numeric(value):
        return column.number_format or "General"
    return None


def _summary(sheet: Worksheet, outline: Outline, links: list[tuple[str, str]]) -> None:
    meta, lang = outline.document.meta, outline.lang
    _put(sheet, 1, 1, meta.report_title).font = Font(bold=True, size=16, color=style.PRIMARY)
    row = 2
    if outline.document.subtitle:
        _put(sheet, row, 1, outline.document.subtitle).font = Font(italic=True)
        row += 1
    row += 1
    pairs: list[tuple[str, CellValue]] = [
        (label("customer", lang), meta.customer),
        (label("report_title", lang), meta.report_title),
        (label("period", lang), meta.period),
        (label("version", lang), meta.version),
        (label("author", lang), meta.author),
        (label("reviewer", lang), meta.reviewer),
        (label("date", lang), meta.date),
    ]
    for key, value in pairs:
        _put(sheet, row, 1, key).font = Font(bold=True)
        cell = _put(sheet, row, 2, value)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    _put(sheet, row, 1, outline.confidentiality).font = Font(italic=True, color=style.MUTED)
    row += 2
    _put(sheet, row, 1, label("tables", lang)).font = Font(bold=True, size=12)
    row += 1
    for caption_text, name in links:
        _put(sheet, row, 1, caption_text)
        link = _put(sheet, row, 2, name)
        # An internal location, not an external "#…" target Excel would treat as a file;
        # an apostrophe inside a quoted sheet name is doubled, as in any Excel reference.
        quoted = name.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
        link.font = Font(color=style.ACCENT, underline="single")
        row += 1
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    columns = list(table.columns)
    widths = [display_width(c.label) + 2 for c in columns]
    for index, column in enumerate(columns, start=1):
        cell = _put(sheet, 1, index, column.label)
        cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row_index, values in enumerate(table.rows, start=2):
        for col_index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = _put(sheet, row_index, col_index, value)
            cell.border = _BORDER
            number_format = _cell_format(value, column)
            if number_format:
                cell.number_format = number_format
            tone = column.tone_for(value)
            if tone is not None:
                cell.fill = _TONE_FILLS[tone]
            shown = format_cell(value, column.number_format)
            widths[col_index - 1] = max(widths[col_index - 1], display_width(shown) + 2)
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{max(1, len(table.rows)) + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            _MAX_WIDTH, max(_MIN_WIDTH, width)
        )
    # Printing: landscape, fit to page width, header row repeated on every page.
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_xlsx(outline: Outline, path: Path) -> None:
    """Write a summary sheet plus one sheet per table of the outline to ``path``."""
    meta, lang = outline.document.meta, outline.lang
    book = Workbook()
    summary = book.active
    assert summary is not None
    taken: set[str] = set()
    summary.title = sheet_name(label("summary", lang), taken)
    links: list[tuple[str, str]] = []
    tables: list[Placed] = list(outline.tables())
    for placed in tables:
        table = placed.block
        assert isinstance(table, Table)
        name = sheet_name(table.sheet_name or table.caption, taken)
        links.append((placed.caption(lang), name))
        _table_sheet(book.create_sheet(name), table)
    _summary(summary, outline, links)
    book.properties.title = meta.report_title
    book.properties.creator = meta.author
    book.properties.subject = meta.customer
    book.properties.language = "zh-CN" if lang == "zh" else "en-US"
    book.save(str(path))
