"""The service plan document (服务计划), built from a confirmed plan.

Outline from shared/REPORTS.md: objectives agreed at kickoff; items chosen and why;
calendar of obligations by quarter; owners; milestones; communication plan (channels,
cadence, escalation path); appendix of method and data sources.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils import timezone, translation

from netcare.contracts.services import assignee
from netcare.customers.models import Contact
from netcare.delivery.models import ItemChoice, Obligation, ServicePlan
from netcare.delivery.services import contacts as contact_log
from netcare.delivery.services.plans import choices_for
from netcare.reports.engine import (
    BulletList,
    CellValue,
    Chart,
    Column,
    Document,
    KeyValue,
    Meta,
    Paragraph,
    Section,
    Series,
    Table,
)
from netcare.reports.wording import person, pick

LEADS = {
    "l2_expert": ("专属L2专家", "L2 expert"),
    "asm": ("大客户经理", "Account manager"),
    "both": ("L2专家与大客户经理共同", "L2 expert and account manager jointly"),
}
STATES = {"open": ("待完成", "planned"), "done": ("已完成", "done"), "waived": ("已豁免", "waived")}
MILESTONES = {
    "kickoff": ("服务启动会", "Kickoff"),
    "mid_term": ("阶段性回顾", "Mid-term review"),
    "final": ("服务总结", "Final summary"),
}


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def build_plan_document(
    plan: ServicePlan,
    *,
    language: str,
    author: Any,
    reviewer: Any,
    version: int = 1,
    on: dt.date | None = None,
) -> Document:
    """The document of a (confirmed) service plan in "zh" or "en", as of ``on``."""
    day = on or timezone.localdate()
    contract = plan.contract
    obligations = list(
        plan.obligations.select_related("item", "owner", "co_owner").order_by("due", "id")
    )
    with translation.override("en" if language == "en" else "zh-hans"):
        meta = Meta(
            customer=plan.customer.name,
            report_title=pick(language, "服务计划", "Service plan"),
            period=f"{contract.start:%Y-%m-%d} – {contract.end:%Y-%m-%d}",
            version=f"{version}.0",
            author=person(author),
            reviewer=person(reviewer),
            date=day,
            language="en" if language == "en" else "zh",
        )
        sections = [
            _objectives(plan, language),
            _items(plan, language),
            _calendar(obligations, language),
            _owners(plan, obligations, language, day),
            _milestones(obligations, language),
            _communication(plan, language, day),
        ]
        return Document(meta=meta, sections=sections, appendix=[_method(plan, language, day)])


def _objectives(plan: ServicePlan, language: str) -> Section:
    confirmed = f"{timezone.localtime(plan.confirmed_at):%Y-%m-%d}" if plan.confirmed_at else "—"
    lines = [line.strip() for line in plan.objectives.splitlines() if line.strip()]
    blocks: list[Any] = [
        KeyValue(
            [
                (pick(language, "合同编号", "Contract"), plan.contract.number),
                (pick(language, "计划修订", "Plan revision"), plan.revision),
                (pick(language, "客户确认", "Confirmed by the customer"), confirmed),
                (pick(language, "确认人", "Confirmed by"), person(plan.confirmed_by)),
            ]
        )
    ]
    if lines:
        blocks.append(BulletList(lines))
    else:
        blocks.append(
            Paragraph(
                pick(
                    language,
                    "服务目标尚未记录，将在服务启动会上与客户共同确定。",
                    "No objectives recorded yet; they are agreed with the customer at the kickoff.",
                ),
                style="note",
            )
        )
    return Section(pick(language, "服务目标", "Objectives agreed at kickoff"), blocks)


def _choice_text(choice: ItemChoice | None, language: str) -> str:
    if choice is None:
        return pick(language, "现在需要（默认）", "now (default)")
    return choice.en if language == "en" else choice.zh


def _cadence(entitlement: Any, language: str) -> str:
    if not entitlement.cadence_every or not entitlement.cadence_unit:
        if entitlement.item.milestones:
            return pick(language, "按里程碑", "at the milestones")
        return pick(language, "按需", "on request")
    units = {"day": "天", "week": "周", "month": "个月", "year": "年"}
    every, unit = entitlement.cadence_every, entitlement.cadence_unit
    if every == 1:
        return pick(language, f"每{units.get(unit, unit)}一次", f"every {unit}")
    return pick(language, f"每{every}{units.get(unit, unit)}一次", f"every {every} {unit}s")


def _items(plan: ServicePlan, language: str) -> Section:
    rows: list[list[CellValue]] = []
    counts = Counter(
        plan.obligations.exclude(state=Obligation.State.WAIVED).values_list("item_id", flat=True)
    )
    for entitlement, choice in choices_for(plan.contract):
        item = entitlement.item
        rows.append(
            [
                item.number,
                item.name_en if language == "en" else item.name_zh,
                _choice_text(choice, language),
                (choice.suggestion if choice is not None else "") or "—",
                _cadence(entitlement, language),
                counts.get(item.pk, 0),
            ]
        )
    return Section(
        pick(language, "服务项目选择及原因", "Items chosen and why"),
        [
            Paragraph(
                pick(
                    language,
                    "服务启动时专属L2专家与大客户经理逐项介绍了服务内容，客户在门户中逐项选择"
                    "“现在需要”“稍后需要”或“不需要”并给出建议；本计划据此制定。",
                    "At the start the L2 expert and the account manager walked the customer "
                    "through every item; the customer marked each one now, later or not needed, "
                    "with its suggestions, in the portal. This plan follows those choices.",
                )
            ),
            Table(
                caption=pick(
                    language, "服务项目与客户选择", "Service items and the customer's choices"
                ),
                columns=[
                    Column(pick(language, "序号", "No."), width=0.6, number_format="0"),
                    Column(pick(language, "服务项目", "Service item"), width=3.0),
                    Column(pick(language, "选择", "Choice"), width=1.2),
                    Column(pick(language, "客户建议", "Customer's reason"), width=3.0),
                    Column(pick(language, "频次", "Cadence"), width=1.4),
                    Column(pick(language, "计划次数", "Planned"), width=0.8, number_format="0"),
                ],
                rows=rows,
                sheet_name=pick(language, "服务项目", "Items"),
            ),
        ],
    )


def _title(obligation: Obligation, language: str) -> str:
    return obligation.title_en if language == "en" else obligation.title_zh


def _calendar(obligations: list[Obligation], language: str) -> Section:
    quarters = sorted({quarter_of(o.due) for o in obligations})
    by_quarter = Counter(quarter_of(o.due) for o in obligations)
    by_lead: dict[str, Counter[str]] = {lead: Counter() for lead in LEADS}
    for o in obligations:
        by_lead.setdefault(o.lead, Counter())[quarter_of(o.due)] += 1
    rows: list[list[CellValue]] = [
        [
            quarter_of(o.due),
            o.due,
            _title(o, language),
            o.item.name_en if language == "en" else o.item.name_zh,
            pick(language, *LEADS.get(o.lead, (o.lead, o.lead))),
            ", ".join(person(p) for p in (o.owner, o.co_owner) if p is not None) or "—",
            pick(language, *STATES.get(o.state, (o.state, o.state))),
        ]
        for o in obligations
    ]
    blocks: list[Any] = []
    if quarters:
        busiest = max(quarters, key=lambda q: by_quarter[q])
        blocks.append(
            Chart(
                kind="stacked_bar",
                categories=quarters,
                series=[
                    Series(
                        pick(language, *LEADS[lead]), [float(by_lead[lead][q]) for q in quarters]
                    )
                    for lead in LEADS
                    if by_lead[lead]
                ],
                caption=pick(language, "各季度计划工作量", "Planned work per quarter"),
                reading=pick(
                    language,
                    f"全期共 {len(obligations)} 项计划工作，"
                    f"{busiest} 最多（{by_quarter[busiest]} 项）。",
                    f"{len(obligations)} pieces of planned work over the term; {busiest} is the "
                    f"busiest ({by_quarter[busiest]}).",
                ),
                y_label=pick(language, "项", "items"),
            )
        )
    blocks.append(
        Table(
            caption=pick(language, "按季度的服务日历", "Calendar of obligations by quarter"),
            columns=[
                Column(pick(language, "季度", "Quarter"), width=0.9),
                Column(pick(language, "到期日", "Due"), width=1.0),
                Column(pick(language, "工作", "Work"), width=3.0),
                Column(pick(language, "服务项目", "Service item"), width=2.0),
                Column(pick(language, "牵头", "Lead"), width=1.3),
                Column(pick(language, "负责人", "Owner"), width=1.3),
                Column(
                    pick(language, "状态", "State"),
                    width=0.9,
                    tones={
                        pick(language, "已完成", "done"): "ok",
                        pick(language, "已豁免", "waived"): "neutral",
                    },
                ),
            ],
            rows=rows,
            sheet_name=pick(language, "服务日历", "Calendar"),
        )
    )
    return Section(
        pick(language, "服务日历（按季度）", "Calendar of obligations by quarter"), blocks
    )


def _owners(
    plan: ServicePlan, obligations: list[Obligation], language: str, day: dt.date
) -> Section:
    contract = plan.contract
    counts = Counter(o.owner_id for o in obligations if o.owner_id) + Counter(
        o.co_owner_id for o in obligations if o.co_owner_id
    )
    rows: list[list[CellValue]] = []
    for role, zh, en in (
        ("l2_expert", "专属L2专家（RAM）", "Dedicated L2 expert (RAM)"),
        ("asm", "大客户经理（ASM）", "Key account manager (ASM)"),
    ):
        user = assignee(contract, role, day)
        rows.append(
            [
                pick(language, zh, en),
                person(user),
                getattr(user, "email", "") or "—",
                counts.get(user.pk, 0) if user is not None else 0,
            ]
        )
    return Section(
        pick(language, "负责人", "Owners"),
        [
            Table(
                caption=pick(
                    language, "专属服务团队与负责的计划工作", "Named team and the work each owns"
                ),
                columns=[
                    Column(pick(language, "角色", "Role"), width=2.2),
                    Column(pick(language, "姓名", "Name"), width=1.4),
                    Column(pick(language, "邮箱", "E-mail"), width=2.4),
                    Column(pick(language, "负责项数", "Items owned"), width=1.0, number_format="0"),
                ],
                rows=rows,
                sheet_name=pick(language, "负责人", "Owners"),
            )
        ],
    )


def _milestones(obligations: list[Obligation], language: str) -> Section:
    rows: list[list[CellValue]] = [
        [
            pick(language, *MILESTONES[o.kind]),
            o.due,
            pick(language, *LEADS.get(o.lead, (o.lead, o.lead))),
            pick(language, *STATES.get(o.state, (o.state, o.state))),
        ]
        for o in obligations
        if o.kind in MILESTONES
    ]
    if not rows:
        return Section(
            pick(language, "里程碑", "Milestones"),
            [Paragraph(pick(language, "本计划不含里程碑。", "This plan has no milestones."))],
        )
    return Section(
        pick(language, "里程碑", "Milestones"),
        [
            Table(
                caption=pick(language, "服务里程碑", "Service milestones"),
                columns=[
                    Column(pick(language, "里程碑", "Milestone"), width=2.0),
                    Column(pick(language, "日期", "Date"), width=1.2),
                    Column(pick(language, "牵头", "Lead"), width=2.2),
                    Column(pick(language, "状态", "State"), width=1.0),
                ],
                rows=rows,
                sheet_name=pick(language, "里程碑", "Milestones"),
            )
        ],
    )


def _communication(plan: ServicePlan, language: str, day: dt.date) -> Section:
    contract = plan.contract
    channel_zh, channel_en = contact_log.CHANNEL_ZH, contact_log.CHANNEL_EN
    cadence_rows: list[list[CellValue]] = []
    for role, zh, en in (
        ("l2_expert", "专属L2专家主动联系", "L2 expert's proactive contact"),
        ("asm", "大客户经理主动联系", "Account manager's proactive contact"),
    ):
        days = contact_log.cadence_days(contract, role)
        cadence_rows.append(
            [
                pick(language, zh, en),
                pick(language, f"每 {days} 天", f"every {days} days") if days else "—",
            ]
        )
    care = plan.obligations.filter(kind=Obligation.Kind.HOLIDAY_CARE).count()
    cadence_rows.append(
        [
            pick(language, "节日关怀", "Holiday care"),
            pick(language, f"当地节假日前，共 {care} 次", f"before local holidays, {care} times"),
        ]
    )
    people = Contact.objects.filter(customer=plan.customer).order_by("-is_primary", "name")
    contact_rows: list[list[CellValue]] = [
        [
            c.name,
            c.title or "—",
            pick(
                language,
                channel_zh.get(c.preferred_channel, c.preferred_channel),
                channel_en.get(c.preferred_channel, c.preferred_channel),
            ),
            c.phone or "—",
            c.email or "—",
        ]
        for c in people
    ]
    agreed = [line.strip() for line in plan.communication.splitlines() if line.strip()]
    ram, asm = assignee(contract, "l2_expert", day), assignee(contract, "asm", day)
    blocks: list[Any] = [
        Table(
            caption=pick(language, "沟通频次", "Cadence"),
            columns=[
                Column(pick(language, "沟通", "Contact"), width=3.0),
                Column(pick(language, "频次", "Cadence"), width=2.5),
            ],
            rows=cadence_rows,
            sheet_name=pick(language, "沟通频次", "Cadence"),
        ),
        Table(
            caption=pick(
                language, "客户联系人与首选渠道", "Customer contacts and preferred channels"
            ),
            columns=[
                Column(pick(language, "姓名", "Name"), width=1.4),
                Column(pick(language, "职务", "Title"), width=2.0),
                Column(pick(language, "首选渠道", "Channel"), width=1.0),
                Column(pick(language, "电话", "Phone"), width=1.4),
                Column(pick(language, "邮箱", "E-mail"), width=2.2),
            ],
            rows=contact_rows
            or [[pick(language, "尚无联系人", "no contacts yet"), "", "", "", ""]],
            sheet_name=pick(language, "联系人", "Contacts"),
        ),
    ]
    if agreed:
        blocks.append(Paragraph(pick(language, "双方约定：", "Agreed between us:"), style="note"))
        blocks.append(BulletList(agreed))
    blocks.append(
        Paragraph(pick(language, "升级路径：", "Escalation path:"), style="note"),
    )
    blocks.append(
        BulletList(
            [
                pick(
                    language,
                    f"技术问题：专属L2专家 {person(ram)} → "
                    "总部产品技术支持专家 / 行业专家 → 研发。",
                    f"Technical issues: dedicated L2 expert {person(ram)} → HQ product support "
                    "and industry experts → R&D.",
                ),
                pick(
                    language,
                    f"服务与商务事宜：大客户经理 {person(asm)} → 服务部门负责人。",
                    f"Service and commercial matters: account manager {person(asm)} → head of "
                    "the service organisation.",
                ),
                pick(
                    language,
                    "服务请求在 NetCare 门户提交，1 个工作日内首次响应。",
                    "Service requests are raised in the NetCare portal and answered within one "
                    "working day.",
                ),
            ],
            ordered=True,
        )
    )
    return Section(pick(language, "沟通计划", "Communication plan"), blocks)


def _method(plan: ServicePlan, language: str, day: dt.date) -> Section:
    return Section(
        pick(language, "方法与数据来源", "Method and data sources"),
        [
            BulletList(
                [
                    pick(
                        language,
                        f"数据截至 {day:%Y-%m-%d}，来自 NetCare 中经客户确认的服务计划"
                        f"（第 {plan.revision} 版）、合同权益与客户选择。",
                        f"As of {day:%Y-%m-%d}, from the service plan the customer confirmed in "
                        f"NetCare (revision {plan.revision}), the contract's entitlements and the "
                        "customer's choices.",
                    ),
                    pick(
                        language,
                        "周期性工作按合同季度计算，到期日遇非工作日前移至前一个工作日；"
                        "节日关怀在客户所在地区节假日前安排。",
                        "Recurring work is counted in contract periods, due on the period's last "
                        "working day; holiday care is planned before the holidays of the "
                        "customer's region.",
                    ),
                    pick(
                        language,
                        "日历按自然季度分组；已完成与已豁免的工作保留在日历中。",
                        "The calendar is grouped by calendar quarter; work done or waived stays "
                        "in it.",
                    ),
                ]
            )
        ],
    )
