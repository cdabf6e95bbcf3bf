"""Dates in every shape exports write them, and progress logs written in one cell."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from netcare.problems.tickets import ProgressRecord, parse_progress, parse_when

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-07-03", at("2026-07-03 00:00")),
        ("2026/7/3 14:05", at("2026-07-03 14:05")),
        ("2026/07/03 14:05:09", at("2026-07-03 14:05:09")),
        ("2026.7.3", at("2026-07-03 00:00")),
        ("2026-07-03T14:05", at("2026-07-03 14:05")),
        ("2026-07-03 14:05:00.250", at("2026-07-03 14:05:00.250")),
        ("2026年7月3日", at("2026-07-03 00:00")),
        ("2026年7月3日 14时05分", at("2026-07-03 14:05")),
        ("2026年7月3日14:05:30", at("2026-07-03 14:05:30")),
        ("2026-07-03T06:05:00Z", at("2026-07-03 14:05")),
        ("2026-07-03 14:05 +08:00", at("2026-07-03 14:05")),
        ("2026-07-03T01:05:00-0500", at("2026-07-03 14:05")),
        ("２０２６－０７－０３", at("2026-07-03 00:00")),
        ("46206", at("2026-07-03 00:00")),
        ("46206.5", at("2026-07-03 12:00")),
        (46206.586805555555, at("2026-07-03 14:05")),  # float noise rounds to the second
        (1783058700, at("2026-07-03 14:05")),  # Unix seconds
        (1783058700000, at("2026-07-03 14:05")),  # Unix milliseconds
        (datetime(2026, 7, 3, 14, 5), at("2026-07-03 14:05")),
        (datetime(2026, 7, 3, 6, 5, tzinfo=UTC), at("2026-07-03 14:05")),
        (date(2026, 7, 3), at("2026-07-03 00:00")),
    ],
)
def test_dates(value: object, expected: datetime) -> None:
    found = parse_when(value, SH)
    assert found == expected
    assert found.tzinfo is not None


def test_an_offset_is_kept() -> None:
    found = parse_when("2026-07-03 14:05+02:00", SH)
    assert found.utcoffset() == timedelta(hours=2)
    assert found.tzinfo == timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("yesterday", "bad date 'yesterday'"),
        ("2026-13-01", "bad date '2026-13-01'"),
        ("2026-02-30 10:00", "bad date"),
        ("2026-07-03 25:00", "bad date"),
        ("2026-07-03 10:00 +25:00", "bad date"),
        ("03/07/2026", "bad date"),  # day/month order is ambiguous: refused, not guessed
        ("1900-01-01", "out of range"),
        ("9999-12-31", "out of range"),
        ("12", "no Excel date or epoch"),
        (float("nan"), "bad date"),
        (True, "bad date"),
        (None, "bad date"),
        (["2026-07-03"], "expected text"),
    ],
)
def test_bad_dates(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_when(value, SH)


def test_progress_lines_with_and_without_author() -> None:
    text = (
        "2026-07-03 10:00 张伟：远程确认端口错包\n"
        "补充：收光 -13dBm\n"
        "\n"
        "[2026-07-02 09:00] 客户报障\n"
        "2026/7/4 11:00 Wei Zhang: replaced the transceiver\n"
        "2026年7月5日 09:30 - 观察无异常"
    )
    assert parse_progress(text, SH) == (
        ProgressRecord(at("2026-07-02 09:00"), "客户报障"),
        ProgressRecord(at("2026-07-03 10:00"), "远程确认端口错包\n补充：收光 -13dBm", "张伟"),
        ProgressRecord(at("2026-07-04 11:00"), "replaced the transceiver", "Wei Zhang"),
        ProgressRecord(at("2026-07-05 09:30"), "观察无异常"),
    )


def test_a_number_after_the_time_is_text_not_seconds() -> None:
    (record,) = parse_progress("2026-07-03 10:00 3 台设备已恢复", SH)
    assert (record.at, record.text) == (at("2026-07-03 10:00"), "3 台设备已恢复")


def test_progress_from_json_objects_sorted_oldest_first() -> None:
    items = [
        {"time": "2026-07-04 09:00", "content": "done", "by": "Li Na"},
        {"at": "2026-07-03T10:00:00+08:00", "text": "started"},
    ]
    assert parse_progress(items, SH) == (
        ProgressRecord(at("2026-07-03 10:00"), "started"),
        ProgressRecord(at("2026-07-04 09:00"), "done", "Li Na"),
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("先打个电话\n2026-07-03 10:00 张伟：已处理", "line 1 has no date: '先打个电话'"),
        ("2026-07-03 10:00 ok\n2026-02-30 10:00 bad", "line 2: bad date"),
        ([{"text": "no time"}], "entry 1: no time"),
        ([{"at": "soon", "text": "x"}], "entry 1: bad date 'soon'"),
        (["2026-07-03 10:00 text"], "entry 1: expected an object"),
        (42, "expected text or a list"),
    ],
)
def test_bad_progress(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_progress(value, SH)


def test_no_progress() -> None:
    assert parse_progress(None, SH) == ()
    assert parse_progress("", SH) == ()
    assert parse_progress([], SH) == ()
