"""Whatever bytes, cells or JSON a file holds, the reader returns tickets or raises
TicketFileError — never another exception — and a round trip of random tickets through
CSV gives them back."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from tests.problems.tickets.files import write_csv

from netcare.problems.tickets import (
    ROOT_CAUSES,
    SEVERITIES,
    STATUSES,
    ProgressRecord,
    ReadResult,
    TicketFileError,
    TicketRecord,
    read_tickets,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "problems"
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SH = ZoneInfo("Asia/Shanghai")
HEADERS = [
    "工单号",
    "标题",
    "级别",
    "状态",
    "创建时间",
    "关闭时间",
    "根因分类",
    "处理记录",
    "Case Notes",
]
CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["P1", "紧急", "已关闭", "open", "2026-07-03", "2026/7/3 14:05", "46206.5"]),
    st.sampled_from(["2026-07-03 10:00 张伟：x\ny", "硬件", "-1", "1e308", "", "\x00", '"']),
)


def attempt(path: Path, **kwargs: Any) -> ReadResult | None:
    try:
        return read_tickets(path, **kwargs)
    except TicketFileError as exc:
        assert exc.errors, "a refusal always says why"
        assert all(isinstance(e.row, int) and e.column and e.message for e in exc.errors)
        return None


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".json", ".txt", ""]))
def test_random_bytes(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"t{suffix}"
        path.write_bytes(content)
        attempt(path)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=0, max_size=10), min_size=0, max_size=6))
def test_random_cells_under_a_real_header(rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        result = attempt(path)
        if result is not None:
            assert all(t.opened.tzinfo is not None for t in result.tickets)
            assert all(t.severity in SEVERITIES and t.status in STATUSES for t in result.tickets)


SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**14), 10**14),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(["P2", "closed", "2026-07-03", "硬件", "number", "tickets"]),
)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["number", "title", "severity", "status", "opened", "closed",
                             "progress", "at", "text", "root_cause", "tickets", "x"]),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=25,
)  # fmt: skip


@FUZZ
@given(JSON_VALUE)
def test_random_json(document: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        attempt(path)


XLSX_CELL = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 1, 1)),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=10),
    st.sampled_from(["P3", "挂起", "2026-07-03"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(XLSX_CELL, min_size=1, max_size=9), min_size=0, max_size=4))
def test_random_workbook_cells(rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        book.save(path)
        attempt(path)


SAMPLE_XLSX = (DATA / "en_tickets.xlsx").read_bytes()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_XLSX) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_workbook_bytes(flips: list[tuple[int, int]]) -> None:
    content = bytearray(SAMPLE_XLSX)
    for index, value in flips:
        content[index] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        path.write_bytes(bytes(content))
        attempt(path)


# -- round trip of random tickets -------------------------------------------------------

WORDS = st.text(
    alphabet=st.sampled_from(list("abcXYZ交换机风扇告警链路光模块 -_/.()（）,，")),
    max_size=20,
).map(str.strip)
AUTHOR = st.sampled_from(["", "张伟", "Li Na"])
MINUTES = st.integers(0, 365 * 24 * 60)
BASE = datetime(2026, 1, 1, tzinfo=SH)


def plain_progress(text: str) -> bool:
    """Progress text the one-cell format can carry: no colon (it would end an author) and
    not starting with a separator or closing bracket (the format skips those after the
    timestamp, as in ``2026-07-05 09:30 - 观察无异常``)."""
    return bool(text) and ":" not in text and "：" not in text and text[0] not in "-)）"


@st.composite
def tickets(draw: st.DrawFn) -> list[TicketRecord]:
    count = draw(st.integers(0, 5))
    made = []
    for index in range(count):
        opened = BASE + timedelta(minutes=draw(MINUTES))
        closed = opened + timedelta(minutes=draw(MINUTES)) if draw(st.booleans()) else None
        progress = tuple(
            sorted(
                (
                    ProgressRecord(
                        opened + timedelta(minutes=draw(MINUTES)),
                        draw(WORDS.filter(plain_progress)),
                        draw(AUTHOR),
                    )
                    for _ in range(draw(st.integers(0, 3)))
                ),
                key=lambda p: p.at,
            )
        )
        made.append(
            TicketRecord(
                number=f"N-{index}",
                title=draw(WORDS.filter(bool)),
                severity=draw(st.sampled_from(SEVERITIES)),
                status=draw(st.sampled_from(STATUSES)),
                opened=opened,
                closed=closed,
                hostname=draw(WORDS),
                symptom=draw(WORDS),
                root_cause=draw(st.sampled_from(("", *ROOT_CAUSES))),
                advice=draw(WORDS),
                progress=progress,
            )
        )
    return made


@FUZZ
@given(tickets(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_csv_round_trip_of_random_tickets(made: list[TicketRecord], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "t.csv", made, encoding=encoding)
        read = read_tickets(path).tickets
    assert [t.__class__(**{**t.__dict__, "row": 0}) for t in read] == made
