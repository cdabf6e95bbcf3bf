"""A realistic specimen report (a service entitlement statement) in zh or en.

The engine's tests, its benchmark and anyone reviewing the house style need the same
document that exercises every block type: a contract sheet, the seventeen service items
with quotas, a quota chart, a long activity log that spans pages, and an appendix. The
figures are invented but shaped like a real contract year.
"""

from __future__ import annotations

from datetime import date, timedelta

from .document import (
    SEVERITY_TONES,
    STATUS_TONES,
    BulletList,
    CellValue,
    Chart,
    Column,
    Document,
    KeyValue,
    Language,
    Meta,
    PageBreak,
    Paragraph,
    Section,
    Series,
    Table,
)

# (zh, en, cadence zh, cadence en, quota per year, used so far)
SERVICE_ITEMS: tuple[tuple[str, str, str, str, int, int], ...] = (
    ("专属L2专家RAM服务", "Dedicated L2 expert", "每月", "Monthly", 12, 3),
    ("远程客户服务计划与回顾总结", "Remote service plan and reviews", "每年", "Yearly", 3, 1),
    ("高端客户专属资料分享", "Exclusive documentation sharing", "每季度", "Quarterly", 4, 1),
    ("客户网上问题管理", "Live-network problem management", "每季度", "Quarterly", 4, 1),
    ("巡检服务", "Inspection", "每半年", "Half-yearly", 2, 1),
    ("网络加固方案", "Network hardening plan", "每半年", "Half-yearly", 2, 0),
    ("客户产品版本管理", "Version management", "每月", "Monthly", 12, 3),
    ("客户产品版本评估", "Version assessment", "每年", "Yearly", 1, 0),
    ("变更保障", "Change assurance", "按需", "On request", 6, 2),
    ("日常维护指导", "Daily maintenance guidance", "每年", "Yearly", 1, 0),
    ("现场技术支持（人天）", "Onsite support (person-days)", "按需", "On request", 4, 2),
    ("大客户经理ASM服务", "Key account manager", "每月", "Monthly", 12, 3),
    ("客户服务计划与回顾总结（ASM）", "Service plan and reviews (ASM)", "每年", "Yearly", 3, 1),
    ("专属服务关怀与回访", "Care and return visit", "节假日前", "Before holidays", 6, 2),
    ("技术方案协助评估", "Technical proposal assessment", "按需", "On request", 2, 1),
    ("前沿技术方案研讨", "Technology workshop", "按需", "On request", 1, 0),
    ("关键时刻保障", "Critical-period assurance", "按需", "On request", 2, 1),
)

_ACTIVITIES = (
    ("巡检数据采集", "Inspection data collection"),
    ("版本公告匹配", "Advisory matching"),
    ("变更方案审核", "Change plan review"),
    ("问题单跟踪", "Ticket follow-up"),
    ("节日关怀", "Holiday care"),
    ("资料包推送", "Document package push"),
)
_OWNERS = (("王磊", "Wang Lei"), ("李娜", "Li Na"), ("张伟", "Zhang Wei"), ("陈静", "Chen Jing"))
_PRIORITY = (("高", "high"), ("中", "medium"), ("低", "low"), ("严重", "critical"))
_STATUS = (("已完成", "done"), ("处理中", "in progress"), ("计划中", "planned"), ("延期", "late"))


def _t(lang: Language, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _items_table(lang: Language) -> Table:
    rows: list[list[CellValue]] = []
    for index, (zh, en, cad_zh, cad_en, quota, used) in enumerate(SERVICE_ITEMS, start=1):
        state = _t(lang, "正常", "ok") if used * 4 >= quota else _t(lang, "延期", "late")
        rows.append(
            [
                index,
                _t(lang, zh, en),
                _t(lang, cad_zh, cad_en),
                quota,
                used,
                quota - used,
                used / quota,
                state,
            ]
        )
    return Table(
        caption=_t(lang, "服务项目、频次与配额", "Service items, cadence and quota"),
        columns=[
            Column(_t(lang, "序号", "No."), width=0.6, number_format="0"),
            Column(_t(lang, "服务项目", "Service item"), width=3.2),
            Column(_t(lang, "频次", "Cadence"), width=1.2),
            Column(_t(lang, "配额", "Quota"), width=0.8, number_format="0"),
            Column(_t(lang, "已用", "Used"), width=0.8, number_format="0"),
            Column(_t(lang, "剩余", "Left"), width=0.8, number_format="0"),
            Column(_t(lang, "使用率", "Used %"), width=0.9, number_format="0%"),
            Column(_t(lang, "状态", "Status"), width=0.9, tones=STATUS_TONES),
        ],
        rows=rows,
        sheet_name=_t(lang, "服务项目", "Service items"),
    )


def _quota_chart(lang: Language) -> Chart:
    chosen = [item for item in SERVICE_ITEMS if item[4] >= 3]
    return Chart(
        kind="stacked_bar",
        categories=[_t(lang, i[0], i[1]) for i in chosen],
        series=[
            Series(_t(lang, "已用", "Used"), [i[5] for i in chosen]),
            Series(_t(lang, "剩余", "Left"), [i[4] - i[5] for i in chosen]),
        ],
        caption=_t(lang, "主要服务项目配额使用情况", "Quota use of the main service items"),
        reading=_t(
            lang,
            "第一季度结束时各项目均已用约四分之一配额，进度与合同期一致。",
            "At the end of Q1 each item has used about a quarter of its quota, in step "
            "with the term.",
        ),
        y_label=_t(lang, "次数", "Count"),
    )


def activity_rows(lang: Language, count: int) -> list[list[CellValue]]:
    """``count`` deterministic activity-log rows (the long table that spans pages)."""
    start = date(2025, 1, 6)
    rows: list[list[CellValue]] = []
    for n in range(count):
        activity = _ACTIVITIES[n % len(_ACTIVITIES)]
        owner = _OWNERS[(n * 7) % len(_OWNERS)]
        priority = _PRIORITY[(n * 5) % len(_PRIORITY)]
        status = _STATUS[(n * 3) % len(_STATUS)]
        rows.append(
            [
                f"ACT-{2025_0000 + n + 1}",
                start + timedelta(days=(n * 3) % 360),
                _t(lang, *activity),
                _t(lang, *owner),
                _t(lang, *priority),
                round(0.5 + (n % 7) * 0.25, 2),
                _t(lang, *status),
            ]
        )
    return rows


def _activity_table(lang: Language, count: int) -> Table:
    return Table(
        caption=_t(lang, "服务活动记录", "Service activity log"),
        columns=[
            Column(_t(lang, "编号", "ID"), width=1.3),
            Column(_t(lang, "日期", "Date"), width=1.2),
            Column(_t(lang, "活动", "Activity"), width=2.0),
            Column(_t(lang, "负责人", "Owner"), width=1.0),
            Column(_t(lang, "优先级", "Priority"), width=0.9, tones=SEVERITY_TONES),
            Column(
                _t(lang, "工时（人天）", "Effort (person-days)"), width=1.1, number_format="0.00"
            ),
            Column(_t(lang, "状态", "Status"), width=1.0, tones=STATUS_TONES),
        ],
        rows=activity_rows(lang, count),
        note=_t(lang, "工时含在途时间。", "Effort includes travel time."),
    )


def _contract(lang: Language) -> Section:
    pairs: list[tuple[str, CellValue]] = [
        (_t(lang, "合同编号", "Contract number"), "NC-2025-0318"),
        (
            _t(lang, "服务产品", "Service product"),
            _t(lang, "高端专属服务", "Premium dedicated service"),
        ),
        (_t(lang, "生效日期", "Start date"), date(2025, 1, 1)),
        (_t(lang, "截止日期", "End date"), date(2025, 12, 31)),
        (_t(lang, "在保设备数量", "Devices covered"), 236),
    ]
    return Section(
        _t(lang, "合同与期限", "Contract and term"),
        blocks=[
            Paragraph(
                _t(
                    lang,
                    "本说明列出江南银行股份有限公司在本合同期内享有的全部服务权益、配额及使用情况。",
                    "This statement lists every service entitlement of Jiangnan Bank Co., Ltd. for "
                    "the contract term, with quotas and use to date.",
                )
            ),
            KeyValue(pairs, title=_t(lang, "合同概要", "Contract summary")),
        ],
    )


def _team(lang: Language) -> Section:
    return Section(
        _t(lang, "服务团队与联系方式", "Service team and contacts"),
        blocks=[
            Table(
                caption=_t(lang, "专属服务团队", "Named service team"),
                columns=[
                    Column(_t(lang, "角色", "Role"), width=2),
                    Column(_t(lang, "姓名", "Name")),
                    Column(_t(lang, "电话", "Phone"), width=1.4),
                    Column(_t(lang, "邮箱", "Email"), width=2.2),
                ],
                rows=[
                    [
                        _t(lang, "专属L2专家（RAM）", "Dedicated L2 expert (RAM)"),
                        _t(lang, "王磊", "Wang Lei"),
                        "+86 138 0000 1234",
                        "wang.lei@netcare.example",
                    ],
                    [
                        _t(lang, "大客户经理（ASM）", "Key account manager (ASM)"),
                        _t(lang, "李娜", "Li Na"),
                        "+86 139 0000 5678",
                        "li.na@netcare.example",
                    ],
                ],
            ),
        ],
    )


def sample_document(lang: Language = "zh", activity_count: int = 80) -> Document:
    """The specimen entitlement statement with an activity log of ``activity_count`` rows."""
    months = [f"2025-{m:02d}" for m in range(1, 7)]
    return Document(
        meta=Meta(
            customer=_t(lang, "江南银行股份有限公司", "Jiangnan Bank Co., Ltd."),
            report_title=_t(lang, "服务权益说明", "Service entitlement statement"),
            period=_t(lang, "2025-01-01 至 2025-12-31", "2025-01-01 to 2025-12-31"),
            version="V1.0",
            author=_t(lang, "王磊（专属L2专家）", "Wang Lei (dedicated L2 expert)"),
            reviewer=_t(lang, "李娜（大客户经理）", "Li Na (key account manager)"),
            date=date(2025, 4, 2),
            language=lang,
        ),
        subtitle=_t(
            lang, "高端专属服务 · 2025 合同年度", "Premium dedicated service · contract year 2025"
        ),
        sections=[
            _contract(lang),
            _team(lang),
            Section(
                _t(lang, "服务项目与配额", "Service items and quota"),
                blocks=[_items_table(lang), _quota_chart(lang)],
            ),
            Section(
                _t(lang, "服务记录", "Service record"),
                subsections=[
                    Section(
                        _t(lang, "活动记录", "Activity log"),
                        blocks=[_activity_table(lang, activity_count)],
                    ),
                    Section(
                        _t(lang, "月度趋势", "Monthly trend"),
                        blocks=[
                            Chart(
                                kind="line",
                                categories=months,
                                series=[
                                    Series(
                                        _t(lang, "活动数", "Activities"), [9, 14, 12, 15, 11, 13]
                                    )
                                ],
                                caption=_t(lang, "每月服务活动数", "Service activities per month"),
                                reading=_t(
                                    lang,
                                    "三月起活动数稳定在每月十余次。",
                                    "From March on, activity holds steady at 11 to 15 a month.",
                                ),
                            )
                        ],
                    ),
                ],
            ),
            Section(
                _t(lang, "如何申请服务", "How to request a service"),
                blocks=[
                    BulletList(
                        [
                            _t(
                                lang,
                                "通过 NetCare 门户提交服务申请，注明期望时间。",
                                "Submit the request in the NetCare portal with the preferred date.",
                            ),
                            _t(
                                lang,
                                "专属L2专家在一个工作日内确认并安排资源。",
                                "The dedicated L2 expert confirms within one working day.",
                            ),
                            _t(
                                lang,
                                "完成后在门户查看交付成果并反馈。",
                                "Review the deliverable in the portal and give feedback.",
                            ),
                        ],
                        ordered=True,
                    ),
                    Paragraph(
                        _t(
                            lang,
                            "紧急问题请直接致电专属L2专家。",
                            "For urgent problems call the dedicated L2 expert directly.",
                        ),
                        style="emphasis",
                    ),
                ],
            ),
        ],
        appendix=[
            Section(
                _t(lang, "方法与数据来源", "Method and data sources"),
                blocks=[
                    Paragraph(
                        _t(
                            lang,
                            "配额来自合同，使用量来自 NetCare 记录的交付成果。",
                            "Quotas come from the contract; use comes from the deliverables "
                            "recorded in NetCare.",
                        )
                    ),
                    PageBreak(),
                    BulletList(
                        [
                            _t(lang, "合同：NC-2025-0318", "Contract: NC-2025-0318"),
                            _t(lang, "数据截止：2025-03-31", "Data as of: 2025-03-31"),
                        ]
                    ),
                    Paragraph(
                        _t(lang, "本文件由 NetCare 生成。", "Generated by NetCare."), style="note"
                    ),
                ],
            ),
        ],
    )
