"""The version summary table (版本汇总表), the version assessment report (版本评估报告)
and the risk notice (风险通告).

Outlines from shared/REPORTS.md. Version summary table (xlsx first): per device hostname,
site, model, platform, version, release date, end of sale / support, target release,
off-track flag, advisories by severity; per platform roll-up; distribution chart.
Version assessment: method and the risk-coefficient formula; version distribution; per
version applicable vulnerabilities, bugs, bulletins, end of support, risk coefficient;
per device table; upgrade recommendations with target release and path; hardening
advice for what cannot be upgraded soon; appendices with every risk point and the data
sources. Risk notice: the advisory in plain words; affected devices of this customer and
why (version, model, feature in use); impact; workaround; fixed / recommended release;
what the expert proposes and when.

Built only from :mod:`netcare.lifecycle.summary` records and without Django, exactly as
the inspection reports are, so the app's task and a test write the same documents.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from netcare.core.text import Text
from netcare.lifecycle.review import review_section  # noqa: F401 (the review's section)
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
from netcare.reports.engine import style as house
from netcare.reports.wording import language_of, phrases, pick, report_meta, vocabulary

from .summary import (
    COUNTED_SEVERITIES,
    AdvisoryRow,
    DataSource,
    DeviceExposureRow,
    DeviceRiskRow,
    RiskNotice,
    VersionAssessment,
    VersionRow,
    VersionSummary,
    say,
)

__all__ = [
    "FACTOR_NAMES",
    "KIND_NAMES",
    "LEVEL_NAMES",
    "SEVERITY_NAMES",
    "STATUS_NAMES",
    "build_assessment_document",
    "build_risk_notice_document",
    "build_version_summary_document",
    "write_assessment_report",
    "write_risk_notice",
    "write_version_summary_report",
    "write_version_summary_xlsx",
]

SEVERITY_NAMES: Mapping[str, Text] = {
    "critical": Text("严重", "Critical"),
    "high": Text("高危", "High"),
    "medium": Text("中危", "Medium"),
    "low": Text("低危", "Low"),
    "none": Text("无评级", "Not rated"),
    "unknown": Text("未知", "Unknown"),
}
LEVEL_NAMES: Mapping[str, Text] = {
    "critical": Text("严重", "Critical"),
    "high": Text("高", "High"),
    "medium": Text("中", "Medium"),
    "low": Text("低", "Low"),
    "none": Text("可忽略", "Negligible"),
}
KIND_NAMES: Mapping[str, Text] = {
    "vulnerability": Text("安全漏洞", "Security vulnerability"),
    "bug": Text("已知问题", "Known issue (bug)"),
    "bulletin": Text("技术公告", "Technical bulletin"),
    "field_notice": Text("现场通告", "Field notice"),
    "eol": Text("生命周期公告", "End-of-life notice"),
}
STATUS_NAMES: Mapping[str, Text] = {
    "vulnerable": Text("受影响", "Vulnerable"),
    "potentially_vulnerable": Text("可能受影响", "Potentially vulnerable"),
    "not_vulnerable": Text("不受影响", "Not vulnerable"),
    "unknown": Text("无法评估", "Unknown"),
}
FACTOR_NAMES: Mapping[str, Text] = {
    "vulnerability": Text("安全漏洞", "Vulnerability"),
    "bug": Text("已知问题", "Known issue"),
    "bulletin": Text("技术公告", "Technical bulletin"),
    "field_notice": Text("现场通告", "Field notice"),
    "exploited": Text("已被利用", "Known exploited"),
    "epss": Text("利用可能性（EPSS）", "Exploit likelihood (EPSS)"),
    "end_of_support": Text("已停止支持", "End of support"),
    "end_of_sale": Text("已停止销售", "End of sale"),
    "off_track": Text("偏离目标版本", "Off the target release"),
    "unknown_version": Text("版本无法识别", "Version not understood"),
    "feature": Text("功能使用", "Feature in use"),
}
OFF_TRACK = Text("偏离目标", "Off track")
ON_TRACK = Text("符合目标", "On track")
NO_TARGET = Text("未设目标", "No target")
NOT_UNDERSTOOD = Text("版本无法识别", "Version not understood")
CANNOT_TELL = Text("无法判断", "Cannot tell")
NOT_ASSESSED = Text("未评估", "Not assessed")
YES, NO = Text("是", "Yes"), Text("否", "No")

_WORD_TONES: list[tuple[Mapping[str, Text], Mapping[str, Tone]]] = [
    (SEVERITY_NAMES, {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}),
    (LEVEL_NAMES, {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}),
    (LEVEL_NAMES, {"none": "ok"}),
    (STATUS_NAMES, {"vulnerable": "critical", "potentially_vulnerable": "high"}),
    (STATUS_NAMES, {"unknown": "neutral", "not_vulnerable": "ok"}),
]
#: Cell colouring for every word these reports write in a toned column (both languages).
TONES: Mapping[str, Tone] = {
    **{
        word: tone
        for names, tones in _WORD_TONES
        for key, tone in tones.items()
        for word in (names[key].zh, names[key].en)
    },
    OFF_TRACK.zh: "high", OFF_TRACK.en: "high", ON_TRACK.zh: "ok", ON_TRACK.en: "ok",
    NOT_UNDERSTOOD.zh: "medium", NOT_UNDERSTOOD.en: "medium",
    NO_TARGET.zh: "neutral", NO_TARGET.en: "neutral",
    NOT_ASSESSED.zh: "neutral", NOT_ASSESSED.en: "neutral",
    YES.zh: "critical", YES.en: "critical",
}  # fmt: skip
DEFAULT_METHOD = Text(
    "本次评估从客户的使用场景与在用功能出发：采集每台设备的型号、软件版本与配置，"
    "按厂商自己的版本规则将已知漏洞、已知问题与技术公告的受影响范围与设备版本匹配，"
    "并核对公告的功能条件是否在设备配置中使用——所需功能未使用的公告不计入风险，"
    "未能确认的计为“可能受影响”。再结合版本的生命周期（停止支持）与目标版本，"
    "为每台设备计算风险系数，并给出升级与加固建议。",
    "The assessment starts from the customer's scenarios and the features in use: each "
    "device's model, software version and configuration are collected; known "
    "vulnerabilities, known bugs and technical bulletins are matched to the versions "
    "through their affected ranges by the vendor's own version scheme, and each "
    "advisory's feature condition is checked against the configuration — an advisory "
    "whose feature is not in use adds no risk, one that cannot be confirmed counts as "
    "potentially vulnerable. With the version's lifecycle (end of support) and the target "
    "release, this gives each device a risk coefficient, and the upgrade and hardening "
    "advice below.",
)
#: The distribution chart shows at most this many versions (the most used).
MAX_VERSION_BARS = 20
_LEVEL_ORDER = ("critical", "high", "medium", "low", "none")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY_NAMES)}
_SUFFIX_FORMATS: Mapping[str, Format] = {".docx": "docx", ".pdf": "pdf", ".html": "html"}


# --- words -----------------------------------------------------------------------------


def _join(items: Sequence[str], lang: Language) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _paragraphs(text: str) -> list[Block]:
    """A text an expert typed, one paragraph per blank-line-separated part."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [Paragraph(p) for p in parts]


def _releases(fixed: Sequence[str] | str) -> list[str]:
    """Fixed releases as a list: given as a list, or as the vendor's one text."""
    if isinstance(fixed, str):
        return [fixed.strip()] if fixed.strip() else []
    return [f for f in fixed if f.strip()]


def _off_track(row: VersionRow, lang: Language) -> str:
    if not row.version_known:
        return NOT_UNDERSTOOD.pick(lang)
    if row.target is None:
        return NO_TARGET.pick(lang)
    if row.off_track is None:
        return CANNOT_TELL.pick(lang)
    return (OFF_TRACK if row.off_track else ON_TRACK).pick(lang)


def _risk(value: float | None) -> CellValue:
    """A risk coefficient cell: the number, or empty when not assessed (the level says so)."""
    return float(value) if value is not None else None


def _level(level: str | None, risk: float | None, lang: Language) -> str:
    """A risk level cell: its word, or "not assessed" when there is no coefficient."""
    if risk is None:
        return NOT_ASSESSED.pick(lang)
    return vocabulary(LEVEL_NAMES, level, lang)


def _are(n: int, one: str = "is", many: str = "are") -> str:
    """English agreement: "1 is", "2 are"."""
    return f"{n} {one if n == 1 else many}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _sources_table(sources: Sequence[DataSource], lang: Language) -> Table:
    t = phrases(lang)
    return Table(
        caption=t("数据来源", "Data sources"),
        columns=[
            Column(t("来源", "Source"), width=1.6),
            Column(t("说明", "Description"), width=3.0),
            Column(t("数据日期", "As of"), width=1.0),
            Column(t("记录数", "Records"), width=0.7, number_format="#,##0"),
        ],
        rows=[[s.name, say(s.description, lang) or "—", s.as_of, s.records] for s in sources],
        sheet_name=t("数据来源", "Sources"),
    )


# --- the version summary table -------------------------------------------------------------


def _version_labels(counts: Sequence[tuple[str, str]]) -> list[str]:
    """Chart labels: the version alone, or "platform version" where two platforms share
    a version string."""
    seen = Counter(version for _, version in counts)
    return [version if seen[version] == 1 else f"{p} {version}" for p, version in counts]


def _distribution_chart(
    pairs: Sequence[tuple[str, str, int]], lang: Language, caption: str
) -> Chart:
    t = phrases(lang)
    shown = sorted(pairs, key=lambda x: (-x[2], x[0], x[1]))[:MAX_VERSION_BARS]
    top = shown[0]
    total = sum(n for _, _, n in pairs)
    if len(pairs) > len(shown):
        caption = t(
            f"{caption}（使用最多的 {len(shown)} 个版本）",
            f"{caption} (the {len(shown)} most used versions)",
        )
    return Chart(
        kind="bar",
        categories=_version_labels([(p, v) for p, v, _ in shown]),
        series=[Series(t("设备数", "Devices"), [float(n) for _, _, n in shown])],
        caption=caption,
        reading=t(
            f"{total} 台设备运行 {len(pairs)} 个版本，"
            f"最常见的是 {top[0]} {top[1]}（{top[2]} 台）。",
            f"{total} devices run {len(pairs)} versions; the most common is {top[0]} {top[1]} "
            f"({top[2]} {'device' if top[2] == 1 else 'devices'}).",
        ),
        y_label=t("台", "devices"),
    )


def _device_columns(lang: Language, names: Sequence[str]) -> list[Column]:
    t = phrases(lang)
    every = {
        "hostname": Column(t("设备名称", "Hostname"), width=1.5),
        "site": Column(t("站点", "Site"), width=1.1),
        "model": Column(t("型号", "Model"), width=1.3),
        "platform": Column(t("平台", "Platform"), width=1.0),
        "version": Column(t("软件版本", "Version"), width=1.5),
        "release_date": Column(t("发布日期", "Release date"), width=1.0),
        "end_of_sale": Column(t("停止销售", "End of sale"), width=1.0),
        "end_of_support": Column(t("停止支持", "End of support"), width=1.0),
        "target": Column(t("目标版本", "Target release"), width=1.3),
        "off_track": Column(t("目标符合性", "Off-track flag"), width=1.0, tones=TONES),
        **{
            s: Column(SEVERITY_NAMES[s].pick(lang), width=0.5, number_format="0")
            for s in COUNTED_SEVERITIES
        },
        "other": Column(t("其他", "Other"), width=0.5, number_format="0"),
        "exploited": Column(t("已被利用", "Exploited"), width=0.6, number_format="0"),
        "unassessed": Column(t("未能评估", "Unassessed"), width=0.6, number_format="0"),
        "risk": Column(t("风险系数", "Risk coefficient"), width=0.8),
        "risk_level": Column(t("风险等级", "Risk level"), width=0.7, tones=TONES),
    }
    return [every[n] for n in names]


def _device_cells(row: VersionRow, lang: Language, names: Sequence[str]) -> list[CellValue]:
    cells: dict[str, CellValue] = {
        "hostname": row.hostname,
        "site": row.site or "—",
        "model": row.model or "—",
        "platform": row.platform,
        "version": row.version or "—",
        "release_date": row.release_date,
        "end_of_sale": row.end_of_sale,
        "end_of_support": row.end_of_support,
        "target": row.target or "—",
        "off_track": _off_track(row, lang),
        "other": row.other,
        "exploited": row.exploited,
        "unassessed": row.unassessed,
        "risk": _risk(row.risk),
        "risk_level": _level(row.risk_level, row.risk, lang),
        **{s: row.severity_count(s) for s in COUNTED_SEVERITIES},
    }
    return [cells[n] for n in names]


ALL_DEVICE_COLUMNS = (
    "hostname", "site", "model", "platform", "version", "release_date", "end_of_sale",
    "end_of_support", "target", "off_track", *COUNTED_SEVERITIES, "other", "exploited",
    "unassessed", "risk", "risk_level",
)  # fmt: skip
# Word and PDF pages are portrait: the device columns go in three tables there.
_IDENTITY_COLUMNS = ("hostname", "site", "model", "platform", "version")
_LIFECYCLE_COLUMNS = (
    "hostname", "release_date", "end_of_sale", "end_of_support", "target", "off_track",
)  # fmt: skip
_ADVISORY_COLUMNS = (
    "hostname", *COUNTED_SEVERITIES, "other", "exploited", "unassessed", "risk", "risk_level",
)  # fmt: skip


def _sheet_names(lang: Language) -> dict[str, str]:
    t = phrases(lang)
    return {
        "devices": t("设备版本", "Devices"),
        "platforms": t("平台汇总", "Platforms"),
        "distribution": t("版本分布", "Distribution"),
    }


def build_version_summary_document(
    summary: VersionSummary, language: str, *, workbook: bool = False
) -> Document:
    """The version summary table as the engine's document, in "zh" or "en".

    ``workbook=True`` lays it out for Excel: one device table with every column (Word
    and PDF split it in two to fit the page) and no pictures (the workbook draws its
    charts natively).
    """
    lang = language_of(language)
    t = phrases(lang)
    s = summary
    rows = sorted(s.rows, key=lambda r: (r.platform, r.site, r.hostname))
    rollups = s.platforms()
    distribution = s.distribution()
    sheets = _sheet_names(lang)
    off = sum(1 for r in rows if r.off_track)
    ended = sum(1 for r in rows if r.support_ended(s.generated))
    serious = sum(1 for r in rows if r.critical or r.high)
    exploited = sum(1 for r in rows if r.exploited)
    unknown = sum(1 for r in rows if not r.version_known)
    intro = t(
        f"截至 {s.generated:%Y-%m-%d}，{s.customer_name} 在网 {len(rows)} 台设备、"
        f"{len(rollups)} 个平台、{len(distribution)} 个软件版本：{off} 台偏离目标版本，"
        f"{ended} 台运行的版本已停止支持，{serious} 台存在适用的严重或高危公告"
        f"（其中 {exploited} 台涉及已被利用的漏洞），{unknown} 台的版本无法识别。",
        f"As of {s.generated:%Y-%m-%d}, {s.customer_name} runs {len(rows)} devices on "
        f"{len(rollups)} platforms and {len(distribution)} software versions: {off} off "
        f"the target release, {ended} on a version past its end of support, {serious} with "
        f"critical or high advisories ({exploited} with known exploited vulnerabilities), "
        f"{unknown} on a version NetCare could not read.",
    )
    overview: list[Block] = [
        Paragraph(intro, style="emphasis"),
        KeyValue(
            [
                (
                    t("客户", "Customer"),
                    f"{s.customer_name}（{s.customer_code}）"
                    if lang == "zh"
                    else f"{s.customer_name} ({s.customer_code})",
                ),
                (t("设备数", "Devices"), len(rows)),
                (t("平台数", "Platforms"), len(rollups)),
                (t("版本数", "Versions"), len(distribution)),
                (t("偏离目标版本", "Off the target release"), off),
                (t("已停止支持", "Past end of support"), ended),
                (t("生成日期", "Generated"), s.generated),
            ]
        ),
    ]
    pairs = [(c.platform, c.version, c.devices) for c in distribution]
    if pairs and not workbook:
        overview.append(_distribution_chart(pairs, lang, t("软件版本分布", "Software versions")))
    if pairs:
        overview.append(
            Table(
                caption=t("软件版本分布", "Software version distribution"),
                columns=[
                    Column(t("平台", "Platform"), width=1.2),
                    Column(t("软件版本", "Version"), width=2.0),
                    Column(t("设备数", "Devices"), width=0.8, number_format="0"),
                    Column(t("占比", "Share"), width=0.8, number_format="0.0%"),
                ],
                rows=[[p, v, n, n / len(rows)] for p, v, n in pairs],
                sheet_name=sheets["distribution"],
            )
        )
    if workbook:
        device_tables = [
            Table(
                caption=t("设备版本明细", "Device versions"),
                columns=_device_columns(lang, ALL_DEVICE_COLUMNS),
                rows=[_device_cells(r, lang, ALL_DEVICE_COLUMNS) for r in rows],
                sheet_name=sheets["devices"],
            )
        ]
    else:
        device_tables = [
            Table(
                caption=t("设备与软件版本", "Devices and software versions"),
                columns=_device_columns(lang, _IDENTITY_COLUMNS),
                rows=[_device_cells(r, lang, _IDENTITY_COLUMNS) for r in rows],
                sheet_name=sheets["devices"],
            ),
            Table(
                caption=t("版本生命周期与目标版本", "Lifecycle and target release"),
                columns=_device_columns(lang, _LIFECYCLE_COLUMNS),
                rows=[_device_cells(r, lang, _LIFECYCLE_COLUMNS) for r in rows],
                sheet_name=t("生命周期", "Lifecycle"),
                note=t(
                    f"停止支持日期早于 {s.generated:%Y-%m-%d} 的版本已不再获得厂商的修复。",
                    f"A version whose end of support is before {s.generated:%Y-%m-%d} no longer "
                    "gets fixes from the vendor.",
                ),
            ),
            Table(
                caption=t("设备适用公告（按级别）", "Advisories per device by severity"),
                columns=_device_columns(lang, _ADVISORY_COLUMNS),
                rows=[_device_cells(r, lang, _ADVISORY_COLUMNS) for r in rows],
                sheet_name=t("设备公告", "Device advisories"),
                note=t(
                    "计数为在该设备上“受影响”或“可能受影响”的公告数；“未能评估”为因版本或范围无法识别"
                    "而不能判定的公告数，不视为安全。",
                    "Counts are advisories vulnerable or potentially vulnerable on the device; "
                    "unassessed are advisories that could not be decided (version or range not "
                    "understood), which are not taken as safe.",
                ),
            ),
        ]
    platform_table = Table(
        caption=t("按平台汇总", "Roll-up per platform"),
        columns=[
            Column(t("平台", "Platform"), width=1.2),
            Column(t("设备数", "Devices"), width=0.6, number_format="0"),
            Column(t("版本数", "Versions"), width=0.6, number_format="0"),
            Column(t("偏离目标", "Off track"), width=0.6, number_format="0"),
            Column(t("版本无法识别", "Unknown version"), width=0.7, number_format="0"),
            Column(t("已停止支持", "Past end of support"), width=0.7, number_format="0"),
            *[
                Column(SEVERITY_NAMES[sev].pick(lang), width=0.5, number_format="0")
                for sev in COUNTED_SEVERITIES
            ],
            Column(t("其他", "Other"), width=0.5, number_format="0"),
            Column(t("已被利用", "Exploited"), width=0.6, number_format="0"),
        ],
        rows=[
            [
                p.platform,
                p.devices,
                p.versions,
                p.off_track,
                p.unknown_versions,
                p.support_ended,
                p.critical,
                p.high,
                p.medium,
                p.low,
                p.other,
                p.exploited,
            ]
            for p in rollups
        ],
        sheet_name=sheets["platforms"],
    )
    platform_blocks: list[Block] = [platform_table]
    advised = [p for p in rollups if p.critical + p.high + p.medium + p.low]
    if advised and not workbook:
        worst = max(advised, key=lambda p: (p.critical, p.high, p.medium, p.low))
        platform_blocks.append(
            Chart(
                kind="stacked_bar",
                categories=[p.platform for p in advised],
                series=[
                    Series(
                        SEVERITY_NAMES[sev].pick(lang), [float(getattr(p, sev)) for p in advised]
                    )
                    for sev in COUNTED_SEVERITIES
                ],
                caption=t("各平台适用公告（按级别）", "Advisories per platform by severity"),
                reading=t(
                    f"{worst.platform} 的严重与高危公告最多"
                    f"（严重 {worst.critical}、高危 {worst.high}）。",
                    f"{worst.platform} has the most critical and high advisories "
                    f"({worst.critical} critical, {worst.high} high).",
                ),
                y_label=t("设备 × 公告", "device × advisory"),
            )
        )
    sections = [
        Section(t("概览", "Overview"), overview),
        Section(t("设备版本明细", "Devices"), device_tables),
        Section(t("按平台汇总", "Per platform"), platform_blocks),
    ]
    if workbook:  # the sheets a reader works with come first, after the summary sheet
        sections = [sections[1], sections[2], sections[0]]
    notes: list[Block] = [
        BulletList(
            [
                t(
                    "版本按各厂商自己的版本规则解析和比较，无法识别的版本标为“版本无法识别”，"
                    "其公告计入“未能评估”，不视为安全。",
                    "Versions are read and compared by each vendor's own version scheme; a "
                    "version that cannot be read is flagged and its advisories are counted as "
                    "unassessed, never as safe.",
                ),
                t(
                    "目标版本为与客户约定的推荐版本（设备 > 型号 > 平台，最具体的规则优先）；"
                    "运行其他版本即为“偏离目标”。",
                    "The target release is the one agreed with the customer (device over model "
                    "over platform, the most specific rule wins); running anything else is off "
                    "track.",
                ),
                t(
                    "公告计数只含在该设备上受影响或可能受影响（取决于未能确认的功能使用）的公告；"
                    "“已被利用”为其中已知被在野利用的数量。",
                    "Advisory counts include only those vulnerable or potentially vulnerable (a "
                    "feature in use that could not be confirmed) on the device; exploited counts "
                    "those of them known to be exploited in the wild.",
                ),
            ]
        )
    ]
    if s.sources:
        notes.append(_sources_table(s.sources, lang))
    meta = report_meta(
        s.customer_name,
        s.title or Text("版本汇总表", "Version summary table"),
        s.period,
        s.version,
        s.author,
        s.reviewer,
        s.generated,
        lang,
    )
    return Document(
        meta=meta,
        sections=sections,
        appendix=[Section(t("说明与数据来源", "Notes and data sources"), notes)],
    )


def write_version_summary_xlsx(summary: VersionSummary, path: Path, language: str) -> Path:
    """Write the version summary workbook: a summary sheet, every device with every
    column, the per-platform roll-up, the version distribution with a native bar chart,
    off-track flags and non-zero advisory counts highlighted."""
    lang = language_of(language)
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.xlsx")
    try:
        render(build_version_summary_document(summary, lang, workbook=True), "xlsx", temporary)
        _finish_workbook(temporary, summary, lang)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _fill(tone: Tone) -> PatternFill:
    return PatternFill("solid", fgColor=house.TONE_FILL[tone])


def _highlight_counts(sheet: Worksheet, first: int, tones: Sequence[Tone]) -> None:
    """Colour each non-zero count in the columns from ``first`` (1-based) by its tone."""
    for row in sheet.iter_rows(min_row=2, min_col=first, max_col=first + len(tones) - 1):
        for cell, tone in zip(row, tones, strict=True):
            if isinstance(cell.value, int | float) and cell.value > 0:
                cell.fill = _fill(tone)


def _finish_workbook(path: Path, summary: VersionSummary, lang: Language) -> None:
    """Add what the engine's tables cannot say: native charts and highlighted cells."""
    t = phrases(lang)
    names = _sheet_names(lang)
    book = load_workbook(path)
    severity_tones: list[Tone] = ["critical", "high", "medium", "low", "info", "critical"]

    devices = book[names["devices"]]
    devices.freeze_panes = "B2"  # the hostname stays in view while scrolling right
    _highlight_counts(devices, ALL_DEVICE_COLUMNS.index("critical") + 1, severity_tones)
    _highlight_counts(devices, ALL_DEVICE_COLUMNS.index("unassessed") + 1, ["medium"])
    support = ALL_DEVICE_COLUMNS.index("end_of_support") + 1
    for (cell,) in devices.iter_rows(min_row=2, min_col=support, max_col=support):
        value = cell.value.date() if hasattr(cell.value, "date") else cell.value
        if isinstance(value, date) and value <= summary.generated:
            cell.fill = _fill("high")

    platforms = book[names["platforms"]]
    _highlight_counts(platforms, 4, ["high", "medium", "high"])
    _highlight_counts(platforms, 7, severity_tones)
    count = platforms.max_row - 1
    if count and any(r.advisories for r in summary.rows):
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
        chart.title = t("各平台适用公告（按级别）", "Advisories per platform by severity")
        chart.y_axis.title = t("设备 × 公告", "device × advisory")
        chart.add_data(
            Reference(platforms, min_col=7, max_col=10, min_row=1, max_row=count + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(platforms, min_col=1, min_row=2, max_row=count + 1))
        chart.width, chart.height = 18, 9
        platforms.add_chart(chart, f"A{count + 4}")

    if names["distribution"] in book.sheetnames:
        sheet = book[names["distribution"]]
        shown = min(sheet.max_row - 1, MAX_VERSION_BARS)
        chart = BarChart()
        chart.type = "col"
        chart.title = t("软件版本分布", "Software version distribution")
        chart.y_axis.title = t("设备数", "Devices")
        chart.legend = None
        chart.add_data(
            Reference(sheet, min_col=3, min_row=1, max_row=shown + 1), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=shown + 1))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, "F2")
    book.save(path)


# --- the version assessment report ------------------------------------------------------


def build_assessment_document(assessment: VersionAssessment, language: str) -> Document:
    """The version assessment report as the engine's document, in "zh" or "en"."""
    lang = language_of(language)
    a = assessment
    meta = report_meta(
        a.customer_name,
        a.title or Text("版本评估报告", "Version assessment report"),
        a.period,
        a.version,
        a.author,
        a.reviewer,
        a.generated,
        lang,
    )
    sections = [
        _method(a, lang),
        _distribution(a, lang),
        _per_version(a, lang),
        _per_device(a, lang),
        _advisories(a.advisories, lang),
        _upgrades(a, lang),
        _hardening(a, lang),
    ]
    appendix = [_points_appendix(a, lang), _sources_appendix(a, lang)]
    return Document(meta=meta, sections=sections, appendix=appendix)


def _method(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    kinds = Counter(x.kind for x in a.advisories)
    assessed = [d for d in a.devices if d.risk is not None]
    blocks: list[Block] = [
        *_paragraphs((a.method or DEFAULT_METHOD).pick(lang)),
        Paragraph(
            t("风险系数的计算方法：", "How the risk coefficient is computed:"), style="emphasis"
        ),
        *_paragraphs(a.formula.pick(lang)),
        KeyValue(
            [
                (t("客户", "Customer"), a.customer_name),
                (t("评估周期", "Period"), a.period or a.generated.isoformat()),
                (t("设备数", "Devices"), len(a.devices)),
                (t("已评估设备", "Devices assessed"), len(assessed)),
                (
                    t("平台与版本", "Platforms and versions"),
                    t(
                        f"{len({v.platform for v in a.versions})} 个平台，{len(a.versions)} 个版本",
                        f"{len({v.platform for v in a.versions})} platforms, "
                        f"{len(a.versions)} versions",
                    ),
                ),
                (
                    t("适用的公告", "Applicable advisories"),
                    _join(
                        [
                            f"{vocabulary(KIND_NAMES, k, lang)} {n}"
                            for k, n in sorted(kinds.items())
                        ],
                        lang,
                    )
                    or "0",
                ),
                (t("评估日期", "Assessed on"), a.generated),
            ],
            title=t("评估范围", "Scope"),
        ),
    ]
    return Section(t("评估方法与风险系数", "Method and risk coefficient"), blocks)


def _distribution(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    title = t("版本分布", "Version distribution")
    pairs = [(v.platform, v.version, v.devices) for v in a.versions if v.devices]
    if not pairs:
        return Section(title, [Paragraph(t("没有设备。", "There are no devices."))])
    blocks: list[Block] = [_distribution_chart(pairs, lang, t("软件版本分布", "Software versions"))]
    levels = Counter(d.level for d in a.devices if d.risk is not None and d.level)
    order = [lv for lv in _LEVEL_ORDER if levels.get(lv)] + sorted(set(levels) - set(_LEVEL_ORDER))
    if order:
        worst = order[0]
        blocks.append(
            Chart(
                kind="bar",
                categories=[vocabulary(LEVEL_NAMES, lv, lang) for lv in order],
                series=[Series(t("设备数", "Devices"), [float(levels[lv]) for lv in order])],
                caption=t("设备风险等级分布", "Devices by risk level"),
                reading=t(
                    f"风险等级最高的“{vocabulary(LEVEL_NAMES, worst, lang)}”级"
                    f"有 {levels[worst]} 台设备。",
                    f"{levels[worst]} {'device is' if levels[worst] == 1 else 'devices are'} at "
                    f"the highest level found, {vocabulary(LEVEL_NAMES, worst, lang).lower()}.",
                ),
                y_label=t("台", "devices"),
            )
        )
    return Section(title, blocks)


def _per_version(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    versions = sorted(a.versions, key=lambda v: (-(v.risk or -1.0), v.platform, v.version))
    title = t("分版本评估", "Assessment per version")
    if not versions:
        return Section(title, [Paragraph(t("没有版本。", "There are no versions."))])
    blocks: list[Block] = []
    top = versions[0]
    if top.risk is not None:
        blocks.append(
            Paragraph(
                t(
                    f"风险系数最高的版本是 {top.platform} {top.version}（{top.risk:g}，"
                    f"{vocabulary(LEVEL_NAMES, top.level, lang)}），涉及 {top.devices} 台设备。",
                    f"The riskiest version is {top.platform} {top.version} ({top.risk:g}, "
                    f"{vocabulary(LEVEL_NAMES, top.level, lang).lower()}) on {top.devices} "
                    f"{'device' if top.devices == 1 else 'devices'}.",
                )
            )
        )
    blocks.append(
        Table(
            caption=t("各版本适用公告与风险系数", "Advisories and risk coefficient per version"),
            columns=[
                Column(t("平台", "Platform"), width=1.1),
                Column(t("软件版本", "Version"), width=1.5),
                Column(t("设备数", "Devices"), width=0.7, number_format="0"),
                Column(t("安全漏洞", "Vulnerabilities"), width=0.8, number_format="0"),
                Column(t("已知问题", "Bugs"), width=0.8, number_format="0"),
                Column(t("技术公告", "Bulletins"), width=0.8, number_format="0"),
                Column(t("停止支持", "End of support"), width=1.0),
                Column(t("风险系数", "Risk coefficient"), width=0.8),
                Column(t("风险等级", "Risk level"), width=0.8, tones=TONES),
            ],
            rows=[
                [
                    v.platform,
                    v.version,
                    v.devices,
                    v.vulnerabilities,
                    v.bugs,
                    v.bulletins,
                    v.end_of_support,
                    _risk(v.risk),
                    _level(v.level, v.risk, lang),
                ]
                for v in versions
            ],
            sheet_name=t("分版本", "Versions"),
        )
    )
    known = [v for v in versions if v.risk is not None]
    if len(known) > 1:
        blocks.append(
            Chart(
                kind="bar",
                categories=_version_labels([(v.platform, v.version) for v in known]),
                series=[
                    Series(t("风险系数", "Risk coefficient"), [float(v.risk or 0) for v in known])
                ],
                caption=t("各版本风险系数", "Risk coefficient per version"),
                reading=t(
                    f"{top.version} 的风险系数最高（{top.risk:g}），{known[-1].version} 最低"
                    f"（{known[-1].risk:g}）。",
                    f"{top.version} carries the highest risk coefficient ({top.risk:g}), "
                    f"{known[-1].version} the lowest ({known[-1].risk:g}).",
                ),
                y_label=t("风险系数", "risk coefficient"),
            )
        )
    return Section(title, blocks)


def _factor(factor: str, lang: Language) -> str:
    return vocabulary(FACTOR_NAMES, factor, lang)


def _contributors(device: DeviceRiskRow, lang: Language, limit: int = 3) -> str:
    """The largest sources of a device's points: an advisory (all its points together)
    or a lifecycle factor, "+n" each."""
    totals: dict[str, float] = {}
    for p in device.points:
        source = p.advisory or _factor(p.factor, lang)
        totals[source] = totals.get(source, 0.0) + p.points
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    shown = [f"{source} {points:+g}" for source, points in ranked[:limit]]
    if len(ranked) > limit:
        shown.append(pick(lang, f"等 {len(ranked)} 项", f"and {len(ranked) - limit} more"))
    return _join(shown, lang) or "—"


def _sorted_devices(a: VersionAssessment) -> list[DeviceRiskRow]:
    return sorted(a.devices, key=lambda d: (d.risk is None, -(d.risk or 0.0), d.hostname))


def _per_device(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    devices = _sorted_devices(a)
    title = t("分设备风险", "Risk per device")
    if not devices:
        return Section(title, [Paragraph(t("没有设备。", "There are no devices."))])
    unassessed = [d.hostname for d in devices if d.risk is None]
    blocks: list[Block] = [
        Paragraph(
            t(
                "下表按风险系数从高到低列出每台设备；“主要构成”列出分值最高的几项，"
                "全部分值及其依据见附录 A，逐项相加即可复核每台设备的风险系数。",
                "Each device, highest risk coefficient first; the main contributors are its "
                "largest points. Appendix A lists every point with its advisory and reason, so "
                "each device's coefficient can be checked item by item.",
            )
        ),
        Table(
            caption=t("设备风险系数", "Risk coefficient per device"),
            columns=[
                Column(t("设备名称", "Hostname"), width=1.4),
                Column(t("站点", "Site"), width=1.3),
                Column(t("型号", "Model"), width=1.1),
                # One column for both: narrow portrait pages squeeze a CJK site name
                # to one character a line when every long word has its own column.
                Column(t("平台与版本", "Platform and version"), width=1.6),
                Column(t("风险系数", "Risk coefficient"), width=0.8),
                Column(t("风险等级", "Risk level"), width=0.8, tones=TONES),
                Column(t("主要构成", "Main contributors"), width=2.3),
            ],
            rows=[
                [
                    d.hostname,
                    d.site or "—",
                    d.model or "—",
                    f"{d.platform} {d.version or '—'}",
                    _risk(d.risk),
                    _level(d.level, d.risk, lang),
                    _contributors(d, lang),
                ]
                for d in devices
            ],
            sheet_name=t("分设备", "Devices"),
        ),
    ]
    if unassessed:
        blocks.append(
            Paragraph(
                t(
                    "以下设备未能评估（版本无法识别或缺少数据），不视为安全："
                    f"{_join(unassessed, lang)}。",
                    "These devices could not be assessed (version not understood or data "
                    f"missing) and are not taken as safe: {_join(unassessed, lang)}.",
                ),
                style="note",
            )
        )
    return Section(title, blocks)


def _advisory_table(advisories: Sequence[AdvisoryRow], lang: Language, caption: str) -> Table:
    t = phrases(lang)
    rows = sorted(advisories, key=lambda x: (_SEVERITY_RANK.get(x.severity, 9), x.key))
    return Table(
        caption=caption,
        columns=[
            Column(t("编号", "Advisory"), width=1.5),
            Column(t("类型", "Kind"), width=0.8),
            Column(t("级别", "Severity"), width=0.8, tones=TONES),
            Column("CVSS", width=0.6, number_format="0.0"),
            Column(t("已被利用", "Exploited"), width=0.8, tones=TONES),
            Column("EPSS", width=0.6),
            Column("CVE", width=1.4),
            Column(t("标题", "Title"), width=2.0),
            Column(t("修复版本", "Fixed in"), width=1.4),
        ],
        rows=[
            [
                x.key,
                vocabulary(KIND_NAMES, x.kind, lang),
                vocabulary(SEVERITY_NAMES, x.severity, lang),
                x.cvss,
                (YES if x.exploited else NO).pick(lang),
                _percent(x.epss),
                "\n".join(x.cves) or "—",
                say(x.title, lang) or "—",
                "\n".join(_releases(x.fixed)) or "—",
            ]
            for x in rows
        ],
        sheet_name=t("公告", "Advisories"),
    )


def _advisories(advisories: Sequence[AdvisoryRow], lang: Language) -> Section:
    t = phrases(lang)
    title = t("适用的公告", "Applicable advisories")
    if not advisories:
        return Section(
            title,
            [Paragraph(t("没有适用于客户设备的公告。", "No advisory applies to the devices."))],
        )
    exploited = [x.key for x in advisories if x.exploited]
    blocks: list[Block] = [
        Paragraph(
            t(
                f"共 {len(advisories)} 条公告适用于至少一台设备，"
                f"其中 {len(exploited)} 条涉及已被在野利用的漏洞"
                + (f"（{_join(exploited, lang)}），应最先处理。" if exploited else "。"),
                f"{len(advisories)} advisories apply to at least one device; {len(exploited)} "
                + ("concerns a vulnerability" if len(exploited) == 1 else "concern vulnerabilities")
                + " known to be exploited"
                + (f" ({_join(exploited, lang)}), to be handled first." if exploited else "."),
            )
        ),
        _advisory_table(advisories, lang, t("适用的公告", "Applicable advisories")),
    ]
    return Section(title, blocks)


def _upgrades(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    title = t("升级建议", "Upgrade recommendations")
    if not a.upgrades:
        return Section(title, [Paragraph(t("当前无需升级。", "No upgrade is needed now."))])
    return Section(
        title,
        [
            Paragraph(
                t(
                    "建议按下表将设备升级到目标版本；升级路径列出从当前版本到目标版本须依次经过的版本。",
                    "Upgrade the devices to the target release as below; the path lists the "
                    "releases to pass through, in order, from the current one to the target.",
                )
            ),
            Table(
                caption=t("升级建议与路径", "Upgrades with target release and path"),
                columns=[
                    Column(t("平台", "Platform"), width=0.9),
                    Column(t("当前版本", "Current version"), width=1.2),
                    Column(t("目标版本", "Target release"), width=1.2),
                    Column(t("升级路径", "Upgrade path"), width=2.0),
                    Column(t("设备", "Devices"), width=1.5),
                    Column(t("理由", "Reason"), width=2.2),
                ],
                rows=[
                    [
                        u.platform,
                        u.version,
                        u.target,
                        " → ".join(u.path) or f"{u.version} → {u.target}",
                        _join(list(u.devices), lang) or "—",
                        u.reason.pick(lang),
                    ]
                    for u in a.upgrades
                ],
                sheet_name=t("升级建议", "Upgrades"),
            ),
        ],
    )


def _hardening(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    title = t("暂不能升级时的加固建议", "Hardening until an upgrade is possible")
    if not a.hardening:
        return Section(
            title, [Paragraph(t("无需额外的加固措施。", "No interim hardening is needed."))]
        )
    titles = {x.key: say(x.title, lang) for x in a.advisories}
    return Section(
        title,
        [
            Paragraph(
                t(
                    "对近期无法安排升级的设备，按下表采取临时规避措施降低风险，并在升级完成后复核。",
                    "Where an upgrade cannot be scheduled soon, apply these workarounds to lower "
                    "the risk, and review them once the upgrade is done.",
                )
            ),
            Table(
                caption=t("加固建议", "Hardening advice"),
                columns=[
                    Column(t("公告", "Advisory"), width=1.5),
                    Column(t("标题", "Title"), width=1.8),
                    Column(t("规避措施", "Workaround"), width=3.0),
                    Column(t("设备", "Devices"), width=1.5),
                ],
                rows=[
                    [
                        h.advisory,
                        titles.get(h.advisory) or "—",
                        say(h.workaround, lang) or "—",
                        _join(list(h.devices), lang) or "—",
                    ]
                    for h in a.hardening
                ],
                sheet_name=t("加固建议", "Hardening"),
            ),
        ],
    )


def _points_appendix(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    rows: list[list[CellValue]] = []
    for device in _sorted_devices(a):
        for p in sorted(device.points, key=lambda p: (-p.points, p.advisory or "")):
            rows.append(
                [
                    device.hostname,
                    _factor(p.factor, lang),
                    p.advisory or "—",
                    p.points,
                    p.why.pick(lang),
                ]
            )
        rows.append(
            [
                device.hostname,
                t("风险系数", "Risk coefficient"),
                "",
                _risk(device.risk),
                _level(device.level, device.risk, lang),
            ]
        )
    return Section(
        t("风险系数构成明细", "Risk points per device"),
        [
            Paragraph(
                t(
                    "每台设备的每一项分值：来源因素、对应公告及理由，"
                    "随后一行为该设备按第 1 节公式得到的风险系数与等级。",
                    "Every point of every device: its factor, the advisory it comes from and "
                    "why; the line after them gives the device's coefficient and level by the "
                    "formula of section 1.",
                )
            ),
            Table(
                caption=t("风险系数构成", "Risk points"),
                columns=[
                    Column(t("设备名称", "Hostname"), width=1.3),
                    Column(t("因素", "Factor"), width=1.1),
                    Column(t("公告", "Advisory"), width=1.6),
                    Column(t("分值", "Points"), width=0.6),
                    Column(t("理由", "Why"), width=3.2),
                ],
                rows=rows,
                sheet_name=t("风险构成", "Risk points"),
            ),
        ],
    )


def _sources_appendix(a: VersionAssessment, lang: Language) -> Section:
    t = phrases(lang)
    blocks: list[Block] = [
        BulletList(
            [
                t(
                    "设备版本来自最近一次采集，按各厂商自己的版本规则解析和比较。",
                    "Device versions come from the latest collection and are compared by each "
                    "vendor's own version scheme.",
                ),
                t(
                    "公告按其受影响版本范围与设备版本匹配；公告注明的功能条件与设备配置中使用的功能核对，"
                    "未采集配置而无法确认的记为“可能受影响”。",
                    "Advisories are matched through their affected version ranges; a feature "
                    "condition is checked against the features the device's configuration uses, "
                    "and one that cannot be confirmed without a configuration counts as "
                    "potentially vulnerable.",
                ),
                t(
                    "无法识别的版本或范围记为“无法评估”，不视为安全。",
                    "A version or range that cannot be read is reported as unknown, never as safe.",
                ),
            ]
        )
    ]
    if a.sources:
        blocks.append(_sources_table(a.sources, lang))
    return Section(t("方法与数据来源", "Method and data sources"), blocks)


# --- the risk notice ---------------------------------------------------------------------


def build_risk_notice_document(notice: RiskNotice, language: str) -> Document:
    """The risk notice as the engine's document, in "zh" or "en"."""
    lang = language_of(language)
    t = phrases(lang)
    n, x = notice, notice.advisory
    meta = report_meta(
        n.customer_name,
        n.title or Text("风险通告", "Risk notice"),
        n.date.isoformat(),
        n.version,
        n.author,
        n.reviewer,
        n.date,
        lang,
    )
    sections = [
        _notice_advisory(x, lang),
        _notice_devices(n, lang),
        Section(
            t("影响", "Impact"),
            _paragraphs(say(n.impact, lang))
            or [Paragraph(t("待专家评估。", "To be assessed by the expert."))],
        ),
        _notice_workaround(x, lang),
        _notice_releases(n, lang),
        _notice_proposal(n, lang),
    ]
    return Document(
        meta=meta,
        sections=sections,
        appendix=[_notice_sources(n, lang)],
        subtitle=f"{x.key} {say(x.title, lang)}".strip(),
    )


def _notice_advisory(x: AdvisoryRow, lang: Language) -> Section:
    t = phrases(lang)
    exploited = (YES if x.exploited else NO).pick(lang)
    if x.exploited and x.exploited_source:
        exploited = (
            f"{exploited}（{x.exploited_source}）"
            if lang == "zh"
            else (f"{exploited} ({x.exploited_source})")
        )
    pairs: list[tuple[str, CellValue]] = [
        (t("公告编号", "Advisory"), x.key),
        (t("类型", "Kind"), vocabulary(KIND_NAMES, x.kind, lang)),
        (t("标题", "Title"), say(x.title, lang) or "—"),
        ("CVE", _join(list(x.cves), lang) or "—"),
        (t("级别", "Severity"), vocabulary(SEVERITY_NAMES, x.severity, lang)),
        (t("CVSS 基础分", "CVSS base score"), f"{x.cvss:.1f}" if x.cvss is not None else "—"),
        (t("已被在野利用", "Known exploited"), exploited),
        (t("EPSS 利用概率", "EPSS probability"), _percent(x.epss)),
        (t("发布日期", "Published"), x.published or "—"),
        (t("更新日期", "Updated"), x.updated or "—"),
        (t("原文链接", "Link"), x.url or "—"),
    ]
    blocks: list[Block] = [*_paragraphs(say(x.summary, lang))]
    if x.exploited:
        blocks.append(
            Paragraph(
                t(
                    "该漏洞已被在野利用，攻击已实际发生，请优先处理。",
                    "This vulnerability is being exploited in the wild: attacks are happening, "
                    "so it comes first.",
                ),
                style="emphasis",
            )
        )
    blocks.append(KeyValue(pairs, title=t("公告信息", "The advisory")))
    return Section(t("公告概要", "The advisory in plain words"), blocks)


def _exposure_table(
    devices: Sequence[DeviceExposureRow], lang: Language, caption: str, sheet: str
) -> Table:
    t = phrases(lang)
    return Table(
        caption=caption,
        columns=[
            Column(t("设备名称", "Hostname"), width=1.4),
            Column(t("站点", "Site"), width=1.1),
            Column(t("型号", "Model"), width=1.1),
            Column(t("软件版本", "Version"), width=1.1),
            Column(t("状态", "Status"), width=1.0, tones=TONES),
            Column(t("使用的相关功能", "Features in use"), width=1.1),
            Column(t("原因", "Why"), width=2.6),
        ],
        rows=[
            [
                d.hostname,
                d.site or "—",
                d.model or "—",
                d.version or "—",
                vocabulary(STATUS_NAMES, d.status, lang),
                _join(list(d.features), lang) or "—",
                d.reason.pick(lang),
            ]
            for d in sorted(devices, key=lambda d: (d.status != "vulnerable", d.hostname))
        ],
        sheet_name=sheet,
    )


def _notice_devices(n: RiskNotice, lang: Language) -> Section:
    t = phrases(lang)
    affected = n.affected
    sure = sum(1 for d in affected if d.status == "vulnerable")
    unknown = [d for d in n.devices if d.status == "unknown"]
    clear = [d for d in n.devices if d.status == "not_vulnerable"]
    blocks: list[Block] = [
        Paragraph(
            t(
                f"在 {n.customer_name} 的设备中，{len(affected)} 台受此公告影响"
                f"（{sure} 台确认受影响，"
                f"{len(affected) - sure} 台取决于未能确认的功能使用），{len(unknown)} 台无法评估，"
                f"{len(clear)} 台经核查不受影响。",
                f"Of {n.customer_name}'s devices, {_are(len(affected))} affected ({sure} "
                f"vulnerable, {len(affected) - sure} depending on a feature in use that could "
                f"not be confirmed), {len(unknown)} could not be assessed and "
                f"{_are(len(clear), 'was', 'were')} checked and found not affected.",
            ),
            style="emphasis",
        )
    ]
    if affected:
        blocks.append(
            _exposure_table(
                affected, lang, t("受影响的设备", "Affected devices"), t("受影响设备", "Affected")
            )
        )
    if unknown:
        blocks.append(
            _exposure_table(
                unknown,
                lang,
                t("无法评估的设备", "Devices not assessed"),
                t("无法评估", "Not assessed"),
            )
        )
        blocks.append(
            Paragraph(
                t(
                    "无法评估不等于安全：请补充采集这些设备的版本与配置，以便确认。",
                    "Not assessed is not safe: collect these devices' version and configuration "
                    "again so they can be decided.",
                ),
                style="note",
            )
        )
    if clear:
        blocks.append(
            _exposure_table(
                clear,
                lang,
                t("不受影响的设备", "Devices not affected"),
                t("不受影响", "Not affected"),
            )
        )
    return Section(t("受影响的设备", "Affected devices"), blocks)


def _notice_workaround(x: AdvisoryRow, lang: Language) -> Section:
    t = phrases(lang)
    blocks = _paragraphs(say(x.workaround, lang)) or [
        Paragraph(
            t(
                "厂商未提供临时规避措施，只能通过升级修复。",
                "The vendor gives no workaround; only an upgrade fixes it.",
            )
        )
    ]
    return Section(t("临时规避措施", "Workaround"), blocks)


def _notice_releases(n: RiskNotice, lang: Language) -> Section:
    t = phrases(lang)
    x = n.advisory
    blocks: list[Block] = [
        KeyValue(
            [
                (t("首个修复版本", "First fixed releases"), _join(_releases(x.fixed), lang) or "—"),
                (t("推荐版本", "Recommended release"), x.recommended or "—"),
            ]
        )
    ]
    if n.affected and x.recommended:
        blocks.append(
            Table(
                caption=t("受影响设备的升级目标", "Upgrade target of the affected devices"),
                columns=[
                    Column(t("设备名称", "Hostname"), width=1.5),
                    Column(t("型号", "Model"), width=1.2),
                    Column(t("当前版本", "Current version"), width=1.3),
                    Column(t("推荐版本", "Recommended release"), width=1.3),
                ],
                rows=[
                    [d.hostname, d.model or "—", d.version or "—", x.recommended]
                    for d in n.affected
                ],
                sheet_name=t("升级目标", "Upgrade targets"),
            )
        )
    return Section(t("修复版本与推荐版本", "Fixed and recommended releases"), blocks)


def _notice_proposal(n: RiskNotice, lang: Language) -> Section:
    t = phrases(lang)
    blocks: list[Block] = _paragraphs(say(n.proposal, lang)) or [
        Paragraph(t("专家建议待补充。", "The expert's proposal is still to come."))
    ]
    pairs: list[tuple[str, CellValue]] = [(t("建议完成日期", "To be done by"), n.deadline or "—")]
    pairs.append((t("联系人", "Contact"), n.author))
    blocks.append(KeyValue(pairs))
    return Section(t("专家建议", "What we propose"), blocks)


def _notice_sources(n: RiskNotice, lang: Language) -> Section:
    t = phrases(lang)
    x = n.advisory
    bullets = [
        t(
            f"公告来源：{x.source or x.key}" + (f"，{x.url}" if x.url else "") + "。",
            f"Advisory source: {x.source or x.key}" + (f", {x.url}" if x.url else "") + ".",
        ),
        t(
            "设备版本来自最近一次采集，按厂商自己的版本规则与公告的受影响范围比较；"
            "公告的功能条件与设备配置中使用的功能核对。",
            "Device versions come from the latest collection and are compared with the "
            "advisory's affected ranges by the vendor's own version scheme; its feature "
            "condition is checked against the features the configuration uses.",
        ),
        t(
            "无法识别的版本或缺少配置的设备如实列为“无法评估”或“可能受影响”，不视为安全。",
            "A version that cannot be read, or a device without a collected configuration, is "
            "listed as not assessed or potentially vulnerable, never as safe.",
        ),
    ]
    blocks: list[Block] = [BulletList(bullets)]
    if n.sources:
        blocks.append(_sources_table(n.sources, lang))
    return Section(t("方法与数据来源", "Method and data sources"), blocks)


# --- writing files -------------------------------------------------------------------------


def _format_of(path: Path) -> Format:
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf or .html file name")
    return fmt


def write_version_summary_report(summary: VersionSummary, path: Path, language: str) -> Path:
    """Write the version summary as a document with its charts; the suffix (.docx, .pdf,
    .html) decides the format (the workbook is :func:`write_version_summary_xlsx`)."""
    document = build_version_summary_document(summary, language)
    return render(document, _format_of(path), Path(path))


def write_assessment_report(assessment: VersionAssessment, path: Path, language: str) -> Path:
    """Write the version assessment report; the suffix (.docx, .pdf, .html) decides."""
    return render(build_assessment_document(assessment, language), _format_of(path), Path(path))


def write_risk_notice(notice: RiskNotice, path: Path, language: str) -> Path:
    """Write the risk notice; the suffix (.docx, .pdf, .html) decides the format."""
    return render(build_risk_notice_document(notice, language), _format_of(path), Path(path))
