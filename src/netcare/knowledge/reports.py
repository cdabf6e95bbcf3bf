"""The index of an exclusive document package, in the customer's language: a document
for the report engine, rendered as HTML and Excel into the package zip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from netcare.knowledge.vocabulary import KIND_NAMES, SCENARIO_NAMES
from netcare.reports.engine import (
    BulletList,
    CellValue,
    Column,
    Document,
    KeyValue,
    Language,
    Meta,
    Paragraph,
    Section,
    Table,
)
from netcare.reports.wording import pick

__all__ = ["IndexRow", "PackageFacts", "build_index"]


@dataclass(frozen=True)
class IndexRow:
    """One document of the package as the index lists it."""

    title: str
    kind: str
    platform: str
    series: str
    versions: str
    language: str
    revision: str
    updated: dt.date
    where: str  # the path inside the zip, or the link
    reason: str
    resent: bool


@dataclass(frozen=True)
class PackageFacts:
    """What the index says about a package."""

    customer: str
    number: str
    day: dt.date
    author: str
    reviewer: str
    scenarios: Sequence[str]
    platforms: Sequence[str]
    rows: Sequence[IndexRow]


def build_index(facts: PackageFacts, language: str) -> Document:
    """The package index (专属资料包索引): what is in the package, why each document was
    chosen, and how the package was assembled."""
    lang: Language = "en" if language == "en" else "zh"
    columns = [
        Column(pick(lang, "序号", "No."), 0.4),
        Column(pick(lang, "文档", "Document"), 3.0),
        Column(pick(lang, "类型", "Kind"), 1.0),
        Column(pick(lang, "平台 / 系列", "Platform / series"), 1.4),
        Column(pick(lang, "适用版本", "Versions"), 1.6),
        Column(pick(lang, "语言", "Language"), 0.5),
        Column(pick(lang, "修订", "Revision"), 0.5),
        Column(pick(lang, "更新日期", "Updated"), 0.8),
        Column(pick(lang, "位置", "Where"), 2.0),
        Column(pick(lang, "推荐理由", "Why it is included"), 3.0),
    ]
    rows: list[list[CellValue]] = [
        [
            index,
            row.title + (pick(lang, "（更新版）", " (updated edition)") if row.resent else ""),
            pick(lang, *KIND_NAMES.get(row.kind, (row.kind, row.kind))),
            " ".join(p for p in (row.platform or pick(lang, "通用", "any"), row.series) if p),
            row.versions or pick(lang, "全部版本", "every version"),
            row.language,
            row.revision,
            row.updated.isoformat(),
            row.where,
            row.reason,
        ]
        for index, row in enumerate(facts.rows, start=1)
    ]
    scenarios = [pick(lang, *SCENARIO_NAMES.get(s, (s, s))) for s in facts.scenarios]
    none = pick(lang, "未声明", "none declared")
    overview = Section(
        pick(lang, "资料包概况", "About this package"),
        [
            KeyValue(
                [
                    (pick(lang, "客户", "Customer"), facts.customer),
                    (pick(lang, "资料包编号", "Package"), facts.number),
                    (pick(lang, "文档数量", "Documents"), len(facts.rows)),
                    (
                        pick(lang, "在网平台", "Platforms installed"),
                        ", ".join(facts.platforms) or "—",
                    ),
                    (pick(lang, "业务场景", "Scenarios"), ", ".join(scenarios) or none),
                ]
            ),
            Paragraph(
                pick(
                    lang,
                    "本资料包由专属L2专家根据贵司在网设备（平台、型号、软件版本）与业务场景，"
                    "从厂商资料库中挑选整理。链接类资料需登录厂商资料站点查看。",
                    "Your dedicated L2 expert selected these vendor documents from the "
                    "library to fit your installed devices (platform, model, software "
                    "version) and business scenarios. Linked documents open on the vendor's "
                    "documentation site.",
                )
            ),
        ],
    )
    index = Section(
        pick(lang, "文档清单", "Documents"),
        [Table(pick(lang, "资料包文档清单", "Documents in this package"), columns, rows)],
    )
    method = Section(
        pick(lang, "方法与数据来源", "Method and data sources"),
        [
            BulletList(
                [
                    pick(
                        lang,
                        "设备数据：NetCare 在网设备清单（已退网设备除外）。",
                        "Devices: NetCare's installed-base inventory (decommissioned devices "
                        "left out).",
                    ),
                    pick(
                        lang,
                        "版本比较按厂商自身的版本规则进行；无法识别的版本视为可能适用。",
                        "Versions are compared by the vendor's own scheme; a version that "
                        "cannot be read counts as possibly in range.",
                    ),
                    pick(
                        lang,
                        "已推送过的同一修订文档不再重复推送；文档更新后重新推送。",
                        "A document already received in the same revision is not sent "
                        "again; an updated document is.",
                    ),
                ]
            )
        ],
    )
    meta = Meta(
        customer=facts.customer,
        report_title=pick(lang, "专属资料包索引", "Exclusive document package index"),
        period=facts.day.isoformat(),
        version=facts.number,
        author=facts.author,
        reviewer=facts.reviewer,
        date=facts.day,
        language=lang,
    )
    return Document(meta=meta, sections=[overview, index], appendix=[method])
