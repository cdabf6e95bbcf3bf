"""The Excel rendering, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from netcare.reports.engine import Format
from netcare.reports.engine.xlsx import sheet_name

from .conftest import ACTIVITY_ROWS


def test_one_sheet_per_table_after_the_summary(zh_files: dict[Format, Path]) -> None:
    book = openpyxl.load_workbook(zh_files["xlsx"])
    assert book.sheetnames == ["概要", "专属服务团队", "服务项目", "服务活动记录"]
    assert book["服务活动记录"].max_row == ACTIVITY_ROWS + 1
    assert book["服务项目"].max_row == 17 + 1


def test_header_row_is_bold_frozen_and_filtered(zh_files: dict[Format, Path]) -> None:
    book = openpyxl.load_workbook(zh_files["xlsx"])
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert all(cell.font.bold for cell in sheet[1]), name
        last = sheet.cell(sheet.max_row, sheet.max_column).coordinate
        assert sheet.auto_filter.ref == f"A1:{last}", name
        assert sheet.print_title_rows == "$1:$1"
    widths = [book["服务项目"].column_dimensions[c].width for c in "ABCDEFGH"]
    assert all(8 <= w <= 60 for w in widths)
    assert widths[1] > widths[0]  # the item names get the room they need


def test_numbers_are_numbers_and_dates_are_dates(zh_files: dict[Format, Path]) -> None:
    book = openpyxl.load_workbook(zh_files["xlsx"])
    items = book["服务项目"]
    assert [c.value for c in items[1]][:4] == ["序号", "服务项目", "频次", "配额"]
    first = [c.value for c in items[2]]
    assert first[:6] == [1, "专属L2专家RAM服务", "每月", 12, 3, 9]
    assert isinstance(first[6], float) and items["G2"].number_format == "0%"
    assert items["H2"].fill.fgColor.rgb.endswith("D5EBCB")  # "正常" toned ok
    activity = book["服务活动记录"]
    assert isinstance(activity["B2"].value, datetime) and activity["B2"].is_date
    assert activity["B2"].value.date() == date(2025, 1, 6)
    assert activity["F2"].value == 0.5 and activity["F2"].number_format == "0.00"
    assert activity[f"A{ACTIVITY_ROWS + 1}"].value == "ACT-20250080"


def test_summary_sheet_holds_meta_and_links(zh_files: dict[Format, Path]) -> None:
    sheet = openpyxl.load_workbook(zh_files["xlsx"])["概要"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["客户"] == "江南银行股份有限公司"
    assert values["审核"] == "李娜（大客户经理）"
    assert values["日期"] == datetime(2025, 4, 2)
    assert values["表 3 服务活动记录"] == "服务活动记录"
    link = next(c for row in sheet.iter_rows() for c in row if c.value == "服务活动记录")
    assert link.hyperlink is not None and link.hyperlink.location == "'服务活动记录'!A1"


def test_english_workbook(en_files: dict[Format, Path]) -> None:
    book = openpyxl.load_workbook(en_files["xlsx"])
    assert book.sheetnames == [
        "Summary",
        "Named service team",
        "Service items",
        "Service activity log",
    ]


@pytest.mark.parametrize(
    ("wanted", "taken", "expected"),
    [
        ("配额/使用[2025]:Q1?", set(), "配额 使用 2025 Q1"),
        ("x" * 40, set(), "x" * 31),
        ("Devices", {"devices"}, "Devices (2)"),
        ("y" * 40, {"y" * 31}, "y" * 27 + " (2)"),
        ("'quoted'", set(), "quoted"),
        ("History", set(), "History 1"),
        ("***", set(), "Sheet"),
    ],
)
def test_sheet_names_follow_excel_rules(wanted: str, taken: set[str], expected: str) -> None:
    name = sheet_name(wanted, set(taken))
    assert name == expected
    assert len(name) <= 31


def test_sheet_names_stay_unique_for_many_equal_captions() -> None:
    taken: set[str] = set()
    names = [sheet_name("每台设备巡检结果明细表（含证据与建议）" * 2, taken) for _ in range(12)]
    assert len({n.casefold() for n in names}) == 12
    assert all(len(n) <= 31 for n in names)
