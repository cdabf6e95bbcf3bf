"""Problem-management services on a support system's export: atomic imports that update
in place and append progress (and a dry run that writes nothing), the expert's analysis
kept across imports, the quarter's scope and the publish gate, a three-party scope
agreement, and the daily-report cycle — a draft each working day while the important
ticket is open, none on a holiday, none twice, a missed day told once, stopped by the
import that closes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from tests.conftest import World

from netcare.notifications.models import Notification
from netcare.problems.models import (
    DailyReport,
    Escalation,
    ProblemReview,
    ProgressEntry,
    ScopeAgreement,
    Ticket,
    TicketImport,
)
from netcare.problems.services import daily, reviews, tickets


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


HEADER = (
    "工单号,标题,级别,状态,创建时间,关闭时间,设备,型号,现象,根因分类,根因分析,维护建议,最新进展\n"
)
ROWS = [
    "TK-2607-001,核心交换机风扇告警,严重,已关闭,2026-07-03 09:10,2026-07-03 18:00,{core},"
    "S12508X-AF,风扇框 FAN2 告警,硬件,风扇模块故障,备件更换后观察温度,"
    "2026-07-03 10:00 张伟：已更换风扇模块",
    "TK-2608-002,汇聚交换机端口频繁 up/down,一般,已解决,2026-08-11 14:00,2026-08-12 10:00,,"
    "S6850-56HF,端口 Te1/0/3 反复震荡,,,,",
    "TK-2609-003,数据中心 Spine 间歇性丢包,紧急,处理中,2026-09-28 08:30,,,CE12808,"
    "业务间歇丢包 0.5%,,,,2026-09-28 09:00 张伟：已收集诊断信息",
    "TK-2606-000,上季度遗留：NTP 时间偏移,提示,处理中,2026-06-20 10:00,,,,NTP 偏移 2 秒,,,,",
]


@pytest.fixture(autouse=True)
def _no_world_tickets(world: World) -> None:
    """The shared world holds a ticket, a review and daily reports of its own for the
    access matrix; these tests count what one export makes, so they start without them."""
    for model in (DailyReport, Escalation, ScopeAgreement, ProblemReview, Ticket, TicketImport):
        model.objects.all().delete()


def _export(
    tmp_path: Path, world: World, rows: list[str] | None = None, name: str = "t.csv"
) -> Path:
    core = world.obj("device", "own").hostname
    path = tmp_path / name
    text = HEADER + "\n".join(r.format(core=core) for r in (rows or ROWS)) + "\n"
    path.write_bytes(text.encode("gb18030"))  # as Chinese Excel saves a CSV
    return path


def test_import_updates_in_place_appends_progress_and_a_dry_run_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    expert = world.users["member_staff"]
    dry = tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=expert, dry_run=True)
    assert len(dry.created) == 4 and not Ticket.objects.filter(customer=world.own).exists()
    assert not TicketImport.objects.filter(customer=world.own).exists()

    first = tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=expert)
    assert first.counts()["created"] == 4 and first.progress_added == 2
    fan = Ticket.objects.get(customer=world.own, number="TK-2607-001")
    assert fan.device == world.obj("device", "own") and fan.root_cause == "hardware"
    assert Path(first.record.kept_file).is_file()  # type: ignore[union-attr]

    again = tickets.do_import_tickets(
        world.own,
        _export(tmp_path, world, [ROWS[0], ROWS[1], _with_progress_closed(), ROWS[3]], "t2.csv"),
        actor=expert,
    )
    assert again.closed_now == ["TK-2609-003"] and again.progress_added == 1
    assert again.unchanged == 3
    assert ProgressEntry.objects.filter(ticket__number="TK-2609-003").count() == 2


def _with_progress_closed() -> str:
    return (
        "TK-2609-003,数据中心 Spine 间歇性丢包,紧急,已解决,2026-09-28 08:30,2026-10-02 12:00,,"
        'CE12808,业务间歇丢包 0.5%,,,,"2026-09-28 09:00 张伟：已收集诊断信息\n'
        '2026-10-02 11:00 李娜：更换光模块后恢复"'
    )


def test_a_bad_row_refuses_the_file_names_it_and_keeps_it(world: World, tmp_path: Path) -> None:
    bad = [ROWS[0], ROWS[1].replace(",一般,", ",P9,"), ROWS[2].replace("2026-09-28 08:30", "昨天")]
    with pytest.raises(tickets.TicketsRefused) as refused:
        tickets.do_import_tickets(world.own, _export(tmp_path, world, bad), actor=None)
    text = str(refused.value.record.error)  # type: ignore[union-attr]
    assert "row 3" in text and "severity" in text and "row 4" in text and "opened" in text
    assert not Ticket.objects.filter(customer=world.own).exists()
    assert Path(refused.value.record.kept_file).is_file()  # type: ignore[union-attr]


def test_the_experts_analysis_survives_an_import_without_one(world: World, tmp_path: Path) -> None:
    tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=None)
    flap = Ticket.objects.get(customer=world.own, number="TK-2608-002")
    with pytest.raises(ValidationError):
        tickets.do_set_analysis(flap, actor=None, root_cause="configuration", root_cause_text=" ")
    tickets.do_set_analysis(
        flap,
        actor=world.users["member_staff"],
        root_cause="configuration",
        root_cause_text="对端端口速率与双工配置不一致",
        advice="变更前核对两端端口配置",
    )
    tickets.do_import_tickets(world.own, _export(tmp_path, world, name="again.csv"), actor=None)
    flap.refresh_from_db()
    assert (flap.root_cause, flap.advice) == ("configuration", "变更前核对两端端口配置")


def test_quarter_scope_carried_tickets_agreement_and_the_publish_gate(
    world: World, tmp_path: Path
) -> None:
    tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=None)
    expert = world.users["member_staff"]
    review = reviews.do_open_review(world.own, "2026Q3", actor=expert)
    assert reviews.do_open_review(world.own, "2026Q3", actor=expert) == review
    scope = set(reviews.scope_tickets(review).values_list("number", flat=True))
    assert scope == {"TK-2607-001", "TK-2608-002", "TK-2609-003"}
    assert list(reviews.carried_tickets(review).values_list("number", flat=True)) == ["TK-2606-000"]
    assert reviews.missing_analysis(review) == ["TK-2608-002"]
    with pytest.raises(ValidationError, match="TK-2608-002"):
        reviews.do_publish_review(review, actor=expert)

    with pytest.raises(ValidationError, match="field engineer"):
        reviews.do_record_agreement(
            review,
            actor=expert,
            what="范围延至 10 月 15 日",
            expert=expert,
            field_engineer=expert,
            customer_party="王经理",
            agreed_on=dt.date(2026, 9, 30),
        )


def test_daily_reports_each_working_day_until_closed(world: World, tmp_path: Path) -> None:
    tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=None)
    spine = Ticket.objects.get(customer=world.own, number="TK-2609-003")
    assert daily.draft_daily_reports(dt.date(2026, 9, 29)) == []  # not important yet
    expert = world.users["member_staff"]
    tickets.do_set_important(spine, True, actor=expert)
    tickets.do_escalate(spine, "总部产品线专家", actor=expert)

    monday = dt.date(2026, 9, 28)
    drafted = daily.draft_daily_reports(monday)
    assert [r.ticket for r in drafted] == [spine]
    assert daily.draft_daily_reports(monday) == []  # idempotent
    assert drafted[0].resources == "总部产品线专家"
    assert daily.draft_daily_reports(dt.date(2026, 10, 1)) == []  # National Day
    assert daily.draft_daily_reports(dt.date(2026, 10, 4)) == []  # holiday week, Sunday

    told = Notification.objects.filter(kind="daily_report_missed", customer=world.own)
    assert daily.tell_missed(dt.date(2026, 9, 29)) == 1 and told.count() >= 1
    assert daily.tell_missed(dt.date(2026, 9, 30)) == 0  # told once

    viewer = world.users["customer_viewer"]
    viewer.email = "viewer@eccb.example"
    viewer.save(update_fields=["email"])
    mail.outbox.clear()
    daily.do_send_daily_report(
        drafted[0], actor=expert, next_steps="更换光模块", expected="两个工作日"
    )
    drafted[0].refresh_from_db()
    assert drafted[0].state == DailyReport.State.SENT and drafted[0].deliverable is not None
    files = {(f.format, f.language) for f in drafted[0].deliverable.files.all()}
    assert {("docx", "zh"), ("pdf", "en")} <= files
    assert [m.to for m in mail.outbox] == [["viewer@eccb.example"]]
    assert "TK-2609-003" in mail.outbox[0].subject
    with pytest.raises(ValidationError):
        daily.do_send_daily_report(drafted[0], actor=expert)

    tickets.do_import_tickets(
        world.own, _export(tmp_path, world, [_with_progress_closed()], "closed.csv"), actor=None
    )
    assert daily.draft_daily_reports(dt.date(2026, 10, 9)) == []  # closed: no more


def test_customers_ask_for_importance_and_the_ram_decides(world: World, tmp_path: Path) -> None:
    tickets.do_import_tickets(world.own, _export(tmp_path, world), actor=None)
    flap = Ticket.objects.get(customer=world.own, number="TK-2608-002")
    open_one = Ticket.objects.get(customer=world.own, number="TK-2609-003")
    with pytest.raises(ValidationError):
        tickets.do_set_important(flap, True, actor=world.users["member_staff"])  # closed
    viewer: Any = world.users["customer_viewer"]
    tickets.do_request_importance(open_one, actor=viewer)
    open_one.refresh_from_db()
    assert open_one.importance_requested and not open_one.important
    assert Notification.objects.filter(kind="importance_requested", customer=world.own).exists()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        tickets.do_set_important(open_one, True, actor=viewer)
