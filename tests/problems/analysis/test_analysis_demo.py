"""The demo ticket files read cleanly with the built-in aliases and hold the stories a
quarterly review should find: recurrences, one ongoing critical ECCB ticket, and recent
closed tickets still waiting for the expert's root cause."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from netcare.problems.analysis import by_quarter, find_recurrences
from netcare.problems.tickets import ReadResult, TicketRecord, read_tickets

SRC = Path(__file__).resolve().parents[3] / "src" / "netcare"
DEMO = SRC / "problems" / "data" / "demo_tickets"
INVENTORY = SRC / "inventory" / "data" / "demo"
SH = ZoneInfo("Asia/Shanghai")
CUT_OFF = datetime(2026, 12, 4, 23, 59, tzinfo=SH)


def read(name: str) -> ReadResult:
    return read_tickets(DEMO / name)


def inventory(code: str) -> dict[str, str]:
    with (INVENTORY / f"{code}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return {row[0]: row[3] for row in rows[1:]}


@pytest.fixture(scope="module")
def eccb() -> tuple[TicketRecord, ...]:
    result = read("ECCB.xlsx")
    assert result.source_format == "xlsx" and result.ignored == ()
    return result.tickets


@pytest.fixture(scope="module")
def xhmg() -> tuple[TicketRecord, ...]:
    result = read("XHMG.csv")
    assert result.source_format == "csv" and result.ignored == ("Customer Impact",)
    return result.tickets


@pytest.mark.parametrize(("code", "low", "high"), [("ECCB", 65, 75), ("XHMG", 45, 55)])
def test_sizes_quarters_and_devices(
    code: str, low: int, high: int, eccb: tuple[TicketRecord, ...], xhmg: tuple[TicketRecord, ...]
) -> None:
    tickets = eccb if code == "ECCB" else xhmg
    assert low <= len(tickets) <= high
    assert list(by_quarter(tickets)) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    moments = [t.opened for t in tickets] + [t.closed for t in tickets if t.closed]
    moments += [p.at for t in tickets for p in t.progress]
    assert max(moments) <= CUT_OFF
    devices = inventory(code)
    for ticket in tickets:
        assert devices.get(ticket.hostname) == ticket.model, ticket.number
        assert all(ticket.opened <= p.at for p in ticket.progress)
        assert ticket.closed is None or all(p.at <= ticket.closed for p in ticket.progress)


def test_closed_tickets_carry_analysis_except_a_few_recent_ones(
    eccb: tuple[TicketRecord, ...], xhmg: tuple[TicketRecord, ...]
) -> None:
    for tickets, missing in ((eccb, 3), (xhmg, 2)):
        closed = [t for t in tickets if t.is_closed]
        unexplained = [t for t in closed if not t.root_cause]
        assert len(unexplained) == missing
        assert all(t.opened >= CUT_OFF - timedelta(days=21) for t in unexplained)
        assert all(not t.root_cause_text and not t.advice for t in unexplained)
        explained = [t for t in closed if t.root_cause]
        assert all(t.root_cause_text and t.advice for t in explained)
        assert all(t.closed is not None for t in closed)


def test_one_ongoing_critical_ticket_with_days_of_progress(
    eccb: tuple[TicketRecord, ...], xhmg: tuple[TicketRecord, ...]
) -> None:
    open_tickets = [t for t in (*eccb, *xhmg) if not t.is_closed]
    assert 3 <= len(open_tickets) <= 6
    (critical,) = [t for t in eccb if not t.is_closed and t.severity == "critical"]
    assert not [t for t in xhmg if not t.is_closed and t.severity == "critical"]
    assert critical.hostname == "ECCB-ZJ-SPINE-01" and critical.status == "in_progress"
    days = {p.at.date() for p in critical.progress}
    assert len(critical.progress) >= 5 and len(days) >= 4
    assert {p.author for p in critical.progress} >= {"张伟", "王磊"}


def test_eccb_recurrences(eccb: tuple[TicketRecord, ...]) -> None:
    found = {(r.kind, r.key): r for r in find_recurrences(eccb)}
    fan = found[("device", "ECCB-ZJ-CORE-01 · hardware")]
    assert len(fan.tickets) == 2 and len(fan.quarters) == 2
    leak = found[("model", "S6850-56HF · software")]
    assert leak.devices == ("ECCB-SZ-AGG-01", "ECCB-ZJ-AGG-01", "ECCB-ZJ-AGG-02")
    assert leak.quarters == ("2026Q1", "2026Q2", "2026Q3")
    assert "升级" in leak.recommendation.zh
    storms = [r for r in found.values() if r.kind == "symptom" and "广播风暴" in r.key]
    assert len(storms) == 1 and len(storms[0].quarters) >= 3
    assert ("device", "ECCB-ZJ-BORDER-01 · third_party") in found


def test_xhmg_recurrences(xhmg: tuple[TicketRecord, ...]) -> None:
    found = {(r.kind, r.key): r for r in find_recurrences(xhmg)}
    assert ("device", "XHMG-CZ-ACC-02 · configuration") in found
    assert ("model", "C9300-48P · software") in found
    assert ("device", "XHMG-WX-WAN-01 · third_party") in found
