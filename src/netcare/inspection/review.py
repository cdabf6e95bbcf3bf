"""The "Health and risk trend" section of the mid-term review and final summary.

REPORTS.md puts a health and risk trend in both reviews; ``delivery.reports`` asks each
app for its part through ``review_section``. This one reads the customer's finished
inspections of the period (and the last one before it, as the baseline): the network
health score over time, the open findings by severity with what was new and resolved,
the dimensions of the latest inspection and its top open risks.

Django is imported inside the function: ``inspection.reports`` re-exports
``review_section`` and must stay importable without Django (the offline CLI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netcare.reports.engine import (
    SEVERITY_TONES,
    Block,
    CellValue,
    Chart,
    Column,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
)
from netcare.reports.wording import language_of, phrases, vocabulary

from .engine.model import DIMENSIONS, SEVERITIES, SEVERITY_TEXT

if TYPE_CHECKING:
    from netcare.inspection.models import InspectionRun

__all__ = ["TOP_RISKS", "review_section"]

#: How many open risks of the latest inspection the review lists.
TOP_RISKS = 10
#: The severities a review table counts (info findings are hints, not risks).
COUNTED = ("critical", "major", "minor")
#: Severity cell colours; inspection calls a minor finding 次要.
TONES: Mapping[str, Tone] = {**SEVERITY_TONES, "次要": "medium"}


def review_section(contract: Any, start: dt.date, end: dt.date, language: str) -> Section | None:
    """The health and risk trend of ``contract``'s customer from ``start`` to ``end``
    (both inclusive), in "zh" or "en"; None when no inspection finished in the period.

    Three queries whatever the size: the runs, the baseline run, the latest run's open
    risks grouped by rule.
    """
    from netcare.inspection.models import InspectionRun

    finished = InspectionRun.objects.filter(
        customer_id=contract.customer_id, state=InspectionRun.State.FINISHED
    ).only("id", "created", "score", "coverage", "counts", "comparison", "dimensions")
    runs = list(
        finished.filter(created__date__gte=start, created__date__lte=end).order_by("created", "id")
    )
    if not runs:
        return None
    baseline = finished.filter(created__date__lt=start).order_by("-created", "-id").first()
    lang = language_of(language)
    latest = runs[-1]
    risks = _open_risks(latest, end)
    blocks: list[Block] = [
        Paragraph(_summary(runs, baseline, risks, lang), style="emphasis"),
        *_trend(runs, baseline, lang),
        _runs_table(runs, baseline, lang),
        *_dimensions(latest, lang),
        *_risks(latest, risks, lang),
    ]
    t = phrases(lang)
    return Section(t("健康度与风险趋势", "Health and risk trend"), blocks)


# --- words -----------------------------------------------------------------------------


def _day(run: InspectionRun) -> dt.date:
    from django.utils import timezone

    return timezone.localtime(run.created).date()


def _grade(score: float, lang: str) -> str:
    from netcare.inspection.reports import ATTENTION, HEALTHY

    t = phrases(lang)
    if score >= HEALTHY:
        return t("健康", "healthy")
    if score >= ATTENTION:
        return t("亚健康", "needs attention")
    return t("不健康", "unhealthy")


def _score(run: InspectionRun) -> float | None:
    """The run's score, or None when nothing of it could be assessed (never "100")."""
    return round(float(run.score), 1) if run.score is not None and run.score_known else None


def _score_cell(run: InspectionRun, lang: str) -> CellValue:
    value = _score(run)
    return value if value is not None else phrases(lang)("未评估", "not assessed")


def _count(run: InspectionRun, key: str) -> int:
    return int((run.counts or {}).get(key) or 0)


def _open(run: InspectionRun) -> int:
    return sum(_count(run, s) for s in COUNTED)


def _resolved(run: InspectionRun) -> int | None:
    comparison = run.comparison or {}
    return len(comparison["resolved"]) if "resolved" in comparison else None


# --- blocks ----------------------------------------------------------------------------


def _summary(
    runs: Sequence[InspectionRun],
    baseline: InspectionRun | None,
    risks: Sequence[dict[str, Any]],
    lang: str,
) -> str:
    t = phrases(lang)
    latest = runs[-1]
    when = f"{_day(latest):%Y-%m-%d}"
    score = _score(latest)
    counts = [_count(latest, s) for s in COUNTED]
    if score is None:
        health = t(
            f"最近一次巡检（{when}）未能评估健康度（所需数据未采集）",
            f"the latest inspection ({when}) could not assess the health "
            "(the data it needs was not collected)",
        )
    else:
        health = t(
            f"最近一次巡检（{when}）网络健康度 {score:.1f} 分，评级“{_grade(score, lang)}”",
            f"the latest inspection ({when}) scores the network's health {score:.1f} "
            f"out of 100 ({_grade(score, lang)})",
        )
    first = baseline or (runs[0] if len(runs) > 1 else None)
    change = ""
    before = _score(first) if first is not None else None
    if first is not None and before is not None and score is not None:
        delta = score - before
        since = f"{_day(first):%Y-%m-%d}"
        if abs(delta) < 0.05:
            change = t(f"，与 {since} 持平", f", unchanged since {since}")
        elif delta > 0:
            change = t(
                f"，比 {since} 提高 {delta:.1f} 分", f", {delta:.1f} points better than on {since}"
            )
        else:
            change = t(
                f"，比 {since} 下降 {-delta:.1f} 分", f", {-delta:.1f} points worse than on {since}"
            )
    n = len(runs)
    text = t(
        f"本期完成 {n} 次巡检；{health}{change}。待整改风险：紧急 {counts[0]} 项、"
        f"重要 {counts[1]} 项、次要 {counts[2]} 项。",
        f"{n} {'inspection' if n == 1 else 'inspections'} ran in the period; {health}{change}. "
        f"Open risks: {counts[0]} critical, {counts[1]} major, {counts[2]} minor.",
    )
    if risks:
        top = risks[0]
        text += t(
            f"最需优先处理的是“{top['title_zh']}”（{top['devices']} 台设备）。",
            f" The first to address is “{top['title_en']}” ({top['devices']} "
            f"{'device' if top['devices'] == 1 else 'devices'}).",
        )
    return text


def _labels(runs: Sequence[InspectionRun]) -> list[str]:
    """One chart category per run: its date, numbered when a day has several runs."""
    labels: list[str] = []
    for run in runs:
        label = f"{_day(run):%Y-%m-%d}"
        repeat = sum(1 for x in labels if x.split(" ")[0] == label)
        labels.append(f"{label} #{repeat + 1}" if repeat else label)
    return labels


def _trend(runs: Sequence[InspectionRun], baseline: InspectionRun | None, lang: str) -> list[Block]:
    t = phrases(lang)
    shown = [r for r in ([baseline] if baseline else []) + list(runs) if _score(r) is not None]
    if not shown:
        return []
    values = [float(_score(r) or 0.0) for r in shown]
    lowest = min(range(len(shown)), key=lambda i: values[i])
    labels = _labels(shown)
    if len(shown) == 1:
        reading = t(
            f"本期仅一次可评估的巡检，健康度 {values[0]:.1f} 分；趋势需更多次巡检才能看出。",
            f"One assessed inspection so far ({values[0]:.1f}); a trend needs more of them.",
        )
    elif values[-1] > values[0]:
        reading = t(
            f"健康度从 {values[0]:.1f} 分升至 {values[-1]:.1f} 分，网络在变好。",
            f"The health score rose from {values[0]:.1f} to {values[-1]:.1f}: the network "
            "is getting healthier.",
        )
    elif values[-1] < values[0]:
        reading = t(
            f"健康度从 {values[0]:.1f} 分降至 {values[-1]:.1f} 分，"
            f"最低在 {labels[lowest]}，需要关注。",
            f"The health score fell from {values[0]:.1f} to {values[-1]:.1f}, lowest on "
            f"{labels[lowest]}; this needs attention.",
        )
    else:
        reading = t(
            f"健康度保持在 {values[-1]:.1f} 分。", f"The health score held at {values[-1]:.1f}."
        )
    return [
        Chart(
            kind="line",
            categories=labels,
            series=[Series(t("网络健康度", "Network health"), values)],
            caption=t("网络健康度趋势", "Network health score over time"),
            reading=reading,
            y_label=t("分", "points"),
        )
    ]


def _runs_table(runs: Sequence[InspectionRun], baseline: InspectionRun | None, lang: str) -> Table:
    t = phrases(lang)
    rows: list[list[CellValue]] = []
    for run in ([baseline] if baseline else []) + list(runs):
        comparison = run.comparison or {}
        rows.append(
            [
                _day(run),
                t("基线", "baseline") if run is baseline else t("本期", "in period"),
                _score_cell(run, lang),
                _count(run, "devices"),
                *[_count(run, s) for s in COUNTED],
                comparison.get("new"),
                _resolved(run),
            ]
        )
    return Table(
        caption=t("各次巡检结果", "Inspections and their results"),
        columns=[
            Column(t("日期", "Date"), width=1.1),
            Column(t("说明", "Note"), width=0.9),
            Column(t("健康度", "Health score"), width=0.9, number_format="0.0"),
            Column(t("设备数", "Devices"), width=0.8, number_format="0"),
            Column(t("紧急", "Critical"), width=0.7, number_format="0"),
            Column(t("重要", "Major"), width=0.7, number_format="0"),
            Column(t("次要", "Minor"), width=0.7, number_format="0"),
            Column(t("新增", "New"), width=0.7, number_format="0"),
            Column(t("已解决", "Resolved"), width=0.8, number_format="0"),
        ],
        rows=rows,
        sheet_name=t("健康度趋势", "Health trend"),
        note=t(
            "紧急、重要、次要为巡检时仍待整改的发现数；新增、已解决与上一次巡检相比。",
            "Critical, major and minor count the findings still open at each inspection; "
            "new and resolved compare it with the inspection before.",
        ),
    )


def _dimensions(run: InspectionRun, lang: str) -> list[Block]:
    from netcare.inspection.reports import DIMENSION_NAMES

    t = phrases(lang)
    dimensions = run.dimensions or {}
    names = [d for d in DIMENSIONS if d in dimensions] + sorted(
        d for d in dimensions if d not in DIMENSIONS
    )
    if not names:
        return []
    unknown = t("未评估", "not assessed")
    rows: list[list[CellValue]] = []
    for name in names:
        value = dimensions[name]
        rows.append(
            [
                vocabulary(DIMENSION_NAMES, name, lang),
                unknown if value is None else round(float(value), 1),
                unknown if value is None else _grade(float(value), lang),
            ]
        )
    return [
        Table(
            caption=t(
                f"最近一次巡检（{_day(run):%Y-%m-%d}）的健康度维度",
                f"Health dimensions of the latest inspection ({_day(run):%Y-%m-%d})",
            ),
            columns=[
                Column(t("维度", "Dimension"), width=2),
                Column(t("得分", "Score"), width=1, number_format="0.0"),
                Column(t("评级", "Rating"), width=1.2),
            ],
            rows=rows,
            sheet_name=t("健康度维度", "Dimensions"),
        )
    ]


def _open_risks(run: InspectionRun, end: dt.date) -> list[dict[str, Any]]:
    """The latest run's risks still open at the end of the period, one row per rule
    (title, severity, devices), most severe and widest first."""
    from django.db.models import Count, Max, Q

    from netcare.inspection.models import Finding

    open_then = Q(status=Finding.Status.OPEN) | Q(
        status=Finding.Status.RESOLVED, status_changed_at__date__gt=end
    )
    rows = list(
        Finding.objects.filter(open_then, run_id=run.pk)
        .values("rule_id", "severity")
        .annotate(
            devices=Count("device", distinct=True),
            findings=Count("id"),
            title_zh=Max("title_zh"),
            title_en=Max("title_en"),
        )
        .order_by()
    )
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    rows.sort(key=lambda r: (rank.get(r["severity"], 9), -r["devices"], r["rule_id"]))
    return rows


def _risks(run: InspectionRun, risks: Sequence[dict[str, Any]], lang: str) -> list[Block]:
    t = phrases(lang)
    if not risks:
        return [
            Paragraph(
                t(
                    "最近一次巡检没有待整改的风险。",
                    "The latest inspection left no open risks.",
                )
            )
        ]
    shown = risks[:TOP_RISKS]
    title = "title_en" if lang == "en" else "title_zh"
    rows: list[list[CellValue]] = [
        [
            number,
            r[title] or r["rule_id"],
            vocabulary(SEVERITY_TEXT, r["severity"], lang),
            r["devices"],
        ]
        for number, r in enumerate(shown, start=1)
    ]
    blocks: list[Block] = [
        Table(
            caption=t(
                f"最近一次巡检的主要待整改风险（前 {len(shown)} 项）",
                f"Top open risks of the latest inspection (top {len(shown)})",
            ),
            columns=[
                Column(t("序号", "No."), width=0.5, number_format="0"),
                Column(t("风险", "Risk"), width=4),
                Column(t("级别", "Severity"), width=0.8, tones=TONES),
                Column(t("涉及设备", "Devices"), width=0.8, number_format="0"),
            ],
            rows=rows,
            sheet_name=t("主要风险", "Top risks"),
        )
    ]
    if len(risks) > len(shown):
        rest = len(risks) - len(shown)
        blocks.append(
            Paragraph(
                t(
                    f"另有 {rest} 项待整改风险，见最近一次巡检报告。",
                    f"{rest} further open risks are listed in the latest inspection report.",
                ),
                style="note",
            )
        )
    return blocks
