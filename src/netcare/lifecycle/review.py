"""The "Version and vulnerability exposure" section of the mid-term review and final
summary.

REPORTS.md puts the version and vulnerability exposure in both reviews; ``delivery.reports``
asks each app for its part through ``review_section``. This one reads what the matcher
and the expert recorded for the customer: the exposures that stand now (vulnerable or
potentially vulnerable) by advisory severity, the exposures that opened and closed in
the period (``ExposureChange``), the period's latest version assessment and the risk
notices published in the period.

Django is imported inside the functions: ``lifecycle.reports`` re-exports
``review_section`` and must stay importable without Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netcare.core.text import Text
from netcare.reports.engine import (
    Block,
    CellValue,
    Chart,
    Column,
    KeyValue,
    Paragraph,
    Section,
    Series,
    Table,
)
from netcare.reports.wording import language_of, phrases, vocabulary

__all__ = ["TOP_ADVISORIES", "review_section"]

#: Advisory severities in report order, most severe first.
SEVERITY_ORDER = ("critical", "high", "medium", "low", "none", "unknown")
#: How many of the advisories that expose devices now the review lists.
TOP_ADVISORIES = 10
VULNERABLE, POTENTIAL = "vulnerable", "potentially_vulnerable"
APPLICABLE = (VULNERABLE, POTENTIAL)
#: What the most severe exposures call for, by advisory severity.
URGENCY = {
    "critical": Text("应优先升级或立即采取规避措施。", "upgrade or work around those first."),
    "high": Text("应优先升级或立即采取规避措施。", "upgrade or work around those first."),
    "medium": Text("建议在下一个变更窗口升级。", "plan their upgrade for the next change window."),
    "low": Text("可随计划内的升级一并处理。", "they can go with the planned upgrades."),
}
URGENCY["unknown"] = URGENCY["medium"]  # an unrated advisory is not known to be mild


@dataclass
class Exposed:
    """What the records say about the customer's exposure (see ``_gather``)."""

    recorded: int = 0
    devices: int = 0
    advisories: int = 0
    by_severity: dict[str, dict[str, int]] = field(default_factory=dict)
    top: list[dict[str, Any]] = field(default_factory=list)
    opened: int = 0
    closed: int = 0
    assessment: Any = None
    notices: list[dict[str, Any]] = field(default_factory=list)

    @property
    def standing(self) -> int:
        return sum(sum(v.values()) for v in self.by_severity.values())

    @property
    def anything(self) -> bool:
        return bool(self.recorded or self.opened or self.closed or self.assessment or self.notices)


def review_section(contract: Any, start: dt.date, end: dt.date, language: str) -> Section | None:
    """The version and vulnerability exposure of ``contract``'s customer from ``start``
    to ``end`` (both inclusive), in "zh" or "en"; None when the customer's devices were
    never matched, and no assessment or risk notice was made in the period."""
    found = _gather(contract.customer_id, start, end)
    if not found.anything:
        return None
    lang = language_of(language)
    t = phrases(lang)
    blocks: list[Block] = [Paragraph(_summary(found, lang), style="emphasis")]
    blocks.extend(_by_severity(found, lang))
    blocks.extend(_top(found, lang))
    blocks.append(
        KeyValue(
            [
                (t("本期新增的暴露", "Exposures opened in the period"), found.opened),
                (t("本期消除的暴露", "Exposures closed in the period"), found.closed),
                (t("当前受影响设备", "Devices exposed now"), found.devices),
            ],
            title=t("本期变化", "Change in the period"),
        )
    )
    blocks.extend(_assessment(found, lang))
    blocks.extend(_notices(found, lang))
    return Section(t("版本与漏洞风险", "Version and vulnerability exposure"), blocks)


def _gather(customer_id: int, start: dt.date, end: dt.date) -> Exposed:
    """Six aggregate queries, whatever the number of devices and advisories."""
    from django.db.models import Count, Q

    from netcare.lifecycle.models import (
        Exposure,
        ExposureChange,
        RiskNotice,
        VersionAssessment,
    )

    # What the matcher had decided by the end of the period and still holds.
    exposures = Exposure.objects.filter(customer_id=customer_id, since__date__lte=end)
    standing = exposures.filter(status__in=APPLICABLE)
    totals = standing.aggregate(
        devices=Count("device", distinct=True), advisories=Count("advisory", distinct=True)
    )
    found = Exposed(
        recorded=exposures.count(),
        devices=totals["devices"],
        advisories=totals["advisories"],
    )
    for row in standing.values("advisory__severity", "status").annotate(n=Count("id")).order_by():
        severity = row["advisory__severity"] or "unknown"
        found.by_severity.setdefault(severity, {})[row["status"]] = row["n"]
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    top = list(
        standing.values(
            "advisory__key", "advisory__title", "advisory__severity", "advisory__cvss_score"
        )
        .annotate(
            devices=Count("device", distinct=True),
            vulnerable=Count("id", filter=Q(status=VULNERABLE)),
        )
        .order_by()
    )
    top.sort(
        key=lambda r: (
            rank.get(r["advisory__severity"], 9),
            -r["devices"],
            -(r["advisory__cvss_score"] or 0),
            r["advisory__key"],
        )
    )
    found.top = top
    became = Q(after__in=APPLICABLE) & ~Q(before__in=APPLICABLE)
    cleared = Q(before__in=APPLICABLE) & ~Q(after__in=APPLICABLE)
    moved = ExposureChange.objects.filter(
        customer_id=customer_id, at__date__gte=start, at__date__lte=end
    ).aggregate(
        opened=Count("exposure", distinct=True, filter=became),
        closed=Count("exposure", distinct=True, filter=cleared),
    )
    found.opened, found.closed = moved["opened"], moved["closed"]
    found.assessment = (
        VersionAssessment.objects.filter(
            customer_id=customer_id, created__date__gte=start, created__date__lte=end
        )
        .order_by("-created", "-id")
        .only("id", "created", "period", "score", "level", "versions")
        .first()
    )
    found.notices = list(
        RiskNotice.objects.filter(
            customer_id=customer_id,
            state=RiskNotice.State.PUBLISHED,
            deliverable__published_at__date__gte=start,
            deliverable__published_at__date__lte=end,
        )
        .values(
            "advisory__key",
            "advisory__title",
            "advisory__severity",
            "deliverable__published_at",
        )
        .order_by("deliverable__published_at", "id")
    )
    return found


def _words() -> tuple[Any, Any, Any]:
    from netcare.lifecycle.reports import LEVEL_NAMES, SEVERITY_NAMES, TONES

    return SEVERITY_NAMES, LEVEL_NAMES, TONES


def _summary(found: Exposed, lang: str) -> str:
    t = phrases(lang)
    severity_names, level_names, _ = _words()
    if found.standing:
        worst = next(s for s in SEVERITY_ORDER + tuple(found.by_severity) if s in found.by_severity)
        worst_n = sum(found.by_severity[worst].values())
        vulnerable = sum(v.get(VULNERABLE, 0) for v in found.by_severity.values())
        potential = found.standing - vulnerable
        worst_word = vocabulary(severity_names, worst, lang)
        text = t(
            f"当前有 {found.devices} 台设备受 {found.advisories} 条公告影响，共 "
            f"{found.standing} 项暴露"
            + (f"（其中 {potential} 项取决于相关功能是否启用）" if potential else "")
            + f"；最高级别为“{worst_word}”（{worst_n} 项）。",
            f"{found.devices} {'device is' if found.devices == 1 else 'devices are'} exposed "
            f"now to {found.advisories} "
            f"{'advisory' if found.advisories == 1 else 'advisories'}: {found.standing} "
            f"{'exposure' if found.standing == 1 else 'exposures'}"
            + (f" ({potential} depending on whether a feature is in use)" if potential else "")
            + f", the most severe rated {worst_word.lower()} ({worst_n}).",
        )
    elif found.recorded:
        text = t(
            "当前没有设备受已知公告影响。",
            "No device is exposed to a known advisory now.",
        )
    else:
        text = t(
            "尚未对设备版本做公告匹配。",
            "The devices' versions have not been matched against advisories yet.",
        )
    text += t(
        f"本期新增暴露 {found.opened} 项，消除 {found.closed} 项。",
        f" In the period {found.opened} opened and {found.closed} closed.",
    )
    assessment = found.assessment
    if assessment is not None and assessment.score is not None:
        level = vocabulary(level_names, assessment.level, lang)
        text += t(
            f"最近一次版本评估风险系数 {assessment.score:g}（{level}）。",
            f" The latest version assessment puts the risk coefficient at {assessment.score:g} "
            f"({level.lower()}).",
        )
    return text


def _by_severity(found: Exposed, lang: str) -> list[Block]:
    if not found.by_severity:
        return []
    t = phrases(lang)
    severity_names, _, tones = _words()
    order = [s for s in SEVERITY_ORDER if s in found.by_severity] + sorted(
        s for s in found.by_severity if s not in SEVERITY_ORDER
    )
    names = [vocabulary(severity_names, s, lang) for s in order]
    vulnerable = [float(found.by_severity[s].get(VULNERABLE, 0)) for s in order]
    potential = [float(found.by_severity[s].get(POTENTIAL, 0)) for s in order]
    worst_n = sum(found.by_severity[order[0]].values())
    advice = URGENCY.get(order[0], URGENCY["low"])
    rows: list[list[CellValue]] = [
        [name, int(v), int(p), int(v + p)]
        for name, v, p in zip(names, vulnerable, potential, strict=True)
    ]
    rows.append([t("合计", "Total"), int(sum(vulnerable)), int(sum(potential)), found.standing])
    return [
        Chart(
            kind="stacked_bar",
            categories=names,
            series=[
                Series(t("受影响", "Vulnerable"), vulnerable),
                Series(t("可能受影响", "Potentially vulnerable"), potential),
            ],
            caption=t("当前暴露（按公告级别）", "Exposures now by advisory severity"),
            reading=t(
                f"最高级别“{names[0]}”的暴露 {worst_n} 项，{advice.zh}",
                f"{worst_n} {'exposure is' if worst_n == 1 else 'exposures are'} rated "
                f"{names[0].lower()}; {advice.en}",
            ),
            y_label=t("暴露数", "exposures"),
        ),
        Table(
            caption=t("当前暴露（按公告级别）", "Exposures now by advisory severity"),
            columns=[
                Column(t("公告级别", "Severity"), width=1.2, tones=tones),
                Column(t("受影响", "Vulnerable"), width=1, number_format="0"),
                Column(t("可能受影响", "Potentially vulnerable"), width=1.2, number_format="0"),
                Column(t("合计", "Total"), width=0.8, number_format="0"),
            ],
            rows=rows,
            sheet_name=t("暴露级别", "Exposure severity"),
            note=t(
                "“可能受影响”指版本在受影响范围内，但是否使用相关功能尚无法从采集数据判断。",
                "Potentially vulnerable: the version is affected, but the collected data "
                "cannot tell whether the feature concerned is in use.",
            ),
        ),
    ]


def _top(found: Exposed, lang: str) -> list[Block]:
    if not found.top:
        return []
    t = phrases(lang)
    severity_names, _, tones = _words()
    shown = found.top[:TOP_ADVISORIES]
    rows: list[list[CellValue]] = [
        [
            r["advisory__key"],
            r["advisory__title"],
            vocabulary(severity_names, r["advisory__severity"], lang),
            r["advisory__cvss_score"],
            r["devices"],
        ]
        for r in shown
    ]
    return [
        Table(
            caption=t(
                f"影响设备的主要公告（前 {len(shown)} 条）",
                f"Main advisories exposing devices now (top {len(shown)})",
            ),
            columns=[
                Column(t("公告", "Advisory"), width=1.4),
                Column(t("标题", "Title"), width=3.2),
                Column(t("级别", "Severity"), width=0.8, tones=tones),
                Column("CVSS", width=0.6, number_format="0.0"),
                Column(t("设备数", "Devices"), width=0.7, number_format="0"),
            ],
            rows=rows,
            sheet_name=t("主要公告", "Main advisories"),
        )
    ]


def _assessment(found: Exposed, lang: str) -> list[Block]:
    assessment = found.assessment
    if assessment is None:
        return []
    from django.utils import timezone

    t = phrases(lang)
    _, level_names, _ = _words()
    versions: Sequence[dict[str, Any]] = assessment.versions or []
    devices = sum(int(v.get("devices") or 0) for v in versions)
    return [
        KeyValue(
            [
                (t("评估日期", "Assessed on"), timezone.localtime(assessment.created).date()),
                (t("评估期", "Period"), assessment.period or "—"),
                (t("风险系数", "Risk coefficient"), assessment.score),
                (t("风险等级", "Risk level"), vocabulary(level_names, assessment.level, lang)),
                (t("评估的版本数", "Versions assessed"), len(versions)),
                (t("评估的设备数", "Devices assessed"), devices),
            ],
            title=t("最近一次版本评估", "Latest version assessment"),
        )
    ]


def _notices(found: Exposed, lang: str) -> list[Block]:
    if not found.notices:
        return []
    from django.utils import timezone

    t = phrases(lang)
    severity_names, _, tones = _words()
    rows: list[list[CellValue]] = [
        [
            timezone.localtime(n["deliverable__published_at"]).date(),
            n["advisory__key"],
            n["advisory__title"],
            vocabulary(severity_names, n["advisory__severity"], lang),
        ]
        for n in found.notices
    ]
    return [
        Table(
            caption=t("本期发布的风险通告", "Risk notices published in the period"),
            columns=[
                Column(t("发布日期", "Published"), width=1),
                Column(t("公告", "Advisory"), width=1.4),
                Column(t("标题", "Title"), width=3.2),
                Column(t("级别", "Severity"), width=0.8, tones=tones),
            ],
            rows=rows,
            sheet_name=t("风险通告", "Risk notices"),
        )
    ]
