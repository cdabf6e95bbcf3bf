"""Ticket exports read into TicketRecords: the sample files, round trips through every
format, header aliases, saved mappings and the value vocabularies."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.problems.tickets.files import write_csv, write_json, write_xlsx

from netcare.problems.tickets import (
    FIELDS,
    ProgressRecord,
    TicketFileError,
    TicketRecord,
    read_tickets,
    root_cause_of,
    severity_of,
    status_of,
)
from netcare.problems.tickets.vocab import HEADER_ALIASES, field_for_header

DATA = Path(__file__).resolve().parents[2] / "data" / "problems"
SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


TICKETS = (
    TicketRecord(
        number="SR-0001",
        title="核心交换机风扇告警",
        severity="major",
        status="closed",
        opened=at("2026-02-10 15:25"),
        closed=at("2026-02-12 09:00"),
        description="FAN 2 转速低于阈值，温度升高 8℃。\n业务未受影响。",
        product="S12500X-AF",
        model="S12508X-AF",
        hostname="ECCB-ZJ-CORE-01",
        category="硬件故障",
        symptom="风扇框告警，风扇转速异常",
        owner="张伟",
        reporter="刘洋",
        root_cause="hardware",
        root_cause_text="风扇电机老化",
        advice="储备风扇框备件",
        progress=(
            ProgressRecord(at("2026-02-10 16:00"), "远程确认 FAN 2 转速异常", "张伟"),
            ProgressRecord(at("2026-02-11 10:30"), "更换风扇框：告警消失", "李娜"),
        ),
    ),
    TicketRecord(
        number="SR-0002",
        title="Spine packet loss",
        severity="critical",
        status="in_progress",
        opened=at("2026-11-27 09:40"),
        hostname="ECCB-ZJ-SPINE-01",
        progress=(ProgressRecord(at("2026-11-27 10:05"), "loss 0.5%-2% on 100GE links"),),
    ),
    TicketRecord(
        number="SR-0003",
        title="咨询升级路径",
        severity="info",
        status="waiting",
        opened=at("2026-07-01 00:00"),
        root_cause="",
    ),
    TicketRecord(
        number="SR-0004",
        title="误删 VLAN",
        severity="minor",
        status="resolved",
        opened=at("2026-04-17 11:30"),
        closed=at("2026-04-17 13:00"),
        root_cause="operation",
    ),
)


def same(read: tuple[TicketRecord, ...], expected: tuple[TicketRecord, ...]) -> None:
    """Equal but for the row each came from."""
    assert [t.__class__(**{**t.__dict__, "row": 0}) for t in read] == list(expected)


# -- the sample files -------------------------------------------------------------------


def test_gb18030_csv_with_chinese_headers() -> None:
    result = read_tickets(DATA / "zh_gb18030.csv")
    assert result.source_format == "csv"
    assert result.ignored == ()
    one, two, three, four, five = result.tickets
    assert (one.number, one.title, one.severity, one.status) == (
        "T-001",
        "核心交换机风扇告警",
        "major",
        "closed",
    )
    assert one.opened == at("2026-07-03 14:05") and one.closed == at("2026-07-04 09:30")
    assert (one.hostname, one.model, one.root_cause) == ("SW-CORE-01", "S12508X-AF", "hardware")
    assert one.progress == (
        ProgressRecord(at("2026-07-03 15:00"), "远程确认 FAN 2 转速异常", "张伟"),
        ProgressRecord(at("2026-07-04 09:20"), "更换风扇框，告警消失", "张伟"),
    )
    assert (two.severity, two.status, two.root_cause) == ("critical", "resolved", "third_party")
    assert two.opened == at("2026-07-10 00:00")
    assert three.opened == at("2026-07-12 12:00")  # Excel serial 46215.5
    assert three.progress == (
        ProgressRecord(at("2026-07-12 12:30"), "现场排查环路端口\n补充：已关闭 GE0/0/7"),
    )
    assert (four.severity, four.status, four.opened) == ("info", "waiting", at("2026-07-15 10:20"))
    assert (five.title, five.severity, five.status) == ("端口频繁 Up/Down", "minor", "open")
    assert [t.row for t in result.tickets] == [2, 3, 4, 5, 6]


def test_english_workbook_on_a_named_sheet_below_a_title() -> None:
    result = read_tickets(DATA / "en_tickets.xlsx")
    assert result.source_format == "xlsx"
    assert result.ignored == ("Internal ID",)
    assert ("Ticket", "number") in result.columns and ("Resolved", "closed") in result.columns
    first, second, third = result.tickets
    assert (first.number, first.severity, first.status, first.row) == (
        "1001",
        "critical",
        "closed",
        4,
    )
    assert first.opened == at("2026-08-01 09:00") and first.closed == at("2026-08-01 13:30")
    assert first.progress == (ProgressRecord(at("2026-08-01 10:00"), "card 3 errors", "Zhang Wei"),)
    assert (second.severity, second.status, second.opened) == (
        "major",
        "in_progress",
        at("2026-08-11 09:00"),
    )
    assert (third.row, third.severity, third.status, third.root_cause) == (
        7,
        "info",
        "waiting",
        "configuration",
    )


def test_json_object_with_a_tickets_list() -> None:
    result = read_tickets(DATA / "tickets.json")
    assert result.source_format == "json"
    assert result.ignored == ("unused",)
    one, two, three = result.tickets
    assert one.progress == (
        ProgressRecord(at("2026-04-02 11:00"), "Fan 2 slow", "Zhang Wei"),
        ProgressRecord(at("2026-04-03 11:30"), "Fan tray replaced"),
    )
    assert (two.severity, two.root_cause) == ("minor", "configuration")
    assert two.progress == (ProgressRecord(at("2026-05-06 10:00"), "调整 PoE 优先级", "李娜"),)
    assert (three.number, three.title, three.severity) == ("3", "NTP 时钟偏差 5 分钟", "info")
    assert three.opened == datetime.fromtimestamp(1780000000, UTC)
    assert [t.row for t in result.tickets] == [1, 2, 3]


# -- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_round_trip(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "t.csv", TICKETS, encoding=encoding)
    result = read_tickets(path)
    same(result.tickets, TICKETS)
    assert [t.row for t in result.tickets] == [2, 3, 4, 5]


def test_csv_round_trip_english_headers_tab_separated(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.txt", TICKETS, chinese=False, delimiter="\t")
    same(read_tickets(path).tickets, TICKETS)


@pytest.mark.parametrize("chinese", [True, False])
def test_xlsx_round_trip(tmp_path: Path, chinese: bool) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", TICKETS, chinese=chinese)
    result = read_tickets(path)
    assert result.source_format == "xlsx"
    same(result.tickets, TICKETS)


@pytest.mark.parametrize("wrapped", [True, False])
def test_json_round_trip(tmp_path: Path, wrapped: bool) -> None:
    path = write_json(tmp_path / "t.json", TICKETS, wrapped=wrapped)
    same(read_tickets(path).tickets, TICKETS)


def test_format_is_told_by_content(tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "t.xlsx", TICKETS)
    disguised = tmp_path / "export.csv"
    shutil.copy(workbook, disguised)
    assert read_tickets(disguised).source_format == "xlsx"
    plain = write_json(tmp_path / "t.json", TICKETS)
    unnamed = tmp_path / "export"
    shutil.copy(plain, unnamed)
    assert read_tickets(unnamed).source_format == "json"
    table = write_csv(tmp_path / "t.csv", TICKETS)
    shutil.copy(table, unnamed)
    assert read_tickets(unnamed).source_format == "csv"


def test_timezone_of_naive_times(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", TICKETS[:1])
    (ticket,) = read_tickets(path, tz="UTC").tickets
    assert ticket.opened == datetime(2026, 2, 10, 15, 25, tzinfo=UTC)
    with pytest.raises(ValueError, match="unknown timezone"):
        read_tickets(path, tz="Mars/Olympus")


def test_header_only_file_has_no_tickets(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ())
    assert read_tickets(path).tickets == ()


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "\n工单号,标题,级别,状态,创建时间\n,,,,\nA-1,t,P1,open,2026-01-01\n\nA-2,t,P2,open,2026-01-02\n",
        encoding="utf-8",
    )
    assert [(t.number, t.row) for t in read_tickets(path).tickets] == [("A-1", 4), ("A-2", 6)]


# -- headers and mappings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("工单号", "number"),
        ("单号", "number"),
        ("Case Number", "number"),
        ("case_number", "number"),
        ("*工单号", "number"),
        ("TICKET", "number"),
        ("问题描述摘要", "title"),
        ("Subject", "title"),
        ("优先级", "severity"),
        ("Priority", "severity"),
        ("严重级别", "severity"),
        ("Case Status", "status"),
        ("创建时间(北京时间)", "opened"),
        ("提交时间", "opened"),
        ("Date/Time Opened", "opened"),
        ("解决时间", "closed"),
        ("Resolved", "closed"),
        ("主机名", "hostname"),
        ("Device Name", "hostname"),
        ("型号", "model"),
        ("问题分类", "category"),
        ("现象", "symptom"),
        ("处理人", "owner"),
        ("Case Owner", "owner"),
        ("提交人", "reporter"),
        ("根因分类", "root_cause"),
        ("Root Cause", "root_cause"),
        ("根因分析", "root_cause_text"),
        ("维护建议", "advice"),
        ("最新进展", "progress"),
        ("处理记录", "progress"),
        ("Case Notes", "progress"),
        ("ｃａｓｅ　ｎｕｍｂｅｒ", "number"),  # full-width, as some Chinese exports write it
    ],
)
def test_header_aliases(header: str, field: str) -> None:
    found = field_for_header(header)
    assert found is not None and found[0] == field


def test_every_alias_names_a_field() -> None:
    assert set(HEADER_ALIASES) == set(FIELDS)


def test_more_specific_alias_wins_and_the_other_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "ticket,工单号,title,severity,status,opened\nX9,A-1,t,P1,open,2026-01-01\n",
        encoding="utf-8",
    )
    result = read_tickets(path)
    assert result.tickets[0].number == "A-1"
    assert result.ignored == ("ticket",)


def test_mapping_wins_over_aliases_and_is_case_blind(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Ref,Headline,Urgency,State,Logged,Status,Notes\n"
        "R-1,Link down,Sev1,Closed,2026-03-01 10:00,ignored-by-mapping,free text\n",
        encoding="utf-8",
    )
    mapping = {
        "ref": "number",
        "HEADLINE": "title",
        "urgency": "severity",
        "state": "status",
        "logged": "opened",
        "Notes": "",  # a free-text column the expert chose not to read
    }
    result = read_tickets(path, mapping=mapping)
    (ticket,) = result.tickets
    assert (ticket.number, ticket.title, ticket.severity, ticket.status) == (
        "R-1",
        "Link down",
        "critical",
        "closed",
    )
    assert set(result.ignored) == {"Status", "Notes"}


def test_mapping_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", TICKETS)
    with pytest.raises(TicketFileError) as caught:
        read_tickets(path, mapping={"Ref": "reference"})
    (error,) = caught.value.errors
    assert (error.row, error.column) == (0, "mapping")
    assert "unknown field 'reference'" in error.message


def test_mapping_two_headers_to_one_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "a,b,title,severity,status,opened\n1,2,t,P1,open,2026-01-01\n", encoding="utf-8"
    )
    with pytest.raises(TicketFileError) as caught:
        read_tickets(path, mapping={"a": "number", "b": "number"})
    (error,) = caught.value.errors
    assert (error.row, error.column) == (1, "(header)")
    assert "both 'a' and 'b'" in error.message


def test_symptom_column_stands_in_for_title(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        '单号,现象,级别,状态,创建时间\nA-1,"BGP 邻居 Down\n第二行",P2,处理中,2026-01-01\n',
        encoding="utf-8",
    )
    (ticket,) = read_tickets(path).tickets
    assert (ticket.title, ticket.symptom) == ("BGP 邻居 Down", "BGP 邻居 Down\n第二行")


# -- vocabularies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "severity"),
    [
        ("P1", "critical"),
        ("p2", "major"),
        ("S3", "minor"),
        ("Sev4", "info"),
        ("sev 1", "critical"),
        ("Sev-2", "major"),
        ("1", "critical"),
        ("4", "info"),
        ("紧急", "critical"),
        ("严重", "major"),
        ("一般", "minor"),
        ("提示", "info"),
        ("Critical", "critical"),
        ("High", "major"),
        ("major", "major"),
        ("Medium", "minor"),
        ("minor", "minor"),
        ("Low", "info"),
        ("info", "info"),
        ("P1 - Critical", "critical"),
        ("P2（严重）", "major"),
        ("Priority 3", "minor"),
        ("P9", None),
        ("P1 low", None),  # contradictory: no guess
        ("", None),
    ],
)
def test_severity_words(word: str, severity: str | None) -> None:
    assert severity_of(word) == severity


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("新建", "open"),
        ("Open", "open"),
        ("处理中", "in_progress"),
        ("In Progress", "in_progress"),
        ("in_progress", "in_progress"),
        ("待客户确认", "waiting"),
        ("挂起", "waiting"),
        ("Pending", "waiting"),
        ("Waiting on Customer", "waiting"),
        ("已解决", "resolved"),
        ("Resolved", "resolved"),
        ("已关闭", "closed"),
        ("CLOSED", "closed"),
        ("已作废", None),
    ],
)
def test_status_words(word: str, status: str | None) -> None:
    assert status_of(word) == status


@pytest.mark.parametrize(
    ("word", "cause"),
    [
        ("硬件", "hardware"),
        ("软件", "software"),
        ("配置", "configuration"),
        ("操作", "operation"),
        ("环境", "environment"),
        ("电源", "environment"),
        ("第三方", "third_party"),
        ("未知", "unknown"),
        ("Hardware", "hardware"),
        ("Software Defect", "software"),
        ("third party", "third_party"),
        ("Third Party (Carrier)", "third_party"),
        ("Human Error", "operation"),
        ("硬件故障-风扇", "hardware"),
        ("电源模块故障", "hardware"),  # the longest word decides: 电源模块, not 电源
        ("软件缺陷导致", "software"),
        ("设备老化", None),
        ("硬件与配置", None),  # two categories: no guess
    ],
)
def test_root_cause_words(word: str, cause: str | None) -> None:
    assert root_cause_of(word) == cause
