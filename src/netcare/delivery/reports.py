"""Mid-term review (阶段性回顾) and final summary (服务总结), built from the record.

Outline from shared/REPORTS.md: period; delivered vs planned (on time, late, waived)
with a burn-down chart; deliverables list; quota used; health and risk trend; tickets
trend; satisfaction where measured; issues and improvements; plan for the next period
(mid-term) or recommendations for renewal (final). Capabilities that measure health,
tickets or satisfaction add their part through ``review_section`` in their own
``reports.py`` (see ``OPTIONAL_SECTIONS``); until they exist the review says so.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.utils import translation

from netcare.delivery.services.reviews import TITLES, ReviewFacts
from netcare.reports.engine import (
    STATUS_TONES,
    Block,
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

#: (app, zh title, en title): ``netcare.<app>.reports.review_section(contract, start, end,
#: language) -> Section | None`` adds that trend to reviews once the app exists.
OPTIONAL_SECTIONS = [
    ("inspection", "健康度与风险趋势", "Health and risk trend"),
    ("lifecycle", "版本与漏洞风险", "Version and vulnerability exposure"),
    ("problems", "网上问题趋势", "Tickets trend"),
    ("satisfaction", "客户满意度", "Satisfaction"),
]
ROLE = {"l2_expert": ("专属L2专家", "L2 expert"), "asm": ("大客户经理", "Account manager")}
CHANNEL = {"phone": "电话", "sms": "短信", "wechat": "微信", "email": "邮件", "visit": "拜访"}


def build_review(facts: ReviewFacts, *, language: str, author: Any, reviewer: Any) -> Document:
    """The review document in "zh" or "en" from gathered facts."""
    contract = facts.plan.contract
    with translation.override("en" if language == "en" else "zh-hans"):
        zh, en = TITLES[facts.milestone]
        meta = Meta(
            customer=contract.customer.name,
            report_title=pick(language, zh, en),
            period=f"{facts.start:%Y-%m-%d} – {facts.on:%Y-%m-%d}",
            version=f"1.{facts.plan.revision}",
            author=person(author),
            reviewer=person(reviewer),
            date=facts.on,
            language="en" if language == "en" else "zh",
        )
        sections = [
            _period(facts, language),
            _delivery(facts, language),
            _deliverables(facts, language),
            _quota(facts, language),
            *_optional(facts, language),
            _service_activity(facts, language),
            _issues(facts, language),
            _next(facts, language),
        ]
        return Document(meta=meta, sections=sections, appendix=[_method(facts, language)])


def _period(facts: ReviewFacts, language: str) -> Section:
    contract = facts.plan.contract
    plan = facts.plan
    elapsed = (facts.on - contract.start).days + 1
    term = (contract.end - contract.start).days + 1
    pairs: list[tuple[str, CellValue]] = [
        (pick(language, "合同编号", "Contract"), contract.number),
        (pick(language, "服务期", "Term"), f"{contract.start:%Y-%m-%d} – {contract.end:%Y-%m-%d}"),
        (
            pick(language, "回顾期", "Period reviewed"),
            f"{facts.start:%Y-%m-%d} – {facts.on:%Y-%m-%d}",
        ),
        (pick(language, "已过服务期", "Term elapsed"), f"{elapsed * 100 // term}%"),
        (
            pick(language, "服务计划确认", "Plan confirmed"),
            f"{plan.confirmed_at:%Y-%m-%d} · {person(plan.confirmed_by)}"
            if plan.confirmed_at
            else pick(language, "未确认", "not confirmed"),
        ),
    ]
    text = pick(
        language,
        "本报告依据 NetCare 中记录的服务计划、交付成果、联系日志和服务请求，回顾 "
        f"{facts.start:%Y-%m-%d} 至 {facts.on:%Y-%m-%d} 的服务交付情况。",
        f"This report reviews the service delivered from {facts.start:%Y-%m-%d} to "
        f"{facts.on:%Y-%m-%d}, from the service plan, deliverables, contact logs and service "
        "requests recorded in NetCare.",
    )
    return Section(pick(language, "回顾期", "Period"), [Paragraph(text), KeyValue(pairs)])


def _item_name(code: str, facts: ReviewFacts, language: str) -> str:
    for obligation in facts.due:
        if obligation.item.code == code:
            return obligation.item.name_en if language == "en" else obligation.item.name_zh
    return code


def _delivery(facts: ReviewFacts, language: str) -> Section:
    total = facts.total
    rows: list[list[CellValue]] = [
        [_item_name(code, facts, language), t.planned, t.on_time, t.late, t.waived, t.overdue]
        for code, t in sorted(facts.by_item.items())
    ]
    rows.append(
        [
            pick(language, "合计", "Total"),
            total.planned,
            total.on_time,
            total.late,
            total.waived,
            total.overdue,
        ]
    )
    rate = f"{total.on_time * 100 // total.planned}%" if total.planned else "—"
    blocks: list[Block] = [
        Paragraph(
            pick(
                language,
                f"截至 {facts.on:%Y-%m-%d}，计划到期工作 {total.planned} 项："
                f"按时完成 {total.on_time} 项，延期完成 {total.late} 项，"
                f"豁免 {total.waived} 项，逾期未完成 {total.overdue} 项；"
                f"按时完成率 {rate}。",
                f"By {facts.on:%Y-%m-%d}, {total.planned} planned obligations fell due: "
                f"{total.on_time} delivered on time, {total.late} late, {total.waived} waived and "
                f"{total.overdue} still overdue; {rate} on time.",
            ),
            style="emphasis",
        ),
        Table(
            caption=pick(
                language, "计划与交付（按服务项目）", "Planned and delivered by service item"
            ),
            columns=[
                Column(pick(language, "服务项目", "Service item"), width=3),
                Column(pick(language, "计划", "Planned"), width=0.8, number_format="0"),
                Column(pick(language, "按时", "On time"), width=0.8, number_format="0"),
                Column(pick(language, "延期", "Late"), width=0.8, number_format="0"),
                Column(pick(language, "豁免", "Waived"), width=0.8, number_format="0"),
                Column(pick(language, "逾期", "Overdue"), width=0.8, number_format="0"),
            ],
            rows=rows,
            sheet_name=pick(language, "计划与交付", "Delivery"),
        ),
    ]
    if facts.months:
        gap = facts.actual_remaining[-1] - facts.planned_remaining[-1]
        blocks.append(
            Chart(
                kind="line",
                categories=facts.months,
                series=[
                    Series(
                        pick(language, "按计划剩余", "Remaining by plan"),
                        [float(v) for v in facts.planned_remaining],
                    ),
                    Series(
                        pick(language, "实际剩余", "Actually remaining"),
                        [float(v) for v in facts.actual_remaining],
                    ),
                ],
                caption=pick(language, "服务计划燃尽图", "Service plan burn-down"),
                reading=pick(
                    language,
                    f"实际剩余工作比计划多 {gap} 项。" if gap > 0 else "实际进度与计划持平或领先。",
                    f"{gap} more obligations remain than planned."
                    if gap > 0
                    else "Delivery is on or ahead of plan.",
                ),
                y_label=pick(language, "剩余工作（项）", "Obligations remaining"),
            )
        )
    outcome_rows: list[list[CellValue]] = []
    for obligation in facts.due:
        outcome = _outcome_word(obligation, facts.on, language)
        if outcome is None:
            continue
        outcome_rows.append(
            [
                obligation.due,
                obligation.title_en if language == "en" else obligation.title_zh,
                person(obligation.owner),
                outcome,
                obligation.completed_on,
                obligation.waiver_reason or None,
            ]
        )
    if outcome_rows:
        blocks.append(
            Table(
                caption=pick(language, "到期工作明细", "Obligations due in the period"),
                columns=[
                    Column(pick(language, "到期日", "Due"), width=1),
                    Column(pick(language, "工作", "Obligation"), width=3),
                    Column(pick(language, "负责人", "Owner"), width=1),
                    Column(pick(language, "结果", "Outcome"), width=1, tones=STATUS_TONES),
                    Column(pick(language, "完成日", "Completed"), width=1),
                    Column(pick(language, "豁免原因", "Waiver reason"), width=2),
                ],
                rows=outcome_rows,
                sheet_name=pick(language, "工作明细", "Obligations"),
            )
        )
    return Section(pick(language, "计划与交付", "Delivered versus planned"), blocks)


def _outcome_word(obligation: Any, on: dt.date, language: str) -> str | None:
    from netcare.delivery.services.reviews import _outcome

    outcome = _outcome(obligation, on)
    words = {
        "on_time": ("按时", "on time"),
        "late": ("延期", "late"),
        "waived": ("豁免", "waived"),
        "overdue": ("逾期", "overdue"),
    }
    if outcome not in words:
        return None
    return pick(language, *words[outcome])


def _deliverables(facts: ReviewFacts, language: str) -> Section:
    rows: list[list[CellValue]] = [
        [
            d.published_at.date() if d.published_at else None,
            d.title_in(language),
            pick(language, d.item.name_zh, d.item.name_en),
            person(d.published_by),
        ]
        for d in facts.deliverables
    ]
    note = pick(
        language,
        f"另有 {facts.records} 份联系与关怀记录已发布到客户门户。",
        f"A further {facts.records} contact and care records were published to the portal.",
    )
    if not rows:
        return Section(
            pick(language, "交付成果", "Deliverables"),
            [
                Paragraph(
                    pick(
                        language,
                        "本期尚无已发布的报告类交付成果。",
                        "No reports published in this period.",
                    )
                ),
                Paragraph(note, style="note"),
            ],
        )
    return Section(
        pick(language, "交付成果", "Deliverables"),
        [
            Table(
                caption=pick(language, "已发布的交付成果", "Deliverables published"),
                columns=[
                    Column(pick(language, "发布日期", "Published"), width=1),
                    Column(pick(language, "名称", "Title"), width=3.5),
                    Column(pick(language, "服务项目", "Service item"), width=2),
                    Column(pick(language, "发布人", "By"), width=1),
                ],
                rows=rows,
                sheet_name=pick(language, "交付成果", "Deliverables"),
            ),
            Paragraph(note, style="note"),
        ],
    )


def _quota(facts: ReviewFacts, language: str) -> Section:
    if not facts.quota_rows:
        return Section(
            pick(language, "配额使用", "Quota used"),
            [Paragraph(pick(language, "本合同无配额类服务。", "This contract has no quotas."))],
        )
    rows: list[list[CellValue]] = []
    for row in facts.quota_rows:
        quota = row.quota
        item = row.entitlement.item
        rows.append(
            [
                item.name_en if language == "en" else item.name_zh,
                quota.period.index,
                float(quota.quota),
                float(quota.used),
                float(quota.left),
            ]
        )
    return Section(
        pick(language, "配额使用", "Quota used"),
        [
            Table(
                caption=pick(language, "当前合同年配额", "Quotas this contract year"),
                columns=[
                    Column(pick(language, "服务项目", "Service item"), width=3),
                    Column(pick(language, "合同年", "Contract year"), width=1, number_format="0"),
                    Column(pick(language, "配额", "Quota"), width=1, number_format="0.0"),
                    Column(pick(language, "已用", "Used"), width=1, number_format="0.0"),
                    Column(pick(language, "剩余", "Left"), width=1, number_format="0.0"),
                ],
                rows=rows,
                sheet_name=pick(language, "配额", "Quota"),
            )
        ],
    )


def _optional(facts: ReviewFacts, language: str) -> list[Section]:
    sections = []
    contract = facts.plan.contract
    for app, zh, en in OPTIONAL_SECTIONS:
        builder = None
        try:
            builder = getattr(import_module(f"netcare.{app}.reports"), "review_section", None)
        except ModuleNotFoundError as exc:
            if exc.name not in {f"netcare.{app}", f"netcare.{app}.reports"}:
                raise
        section = builder(contract, facts.start, facts.on, language) if builder else None
        sections.append(
            section
            or Section(
                pick(language, zh, en),
                [
                    Paragraph(
                        pick(
                            language,
                            "本期 NetCare 中尚无相关记录。",
                            "Nothing recorded in NetCare for this period yet.",
                        ),
                        style="note",
                    )
                ],
            )
        )
    return sections


def _service_activity(facts: ReviewFacts, language: str) -> Section:
    contact_rows: list[list[CellValue]] = []
    for key, count in sorted(facts.contacts.items()):
        role, channel = key.split(":")
        contact_rows.append(
            [
                pick(language, *ROLE[role]),
                CHANNEL.get(channel, channel) if language == "zh" else channel,
                count,
            ]
        )
    blocks: list[Block] = []
    if contact_rows:
        blocks.append(
            Table(
                caption=pick(
                    language, "主动联系（按角色与方式）", "Proactive contact by role and channel"
                ),
                columns=[
                    Column(pick(language, "角色", "Role"), width=2),
                    Column(pick(language, "方式", "Channel"), width=1.5),
                    Column(pick(language, "次数", "Contacts"), width=1, number_format="0"),
                ],
                rows=contact_rows,
                sheet_name=pick(language, "联系", "Contacts"),
            )
        )
    request_rows: list[list[CellValue]] = [
        [
            r.raised_at.date(),
            r.title,
            r.get_kind_en() if language == "en" else r.get_kind_zh(),
            person(r.routed_to),
            r.first_response_at.date() if r.first_response_at else None,
            pick(language, "超时", "late")
            if r.response_late()
            else pick(language, "按时", "on time"),
        ]
        for r in facts.requests
    ]
    if request_rows:
        median = facts.median_response_hours
        blocks.append(
            Paragraph(
                pick(
                    language,
                    f"服务请求 {len(request_rows)} 项，首次响应超时 {len(facts.requests_late)} 项"
                    + (f"，首次响应中位时长 {median} 小时。" if median is not None else "。"),
                    f"{len(request_rows)} service requests, {len(facts.requests_late)} with a late "
                    "first response"
                    + (f"; median first response {median} hours." if median is not None else "."),
                )
            )
        )
        blocks.append(
            Table(
                caption=pick(language, "服务请求", "Service requests"),
                columns=[
                    Column(pick(language, "提出日期", "Raised"), width=1),
                    Column(pick(language, "标题", "Title"), width=3),
                    Column(pick(language, "类型", "Kind"), width=1.5),
                    Column(pick(language, "受理人", "Routed to"), width=1),
                    Column(pick(language, "首次响应", "First response"), width=1),
                    Column(pick(language, "时效", "Timeliness"), width=1, tones=STATUS_TONES),
                ],
                rows=request_rows,
                sheet_name=pick(language, "服务请求", "Requests"),
            )
        )
    if not blocks:
        blocks.append(
            Paragraph(pick(language, "本期无联系和请求记录。", "No contacts or requests recorded."))
        )
    return Section(pick(language, "联系与服务请求", "Contacts and requests"), blocks)


def _issues(facts: ReviewFacts, language: str) -> Section:
    items = []
    for obligation in facts.due:
        word = _outcome_word(obligation, facts.on, "en")
        title = obligation.title_en if language == "en" else obligation.title_zh
        if word == "overdue":
            items.append(
                pick(
                    language,
                    f"逾期：{title}（应于 {obligation.due:%Y-%m-%d} 完成）",
                    f"Overdue: {title} (due {obligation.due:%Y-%m-%d})",
                )
            )
        elif word == "late":
            items.append(pick(language, f"延期完成：{title}", f"Delivered late: {title}"))
        elif word == "waived":
            items.append(
                pick(
                    language,
                    f"豁免：{title}——{obligation.waiver_reason}",
                    f"Waived: {title} — {obligation.waiver_reason}",
                )
            )
    for request in facts.requests_late:
        items.append(
            pick(
                language,
                f"服务请求首次响应超时：{request.title}",
                f"Late first response to the request: {request.title}",
            )
        )
    blocks: list[Block] = []
    if facts.remarks.strip():
        blocks.append(Paragraph(facts.remarks.strip()))
    blocks.append(
        BulletList(items)
        if items
        else Paragraph(
            pick(
                language,
                "本期计划工作均已按时完成。",
                "All planned work fell due was delivered on time.",
            )
        )
    )
    return Section(pick(language, "问题与改进", "Issues and improvements"), blocks)


def _next(facts: ReviewFacts, language: str) -> Section:
    if facts.milestone == "final":
        return _renewal(facts, language)
    rows: list[list[CellValue]] = [
        [
            o.due,
            o.title_en if language == "en" else o.title_zh,
            pick(language, *ROLE.get(o.lead, ("专属L2专家与大客户经理", "Both leads"))),
            person(o.owner),
        ]
        for o in facts.upcoming
    ]
    blocks: list[Block] = [
        Paragraph(
            pick(
                language,
                "未来六个月的计划工作如下；逾期事项将优先完成。",
                "Planned work for the next six months follows; overdue items come first.",
            )
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption=pick(language, "下阶段计划", "Plan for the next period"),
                columns=[
                    Column(pick(language, "到期日", "Due"), width=1),
                    Column(pick(language, "工作", "Obligation"), width=3),
                    Column(pick(language, "牵头", "Lead"), width=1.5),
                    Column(pick(language, "负责人", "Owner"), width=1),
                ],
                rows=rows,
                sheet_name=pick(language, "下阶段计划", "Next period"),
            )
        )
    return Section(pick(language, "下阶段计划", "Plan for the next period"), blocks)


def _renewal(facts: ReviewFacts, language: str) -> Section:
    advice = []
    for row in facts.quota_rows:
        quota = row.quota
        name = row.entitlement.item.name_en if language == "en" else row.entitlement.item.name_zh
        if quota.used_ratio >= 0.9:
            advice.append(
                pick(
                    language,
                    f"{name}配额已基本用尽，续约时建议增加。",
                    f"{name}: quota nearly used up; consider more at renewal.",
                )
            )
        elif quota.used_ratio < 0.3:
            advice.append(
                pick(
                    language,
                    f"{name}配额使用较少，建议下一服务期提前规划使用。",
                    f"{name}: little of the quota was used; plan its use early next term.",
                )
            )
    if facts.total.overdue or facts.total.late:
        advice.append(
            pick(
                language,
                "针对延期和逾期事项，下一服务期将提前排期并加强提醒。",
                "Late and overdue work will be scheduled earlier with closer reminders next term.",
            )
        )
    advice.append(
        pick(
            language,
            "建议延续专属L2专家与大客户经理服务，保持主动联系节奏。",
            "Continue the dedicated L2 expert and account manager service at the same "
            "contact cadence.",
        )
    )
    return Section(pick(language, "续约建议", "Recommendations for renewal"), [BulletList(advice)])


def _method(facts: ReviewFacts, language: str) -> Section:
    return Section(
        pick(language, "方法与数据来源", "Method and data sources"),
        [
            BulletList(
                [
                    pick(
                        language,
                        f"数据截至 {facts.on:%Y-%m-%d}，来自 NetCare 记录的服务计划"
                        f"（第 {facts.plan.revision} 版）、交付成果、联系日志与服务请求。",
                        f"Figures as of {facts.on:%Y-%m-%d} from the service plan (revision "
                        f"{facts.plan.revision}), deliverables, contact logs and service requests "
                        "recorded in NetCare.",
                    ),
                    pick(
                        language,
                        "按时：交付成果的发布日不晚于计划到期日；延期：晚于到期日发布；"
                        "豁免：经记录原因后不再交付；逾期：到期未完成。",
                        "On time: the deliverable was published by the due date; late: published "
                        "after it; waived: not delivered, with a recorded reason; overdue: due "
                        "and not done.",
                    ),
                    pick(
                        language,
                        "燃尽图按月统计：按计划剩余 = 全部计划工作 − 已到期工作；"
                        "实际剩余 = 全部计划工作 − 已完成或豁免的工作。",
                        "Burn-down by month: remaining by plan = all planned obligations − those "
                        "due; actually remaining = all − those done or waived.",
                    ),
                    pick(
                        language,
                        "服务请求首次响应时限按客户所在地区的工作日历（含法定节假日与调休）计算。",
                        "First-response deadlines count working days on the customer's regional "
                        "calendar, public holidays and adjusted working weekends included.",
                    ),
                ]
            )
        ],
    )
