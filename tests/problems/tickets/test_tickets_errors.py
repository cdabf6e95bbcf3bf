"""Every reason a ticket file is refused, named by row and column, all of them at once,
and nothing returned from a file with any error."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from netcare.problems.tickets import RowError, TicketFileError, read_tickets

DATA = Path(__file__).resolve().parents[2] / "data" / "problems"
HEAD = "工单号,标题,严重级别,状态,创建时间,关闭时间,根因分类,处理记录\n"
GOOD = "A-1,风扇告警,严重,已关闭,2026-07-01 10:00,2026-07-02 10:00,硬件,\n"


def refused(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(TicketFileError) as caught:
        read_tickets(path)
    assert caught.value.path == path
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def table(tmp_path: Path, *rows: str, head: str = HEAD) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(head + "".join(rows), encoding="utf-8")
    return path


def test_row_error_text() -> None:
    assert (
        str(RowError(7, "severity", "unknown value 'P9'")) == "row 7: severity: unknown value 'P9'"
    )
    assert str(RowError(0, "(file)", "not valid JSON")) == "(file): not valid JSON"


def test_sample_missing_column() -> None:
    assert refused(DATA / "bad_missing_column.csv") == [
        (1, "status", "missing column (a header such as 状态, 工单状态, 处理状态, status)")
    ]


def test_sample_bad_dates() -> None:
    assert refused(DATA / "bad_date.csv") == [
        (3, "opened", "bad date '2026-13-40 25:00'"),
        (4, "closed", "2026-07-04T09:00:00+08:00 is before opened 2026-07-05T10:00:00+08:00"),
    ]


def test_sample_unknown_severity_and_status() -> None:
    assert refused(DATA / "bad_severity.csv") == [
        (2, "severity", "unknown value 'P9'"),
        (3, "status", "unknown value '已作废'"),
    ]


def test_sample_duplicate_number() -> None:
    assert refused(DATA / "bad_duplicate.csv") == [
        (4, "number", "duplicate number 'B-1' (first at row 2)")
    ]


def test_every_missing_required_column_is_named_at_the_header_row(tmp_path: Path) -> None:
    path = table(tmp_path, "x,y\n", head="导出时间 2026-12-04\n设备,型号\n")
    errors = refused(path)
    # The title line above names no field; the second row names two, so it is the header.
    assert [(row, column) for row, column, _ in errors] == [
        (2, "number"),
        (2, "title"),
        (2, "severity"),
        (2, "status"),
        (2, "opened"),
    ]
    assert "or a symptom column" in errors[1][2]


def test_header_found_below_a_title_row_is_the_row_named(tmp_path: Path) -> None:
    path = table(tmp_path, "A-1,t,P1,2026-07-01\n", head="工单导出\n工单号,标题,级别,创建时间\n")
    assert refused(path) == [
        (2, "status", "missing column (a header such as 状态, 工单状态, 处理状态, status)")
    ]


def test_all_row_errors_are_collected(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        GOOD,
        ",,P9,作废,昨天,,设备老化,\n",
        "A-3,BGP 中断,紧急,处理中,2026-07-03 10:00,,,没有日期的进展\n",
        "A-4,光模块,一般,已关闭,2026-07-05 10:00,2026-07-04 10:00,,\n",
        "A-1,重复,一般,已关闭,2026-07-05 10:00,,,\n",
        "A-6,t,一般,新建,2026-07-06 10:00,2026-02-30,,\n",
    )
    assert refused(path) == [
        (3, "number", "empty"),
        (3, "title", "empty (and no symptom)"),
        (3, "severity", "unknown value 'P9'"),
        (3, "status", "unknown value '作废'"),
        (
            3,
            "root_cause",
            "unknown value '设备老化' (expected one of hardware, software, configuration, "
            "operation, environment, third_party, unknown)",
        ),
        (3, "opened", "bad date '昨天'"),
        (4, "progress", "line 1 has no date: '没有日期的进展'"),
        (5, "closed", "2026-07-04T10:00:00+08:00 is before opened 2026-07-05T10:00:00+08:00"),
        (6, "number", "duplicate number 'A-1' (first at row 2)"),
        (7, "closed", "bad date '2026-02-30'"),
    ]


def test_empty_required_cells(tmp_path: Path) -> None:
    path = table(tmp_path, "A-1,t,,,,,,\n")
    assert refused(path) == [
        (2, "severity", "empty"),
        (2, "status", "empty"),
        (2, "opened", "empty"),
    ]


def test_overlong_number(tmp_path: Path) -> None:
    path = table(tmp_path, "X" * 65 + ",t,P1,open,2026-07-01,,,\n")
    assert refused(path) == [(2, "number", "longer than 64 characters")]


def test_message_names_the_file_and_the_first_errors(tmp_path: Path) -> None:
    path = table(tmp_path, *[f"A-{i},t,P9,open,2026-07-01,,,\n" for i in range(12)])
    with pytest.raises(TicketFileError) as caught:
        read_tickets(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}: 12 errors"
    assert lines[1] == "  row 2: severity: unknown value 'P9'"
    assert len(lines) == 12 and lines[-1] == "  … and 2 more"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header row: the file is empty"),
        (b"\n\n  \n", "no header row: the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "an old binary Excel (.xls) file"),
        (b"\x81\x20abc,def\n", "cannot decode: not UTF-8 (invalid start byte at byte 0)"),
        (b"\xff\xfe\x00\xd8", "cannot decode as UTF-16"),
    ],
)
def test_unreadable_bytes(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    ((row, column, text),) = refused(path)
    assert (row, column) == (0, "(file)")
    assert text.startswith(message)


def test_undecodable_bytes_name_both_encodings_tried(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("工单号".encode("gb18030") + b"\x80\xff\n")
    ((_, _, text),) = refused(path)
    assert "not UTF-8" in text and "not GB18030" in text


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    ((row, column, text),) = refused(path)
    assert (row, column) == (0, "(file)")
    assert text.startswith("not a readable XLSX workbook")


def test_xlsx_name_without_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("工单号,标题\n", encoding="utf-8")
    assert refused(path) == [(0, "(file)", "not an XLSX workbook (no ZIP signature)")]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    assert refused(path) == [(0, "(file)", "No such file or directory")]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{"tickets": [', [(0, "(file)", "not valid JSON: Expecting value at line 1 column 14")]),
        ("[" * 100_000, [(0, "(file)", "not valid JSON: nested too deeply")]),
        ('{"items": []}', [(0, "(file)", 'a JSON object without a "tickets" list')]),
        ('"tickets"', [(0, "(file)", 'expected a list of tickets or {"tickets": [...]}')]),
        ("[1]", [(1, "(ticket)", "expected an object, got int")]),
        (
            json.dumps([{"number": "J-1", "title": "t", "severity": "P1", "status": "open"}]),
            [(1, "opened", "missing")],
        ),
        (
            json.dumps(
                [{"title": "t", "severity": "P1", "status": "open", "opened": "2026-01-01"}]
            ),
            [(1, "number", "missing")],
        ),
        (
            json.dumps(
                [
                    {
                        "number": "J-1",
                        "title": ["a"],
                        "severity": "P1",
                        "status": "open",
                        "opened": "2026-01-01",
                        "progress": {"at": "2026-01-01"},
                    }
                ]
            ),
            [
                (1, "title", "expected text, got list"),
                (1, "title", "empty (and no symptom)"),
                (1, "progress", "expected text or a list of entries, got dict"),
            ],
        ),
    ],
)
def test_json_errors(tmp_path: Path, document: str, expected: list[tuple[int, str, str]]) -> None:
    path = tmp_path / "t.json"
    path.write_text(document, encoding="utf-8")
    assert refused(path) == expected
