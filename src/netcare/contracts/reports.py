"""The service entitlement statement (服务权益说明): what the customer bought and has used.

Outline from shared/REPORTS.md: contract and term; named RAM and ASM with contacts; the
17 items with cadence, quota, used, left; onsite person-day ledger; how to request a
service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from netcare.contracts import services
from netcare.contracts.models import Contract, LedgerEntry, QuotaUnit
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


def build_entitlement_statement(
    contract: Contract, *, language: str, author: Any, reviewer: Any, on: dt.date | None = None
) -> Document:
    """The statement for ``contract`` as of ``on`` (today by default), in "zh" or "en"."""
    day = on or timezone.localdate()
    with translation.override("en" if language == "en" else "zh-hans"):
        rows = services.entitlement_rows(contract, language=language, on=day)
        customer = contract.customer
        meta = Meta(
            customer=customer.name,
            report_title=pick(language, "服务权益说明", "Service entitlement statement"),
            period=f"{contract.start:%Y-%m-%d} – {contract.end:%Y-%m-%d}",
            version="1.0",
            author=person(author),
            reviewer=person(reviewer),
            date=day,
            language="en" if language == "en" else "zh",
        )
        sections = [
            _contract_section(contract, language, day),
            _team_section(contract, language, day),
            _items_section(rows, language),
            _ledger_section(contract, rows, language),
            _request_section(contract, language, day),
        ]
        appendix = [_method_section(language, day)]
        return Document(meta=meta, sections=sections, appendix=appendix)


def _contract_section(contract: Contract, language: str, day: dt.date) -> Section:
    years = services.terms.contract_years(contract.start, contract.end)
    current = next((y for y in years if y.contains(day)), None)
    pairs: list[tuple[str, CellValue]] = [
        (pick(language, "客户", "Customer"), contract.customer.name),
        (pick(language, "合同编号", "Contract number"), contract.number),
        (pick(language, "服务级别", "Level"), contract.get_level_display()),
        (pick(language, "服务期", "Term"), f"{contract.start:%Y-%m-%d} – {contract.end:%Y-%m-%d}"),
        (pick(language, "状态", "Status"), contract.get_status_display()),
        (pick(language, "合同年数", "Contract years"), len(years)),
    ]
    if current is not None:
        pairs.append(
            (
                pick(language, "当前合同年", "Current contract year"),
                f"{current.index}: {current.start:%Y-%m-%d} – {current.end:%Y-%m-%d}",
            )
        )
    return Section(
        pick(language, "合同与服务期", "Contract and term"),
        [
            Paragraph(
                pick(
                    language,
                    "本说明列出贵方高端服务合同所包含的全部服务项目、服务频次与配额，以及截至出具日的使用情况。",
                    "This statement lists every service item of your premium support contract "
                    "with its cadence and quota, and what has been used up to the date of issue.",
                )
            ),
            KeyValue(pairs),
        ],
    )


def _team_section(contract: Contract, language: str, day: dt.date) -> Section:
    rows: list[list[CellValue]] = []
    for role, zh, en in (
        ("l2_expert", "专属L2专家（RAM）", "Dedicated L2 expert (RAM)"),
        ("asm", "大客户经理（ASM）", "Key account manager (ASM)"),
    ):
        user = services.assignee(contract, role, day)
        rows.append([pick(language, zh, en), person(user), getattr(user, "email", "") or "—"])
    contacts = contract.customer.customers_contact_set.order_by("-is_primary", "name")[:5]
    contact_rows: list[list[CellValue]] = [[c.name, c.title, c.phone, c.email] for c in contacts]
    blocks: list[Any] = [
        Table(
            caption=pick(language, "专属服务团队", "Named service team"),
            columns=[
                Column(pick(language, "角色", "Role"), width=2),
                Column(pick(language, "姓名", "Name"), width=1.5),
                Column(pick(language, "邮箱", "Email"), width=2.5),
            ],
            rows=rows,
            sheet_name=pick(language, "服务团队", "Team"),
        )
    ]
    if contact_rows:
        blocks.append(
            Table(
                caption=pick(language, "客户联系人", "Customer contacts"),
                columns=[
                    Column(pick(language, "姓名", "Name"), width=1.2),
                    Column(pick(language, "职务", "Title"), width=2.4),
                    Column(pick(language, "电话", "Phone"), width=1.6),
                    Column(pick(language, "邮箱", "Email"), width=2.2),
                ],
                rows=contact_rows,
                sheet_name=pick(language, "客户联系人", "Contacts"),
            )
        )
    return Section(pick(language, "服务团队", "Service team"), blocks)


def _unit_text(unit: str, language: str) -> str:
    if unit == QuotaUnit.PERSON_DAY:
        return pick(language, "人天", "person-days")
    return pick(language, "次", "times")


def _items_section(rows: list[services.EntitlementRow], language: str) -> Section:
    table_rows: list[list[CellValue]] = []
    for row in rows:
        entitlement, quota = row.entitlement, row.quota
        item = entitlement.item
        table_rows.append(
            [
                item.number,
                item.name_en if language == "en" else item.name_zh,
                pick(language, "已开通", "included")
                if entitlement.enabled
                else pick(language, "未开通", "not included"),
                row.cadence,
                f"{quota.quota} {_unit_text(quota.unit, language)}" if quota else "—",
                float(quota.used) if quota else None,
                float(quota.left) if quota else None,
            ]
        )
    blocks: list[Any] = [
        Table(
            caption=pick(language, "服务项目、频次与配额", "Service items, cadence and quota"),
            columns=[
                Column(pick(language, "序号", "No."), width=0.6, number_format="0"),
                Column(pick(language, "服务项目", "Service item"), width=3.2),
                Column(pick(language, "状态", "Status"), width=1.0),
                Column(pick(language, "频次", "Cadence"), width=2.0),
                Column(pick(language, "配额", "Quota"), width=1.2),
                Column(pick(language, "已用", "Used"), width=0.8, number_format="0.0"),
                Column(pick(language, "剩余", "Left"), width=0.8, number_format="0.0"),
            ],
            rows=table_rows,
            sheet_name=pick(language, "服务项目", "Service items"),
        )
    ]
    quotas = [r for r in rows if r.quota is not None]
    if quotas:
        blocks.append(
            Chart(
                kind="stacked_bar",
                categories=[
                    r.entitlement.item.name_en if language == "en" else r.entitlement.item.name_zh
                    for r in quotas
                ],
                series=[
                    Series(
                        pick(language, "已用", "Used"),
                        [float(r.quota.used) for r in quotas if r.quota],
                    ),
                    Series(
                        pick(language, "剩余", "Left"),
                        [max(float(r.quota.left), 0.0) for r in quotas if r.quota],
                    ),
                ],
                caption=pick(language, "本合同年配额使用情况", "Quota use this contract year"),
                reading=_quota_reading(quotas, language),
                y_label=_unit_text(quotas[0].quota.unit if quotas[0].quota else "", language),
            )
        )
    return Section(pick(language, "服务项目与配额", "Service items and quotas"), blocks)


def _quota_reading(rows: list[services.EntitlementRow], language: str) -> str:
    parts = []
    for row in rows:
        quota = row.quota
        assert quota is not None
        name = row.entitlement.item.name_en if language == "en" else row.entitlement.item.name_zh
        parts.append(
            pick(
                language,
                f"{name}已用 {quota.used}，剩余 {quota.left} {_unit_text(quota.unit, language)}",
                f"{name}: {quota.used} used, {quota.left} {_unit_text(quota.unit, language)} left",
            )
        )
    return pick(language, "；".join(parts) + "。", "; ".join(parts) + ".")


def _ledger_section(
    contract: Contract, rows: list[services.EntitlementRow], language: str
) -> Section:
    entries = (
        LedgerEntry.objects.filter(entitlement__contract=contract)
        .select_related("entitlement__item", "engineer")
        .order_by("date", "id")
    )
    table_rows: list[list[CellValue]] = [
        [
            e.date,
            e.entitlement.item.name_en if language == "en" else e.entitlement.item.name_zh,
            person(e.engineer),
            float(e.hours_onsite) if e.hours_onsite is not None else None,
            float(e.hours_travel) if e.hours_travel is not None else None,
            float(e.amount),
            e.description,
        ]
        for e in entries
    ]
    if not table_rows:
        return Section(
            pick(language, "现场支持人天台账", "Onsite person-day ledger"),
            [
                Paragraph(
                    pick(
                        language,
                        "本合同期内尚未使用现场支持。",
                        "No onsite support used in this term yet.",
                    )
                )
            ],
        )
    return Section(
        pick(language, "现场支持人天台账", "Onsite person-day ledger"),
        [
            Paragraph(
                pick(
                    language,
                    "按“现场或在途 8 小时计 1 人天”的规则计量，在途时间计入配额。",
                    "Counted by the rule “8 hours on site or travelling = 1 person-day”; "
                    "travel counts against the quota.",
                ),
                style="note",
            ),
            Table(
                caption=pick(language, "配额使用记录", "Quota use records"),
                columns=[
                    Column(pick(language, "日期", "Date"), width=1.1),
                    Column(pick(language, "服务项目", "Service item"), width=1.6),
                    Column(pick(language, "工程师", "Engineer"), width=1.0),
                    Column(
                        pick(language, "现场小时", "Hours on site"), width=0.9, number_format="0.0"
                    ),
                    Column(
                        pick(language, "在途小时", "Hours travelling"),
                        width=0.9,
                        number_format="0.0",
                    ),
                    Column(pick(language, "人天", "Person-days"), width=0.8, number_format="0.0"),
                    Column(pick(language, "内容", "What"), width=3.0),
                ],
                rows=table_rows,
                sheet_name=pick(language, "人天台账", "Ledger"),
            ),
        ],
    )


def _request_section(contract: Contract, language: str, day: dt.date) -> Section:
    ram = services.assignee(contract, "l2_expert", day)
    asm = services.assignee(contract, "asm", day)
    return Section(
        pick(language, "如何申请服务", "How to request a service"),
        [
            BulletList(
                [
                    pick(
                        language,
                        "登录 NetCare 客户门户，在“服务请求”中选择服务项目并描述需求。",
                        "Sign in to the NetCare portal and raise a request for the service item "
                        "you need.",
                    ),
                    pick(
                        language,
                        f"技术类请求可直接联系专属L2专家 {person(ram)}"
                        f"（{getattr(ram, 'email', '')}）。",
                        f"For technical requests contact your dedicated L2 expert {person(ram)} "
                        f"({getattr(ram, 'email', '')}).",
                    ),
                    pick(
                        language,
                        f"关键时刻保障及商务事宜请联系大客户经理 {person(asm)}"
                        f"（{getattr(asm, 'email', '')}）。",
                        "For critical-period assurance and commercial matters contact your key "
                        f"account manager {person(asm)} ({getattr(asm, 'email', '')}).",
                    ),
                    pick(
                        language,
                        "请求将在 1 个工作日内得到首次响应。",
                        "Every request gets a first response within 1 working day.",
                    ),
                    pick(
                        language,
                        "现场支持请至少提前 3 个工作日预约，人天按实际现场及在途时间计量。",
                        "Please book onsite support at least 3 working days ahead; person-days are "
                        "counted from the actual time on site and travelling.",
                    ),
                ]
            )
        ],
    )


def _method_section(language: str, day: dt.date) -> Section:
    return Section(
        pick(language, "方法与数据来源", "Method and data sources"),
        [
            BulletList(
                [
                    pick(
                        language,
                        f"数据截至 {day:%Y-%m-%d}，来自 NetCare 记录的合同、服务权益与配额台账。",
                        f"Figures as of {day:%Y-%m-%d}, from the contract, entitlements and quota "
                        "ledger recorded in NetCare.",
                    ),
                    pick(
                        language,
                        "年度配额按合同年（自合同起始日起每满一年）计算；"
                        "最后不足一年的部分按天数折算并向下取整到 0.5。",
                        "Yearly quotas apply per contract year from the start date; a final "
                        "partial year is pro-rated by days and rounded down to half a unit.",
                    ),
                    pick(
                        language,
                        "人天按“现场或在途 8 小时计 1 人天”计量，向上取整到半天。",
                        "Person-days follow “8 hours on site or travelling = 1 person-day”, "
                        "rounded up to half a day.",
                    ),
                ]
            )
        ],
    )
