"""Demo deliverables and the service being delivered.

Every customer gets its entitlement statement. ECCB, eleven months into a two-year
term, has lived through the whole service cycle: the RAM and ASM walked the customer
through the items, the customer chose, the plan was generated, sent and confirmed; since
then most planned work was delivered (some late), a few items were waived with a reason,
two are overdue, contacts were logged, one request was answered late over a holiday
break, and the mid-term review is published. XHMG's plan waits for the customer's
confirmation; SNEN has just started (its walk-through is due).

Everything is dated relative to the contract start, and every step checks what is
already there, so ``netcare demo`` run twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from netcare.contracts import services as contract_services
from netcare.contracts.models import Contract
from netcare.contracts.reports import build_entitlement_statement
from netcare.customers.models import Customer
from netcare.delivery import services
from netcare.delivery.models import (
    ContactLog,
    Deliverable,
    ItemChoice,
    Obligation,
    ServicePlan,
    ServiceRequest,
)
from netcare.delivery.services import contacts, plans, requests, reviews
from netcare.delivery.services.rendering import render_into

#: Demo accounts have no real mailboxes: messages go to the inbox, mail to memory.
QUIET_MAIL = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def publish_entitlement_statements(summary: Any) -> None:
    """The entitlement statement of every demo customer, in zh and en, as Word, Excel, PDF."""
    for customer in Customer.objects.filter(code__in=summary.customers):
        contract = contract_services.current_contract(customer)
        if contract is None:
            continue
        ram = contract_services.assignee(contract, "l2_expert")
        asm = contract_services.assignee(contract, "asm")
        existing = Deliverable.objects.filter(
            contract=contract, report_type="entitlement_statement"
        ).first()
        if existing is not None and existing.files.count() == 6:
            continue
        deliverable = existing or services.do_create_deliverable(
            customer,
            item="service_plan",
            title=f"服务权益说明 · {contract.number}",
            title_en=f"Service entitlement statement · {contract.number}",
            kind=Deliverable.Kind.REPORT,
            contract=contract,
            report_type="entitlement_statement",
            period_start=contract.start,
            period_end=contract.end,
            actor=ram,
        )
        if deliverable.state == Deliverable.State.PUBLISHED:
            services.do_withdraw(deliverable, actor=ram)
        documents = {
            language: build_entitlement_statement(
                contract, language=language, author=ram, reviewer=asm
            )
            for language in ("zh", "en")
        }
        render_into(
            deliverable, documents, basename=f"{contract.number}-entitlement-statement", actor=ram
        )
        with QUIET_MAIL:
            services.do_publish(deliverable, actor=ram)


def _user(username: str) -> Any:
    return get_user_model()._default_manager.get(username=username)


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _contract(code: str) -> Contract | None:
    customer = Customer.objects.filter(code=code).first()
    return contract_services.current_contract(customer) if customer else None


ECCB_CHOICES = {
    "inspection": ("now", "核心与灾备两个数据中心都要覆盖 / cover both data centres"),
    "version_assessment": ("later", "明年核心交换机升级前再做 / before next year's core upgrade"),
    "technology_workshop": ("later", "希望了解 SRv6 / interested in SRv6"),
    "hardening_plan": ("now", ""),
    "proposal_assessment": ("not", "今年无改造计划 / no redesign planned this year"),
}


def start_eccb_service(summary: Any) -> None:
    """ECCB: walk-through, the customer's choices, the plan generated, sent, confirmed."""
    contract = _contract("ECCB")
    if contract is None:
        return
    ram, asm, admin = _user("ram.zhang"), _user("asm.li"), _user("eccb.admin")
    start = contract.start
    with QUIET_MAIL:
        plans.start_service(contract, today=start)
        # Activated when the demo loaded it, the first contacts fell due next week; this
        # contract really started eleven months ago.
        first_week = plans.calendar_for(contract.customer).add_working_days(start, 5)
        for obligation in plans.ensure_plan(contract).obligations.filter(
            kind="start_contact", state="open", edited=False
        ):
            services.do_update_obligation(obligation, actor=ram, due=first_week)
        for role, user, day, channel in (
            ("l2_expert", ram, start + dt.timedelta(days=3), "visit"),
            ("asm", asm, start + dt.timedelta(days=4), "phone"),
        ):
            if not ContactLog.objects.filter(
                contract=contract, role=role, purpose="walkthrough"
            ).exists():
                contacts.do_log_contact(
                    contract,
                    role=role,
                    date=day,
                    channel=channel,
                    purpose="walkthrough",
                    people="陈立（信息科技部）、网络运维组 / Chen Li (IT), network operations",
                    summary="逐项介绍17项高端服务内容、服务方式与申请渠道。 / Walked through "
                    "the 17 "
                    "service items, how each is delivered and how to request them.",
                    next_steps="客户在门户中选择服务项目 / the customer marks its choices in "
                    "the portal",
                    actor=user,
                )
        plan = plans.ensure_plan(contract)
        if plan.generated_at is None:
            plans.do_set_choices(
                contract, ECCB_CHOICES, actor=admin, at=_at(start + dt.timedelta(days=8), 15)
            )
            plans.do_generate_plan(contract, actor=ram, today=start)
            plans.do_update_plan(
                plan,
                actor=ram,
                objectives="保障核心与灾备网络全年稳定运行；按季度闭环网上问题；"
                "年内完成一次全网版本评估。 / Keep the core and DR networks stable all year; "
                "close the loop on tickets every quarter; assess all versions once this year.",
                communication="专属L2专家每两周电话或现场联系一次，大客户经理每月一次；"
                "紧急问题 7×24 热线，升级路径：RAM → 总部专家 → 研发。 / RAM every two weeks, "
                "ASM monthly; 24×7 hotline for emergencies; escalation RAM → HQ experts → R&D.",
            )
        plan.refresh_from_db()
        if plan.state == ServicePlan.State.DRAFT:
            plans.do_send_plan(plan, actor=ram, at=_at(start + dt.timedelta(days=10), 17))
            plan.refresh_from_db()
        if plan.state == ServicePlan.State.SENT:
            plans.do_confirm_plan(plan, actor=admin, at=_at(start + dt.timedelta(days=12), 9, 30))


#: What happened to ECCB's planned work that fell due: kind → per occurrence, in order.
#: "ok" on time, "late" published N days after due, "waive" with a reason, "open" not done.
OUTCOMES: dict[str, list[str]] = {
    "problem_review": ["ok", "late", "waive"],
    "doc_push": ["ok", "ok", "open"],
    "version_review": ["ok", "ok", "late"],
    "inspection": ["ok"],
    # From the fifth on they are left to the care demo, which records their touches.
    "holiday_care": ["ok", "ok", "waive", "ok", "open", "open", "open"],
}
REASONS = {
    "problem_review": "本季度无报单，经客户同意不出报告 / no tickets this quarter; the "
    "customer agreed to skip the report",
}


def waiver_reason(obligation: Obligation) -> str:
    """Why the demo waived a piece of work; a holiday-care waiver names its own holiday
    (taken from the obligation's title, "节日关怀：春节" / "Holiday care: Spring Festival")."""
    if obligation.kind == "holiday_care":
        zh = obligation.title_zh.partition("：")[2] or "节日"
        en = obligation.title_en.partition(": ")[2] or "the holiday"
        return (
            f"客户{zh}期间封网并放假，改为节后拜访 / the customer froze its network and "
            f"closed for {en}; visited after the holiday instead"
        )
    return REASONS.get(obligation.kind, "客户确认无需 / not needed, as the customer agreed")


RECORD_TEXT = {
    "problem_review": "本季度全部报单已回顾：已关闭问题给出根因与维护建议，"
    "未关闭问题明确下一步。 / All "
    "tickets of the quarter reviewed: root cause and advice for closed ones, next steps for "
    "open ones.",
    "doc_push": "已推送本季度专属资料包（产品手册、配置指南、版本说明）。 / This quarter's "
    "document "
    "package pushed (manuals, configuration guides, release notes).",
    "version_review": "已更新版本汇总表并匹配最新技术公告，无需紧急升级。 / Version summary table "
    "updated and matched against new bulletins; no urgent upgrade needed.",
    "inspection": "已完成核心、汇聚及灾备设备深度巡检，发现 3 项中风险隐患。 / Deep inspection "
    "of core, "
    "aggregation and DR devices done; three medium risks found.",
    "kickoff": "服务启动会：双方确认服务计划、联系人与沟通机制。 / Kickoff: both sides "
    "confirmed the "
    "plan, contacts and how we communicate.",
}


def run_eccb_service(summary: Any) -> None:
    """ECCB since confirmation: delivered, late, waived and overdue work, contacts, requests."""
    contract = _contract("ECCB")
    plan = ServicePlan.objects.filter(contract=contract).first() if contract else None
    if contract is None or plan is None or plan.state != ServicePlan.State.CONFIRMED:
        return
    ram, asm = _user("ram.zhang"), _user("asm.li")
    today = timezone.localdate()
    with QUIET_MAIL:
        _deliver_planned_work(plan, ram, asm, today)
        _log_contacts(plan, ram, asm, today)
        _requests(contract, today)


def _deliver_planned_work(plan: ServicePlan, ram: Any, asm: Any, today: dt.date) -> None:
    seen: dict[str, int] = {}
    due = plan.obligations.filter(due__lt=today).exclude(kind__in=["contact", "start_contact"])
    for obligation in due.select_related("item").order_by("due", "id"):
        outcomes = OUTCOMES.get(obligation.kind, ["ok"])
        index = seen.get(obligation.kind, 0)
        seen[obligation.kind] = index + 1
        if obligation.state != Obligation.State.OPEN:
            continue
        outcome = outcomes[min(index, len(outcomes) - 1)]
        actor = asm if obligation.lead == "asm" else ram
        if outcome == "open":
            continue
        if outcome == "waive":
            services.do_waive_obligation(
                obligation,
                reason=waiver_reason(obligation),
                actor=actor,
                at=_at(obligation.due - dt.timedelta(days=2), 16),
            )
            continue
        day = (
            obligation.due + dt.timedelta(days=6)
            if outcome == "late"
            else obligation.due - dt.timedelta(days=2)
        )
        if obligation.kind == "holiday_care":
            contacts.do_log_contact(
                plan.contract,
                role="asm",
                date=min(day, today),
                channel="wechat",
                purpose="holiday_care",
                people="陈立及运维团队 / Chen Li and the operations team",
                summary=f"{obligation.title_zh}：发送节日问候并确认节日期间值守安排。 / Holiday "
                "greetings "
                "sent; on-call arrangements over the holiday confirmed.",
                obligation=obligation,
                actor=asm,
            )
            continue
        record = services.do_create_deliverable(
            plan.customer,
            item=obligation.item,
            title=obligation.title_zh,
            title_en=obligation.title_en,
            kind=Deliverable.Kind.RECORD,
            report_type=f"demo_{obligation.kind}",
            summary=RECORD_TEXT.get(obligation.kind, obligation.title_en),
            period_start=obligation.period_start,
            period_end=obligation.period_end,
            obligation=obligation,
            actor=actor,
        )
        services.do_publish(record, actor=actor, at=min(_at(min(day, today), 17), timezone.now()))


def _log_contacts(plan: ServicePlan, ram: Any, asm: Any, today: dt.date) -> None:
    """Every proactive contact that fell due was made, except the RAM's latest (overdue);
    one of the ASM's was made a week late."""
    contract = plan.contract
    for role, user, channel in (("l2_expert", ram, "phone"), ("asm", asm, "visit")):
        due = list(
            plan.obligations.filter(kind="contact", lead=role, due__lt=today).order_by("due")
        )
        for index, obligation in enumerate(due):
            if obligation.state != Obligation.State.OPEN:
                continue
            if role == "l2_expert" and index == len(due) - 1:
                continue  # the overdue one
            late = role == "asm" and index == 3
            day = (
                obligation.due + dt.timedelta(days=7)
                if late
                else obligation.due - dt.timedelta(days=3)
            )
            contacts.do_log_contact(
                contract,
                role=role,
                date=min(day, today),
                channel=channel if index % 3 else "wechat",
                people="陈立 / Chen Li",
                summary="例行沟通：网络运行平稳，确认近期变更窗口与关注事项。 / Routine call: "
                "network "
                "stable; upcoming change windows and concerns confirmed.",
                next_steps="跟进灾备链路切换演练安排 / follow up on the DR failover drill",
                obligation=obligation,
                actor=user,
            )


def _requests(contract: Contract, today: dt.date) -> None:
    """Two requests: a document request answered in time, and a technical question raised
    just before a holiday break and answered after its deadline."""
    customer = contract.customer
    own_kinds = ["document_request", "technical_question"]  # other demos raise other kinds
    if ServiceRequest.objects.filter(customer=customer, kind__in=own_kinds).exists():
        return
    admin, ram = _user("eccb.admin"), _user("ram.zhang")
    calendar = plans.calendar_for(customer)
    first = requests.do_raise_request(
        customer,
        kind="document_request",
        title="S12500 IRF 配置指南",
        text="请提供核心交换机 IRF 扩容相关的配置指南。 / Please send the configuration guide for "
        "extending the core IRF fabric.",
        actor=admin,
        at=_at(contract.start + dt.timedelta(days=40), 9, 15),
    )
    requests.do_respond_request(
        first,
        response="已上传到资料包，并附上扩容注意事项。 / Uploaded to your document package with "
        "notes on the extension.",
        actor=ram,
        at=_at(contract.start + dt.timedelta(days=40), 14, 0),
    )
    breaks = [
        b
        for b in calendar.holiday_breaks(
            contract.start + dt.timedelta(days=30), today - dt.timedelta(days=20)
        )
        if b.days >= 3
    ]
    if not breaks:
        return
    holiday = breaks[-1]
    before = calendar.previous_working_day(holiday.start - dt.timedelta(days=1))
    late = requests.do_raise_request(
        customer,
        kind="technical_question",
        title="节前变更后 OSPF 邻居偶发中断",
        text="灾备中心两台汇聚交换机 OSPF 邻居每天中断 2~3 次，请协助分析。 / Two aggregation "
        "switches in the DR centre lose their OSPF neighbours two or three times a day.",
        actor=admin,
        at=_at(before, 17, 40),
    )
    answered = calendar.add_working_days(holiday.end, 2)
    requests.do_respond_request(
        late,
        response="已定位为 MTU 不一致，建议统一为 9000 并在下个窗口调整。 / Traced to an MTU "
        "mismatch; "
        "set both sides to 9000 in the next window.",
        actor=ram,
        at=_at(answered, 10, 30),
    )
    requests.do_close_request(
        late, resolution="MTU 已统一，邻居稳定。 / MTU aligned; neighbours stable.", actor=admin
    )


def publish_eccb_mid_term_review(summary: Any) -> None:
    """ECCB's mid-term review, built from the record, published to the customer."""
    contract = _contract("ECCB")
    plan = ServicePlan.objects.filter(contract=contract).first() if contract else None
    if plan is None or plan.state != ServicePlan.State.CONFIRMED:
        return
    done = Deliverable.objects.filter(
        contract=contract, report_type="mid_term_review", state=Deliverable.State.PUBLISHED
    ).exists()
    if done:
        return
    ram = _user("ram.zhang")
    with QUIET_MAIL:
        review = reviews.do_generate_review(
            plan,
            "mid_term",
            actor=ram,
            remarks="上半期服务总体按计划推进：巡检、版本管理与资料推送均已交付；一次问题回顾延期、"
            "一次资料推送逾期，已安排在下月补齐。下半期重点：版本评估与核心交换机升级准备。 / "
            "The first "
            "half went to plan overall; one problem review was late and one document push is "
            "overdue and will be made up next month. Next: the version assessment and the core "
            "upgrade.",
        )
        services.do_publish(review, actor=ram)


def start_other_plans(summary: Any) -> None:
    """XHMG's plan sent and awaiting confirmation; SNEN's service just started."""
    with QUIET_MAIL:
        xhmg = _contract("XHMG")
        if xhmg is not None:
            plan = plans.ensure_plan(xhmg)
            plans.start_service(xhmg, today=xhmg.start)
            if plan.generated_at is None:
                plans.do_set_choices(
                    xhmg,
                    {
                        "technology_workshop": (
                            "now",
                            "希望安排一次数据中心网络研讨 / a data-centre workshop",
                        )
                    },
                    actor=_user("xhmg.admin"),
                )
                plans.do_generate_plan(xhmg, actor=_user("ram.zhang"), today=timezone.localdate())
                plans.do_send_plan(plan, actor=_user("ram.zhang"))
        snen = _contract("SNEN")
        if snen is not None:
            plans.start_service(snen)


def run_reminder_sweep(summary: Any) -> None:
    """The hourly reminder sweep once, so inboxes show what is due and overdue."""
    from netcare.delivery.services.reminders import run_reminders

    with QUIET_MAIL:
        counts = run_reminders()
    summary.jobs.append(f"reminders={sum(counts.values())}")


def date_the_story(summary: Any) -> None:
    """Date what the demo wrote when it happened in the story, not on the day it loaded.

    The services stamp notifications and a plan's opening with the current time; the
    demo replays eleven months in one go, so each is moved back to the moment of the
    event it is about (a plan sent, a request raised, an obligation that fell overdue…).
    Only ever backwards: nothing is dated after it was written.
    """
    from netcare.notifications.models import Notification

    for plan in ServicePlan.objects.select_related("contract"):
        opened = _at(plan.contract.start, 9)
        generated = (
            min(plan.sent_at - dt.timedelta(hours=6), plan.generated_at)
            if plan.sent_at and plan.generated_at
            else plan.generated_at
        )
        if opened < plan.created:
            ServicePlan.objects.filter(pk=plan.pk).update(created=opened, generated_at=generated)
            plan.obligations.filter(created__gt=opened).update(created=opened)
    for note in Notification.objects.exclude(key=""):
        moment = _story_moment(note.key)
        if moment is not None and moment < note.created:
            Notification.objects.filter(pk=note.pk).update(created=moment)


#: Which time of a plan or a service request each event of a notification key names.
_EVENT_TIMES: dict[str, tuple[type[Any], dict[str, str]]] = {
    "plan": (
        ServicePlan,
        {
            "sent": "sent_at",
            "confirmed": "confirmed_at",
            "changes": "changes_requested_at",
            "revision": "generated_at",
        },
    ),
    "request": (
        ServiceRequest,
        {"raised": "raised_at", "answered": "first_response_at", "missed": "first_response_due"},
    ),
}


def _last_choice(plan: ServicePlan) -> dt.datetime | None:
    """When the customer last chose among the plan's service items."""
    chosen: dt.datetime | None = (
        ItemChoice.objects.filter(entitlement__contract=plan.contract_id)
        .order_by("-chosen_at")
        .values_list("chosen_at", flat=True)
        .first()
    )
    return chosen


def _story_moment(key: str) -> dt.datetime | None:
    """When the event a notification key names happened (None: it is today's news)."""
    noun, _sep, rest = key.partition(":")
    pk_text, _sep, what = rest.partition(":")
    if not pk_text.isdigit():
        return None
    pk, event = int(pk_text), what.split(":")
    if noun == "deliverable":
        deliverable = Deliverable.objects.filter(pk=pk).first()
        return deliverable.published_at if deliverable else None
    if noun in _EVENT_TIMES:
        model, fields = _EVENT_TIMES[noun]
        found = model.objects.filter(pk=pk).first()
        if found is None:
            return None
        if noun == "plan" and event[0] == "choices":
            return _last_choice(found)
        field = fields.get(event[0])
        return getattr(found, field) if field else None
    if noun == "contract" and event[0] == "start":
        contract = Contract.objects.filter(pk=pk).first()
        return _at(contract.start, 9) if contract else None
    if noun == "contract" and event[0] == "contact" and len(event) > 2:
        contract = Contract.objects.filter(pk=pk).first()
        days = contacts.cadence_days(contract, event[1]) if contract else None
        if days is None:
            return None
        return _at(dt.date.fromisoformat(event[2]) + dt.timedelta(days=days + 1), 9)
    if noun == "obligation" and event[0] == "overdue" and len(event) > 1:
        return _at(dt.date.fromisoformat(event[1]) + dt.timedelta(days=1), 9)
    return None


STEPS = [
    publish_entitlement_statements,
    start_eccb_service,
    run_eccb_service,
    publish_eccb_mid_term_review,
    start_other_plans,
    run_reminder_sweep,
    date_the_story,
]
