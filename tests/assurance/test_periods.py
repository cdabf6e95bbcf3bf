"""Critical-period assurance: default checklists, the checklist gates, roster and
events, the published record (read back in zh and en), and person-days booked on the
onsite quota only where the contract says critical periods count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx

from netcare.assurance.models import CriticalPeriod, RosterEntry
from netcare.assurance.services import periods, rosters
from netcare.contracts.models import Contract, LedgerEntry
from tests.assurance.world import PERIOD, aware
from tests.conftest import World


def test_default_checklists_are_data_with_both_languages() -> None:
    lists = periods.default_checklists()
    assert set(lists) == {"before", "during", "after"}
    assert any("配置备份" in item["zh"] and "backups" in item["en"] for item in lists["before"])
    assert all(item["zh"] and item["en"] for items in lists.values() for item in items)


def _open(w: World, **extra: Any) -> CriticalPeriod:
    fields: dict[str, Any] = {
        "title": "年终结算",
        "event": "核心系统年终结算，全行网络重点保障。",
        "starts_at": aware(PERIOD[0]),
        "ends_at": aware(PERIOD[1]),
        "sites": [w.obj("site", "own")],
        "devices": [w.obj("device", "own")],
        "actor": w.obj("asm", "own"),
    }
    fields.update(extra)
    return periods.do_open_period(w.own, **fields)


def _tick(period: CriticalPeriod, phase: str, actor: Any) -> None:
    for item in period.items.filter(phase=phase):
        periods.do_tick_item(item, actor=actor, note="ok")


def test_opening_routes_to_the_asm_and_copies_the_checklists(w: World) -> None:
    period = _open(w)
    assert period.state == "preparing"
    assert period.request is not None and period.request.kind == "critical_period_assurance"
    assert period.request.routed_role == "asm" and period.owner == w.obj("asm", "own")
    assert period.items.filter(phase="before").count() == len(
        periods.default_checklists()["before"]
    )
    with pytest.raises(PermissionDenied):
        _open(w, actor=w.users["member_staff"])  # the ASM's, not the RAM's
    with pytest.raises(ValidationError, match="not ECCB's"):
        _open(w, devices=[w.obj("device", "foreign")])


def test_the_period_moves_only_with_its_checklists_ticked(w: World) -> None:
    asm, ram = w.obj("asm", "own"), w.users["member_staff"]
    period = _open(w)
    with pytest.raises(ValidationError, match="tick the before checklist first"):
        periods.do_move_period(period, "underway", actor=asm)
    with pytest.raises(ValidationError, match="cannot move from 'preparing' to 'follow_up'"):
        periods.do_move_period(period, "follow_up", actor=asm)
    _tick(period, "before", ram)
    item = period.items.filter(phase="before").first()
    assert item is not None and item.done_by == ram and item.done_at is not None
    periods.do_move_period(period, "underway", actor=asm)
    rosters.do_log_event(period, "Settlement batch started 22:00.", actor=ram)
    with pytest.raises(ValidationError, match="tick the during checklist first"):
        periods.do_move_period(period, "follow_up", actor=asm)
    _tick(period, "during", ram)
    periods.do_move_period(period, "follow_up", actor=asm)
    with pytest.raises(ValidationError, match="summary"):
        periods.do_publish_period_record(period, actor=asm)
    with pytest.raises(PermissionDenied):
        periods.do_tick_item(item, actor=w.users["customer_admin"])


def _run(w: World, *, hours: Decimal | None = Decimal(10)) -> CriticalPeriod:
    asm, ram = w.obj("asm", "own"), w.users["member_staff"]
    period = _open(w)
    periods.do_add_item(
        period, "before", "核对 UPS 电池", text_en="UPS batteries checked", actor=asm
    )
    rosters.do_add_roster_entry(
        period,
        person=ram,
        mode="onsite",
        starts_at=aware(PERIOD[0]),
        ends_at=aware(PERIOD[0] + dt.timedelta(hours=12)),
        duty="数据中心现场值守",
        hours_onsite=hours,
        hours_travel=Decimal(2) if hours else None,
        actor=asm,
    )
    _tick(period, "before", ram)
    periods.do_move_period(period, "underway", actor=asm)
    rosters.do_log_event(period, "结算批处理 22:00 开始，核心链路负载 40%。", actor=ram)
    _tick(period, "during", ram)
    periods.do_move_period(period, "follow_up", actor=asm)
    periods.do_write_summary(
        period,
        summary="结算顺利完成，网络运行平稳。",
        issues="无",
        follow_ups="复盘会 1 月 5 日",
        actor=asm,
    )
    _tick(period, "after", asm)
    return period


def _text(path: Path) -> str:
    doc = Docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_record_is_published_in_zh_and_en_and_closes_the_request(w: World) -> None:
    period = _run(w)
    deliverable = periods.do_publish_period_record(period, actor=w.obj("asm", "own"))
    period.refresh_from_db()
    assert period.state == "published" and period.deliverable == deliverable
    assert deliverable.state == "published"
    assert period.request is not None
    period.request.refresh_from_db()
    assert period.request.state == "closed"
    files = {(f.language, f.format): f for f in deliverable.files.all()}
    assert set(files) == {("zh", "docx"), ("zh", "pdf"), ("en", "docx"), ("en", "pdf")}
    zh = _text(settings.REPORTS_DIR / files["zh", "docx"].file.name)
    en = _text(settings.REPORTS_DIR / files["en", "docx"].file.name)
    for word in (
        "关键时刻保障记录",
        "事前检查及结果",
        "值守安排",
        "保障期间事件",
        "事后总结与跟进",
        "核对 UPS 电池",
        "结算顺利完成",
    ):
        assert word in zh, word
    for word in (
        "Critical-period assurance record",
        "Pre-period checks and results",
        "Roster",
        "Events during the period",
        "UPS batteries checked",
        "Post-period summary",
    ):
        assert word in en, word
    assert "1.5" in zh  # 10 h on site + 2 h travel = 1.5 person-days
    with pytest.raises(ValidationError, match="cannot move from 'published'"):
        periods.do_publish_period_record(period, actor=w.obj("asm", "own"))


def test_person_days_are_not_booked_while_the_contract_does_not_say_so(w: World) -> None:
    before = LedgerEntry.objects.filter(customer=w.own).count()
    period = _run(w)
    periods.do_publish_period_record(period, actor=w.obj("asm", "own"))
    assert LedgerEntry.objects.filter(customer=w.own).count() == before
    assert not periods.counts_on_quota(w.obj("contract", "own"))


def test_person_days_are_booked_once_on_the_onsite_ledger_where_the_contract_counts_them(
    w: World,
) -> None:
    Contract.objects.filter(pk=w.obj("contract", "own").pk).update(critical_period_counts=True)
    period = _run(w)
    asm = w.obj("asm", "own")
    assert len(periods.book_person_days(period, actor=asm)) == 1
    assert periods.book_person_days(period, actor=asm) == []  # once
    entry = RosterEntry.objects.get(period=period)
    assert entry.ledger_entry is not None
    assert entry.ledger_entry.amount == Decimal("1.5")
    assert entry.ledger_entry.entitlement.item.code == "onsite_support"
    assert entry.ledger_entry.record_id == str(entry.pk)
