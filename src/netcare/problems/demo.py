"""Demo problem management: four quarters of ECCB's and XHMG's tickets imported from the
support system's exports, the last full quarter's review completed and published for
ECCB, and its one important open ticket escalated with daily progress reports.

Every step checks what an earlier demo run left, so running the demo twice changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from netcare.customers.models import Customer
from netcare.problems.analysis import stats
from netcare.problems.models import DailyReport, ProblemReview, Ticket
from netcare.problems.services import daily, reviews, tickets

DATA = Path(__file__).resolve().parent / "data" / "demo_tickets"
EXPERT = "ram.zhang"
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def _expert() -> Any:
    return get_user_model()._default_manager.filter(username=EXPERT).first()


def import_tickets(summary: Any) -> None:
    """Problems: import ECCB's and XHMG's ticket exports (four quarters)."""
    for code in ("ECCB", "XHMG"):
        customer = Customer.objects.filter(code=code).first()
        files = sorted(DATA.glob(f"{code}.*"))
        if customer is None or not files or Ticket.objects.filter(customer=customer).exists():
            continue
        outcome = tickets.do_import_tickets(customer, files[0], actor=None)
        summary.jobs.append(f"tickets {code}={len(outcome.created)}")


def _last_quarter() -> str:
    today = timezone.localdate()
    start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return stats.quarter_of(start - dt.timedelta(days=1))


def review_eccb(summary: Any) -> None:
    """ECCB: the last full quarter's problem review completed and published."""
    customer = Customer.objects.filter(code="ECCB").first()
    expert = _expert()
    if customer is None or expert is None or not Ticket.objects.filter(customer=customer).exists():
        return
    review = reviews.do_open_review(customer, _last_quarter(), actor=expert)
    if review.state == ProblemReview.State.PUBLISHED:
        return
    for ticket in reviews.scope_tickets(review).filter(number__in=reviews.missing_analysis(review)):
        # The export left these closed tickets unanalysed; the expert's analysis.
        tickets.do_set_analysis(
            ticket,
            actor=expert,
            root_cause=ticket.root_cause or "unknown",
            root_cause_text=ticket.root_cause_text
            or "复核日志与处理记录后未能确定根因，故障未再复现；已加入重点观察。",
            advice=ticket.advice or "保持日志与告警采集，复现时立即收集诊断信息。",
        )
    with QUIET_MAIL:
        reviews.do_publish_review(review, actor=expert)


def daily_for_important(summary: Any) -> None:
    """ECCB: the open critical ticket made important, escalated, with daily reports."""
    customer = Customer.objects.filter(code="ECCB").first()
    expert = _expert()
    if customer is None or expert is None:
        return
    ticket = (
        Ticket.objects.filter(customer=customer, severity="critical")
        .exclude(status__in=["resolved", "closed"])
        .order_by("opened")
        .first()
    )
    if ticket is None or DailyReport.objects.filter(ticket=ticket).exists():
        return
    tickets.do_set_important(ticket, True, actor=expert)
    tickets.do_escalate(
        ticket,
        "总部数据中心产品线技术支持专家；研发网络协议组（远程抓包分析）",
        actor=expert,
        at=ticket.opened + dt.timedelta(hours=6),
    )
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in range(3, -1, -1)]
    for day in days:
        daily.draft_daily_reports(day)
    drafts = DailyReport.objects.filter(ticket=ticket).order_by("day")
    with QUIET_MAIL:
        for report in list(drafts)[:-1]:  # today's stays a draft for the expert
            daily.do_send_daily_report(
                report,
                actor=expert,
                next_steps="研发分析抓包结果\n晚间窗口更换可疑光模块并观察",
                expected="预计 2 个工作日内定位根因",
                contact="张伟 138-0000-0001",
            )


STEPS = [import_tickets, review_eccb, daily_for_important]
