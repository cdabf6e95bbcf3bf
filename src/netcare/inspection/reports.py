"""The inspection report (巡检报告), the network hardening plan (网络加固方案), the
findings workbook and the per-device script bundle.

Outlines from shared/REPORTS.md. Inspection report: scope (devices, sites, collection
method and date); overall health score and its dimensions; key risks (top 10) in one
table; findings by severity and category with charts; per-device sheets (identity,
version, uptime, hardware state, CPU/memory, interfaces with errors, findings with
evidence); comparison with the previous inspection; recommendations; appendix: commands
run, rules applied with pack version. Hardening plan: risks addressed (linked to the
inspection findings); principles and vendor best practice followed; change batches
ordered by risk with window and impact; per device: steps with configuration,
pre-checks, post-checks, rollback; verification plan; appendix: per-device scripts.

Built only from :mod:`netcare.inspection.engine.summary` records and without Django, so
the offline ``netcare inspect`` and the app's django-q2 task write the same documents.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from netcare.inspection.review import review_section  # noqa: F401 (the review's section)
from netcare.reports.engine import (
    Block,
    BulletList,
    CellValue,
    Chart,
    Column,
    Document,
    Format,
    KeyValue,
    Language,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
    render,
)
from netcare.reports.wording import language_of, pick, report_meta

from .engine.model import (
    CATEGORIES,
    DIMENSIONS,
    SEVERITIES,
    SEVERITY_TEXT,
    Finding,
    Health,
    StepPlan,
    Text,
)
from .engine.summary import (
    Batch,
    DeviceSheet,
    HardeningSummary,
    InspectionSummary,
    Mark,
)

__all__ = [
    "CATEGORY_NAMES",
    "DIMENSION_NAMES",
    "SEVERITY_NAMES",
    "build_findings_document",
    "build_hardening_document",
    "build_inspection_document",
    "category_name",
    "severity_name",
    "write_findings_xlsx",
    "write_hardening_report",
    "write_inspection_report",
    "write_scripts_zip",
]

#: The four severities' words (one vocabulary, defined in engine.model).
SEVERITY_NAMES: Mapping[str, Text] = SEVERITY_TEXT
CATEGORY_NAMES: Mapping[str, Text] = {
    "hardware": Text("硬件状态", "Hardware"),
    "environment": Text("运行环境", "Environment"),
    "performance": Text("性能负载", "Performance"),
    "interfaces": Text("接口与链路", "Interfaces"),
    "logs_alarms": Text("日志告警", "Logs and alarms"),
    "reliability": Text("可靠性", "Reliability"),
    "security_hardening": Text("安全加固", "Security hardening"),
    "management_plane": Text("管理平面", "Management plane"),
    "configuration": Text("配置规范", "Configuration"),
    "lifecycle": Text("生命周期", "Lifecycle"),
}
DIMENSION_NAMES: Mapping[str, Text] = {
    "hardware": Text("硬件", "Hardware"),
    "performance": Text("性能", "Performance"),
    "reliability": Text("可靠性", "Reliability"),
    "security": Text("安全", "Security"),
    "configuration": Text("配置", "Configuration"),
}
MARK_NAMES: Mapping[str, Text] = {
    "accepted_risk": Text("已接受风险", "Accepted risk"),
    "false_positive": Text("误报", "False positive"),
}
OPEN = Text("待整改", "Open")
METHOD_NAMES: Mapping[str, Text] = {
    "ssh": Text(
        "NetCare 通过 SSH 远程登录设备执行只读命令采集",
        "Read-only commands run over SSH by NetCare",
    ),
    "upload": Text("上传的设备命令输出文件", "Uploaded command outputs"),
    "offline": Text("离线分析现场采集的命令输出", "Offline analysis of collected command outputs"),
}
#: Severity cell colouring for both languages' words.
SEVERITY_TONES: Mapping[str, Tone] = {
    "紧急": "critical", "critical": "critical", "重要": "high", "major": "high",
    "次要": "medium", "minor": "medium", "提示": "info", "info": "info",
    "待整改": "medium", "open": "medium", "已接受风险": "neutral", "accepted risk": "neutral",
    "误报": "neutral", "false positive": "neutral",
}  # fmt: skip
#: Health score thresholds: at or above the first is healthy, the second needs attention.
HEALTHY, ATTENTION = 90.0, 70.0
#: The device score chart shows at most this many devices (the lowest scores).
MAX_DEVICE_BARS = 20
KEY_RISKS = 10

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORIES)}
_SUFFIX_FORMATS: Mapping[str, Format] = {".docx": "docx", ".pdf": "pdf", ".html": "html"}


# --- words -----------------------------------------------------------------------------


def severity_name(severity: str, language: str) -> str:
    word = SEVERITY_NAMES.get(severity)
    return word.pick(language) if word else severity


def _window(when: str | Text, language: str) -> str:
    """A batch's window: the agreed one as written, or what it needs in the language."""
    return when.pick(language) if isinstance(when, Text) else when


def category_name(category: str, language: str) -> str:
    word = CATEGORY_NAMES.get(category)
    return word.pick(language) if word else category


def _dimension_name(dimension: str, language: str) -> str:
    word = DIMENSION_NAMES.get(dimension)
    return word.pick(language) if word else dimension


def _grade(score: float, language: str) -> str:
    if score >= HEALTHY:
        return pick(language, "健康", "Healthy")
    if score >= ATTENTION:
        return pick(language, "亚健康", "Needs attention")
    return pick(language, "不健康", "Unhealthy")


def _join(items: Sequence[str], language: str) -> str:
    return ("、" if language == "zh" else ", ").join(items)


def _count(n: int, zh_unit: str, en_one: str, en_many: str, language: str) -> str:
    return f"{n} {zh_unit}" if language == "zh" else f"{n} {en_one if n == 1 else en_many}"


def _uptime(seconds: int | None, language: str) -> str:
    if seconds is None:
        return "—"
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    return pick(language, f"{days} 天 {hours} 小时", f"{days} days {hours} hours")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _text(value: str | None) -> str:
    return value if value not in (None, "") else "—"


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            _SEVERITY_RANK.get(f.severity, 9),
            _CATEGORY_RANK.get(f.category, 99),
            f.device,
            f.rule_id,
            f.subject,
        ),
    )


def _status(finding: Finding, marks: Mapping[str, Mark], language: str) -> str:
    mark = marks.get(finding.fingerprint)
    return MARK_NAMES[mark.kind].pick(language) if mark else OPEN.pick(language)


def _finding_id(finding: Finding) -> str:
    """The short fingerprint that ties the plan, the workbook and the report together."""
    return finding.fingerprint[:12]


def _severity_column(language: str, width: float = 0.8) -> Column:
    return Column(pick(language, "级别", "Severity"), width=width, tones=SEVERITY_TONES)


# --- the inspection report ---------------------------------------------------------------


class _Context:
    """The summary with the lookups every section needs, computed once."""

    def __init__(self, summary: InspectionSummary, language: Language) -> None:
        self.summary = summary
        self.language = language
        self.hostnames = {d.key: d.hostname for d in summary.devices}
        self.sites = {d.key: d.site for d in summary.devices}
        self.findings = _sorted(summary.findings)
        self.open = [f for f in self.findings if f.fingerprint not in summary.marks]
        self.marked = [f for f in self.findings if f.fingerprint in summary.marks]

    def host(self, key: str) -> str:
        return self.hostnames.get(key, key)

    def t(self, zh: str, en: str) -> str:
        return pick(self.language, zh, en)


def build_inspection_document(summary: InspectionSummary, language: str) -> Document:
    """The inspection report as the engine's document model, in "zh" or "en"."""
    lang = language_of(language)
    ctx = _Context(summary, lang)
    meta = report_meta(
        summary.customer,
        summary.title or Text("巡检报告", "Inspection report"),
        summary.period,
        summary.version,
        summary.author,
        summary.reviewer,
        summary.report_date or summary.collected_on,
        lang,
    )
    sections = [
        _scope(ctx),
        _health(ctx),
        _key_risks(ctx),
        _by_severity_and_category(ctx),
        _device_sheets(ctx),
        _comparison(ctx),
        _recommendations(ctx),
    ]
    appendix = [_commands_appendix(ctx), _rules_appendix(ctx)]
    return Document(meta=meta, sections=sections, appendix=appendix)


def _scope(ctx: _Context) -> Section:
    s, t = ctx.summary, ctx.t
    sites = sorted({d.site for d in s.devices if d.site})
    method = METHOD_NAMES.get(s.collection_method)
    platforms = Counter(d.platform for d in s.devices)
    pairs: list[tuple[str, CellValue]] = [
        (t("客户", "Customer"), s.customer),
        (t("设备数量", "Devices"), len(s.devices)),
        (t("站点", "Sites"), _join(sites, ctx.language) if sites else "—"),
        (
            t("平台", "Platforms"),
            _join([f"{p} × {n}" for p, n in sorted(platforms.items())], ctx.language) or "—",
        ),
        (
            t("采集方式", "Collection method"),
            method.pick(ctx.language) if method else s.collection_method,
        ),
        (t("采集日期", "Collection date"), s.collected_on),
        (
            t("规则包", "Rule packs"),
            _join([f"{p} {v}" for p, v in s.packs.items()], ctx.language) or "—",
        ),
    ]
    rows: list[list[CellValue]] = [
        [
            d.hostname,
            d.site or "—",
            " ".join(x for x in (d.vendor, d.model) if x) or "—",
            d.platform,
            _text(d.os_version),
            _text(d.serial),
        ]
        for d in s.devices
    ]
    blocks: list[Block] = [
        Paragraph(
            t(
                f"本次巡检覆盖 {len(s.devices)} 台网络设备，于 {s.collected_on:%Y-%m-%d} 采集，"
                "按 NetCare 巡检规则逐项检查硬件、环境、性能、接口、日志、可靠性、安全与配置，"
                "并给出健康度评分、风险清单与整改建议。",
                f"This inspection covers {len(s.devices)} network devices, collected on "
                f"{s.collected_on:%Y-%m-%d}. Each device was checked against the NetCare "
                "inspection rules for hardware, environment, performance, interfaces, logs, "
                "reliability, security and configuration, giving a health score, the risks "
                "found and what to do about them.",
            )
        ),
        KeyValue(pairs),
    ]
    if rows:
        blocks.append(
            Table(
                caption=t("巡检设备清单", "Devices inspected"),
                columns=[
                    Column(t("设备名称", "Hostname"), width=1.6),
                    Column(t("站点", "Site"), width=1.1),
                    Column(t("厂商与型号", "Vendor and model"), width=1.8),
                    Column(t("平台", "Platform"), width=1.1),
                    Column(t("软件版本", "Software version"), width=1.8),
                    Column(t("序列号", "Serial number"), width=1.3),
                ],
                rows=rows,
                sheet_name=t("设备清单", "Devices"),
            )
        )
    return Section(t("巡检范围", "Scope"), blocks)


def _share(value: float | None) -> str:
    """A coverage (0–1) as a whole percentage."""
    return "—" if value is None else f"{value * 100:.0f}%"


def _score_text(health: Health, lang: str) -> str:
    """A device's score with its rating and coverage, or "unknown" when nothing of it
    was assessed."""
    if not health.known:
        return "未知（无可评估的规则）" if lang == "zh" else "unknown (nothing could be assessed)"
    if lang == "zh":
        return (
            f"{health.score:.1f}（{_grade(health.score, lang)}，覆盖率 {_share(health.coverage)}）"
        )
    return f"{health.score:.1f} ({_grade(health.score, lang)}, coverage {_share(health.coverage)})"


def _health(ctx: _Context) -> Section:
    s, t, lang = ctx.summary, ctx.t, ctx.language
    health = s.network_health
    coverage = _share(health.coverage)
    blocks: list[Block] = [
        Paragraph(
            t(
                f"网络整体健康度为 {health.score:.1f} 分（满分 100），"
                f"评级“{_grade(health.score, lang)}”；评估覆盖率 {coverage}"
                f"（适用的 {health.applicable} 项规则检查中已评估 {health.assessed} 项）。"
                "评分从 100 分起，每项发现按其级别扣分并计入所属维度；"
                "未能评估的规则不扣分，而是降低覆盖率，没有任何规则得到评估的维度记为“未知”，"
                "不参与总分；已接受风险或误报的发现不扣分；"
                f"≥{HEALTHY:.0f} 分为健康，≥{ATTENTION:.0f} 分为亚健康。",
                f"The overall network health score is {health.score:.1f} out of 100 "
                f"({_grade(health.score, lang)}), with a coverage of {coverage} "
                f"({health.assessed} of {health.applicable} applicable rule checks assessed). "
                "Scores start at 100; each finding takes points by its severity from its "
                "dimension. A rule that could not be assessed costs nothing but lowers the "
                "coverage; a dimension with nothing assessed is unknown and left out of the "
                "score. Accepted risks and false positives cost nothing. "
                f"{HEALTHY:.0f} or more is healthy, {ATTENTION:.0f} or more needs attention.",
            ),
            style="emphasis",
        )
    ]
    dims = [d for d in DIMENSIONS if d in health.dimensions] + [
        d for d in health.dimensions if d not in DIMENSIONS
    ]
    known = [(d, v) for d in dims if (v := health.dimensions[d]) is not None]
    if known:
        lowest_dim, lowest = min(known, key=lambda dv: dv[1])
        blocks.append(
            Chart(
                kind="bar",
                categories=[_dimension_name(d, lang) for d, _ in known],
                series=[Series(t("得分", "Score"), [v for _, v in known])],
                caption=t("健康度各维度得分", "Health score by dimension"),
                reading=t(
                    f"得分最低的维度是“{_dimension_name(lowest_dim, lang)}”"
                    f"（{lowest:.1f} 分），应优先关注。",
                    f"The weakest dimension is {_dimension_name(lowest_dim, lang)} "
                    f"({lowest:.1f}); look there first.",
                ),
                y_label=t("分", "points"),
            )
        )
    if dims:
        unknown = t("未知", "unknown")
        blocks.append(
            Table(
                caption=t("健康度维度", "Health dimensions"),
                columns=[
                    Column(t("维度", "Dimension"), width=2),
                    Column(t("得分", "Score"), width=1, number_format="0.0"),
                    Column(t("评级", "Rating"), width=1.2),
                    Column(t("覆盖率", "Coverage"), width=1),
                ],
                rows=[
                    [
                        _dimension_name(d, lang),
                        unknown if (v := health.dimensions[d]) is None else float(v),
                        unknown if v is None else _grade(v, lang),
                        _share(health.dimension_coverage.get(d)),
                    ]
                    for d in dims
                ],
                sheet_name=t("健康度维度", "Dimensions"),
            )
        )
    devices = sorted(
        (d for d in s.devices if d.health.known), key=lambda d: (d.health.score, d.hostname)
    )
    if devices:
        shown = devices[:MAX_DEVICE_BARS]
        healthy = sum(d.health.score >= HEALTHY for d in devices)
        worst = shown[0]
        caption = t("各设备健康度得分", "Health score per device")
        if len(devices) > len(shown):
            caption = t(
                f"健康度最低的 {len(shown)} 台设备",
                f"The {len(shown)} devices with the lowest health scores",
            )
        blocks.append(
            Chart(
                kind="bar",
                categories=[d.hostname for d in shown],
                series=[Series(t("得分", "Score"), [float(d.health.score) for d in shown])],
                caption=caption,
                reading=t(
                    f"得分最低的设备是 {worst.hostname}（{worst.health.score:.1f} 分）；"
                    f"{healthy} 台设备评级为健康。",
                    f"{worst.hostname} scores lowest ({worst.health.score:.1f}); "
                    f"{healthy} of {len(devices)} devices "
                    f"{'is' if healthy == 1 else 'are'} healthy.",
                ),
                y_label=t("分", "points"),
            )
        )
    return Section(t("总体健康度", "Overall health"), blocks)


def _group_by_rule(findings: Sequence[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.rule_id].append(finding)
    return sorted(
        groups.values(),
        key=lambda g: (
            _SEVERITY_RANK.get(g[0].severity, 9),
            -len({f.device for f in g}),
            _CATEGORY_RANK.get(g[0].category, 99),
            g[0].rule_id,
        ),
    )


def _devices_text(ctx: _Context, group: Sequence[Finding], limit: int = 5) -> str:
    hosts = list(dict.fromkeys(ctx.host(f.device) for f in group))
    shown = _join(hosts[:limit], ctx.language)
    if len(hosts) > limit:
        shown += ctx.t(f" 等 {len(hosts)} 台", f" and {len(hosts) - limit} more")
    return shown


def _key_risks(ctx: _Context) -> Section:
    t, lang = ctx.t, ctx.language
    title = t("重点风险", "Key risks")
    groups = _group_by_rule(ctx.open)
    if not groups:
        return Section(
            title,
            [Paragraph(t("本次巡检未发现待整改的风险。", "This inspection found no open risks."))],
        )
    rows: list[list[CellValue]] = [
        [
            number,
            severity_name(g[0].severity, lang),
            category_name(g[0].category, lang),
            g[0].title.pick(lang),
            _devices_text(ctx, g),
            g[0].recommendation.pick(lang),
        ]
        for number, g in enumerate(groups[:KEY_RISKS], start=1)
    ]
    intro = t(
        f"共 {len(ctx.open)} 项待整改的发现，归为 {len(groups)} 类风险；"
        "下表按级别和影响设备数列出最重要的 "
        f"{len(rows)} 项。",
        f"{len(ctx.open)} open findings fall under {len(groups)} risks; the table lists the "
        f"{len(rows)} most important by severity and number of devices affected.",
    )
    return Section(
        title,
        [
            Paragraph(intro),
            Table(
                caption=t("重点风险（前 10 项）", "Key risks (top 10)"),
                columns=[
                    Column(t("序号", "No."), width=0.5, number_format="0"),
                    _severity_column(lang, 0.7),
                    Column(t("类别", "Category"), width=1.0),
                    Column(t("风险", "Risk"), width=2.2),
                    Column(t("涉及设备", "Devices"), width=1.8),
                    Column(t("建议", "Recommendation"), width=3.0),
                ],
                rows=rows,
                sheet_name=t("重点风险", "Key risks"),
            ),
        ],
    )


def _by_severity_and_category(ctx: _Context) -> Section:
    t, lang = ctx.t, ctx.language
    title = t("发现统计（按级别与类别）", "Findings by severity and category")
    findings = ctx.open
    blocks: list[Block] = []
    if not findings:
        blocks.append(Paragraph(t("没有待整改的发现。", "There are no open findings.")))
    else:
        by_severity: Counter[str] = Counter(f.severity for f in findings)
        severity_values = [float(by_severity.get(s, 0)) for s in SEVERITIES]
        top = max(SEVERITIES, key=lambda s: (by_severity.get(s, 0), -_SEVERITY_RANK[s]))
        blocks.append(
            Chart(
                kind="bar",
                categories=[severity_name(s, lang) for s in SEVERITIES],
                series=[Series(t("发现数", "Findings"), severity_values)],
                caption=t("待整改发现按级别分布", "Open findings by severity"),
                reading=t(
                    f"共 {len(findings)} 项，其中紧急 {by_severity.get('critical', 0)} 项、"
                    f"重要 {by_severity.get('major', 0)} 项；"
                    f"数量最多的是“{severity_name(top, lang)}”级。",
                    f"{len(findings)} findings, {by_severity.get('critical', 0)} critical and "
                    f"{by_severity.get('major', 0)} major; "
                    f"most are {severity_name(top, lang).lower()}.",
                ),
                y_label=t("项", "findings"),
            )
        )
        categories = [c for c in CATEGORIES if any(f.category == c for f in findings)] + sorted(
            {f.category for f in findings} - set(CATEGORIES)
        )
        cells: Counter[tuple[str, str]] = Counter((f.category, f.severity) for f in findings)
        per_category = Counter(f.category for f in findings)
        busiest = max(categories, key=lambda c: per_category[c])
        blocks.append(
            Chart(
                kind="stacked_bar",
                categories=[category_name(c, lang) for c in categories],
                series=[
                    Series(severity_name(s, lang), [float(cells[(c, s)]) for c in categories])
                    for s in SEVERITIES
                    if by_severity.get(s)
                ],
                caption=t("待整改发现按类别与级别分布", "Open findings by category and severity"),
                reading=t(
                    f"“{category_name(busiest, lang)}”类发现最多（{per_category[busiest]} 项）。",
                    f"{category_name(busiest, lang)} has the most findings "
                    f"({per_category[busiest]}).",
                ),
                y_label=t("项", "findings"),
            )
        )
        blocks.append(
            Table(
                caption=t("发现数量（类别 × 级别）", "Findings count (category × severity)"),
                columns=[
                    Column(t("类别", "Category"), width=1.8),
                    *[
                        Column(severity_name(s, lang), width=0.8, number_format="0")
                        for s in SEVERITIES
                    ],
                    Column(t("合计", "Total"), width=0.8, number_format="0"),
                ],
                rows=[
                    [
                        category_name(c, lang),
                        *[cells[(c, s)] for s in SEVERITIES],
                        per_category[c],
                    ]
                    for c in categories
                ],
                sheet_name=t("发现统计", "Counts"),
            )
        )
    subsections = []
    if ctx.marked:
        subsections.append(_marked(ctx))
    return Section(title, blocks, subsections)


def _marked(ctx: _Context) -> Section:
    t, lang, marks = ctx.t, ctx.language, ctx.summary.marks
    rows: list[list[CellValue]] = []
    for f in ctx.marked:
        mark = marks[f.fingerprint]
        rows.append(
            [
                ctx.host(f.device),
                f.title.pick(lang),
                f.subject or "—",
                MARK_NAMES[mark.kind].pick(lang),
                mark.reason.pick(lang),
                mark.by or "—",
            ]
        )
    return Section(
        t("已接受风险与误报", "Accepted risks and false positives"),
        [
            Paragraph(
                t(
                    "以下发现经专家确认为已接受风险或误报，不计入健康度扣分与待整改风险，列此备查。",
                    "The expert marked these findings as accepted risks or false positives; "
                    "they take no health points and are not open risks, and are listed here "
                    "for the record.",
                )
            ),
            Table(
                caption=t("已标记的发现", "Marked findings"),
                columns=[
                    Column(t("设备", "Device"), width=1.2),
                    Column(t("发现", "Finding"), width=2.0),
                    Column(t("对象", "Subject"), width=1.0),
                    Column(t("标记", "Mark"), width=0.9, tones=SEVERITY_TONES),
                    Column(t("理由", "Reason"), width=2.4),
                    Column(t("确认人", "By"), width=0.8),
                ],
                rows=rows,
                sheet_name=t("已标记", "Marked"),
            ),
        ],
    )


def _device_sheets(ctx: _Context) -> Section:
    t = ctx.t
    subsections = [_device_sheet(ctx, d) for d in ctx.summary.devices]
    intro = Paragraph(
        t(
            "每台设备一节：身份与版本、运行时间、硬件状态、CPU 与内存、有错误计数的接口，"
            "以及本设备的发现及其证据（设备原始输出）。",
            "One section per device: identity and version, uptime, hardware state, CPU and "
            "memory, interfaces with errors, and its findings with the evidence (the "
            "device's own output).",
        )
    )
    if not subsections:
        return Section(
            t("设备详情", "Device sheets"), [intro, Paragraph(t("无设备。", "No devices."))]
        )
    return Section(t("设备详情", "Device sheets"), [intro], subsections)


def _device_sheet(ctx: _Context, device: DeviceSheet) -> Section:
    t, lang = ctx.t, ctx.language
    pairs: list[tuple[str, CellValue]] = [
        (t("设备名称", "Hostname"), device.hostname),
        (t("站点", "Site"), device.site or "—"),
        (t("厂商", "Vendor"), _text(device.vendor)),
        (t("型号", "Model"), _text(device.model)),
        (t("序列号", "Serial number"), _text(device.serial)),
        (t("平台", "Platform"), device.platform),
        (t("软件版本", "Software version"), _text(device.os_version)),
        (t("运行时间", "Uptime"), _uptime(device.uptime_seconds, lang)),
        (t("CPU 利用率", "CPU load"), _percent(device.cpu_percent)),
        (t("内存利用率", "Memory use"), _percent(device.memory_percent)),
        (
            t("健康度", "Health score"),
            _score_text(device.health, lang),
        ),
    ]
    blocks: list[Block] = [KeyValue(pairs, title=t("设备信息", "Identity and state"))]
    blocks.append(_hardware_block(ctx, device))
    blocks.append(_interfaces_block(ctx, device))
    findings = _sorted(device.result.findings)
    if findings:
        blocks.append(
            Table(
                caption=t(f"{device.hostname} 的发现", f"Findings on {device.hostname}"),
                columns=[
                    _severity_column(lang, 0.6),
                    Column(t("发现", "Finding"), width=1.6),
                    Column(t("对象", "Subject"), width=0.9),
                    Column(t("证据", "Evidence"), width=2.6),
                    Column(t("建议", "Recommendation"), width=2.0),
                    Column(t("状态", "Status"), width=0.7, tones=SEVERITY_TONES),
                ],
                rows=[
                    [
                        severity_name(f.severity, lang),
                        f.title.pick(lang),
                        f.subject or "—",
                        "\n".join(f.evidence) or "—",
                        f.recommendation.pick(lang),
                        _status(f, ctx.summary.marks, lang),
                    ]
                    for f in findings
                ],
                sheet_name=t(f"发现 {device.hostname}", f"Findings {device.hostname}"),
            )
        )
    else:
        blocks.append(Paragraph(t("本设备未发现问题。", "No findings on this device.")))
    if device.result.not_assessed:
        blocks.append(
            Table(
                caption=t(
                    f"{device.hostname} 未能评估的规则", f"Rules not assessed on {device.hostname}"
                ),
                columns=[
                    Column(t("规则", "Rule"), width=1.5),
                    Column(t("原因", "Reason"), width=4.0),
                ],
                rows=[[n.rule_id, n.reason.pick(lang)] for n in device.result.not_assessed],
                note=t(
                    "未能评估不等于通过：缺少所需的输出或事实时，规则不下结论。",
                    "Not assessed is not passed: a rule draws no conclusion without the "
                    "output or fact it needs.",
                ),
                sheet_name=t(f"未评估 {device.hostname}", f"Not assessed {device.hostname}"),
            )
        )
    title = (
        f"{device.hostname}（{device.site}）" if device.site and lang == "zh" else device.hostname
    )
    if device.site and lang == "en":
        title = f"{device.hostname} ({device.site})"
    return Section(title, blocks)


#: Component states that need no reader's attention (compared case-insensitively).
NORMAL_STATES = frozenset({"ok", "normal", "green", "good", "up", "online", "present"})
#: A component list up to this long is shown item by item; a longer one shows only the
#: items not in a normal state plus one line counting the rest.
HARDWARE_ROWS = 8


def _is_normal(status: str | None) -> bool:
    return status is not None and status.strip().casefold() in NORMAL_STATES


def _hardware_rows(
    ctx: _Context, kind: str, items: Sequence[tuple[str, str, str | None]]
) -> list[list[CellValue]]:
    """Rows for one component kind: every item when few, else the abnormal ones and a
    count of the rest (a chassis with 60 sensors reads as one line when all are fine)."""
    if len(items) <= HARDWARE_ROWS:
        return [[kind, name or "—", shown] for name, shown, _ in items]
    rows: list[list[CellValue]] = [
        [kind, name or "—", shown] for name, shown, status in items if not _is_normal(status)
    ]
    normal = sum(1 for _, _, status in items if _is_normal(status))
    if normal:
        rows.append(
            [kind, ctx.t(f"其余 {normal} 个", f"{normal} others"), ctx.t("状态正常", "normal")]
        )
    return rows


def _hardware_block(ctx: _Context, device: DeviceSheet) -> Block:
    t = ctx.t
    rows: list[list[CellValue]] = []
    for kind, components in (
        (t("电源", "Power supply"), device.psus),
        (t("风扇", "Fan"), device.fans),
    ):
        rows += _hardware_rows(ctx, kind, [(c.name, _text(c.status), c.status) for c in components])
    readings = []
    sep = "，" if ctx.language == "zh" else ", "
    for reading in device.temperatures:
        value = "—" if reading.celsius is None else f"{reading.celsius:g} °C"
        readings.append((reading.sensor, f"{value}{sep}{_text(reading.status)}", reading.status))
    rows += _hardware_rows(ctx, t("温度", "Temperature"), readings)
    hottest = [r.celsius for r in device.temperatures if r.celsius is not None]
    if len(device.temperatures) > HARDWARE_ROWS and hottest:
        rows.append(
            [t("温度", "Temperature"), t("最高读数", "Highest reading"), f"{max(hottest):g} °C"]
        )
    if not rows:
        return Paragraph(
            t(
                "设备未报告电源、风扇或温度信息。",
                "The device reported no power supply, fan or temperature data.",
            ),
            style="note",
        )
    return Table(
        caption=t(f"{device.hostname} 硬件状态", f"Hardware state of {device.hostname}"),
        columns=[
            Column(t("部件", "Component"), width=1.0),
            Column(t("名称", "Name"), width=2.0),
            Column(t("状态", "State"), width=2.0),
        ],
        rows=rows,
        sheet_name=t(f"硬件 {device.hostname}", f"Hardware {device.hostname}"),
    )


def _interfaces_block(ctx: _Context, device: DeviceSheet) -> Block:
    t = ctx.t
    if not device.interfaces:
        return Paragraph(
            t("未发现错误计数非零的接口。", "No interface shows non-zero error counters."),
            style="note",
        )
    return Table(
        caption=t(
            f"{device.hostname} 有错误计数的接口", f"Interfaces with errors on {device.hostname}"
        ),
        columns=[
            Column(t("接口", "Interface"), width=1.6),
            Column(t("状态", "Status"), width=0.8),
            Column(t("描述", "Description"), width=1.6),
            Column(t("输入错误", "Input errors"), width=0.8, number_format="#,##0"),
            Column(t("输出错误", "Output errors"), width=0.8, number_format="#,##0"),
            Column("CRC", width=0.8, number_format="#,##0"),
        ],
        rows=[
            [i.name, _text(i.status), _text(i.description), i.in_errors, i.out_errors, i.crc]
            for i in device.interfaces
        ],
        sheet_name=t(f"接口 {device.hostname}", f"Interfaces {device.hostname}"),
    )


def _comparison(ctx: _Context) -> Section:
    t = ctx.t
    title = t("与上次巡检对比", "Comparison with the previous inspection")
    comparison = ctx.summary.comparison
    if comparison is None:
        return Section(
            title,
            [
                Paragraph(
                    t(
                        "这是该网络在 NetCare 中的首次巡检，暂无可对比的上次结果；"
                        "下次巡检将以本次为基线。",
                        "This is the first inspection of this network in NetCare; there is no "
                        "previous one to compare with. The next inspection will use this one as "
                        "its baseline.",
                    )
                )
            ],
        )
    score = ctx.summary.network_health.score
    pairs: list[tuple[str, CellValue]] = [
        (t("上次巡检日期", "Previous inspection"), comparison.previous_date or "—"),
        (
            t("上次健康度", "Previous score"),
            "—" if comparison.previous_score is None else f"{comparison.previous_score:.1f}",
        ),
        (t("本次健康度", "Score now"), f"{score:.1f}"),
        (t("新增发现", "New findings"), len(comparison.new)),
        (t("已解决发现", "Resolved findings"), len(comparison.resolved)),
        (t("持续存在的发现", "Persisting findings"), len(comparison.persisting)),
    ]
    if comparison.previous_score is not None:
        delta = score - comparison.previous_score
        pairs.insert(3, (t("变化", "Change"), f"{delta:+.1f}"))
    blocks: list[Block] = [KeyValue(pairs)]
    counts = [len(comparison.new), len(comparison.resolved), len(comparison.persisting)]
    if sum(counts):
        trend = _trend(ctx, counts, comparison.previous_score)
        blocks.append(
            Chart(
                kind="bar",
                categories=[t("新增", "New"), t("已解决", "Resolved"), t("持续存在", "Persisting")],
                series=[Series(t("发现数", "Findings"), [float(c) for c in counts])],
                caption=t(
                    "与上次巡检相比的发现变化", "Findings compared with the previous inspection"
                ),
                reading=t(
                    f"新增 {counts[0]} 项、解决 {counts[1]} 项、持续 {counts[2]} 项；{trend}。",
                    f"{counts[0]} new, {counts[1]} resolved, {counts[2]} persisting; {trend}.",
                ),
                y_label=t("项", "findings"),
            )
        )
    for findings, zh, en in (
        (comparison.new, "新增的发现", "New findings"),
        (comparison.resolved, "已解决的发现", "Resolved findings"),
        (comparison.persisting, "持续存在的发现", "Persisting findings"),
    ):
        if findings:
            blocks.append(_finding_list(ctx, _sorted(findings), t(zh, en)))
    return Section(title, blocks)


def _trend(ctx: _Context, counts: Sequence[int], previous_score: float | None) -> str:
    """One clause on the direction: by the score when the previous one is known, else
    by whether more findings were resolved than appeared."""
    if previous_score is not None:
        delta = ctx.summary.network_health.score - previous_score
        if abs(delta) < 0.05:
            return ctx.t("健康度持平", "the health score is unchanged")
        if delta > 0:
            return ctx.t(f"健康度上升 {delta:.1f} 分", f"the health score rose by {delta:.1f}")
        return ctx.t(f"健康度下降 {-delta:.1f} 分", f"the health score fell by {-delta:.1f}")
    if counts[1] > counts[0]:
        return ctx.t("解决多于新增，整体改善", "more were resolved than appeared")
    return ctx.t("新增不少于解决，尚未改善", "no fewer appeared than were resolved")


def _finding_list(ctx: _Context, findings: Sequence[Finding], caption: str) -> Table:
    t, lang = ctx.t, ctx.language
    return Table(
        caption=caption,
        columns=[
            Column(t("设备", "Device"), width=1.3),
            _severity_column(lang, 0.7),
            Column(t("规则", "Rule"), width=1.6),
            Column(t("发现", "Finding"), width=2.4),
            Column(t("对象", "Subject"), width=1.2),
        ],
        rows=[
            [
                ctx.host(f.device),
                severity_name(f.severity, lang),
                f.rule_id,
                f.title.pick(lang),
                f.subject or "—",
            ]
            for f in findings
        ],
    )


def _recommendations(ctx: _Context) -> Section:
    t, lang = ctx.t, ctx.language
    title = t("整改建议", "Recommendations")
    groups = _group_by_rule(ctx.open)
    if not groups:
        return Section(
            title,
            [
                Paragraph(
                    t(
                        "本次巡检未发现需要整改的问题，建议保持现有配置并按计划周期继续巡检。",
                        "Nothing needs fixing; keep the configuration as it is and inspect again "
                        "at the planned interval.",
                    )
                )
            ],
        )
    items = []
    for group in groups:
        first = group[0]
        severity = severity_name(first.severity, lang)
        items.append(
            t(
                f"【{severity}】{first.title.pick(lang)}：{first.recommendation.pick(lang)}"
                f"（涉及 {_devices_text(ctx, group)}）",
                f"[{severity}] {first.title.pick(lang)}: {first.recommendation.pick(lang)} "
                f"(on {_devices_text(ctx, group)})",
            )
        )
    hardening = sum(1 for f in ctx.open if f.hardening)
    blocks: list[Block] = [
        Paragraph(
            t(
                "建议按级别由高到低安排整改：紧急项尽快处理，重要项纳入近期变更窗口，次要与提示项结合日常维护完成。",
                "Fix in order of severity: critical at once, major in the next change window, "
                "minor and info with routine maintenance.",
            )
        ),
        BulletList(items, ordered=True),
    ]
    if hardening:
        blocks.append(
            Paragraph(
                t(
                    f"其中 {hardening} 项发现可由《网络加固方案》"
                    "给出逐设备的配置步骤、预检查、验证与回退。",
                    f"{hardening} of these findings {'is' if hardening == 1 else 'are'} covered "
                    "step by step (configuration, pre-checks, verification and rollback) by the "
                    "network hardening plan.",
                ),
                style="note",
            )
        )
    return Section(title, blocks)


def _commands_appendix(ctx: _Context) -> Section:
    t, s, lang = ctx.t, ctx.summary, ctx.language
    method = METHOD_NAMES.get(s.collection_method)
    bullets = [
        t(
            f"采集方式：{method.pick(lang) if method else s.collection_method}；"
            f"采集日期 {s.collected_on:%Y-%m-%d}。",
            f"Collection: {method.pick(lang) if method else s.collection_method}; collected on "
            f"{s.collected_on:%Y-%m-%d}.",
        ),
        t(
            "所有命令均为只读的查看命令，不修改设备配置；证据为设备原始输出中的相关行。",
            "Every command is a read-only show/display command that changes nothing; the "
            "evidence lines are the device's own output.",
        ),
        t(
            "设备输出先解析为与厂商无关的事实记录，再由规则逐项评估；缺少所需数据的规则记为“未能评估”，不视为通过。",
            "Device outputs are parsed into a vendor-neutral facts record and each rule is "
            "evaluated against it; a rule missing its data is reported as not assessed, "
            "never as passed.",
        ),
    ]
    blocks: list[Block] = [BulletList(bullets)]
    if s.commands:
        blocks.append(
            Table(
                caption=t("执行的命令", "Commands run"),
                columns=[
                    Column(t("序号", "No."), width=0.5, number_format="0"),
                    Column(t("命令", "Command"), width=5.0),
                ],
                rows=[[i, c] for i, c in enumerate(s.commands, start=1)],
                sheet_name=t("命令", "Commands"),
            )
        )
    else:
        blocks.append(Paragraph(t("未记录执行的命令清单。", "No list of commands was recorded.")))
    return Section(t("方法与执行的命令", "Method and commands run"), blocks)


def _rules_appendix(ctx: _Context) -> Section:
    t, s, lang = ctx.t, ctx.summary, ctx.language
    fired: dict[str, set[str]] = defaultdict(set)
    passed: dict[str, set[str]] = defaultdict(set)
    skipped: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, str] = {}
    versions: dict[str, str] = {}
    for device in s.devices:
        for f in device.result.findings:
            fired[f.rule_id].add(device.key)
            titles.setdefault(f.rule_id, f.title.pick(lang))
            versions.setdefault(f.rule_id, f.pack_version)
        for rule in device.result.passed:
            passed[rule].add(device.key)
        for n in device.result.not_assessed:
            skipped[n.rule_id].add(device.key)
    rules = sorted({*fired, *passed, *skipped})
    blocks: list[Block] = []
    if s.packs:
        blocks.append(
            Table(
                caption=t("使用的规则包", "Rule packs used"),
                columns=[
                    Column(t("规则包", "Pack"), width=2),
                    Column(t("版本", "Version"), width=2),
                ],
                rows=[[p, v] for p, v in s.packs.items()],
                sheet_name=t("规则包", "Packs"),
            )
        )
    if rules:
        blocks.append(
            Table(
                caption=t("应用的规则", "Rules applied"),
                columns=[
                    Column(t("规则", "Rule"), width=2.0),
                    Column(t("规则包版本", "Pack version"), width=1.1),
                    Column(t("发现", "Finding"), width=2.4),
                    Column(t("触发设备数", "Fired on"), width=0.8, number_format="0"),
                    Column(t("通过设备数", "Passed on"), width=0.8, number_format="0"),
                    Column(t("未评估设备数", "Not assessed on"), width=0.8, number_format="0"),
                ],
                rows=[
                    [
                        r,
                        versions.get(r) or s.packs.get(r.split(".", 1)[0], "—"),
                        titles.get(r, "—"),
                        len(fired[r]),
                        len(passed[r]),
                        len(skipped[r]),
                    ]
                    for r in rules
                ],
                sheet_name=t("规则", "Rules"),
            )
        )
    if not blocks:
        blocks.append(Paragraph(t("未记录应用的规则。", "No rules were recorded.")))
    return Section(t("应用的规则与规则包版本", "Rules applied and pack versions"), blocks)


# --- the findings workbook ---------------------------------------------------------------


def build_findings_document(summary: InspectionSummary, language: str) -> Document:
    """Every finding one row (plus the device list and what was not assessed), for Excel."""
    lang = language_of(language)
    ctx = _Context(summary, lang)
    t = ctx.t
    meta = report_meta(
        summary.customer,
        Text("巡检发现清单", "Inspection findings"),
        summary.period,
        summary.version,
        summary.author,
        summary.reviewer,
        summary.report_date or summary.collected_on,
        lang,
    )
    findings = Table(
        caption=t("巡检发现", "Findings"),
        columns=[
            Column(t("设备", "Device"), width=1.2),
            Column(t("站点", "Site"), width=1.0),
            _severity_column(lang),
            Column(t("类别", "Category"), width=1.0),
            Column(t("规则", "Rule"), width=1.6),
            Column(t("发现", "Finding"), width=2.0),
            Column(t("对象", "Subject"), width=1.0),
            Column(t("证据", "Evidence"), width=3.0),
            Column(t("建议", "Recommendation"), width=3.0),
            Column(t("状态", "Status"), width=0.8, tones=SEVERITY_TONES),
            Column(t("标记理由", "Mark reason"), width=1.6),
            Column(t("规则包版本", "Pack version"), width=1.0),
            Column(t("发现编号", "Finding ID"), width=1.2),
        ],
        rows=[_finding_row(ctx, f) for f in ctx.findings],
        sheet_name=t("发现", "Findings"),
    )
    devices = Table(
        caption=t("设备", "Devices"),
        columns=[
            Column(t("设备", "Device"), width=1.2),
            Column(t("站点", "Site"), width=1.0),
            Column(t("型号", "Model"), width=1.2),
            Column(t("平台", "Platform"), width=1.0),
            Column(t("软件版本", "Software version"), width=1.5),
            Column(t("健康度", "Health score"), width=0.8, number_format="0.0"),
            Column(t("覆盖率", "Coverage"), width=0.7),
            *[Column(severity_name(s, lang), width=0.6, number_format="0") for s in SEVERITIES],
        ],
        rows=[
            [
                d.hostname,
                d.site or None,
                d.model,
                d.platform,
                d.os_version,
                float(d.health.score) if d.health.known else t("未知", "unknown"),
                _share(d.health.coverage),
                *[
                    sum(
                        1
                        for f in d.result.findings
                        if f.severity == s and f.fingerprint not in summary.marks
                    )
                    for s in SEVERITIES
                ],
            ]
            for d in summary.devices
        ],
        sheet_name=t("设备", "Devices"),
    )
    blocks: list[Block] = [findings, devices]
    skipped = [(d, n) for d in summary.devices for n in d.result.not_assessed]
    if skipped:
        blocks.append(
            Table(
                caption=t("未能评估的规则", "Rules not assessed"),
                columns=[
                    Column(t("设备", "Device"), width=1.2),
                    Column(t("规则", "Rule"), width=1.6),
                    Column(t("原因", "Reason"), width=3.0),
                ],
                rows=[[d.hostname, n.rule_id, n.reason.pick(lang)] for d, n in skipped],
                sheet_name=t("未评估", "Not assessed"),
            )
        )
    return Document(meta=meta, sections=[Section(t("巡检发现", "Findings"), blocks)])


def _finding_row(ctx: _Context, f: Finding) -> list[CellValue]:
    lang = ctx.language
    mark = ctx.summary.marks.get(f.fingerprint)
    site = ctx.sites.get(f.device, "")
    return [
        ctx.host(f.device),
        site or None,
        severity_name(f.severity, lang),
        category_name(f.category, lang),
        f.rule_id,
        f.title.pick(lang),
        f.subject or None,
        "\n".join(f.evidence) or None,
        f.recommendation.pick(lang),
        _status(f, ctx.summary.marks, lang),
        mark.reason.pick(lang) if mark else None,
        f.pack_version,
        _finding_id(f),
    ]


# --- the hardening plan ------------------------------------------------------------------

DEFAULT_PRINCIPLES: tuple[Text, ...] = (
    Text(
        "最小变更：只输入设备当前配置中缺少的命令，已有配置不重复下发。",
        "Least change: only what the running configuration lacks is entered; nothing "
        "already present is repeated.",
    ),
    Text(
        "先低风险后高风险：按风险与影响分批实施，需要中断业务的步骤安排在维护窗口。",
        "Low risk first: changes go in batches ordered by risk and impact; steps that can "
        "interrupt service wait for a maintenance window.",
    ),
    Text(
        "每步可验证、可回退：变更前执行预检查，变更后执行验证命令，失败时按回退配置恢复。",
        "Every step can be verified and undone: pre-checks before, verification after, and "
        "a rollback that gives the running configuration back.",
    ),
    Text(
        "遵循厂商安全加固指南与业界最佳实践，每个步骤对应的规则注明其依据。",
        "Vendor hardening guides and industry best practice are followed; each step's rule "
        "names its source.",
    ),
    Text(
        "变更前备份当前配置，并保留管理通道（带外或 Console）以防锁定。",
        "Back up the configuration before changing it and keep an out-of-band or console "
        "path so no change can lock the team out.",
    ),
)


class _PlanContext:
    def __init__(self, summary: HardeningSummary, language: Language) -> None:
        self.summary = summary
        self.language = language
        self.titles = {**summary.rule_titles, **{f.rule_id: f.title for f in summary.findings}}

    def host(self, key: str) -> str:
        return self.summary.hostnames.get(key, key)

    def t(self, zh: str, en: str) -> str:
        return pick(self.language, zh, en)

    def rule_title(self, rule_id: str) -> str:
        title = self.titles.get(rule_id)
        return title.pick(self.language) if title else "—"


def build_hardening_document(summary: HardeningSummary, language: str) -> Document:
    """The network hardening plan as the engine's document model, in "zh" or "en"."""
    lang = language_of(language)
    ctx = _PlanContext(summary, lang)
    meta = report_meta(
        summary.customer,
        summary.title or Text("网络加固方案", "Network hardening plan"),
        summary.period,
        summary.version,
        summary.author,
        summary.reviewer,
        summary.plan_date,
        lang,
    )
    sections = [
        _risks_addressed(ctx),
        _principles(ctx),
        _batches(ctx),
        _device_steps(ctx),
        _verification(ctx),
    ]
    return Document(meta=meta, sections=sections, appendix=[_scripts_appendix(ctx)])


def _risks_addressed(ctx: _PlanContext) -> Section:
    t, lang = ctx.t, ctx.language
    findings = _sorted(ctx.summary.findings)
    title = t("加固处置的风险", "Risks addressed")
    if not findings:
        return Section(
            title,
            [
                Paragraph(
                    t("本方案未关联巡检发现。", "This plan is linked to no inspection finding.")
                )
            ],
        )
    devices = {f.device for f in findings}
    return Section(
        title,
        [
            Paragraph(
                t(
                    f"本方案处置巡检报告中的 {len(findings)} 项发现，涉及 {len(devices)} 台设备。"
                    "发现编号与《巡检报告》及发现清单（Excel）一致。",
                    f"This plan addresses {len(findings)} findings of the inspection report on "
                    f"{len(devices)} devices. Finding IDs match the inspection report and the "
                    "findings workbook.",
                )
            ),
            Table(
                caption=t("处置的巡检发现", "Inspection findings addressed"),
                columns=[
                    Column(t("发现编号", "Finding ID"), width=1.2),
                    Column(t("设备", "Device"), width=1.2),
                    _severity_column(lang, 0.7),
                    Column(t("规则", "Rule"), width=1.7),
                    Column(t("发现", "Finding"), width=2.3),
                    Column(t("对象", "Subject"), width=1.0),
                ],
                rows=[
                    [
                        _finding_id(f),
                        ctx.host(f.device),
                        severity_name(f.severity, lang),
                        f.rule_id,
                        f.title.pick(lang),
                        f.subject or "—",
                    ]
                    for f in findings
                ],
                sheet_name=t("处置的发现", "Findings addressed"),
            ),
        ],
    )


def _principles(ctx: _PlanContext) -> Section:
    t, lang = ctx.t, ctx.language
    principles = list(ctx.summary.principles) or list(DEFAULT_PRINCIPLES)
    blocks: list[Block] = [BulletList([p.pick(lang) for p in principles])]
    references = ctx.summary.all_references()
    if references:
        blocks.append(
            Paragraph(t("参考的厂商最佳实践：", "Vendor best practice followed:"), style="emphasis")
        )
        blocks.append(BulletList(references))
    return Section(t("加固原则与参考", "Principles and references"), blocks)


def _highest_risk(steps: Sequence[StepPlan]) -> str:
    return min((s.risk for s in steps), key=lambda r: _SEVERITY_RANK.get(r, 9), default="info")


def _batches(ctx: _PlanContext) -> Section:
    t, lang = ctx.t, ctx.language
    batches = sorted(ctx.summary.batches, key=lambda b: b.number)
    title = t("变更批次", "Change batches")
    if not batches:
        return Section(title, [Paragraph(t("无需变更。", "No change is needed."))])
    rows: list[list[CellValue]] = [
        [
            b.number,
            b.title.pick(lang),
            _window(b.window, lang),
            len({s.device for s in b.steps}),
            len(b.steps),
            severity_name(_highest_risk(b.steps), lang),
            pick(lang, "是", "yes") if any(s.window for s in b.steps) else pick(lang, "否", "no"),
            b.impact.pick(lang),
        ]
        for b in batches
    ]
    blocks: list[Block] = [
        Paragraph(
            t(
                "变更按风险排序分批实施：每批在同一窗口完成并验证后，再进入下一批。",
                "Changes go in batches ordered by risk: each batch is done and verified in its "
                "window before the next begins.",
            )
        ),
        Table(
            caption=t("变更批次一览", "Change batches"),
            columns=[
                Column(t("批次", "Batch"), width=0.5, number_format="0"),
                Column(t("内容", "Content"), width=1.8),
                Column(t("窗口", "Window"), width=1.5),
                Column(t("设备数", "Devices"), width=0.6, number_format="0"),
                Column(t("步骤数", "Steps"), width=0.6, number_format="0"),
                _severity_column(lang, 0.7),
                Column(t("需维护窗口", "Needs window"), width=0.7),
                Column(t("影响", "Impact"), width=2.2),
            ],
            rows=rows,
            sheet_name=t("批次", "Batches"),
        ),
    ]
    if len(batches) > 1:
        blocks.append(
            Chart(
                kind="stacked_bar",
                categories=[t(f"批次 {b.number}", f"Batch {b.number}") for b in batches],
                series=[
                    Series(
                        severity_name(s, lang),
                        [float(sum(1 for step in b.steps if step.risk == s)) for b in batches],
                    )
                    for s in SEVERITIES
                    if any(step.risk == s for step in ctx.summary.steps)
                ],
                caption=t("各批次步骤数（按风险）", "Steps per batch by risk"),
                reading=t(
                    f"共 {len(batches)} 个批次、{sum(len(b.steps) for b in batches)} 个步骤，"
                    f"批次 {batches[0].number} 先行。",
                    f"{len(batches)} batches with {sum(len(b.steps) for b in batches)} steps; "
                    f"batch {batches[0].number} goes first.",
                ),
                y_label=t("步骤", "steps"),
            )
        )
    subsections = [_batch(ctx, b) for b in batches if b.steps]
    return Section(title, blocks, subsections)


def _batch(ctx: _PlanContext, batch: Batch) -> Section:
    t, lang = ctx.t, ctx.language
    return Section(
        batch.title.pick(lang),
        [
            KeyValue(
                [
                    (t("窗口", "Window"), _window(batch.window, lang)),
                    (t("影响", "Impact"), batch.impact.pick(lang)),
                ]
            ),
            Table(
                caption=t(f"批次 {batch.number} 的步骤", f"Steps of batch {batch.number}"),
                columns=[
                    Column(t("设备", "Device"), width=1.2),
                    Column(t("规则", "Rule"), width=1.7),
                    Column(t("内容", "What"), width=2.0),
                    Column(t("对象", "Subject"), width=1.0),
                    _severity_column(lang, 0.7),
                    Column(t("影响", "Impact"), width=2.0),
                ],
                rows=[
                    [
                        ctx.host(s.device),
                        s.rule_id,
                        ctx.rule_title(s.rule_id),
                        s.subject or "—",
                        severity_name(s.risk, lang),
                        s.impact.pick(lang),
                    ]
                    for s in sorted(batch.steps, key=lambda s: (s.device, s.order))
                ],
                sheet_name=t(f"批次 {batch.number}", f"Batch {batch.number}"),
            ),
        ],
    )


def _steps_by_device(summary: HardeningSummary) -> dict[str, list[StepPlan]]:
    by_device: dict[str, list[StepPlan]] = defaultdict(list)
    for batch in sorted(summary.batches, key=lambda b: b.number):
        for step in sorted(batch.steps, key=lambda s: s.order):
            by_device[step.device].append(step)
    return dict(by_device)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _device_steps(ctx: _PlanContext) -> Section:
    t = ctx.t
    by_device = _steps_by_device(ctx.summary)
    intro = Paragraph(
        t(
            "每台设备一节：先执行预检查并保存输出，再逐条输入配置，随后执行验证命令；验证失败时输入回退配置。"
            "配置按设备当前运行配置计算，已存在的命令不会重复下发。",
            "One section per device: run the pre-checks and keep their output, enter the "
            "configuration, then run the post-checks; if verification fails, enter the "
            "rollback. The configuration is computed against the device's running "
            "configuration, so nothing already present is entered again.",
        )
    )
    if not by_device:
        return Section(
            t("分设备实施步骤", "Steps per device"), [intro, Paragraph(t("无步骤。", "No steps."))]
        )
    return Section(
        t("分设备实施步骤", "Steps per device"),
        [intro],
        [_device_plan(ctx, device, steps) for device, steps in by_device.items()],
    )


def _device_plan(ctx: _PlanContext, device: str, steps: Sequence[StepPlan]) -> Section:
    t, lang = ctx.t, ctx.language
    host = ctx.host(device)
    overview = Table(
        caption=t(f"{host} 的加固步骤", f"Hardening steps on {host}"),
        columns=[
            Column(t("步骤", "Step"), width=0.5, number_format="0"),
            Column(t("规则", "Rule"), width=1.7),
            Column(t("内容", "What"), width=2.2),
            Column(t("对象", "Subject"), width=1.0),
            _severity_column(lang, 0.7),
            Column(t("需维护窗口", "Needs window"), width=0.7),
            Column(t("影响", "Impact"), width=2.0),
        ],
        rows=[
            [
                n,
                s.rule_id,
                ctx.rule_title(s.rule_id),
                s.subject or "—",
                severity_name(s.risk, lang),
                pick(lang, "是", "yes") if s.window else pick(lang, "否", "no"),
                s.impact.pick(lang),
            ]
            for n, s in enumerate(steps, start=1)
        ],
        sheet_name=t(f"步骤 {host}", f"Steps {host}"),
    )
    stages = (
        (t("预检查", "Pre-check"), lambda s: list(s.precheck)),
        (t("配置", "Configuration"), lambda s: _lines(s.remediation)),
        (t("验证", "Post-check"), lambda s: list(s.postcheck)),
        (t("回退", "Rollback"), lambda s: _lines(s.rollback)),
    )
    rows: list[list[CellValue]] = []
    for n, step in enumerate(steps, start=1):
        first = True
        for stage, lines_of in stages:
            lines = lines_of(step) or ["—"]
            rows.extend(
                [n if first and i == 0 else None, stage if i == 0 else "", line]
                for i, line in enumerate(lines)
            )
            first = False
    commands = Table(
        caption=t(
            f"{host} 的命令（预检查、配置、验证、回退）",
            f"Commands on {host} (pre-check, configuration, post-check, rollback)",
        ),
        columns=[
            Column(t("步骤", "Step"), width=0.5, number_format="0"),
            Column(t("阶段", "Stage"), width=0.9),
            Column(t("命令", "Command"), width=5.0),
        ],
        rows=rows,
        sheet_name=t(f"命令 {host}", f"Commands {host}"),
    )
    blocks: list[Block] = [overview, commands]
    unplaced = [line for s in steps for line in s.unplaced]
    if unplaced:
        blocks.append(
            Paragraph(
                t(
                    "以下配置行未能在设备配置结构中定位，需人工确认后再输入："
                    + "；".join(unplaced),
                    "These configuration lines could not be placed in the device's configuration "
                    "and need a person to check them before entry: " + "; ".join(unplaced),
                ),
                style="emphasis",
            )
        )
    return Section(host, blocks)


def _verification(ctx: _PlanContext) -> Section:
    t = ctx.t
    bullets = [
        t(
            "每个步骤完成后立即执行其验证命令，并与预检查输出对比；结果不符即按回退配置恢复并记录原因。",
            "Run each step's post-checks as soon as it is done and compare them with the "
            "pre-check output; if they disagree, roll back and record why.",
        ),
        t(
            "每个批次完成后确认业务、管理访问（SSH、SNMP、日志、NTP）与路由邻居正常，再进入下一批次。",
            "After each batch confirm that services, management access (SSH, SNMP, logging, "
            "NTP) and routing neighbours are normal before the next batch.",
        ),
        t(
            "全部批次完成后保存配置，并重新巡检：处置的发现应不再出现，健康度相应提升。",
            "When all batches are done, save the configuration and inspect again: the "
            "findings addressed should be gone and the health score higher.",
        ),
    ]
    rows: list[list[CellValue]] = [
        [ctx.host(s.device), s.rule_id, command]
        for s in ctx.summary.steps
        for command in s.postcheck
    ]
    blocks: list[Block] = [BulletList(bullets, ordered=True)]
    if rows:
        blocks.append(
            Table(
                caption=t("验证命令", "Verification commands"),
                columns=[
                    Column(t("设备", "Device"), width=1.2),
                    Column(t("规则", "Rule"), width=1.8),
                    Column(t("验证命令", "Command"), width=3.0),
                ],
                rows=rows,
                sheet_name=t("验证", "Verification"),
            )
        )
    return Section(t("验证方案", "Verification plan"), blocks)


def _scripts_appendix(ctx: _PlanContext) -> Section:
    t = ctx.t
    scripts = ctx.summary.device_scripts()
    title = t("分设备配置脚本", "Per-device scripts")
    if not scripts:
        return Section(
            title, [Paragraph(t("无需下发的配置。", "There is no configuration to enter."))]
        )
    subsections = [
        Section(
            ctx.host(device),
            [
                Table(
                    caption=t(f"{ctx.host(device)} 配置脚本", f"Script for {ctx.host(device)}"),
                    columns=[
                        Column(t("行", "Line"), width=0.5, number_format="0"),
                        Column(t("配置", "Configuration"), width=5.5),
                    ],
                    rows=[[i, line] for i, line in enumerate(_lines(script), start=1)],
                    sheet_name=t(f"脚本 {ctx.host(device)}", f"Script {ctx.host(device)}"),
                )
            ],
        )
        for device, script in scripts.items()
    ]
    intro = Paragraph(
        t(
            "以下脚本与随附的压缩包内容一致，每台设备一份，按批次顺序列出该设备的全部步骤；"
            "分批实施时只输入当前批次的步骤（以注释行中的规则编号区分）。",
            "These are the scripts of the accompanying zip file, one per device, listing all "
            "of its steps in batch order; when changing batch by batch, enter only the steps "
            "of the current batch (the comment lines name each step's rule).",
        )
    )
    return Section(title, [intro], subsections)


# --- writing files -----------------------------------------------------------------------


def _format_of(path: Path) -> Format:
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf or .html file name")
    return fmt


def write_inspection_report(summary: InspectionSummary, path: Path, language: str) -> Path:
    """Write the inspection report; the suffix (.docx, .pdf, .html) decides the format."""
    return render(build_inspection_document(summary, language), _format_of(path), Path(path))


def write_hardening_report(summary: HardeningSummary, path: Path, language: str) -> Path:
    """Write the hardening plan; the suffix (.docx, .pdf, .html) decides the format."""
    return render(build_hardening_document(summary, language), _format_of(path), Path(path))


def write_findings_xlsx(summary: InspectionSummary, path: Path, language: str) -> Path:
    """Write the findings workbook: one row per finding, filters on, text never a formula."""
    return render(build_findings_document(summary, language), "xlsx", Path(path))


_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def _file_name(name: str, taken: set[str]) -> str:
    base = _UNSAFE_NAME.sub("_", name).strip("._") or "device"
    candidate, counter = base, 1
    while candidate.casefold() in taken:
        counter += 1
        candidate = f"{base}_{counter}"
    taken.add(candidate.casefold())
    return candidate


def write_scripts_zip(summary: HardeningSummary, path: Path) -> Path:
    """Write a zip with, per device, ``<hostname>.cfg`` (the configuration to enter) and
    ``<hostname>.rollback.cfg`` (what gives the running configuration back, last step
    first). Entries carry the plan date, so the same plan gives the same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rollbacks = summary.rollback_scripts()
    stamp = (summary.plan_date.year, summary.plan_date.month, summary.plan_date.day, 0, 0, 0)
    taken: set[str] = set()
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for device, script in summary.device_scripts().items():
                name = _file_name(summary.hostnames.get(device, device), taken)
                _add(archive, f"{name}.cfg", script, stamp)
                rollback = rollbacks.get(device, "")
                if rollback:
                    _add(archive, f"{name}.rollback.cfg", rollback, stamp)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _add(archive: zipfile.ZipFile, name: str, text: str, stamp: tuple[int, ...]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp[:6])  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, text if text.endswith("\n") else text + "\n")
