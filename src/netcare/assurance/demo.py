"""Demo assurance for ECCB: a core-switch software upgrade filed by the customer,
reviewed by three HQ experts (product support expert, industry expert, R&D; one
approves with conditions), run under a remote and on-site roster with its events,
completed with success (applying a hardening step it carried) and its change-assurance
record published; and the year-end settlement (年终结算) staffed on site by the ASM's
team, with its checklists ticked and its critical-period assurance record published.

Every step checks what an earlier run left, so running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from netcare.assurance.models import ChangeAssurance, CriticalPeriod
from netcare.assurance.services import changes, periods, reviews, rosters
from netcare.customers.models import Customer, Role
from netcare.customers.services import do_create_user, do_grant_membership

QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
#: The demo's password (``netcare demo`` prints it); never used outside the demo.
PASSWORD = "netcare-demo"  # noqa: S105
CHANGE_TITLE = "核心交换机软件版本升级（S12500 → R7625P06）"
PERIOD_TITLE = "年终结算"
#: HQ experts who review ECCB's change (login, name, e-mail, speciality); hq.chen exists.
REVIEWERS = [
    ("hq.liu", "刘 洋", "liu.yang@netcare.example", "product_support"),
    ("hq.chen", "", "", "industry"),
    ("rd.sun", "孙 博", "sun.bo@netcare.example", "rnd"),
]

PLAN = """核心交换机软件版本升级方案（ECCB）

1. 目标：将数据中心核心交换机升级至推荐版本，修复已知的 OSPF 与 IRF 问题。
2. 窗口：周六 22:00–次日 02:00，业务低峰。
3. 步骤：备份配置与版本 → 上传版本并校验 MD5 → 备用主控先升级 → 主备倒换 → 主控升级 → 检查。
4. 回退：保留原版本于 flash，异常时指定原版本启动并重启。
"""


def _user(username: str) -> Any:
    return get_user_model()._default_manager.filter(username=username).first()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _reviewer(username: str, name: str, email: str, customer: Customer) -> Any:
    """The HQ expert, created if new and made a candidate by the reviewer role it held
    for ECCB before (the system grants it, as naming does)."""
    user = _user(username)
    if user is None:
        user = do_create_user(username, password=PASSWORD, actor=None, email=email, full_name=name)
    do_grant_membership(user, customer, Role.REVIEWER, actor=None, note="demo reviewer")
    return user


def change_eccb(summary: Any) -> None:
    """ECCB: a core-switch upgrade reviewed by three HQ experts, run and recorded."""
    from netcare.inspection.models import HardeningStep
    from netcare.inventory.models import Device

    customer = Customer.objects.filter(code="ECCB").first()
    ram, fe, admin = _user("ram.zhang"), _user("fe.wang"), _user("eccb.admin")
    if customer is None or ram is None or admin is None:
        return
    if ChangeAssurance.objects.filter(customer=customer, title=CHANGE_TITLE).exists():
        return
    day = timezone.localdate() - dt.timedelta(days=20)
    found = Device.objects.filter(customer=customer).order_by("hostname")
    devices = list(found.filter(role="core")[:2]) or list(found[:2])
    step = HardeningStep.objects.filter(customer=customer, state="planned").order_by("id").first()
    with QUIET_MAIL:
        change = changes.do_file_change(
            customer,
            title=CHANGE_TITLE,
            purpose="修复核心交换机已知 OSPF 邻居震荡与 IRF 分裂问题，升级至总部推荐版本。",
            starts_at=_at(day, 22),
            ends_at=_at(day + dt.timedelta(days=1), 2),
            devices=devices,
            steps="1. 备份配置与当前版本\n2. 上传新版本并校验 MD5\n3. 备用主控升级\n"
            "4. 主备倒换\n5. 原主控升级\n6. 检查路由、IRF 与业务",
            rollback="指定 flash 中原版本为下次启动版本并重启；恢复备份配置。",
            plan_file=ContentFile(PLAN.encode(), name="核心交换机升级方案.txt"),
            hardening_steps=[step] if step is not None else [],
            actor=admin,
        )
        people = []
        for username, name, email, speciality in REVIEWERS:
            person = _reviewer(username, name, email, customer)
            reviews.do_name_reviewer(change, person, speciality, actor=ram)
            people.append(person)
        changes.do_submit_change(change, actor=admin)
        decisions = [
            ("approve", "", "版本与硬件兼容，升级路径正确。"),
            (
                "approve_with_conditions",
                "升级前完成一次 IRF 主备倒换演练；研发远程待命。",
                "同业已有同版本运行经验。",
            ),
            ("approve", "", "该版本已修复 OSPF 邻居震荡问题。"),
        ]
        for person, (decision, conditions, comments) in zip(people, decisions, strict=True):
            review = change.reviews.get(reviewer=person, round=change.round)
            reviews.do_record_decision(
                review, decision, conditions=conditions, comments=comments, actor=person
            )
        change.refresh_from_db()
        rosters.do_add_roster_entry(
            change,
            person=ram,
            mode="remote",
            starts_at=_at(day, 21, 30),
            ends_at=_at(day + dt.timedelta(days=1), 2, 30),
            duty="远程技术保障",
            actor=ram,
        )
        if fe is not None:
            rosters.do_add_roster_entry(
                change,
                person=fe,
                mode="onsite",
                starts_at=_at(day, 21),
                ends_at=_at(day + dt.timedelta(days=1), 3),
                duty="现场操作配合",
                hours_onsite=Decimal(6),
                actor=ram,
            )
        rosters.do_add_roster_entry(
            change,
            person=people[2],
            mode="remote",
            starts_at=_at(day, 22),
            ends_at=_at(day + dt.timedelta(days=1), 2),
            duty="研发远程待命",
            actor=ram,
        )
        changes.do_schedule_change(change, actor=ram)
        changes.do_start_change(change, actor=ram)
        for hour, minute, text in (
            (22, 5, "配置与版本备份完成，新版本 MD5 校验通过。"),
            (22, 40, "备用主控升级完成，主备倒换成功，业务无中断。"),
            (23, 30, "原主控升级完成，IRF 状态正常。"),
            (0, 20, "OSPF 邻居、BGP 路由与核心业务检查正常。"),
        ):
            when = _at(day if hour >= 12 else day + dt.timedelta(days=1), hour, minute)
            rosters.do_log_event(change, text, at=when, actor=fe or ram)
        changes.do_complete_change(
            change,
            "success",
            verification="业务拨测通过；观察 1 小时无告警；OSPF 邻居稳定。",
            follow_ups="一周后复查日志；同步更新版本汇总表。",
            actor=ram,
        )
        changes.do_publish_change_record(change, actor=ram)
    summary.jobs.append("change_assurance=published")


def critical_period_eccb(summary: Any) -> None:
    """ECCB: the year-end settlement staffed on site, checklists ticked, record published."""
    customer = Customer.objects.filter(code="ECCB").first()
    asm, ram, fe = _user("asm.li"), _user("ram.zhang"), _user("fe.wang")
    if customer is None or asm is None or ram is None:
        return
    if CriticalPeriod.objects.filter(customer=customer, title=PERIOD_TITLE).exists():
        return
    today = timezone.localdate()
    start = dt.date(today.year - 1, 12, 30)
    if start + dt.timedelta(days=4) >= today:
        start = dt.date(today.year - 2, 12, 30)
    site = customer.customers_site_set.order_by("name").first()
    from netcare.inventory.models import Device

    found = Device.objects.filter(customer=customer).order_by("hostname")
    devices = list(found.filter(role__in=["core", "data_center"])[:3]) or list(found[:3])
    with QUIET_MAIL:
        period = periods.do_open_period(
            customer,
            title=PERIOD_TITLE,
            event="年终结算期间核心账务批处理与对账，全行网络重点保障。",
            starts_at=_at(start, 8),
            ends_at=_at(start + dt.timedelta(days=3), 20),
            sites=[site] if site is not None else [],
            devices=devices,
            actor=asm,
        )
        periods.do_add_item(
            period,
            "before",
            "核对 UPS 与精密空调巡检记录",
            text_en="UPS and air-conditioning records checked",
            actor=asm,
        )
        on_site = fe or ram
        rosters.do_add_roster_entry(
            period,
            person=on_site,
            mode="onsite",
            starts_at=_at(start + dt.timedelta(days=1), 18),
            ends_at=_at(start + dt.timedelta(days=2), 6),
            duty="数据中心现场值守",
            hours_onsite=Decimal(12),
            hours_travel=Decimal(2),
            actor=asm,
        )
        rosters.do_add_roster_entry(
            period,
            person=ram,
            mode="remote",
            starts_at=_at(start, 8),
            ends_at=_at(start + dt.timedelta(days=3), 20),
            duty="远程专家支持",
            actor=asm,
        )
        for item in period.items.filter(phase="before"):
            periods.do_tick_item(item, note="正常", actor=on_site, at=_at(start, 10))
        periods.do_move_period(period, "underway", actor=asm)
        rosters.do_log_event(
            period,
            "19:00 结算批处理开始，核心链路利用率 38%。",
            at=_at(start + dt.timedelta(days=1), 19),
            actor=on_site,
        )
        rosters.do_log_event(
            period,
            "02:30 批处理完成，无告警。",
            at=_at(start + dt.timedelta(days=2), 2, 30),
            actor=on_site,
        )
        for item in period.items.filter(phase="during"):
            periods.do_tick_item(
                item, note="正常", actor=on_site, at=_at(start + dt.timedelta(days=2), 6)
            )
        periods.do_move_period(period, "follow_up", actor=asm)
        periods.do_write_summary(
            period,
            summary="年终结算期间网络运行平稳，批处理按时完成，无故障。",
            issues="汇聚交换机 1 个端口 CRC 计数缓慢增长（未影响业务）。",
            follow_ups="节后更换该端口光模块；复盘会纳入明年保障方案。",
            actor=asm,
        )
        for item in period.items.filter(phase="after"):
            periods.do_tick_item(
                item, note="已完成", actor=asm, at=_at(start + dt.timedelta(days=5), 10)
            )
        periods.do_publish_period_record(period, actor=asm)
    summary.jobs.append("critical_period=published")


STEPS = [change_eccb, critical_period_eccb]
