"""The daily-maintenance guide (日常维护指导手册) as a report.

Outline from shared/REPORTS.md: how to use it; per device family daily, weekly and
monthly checks (command, what normal looks like, what to do if not, risk); one-page
checklists per frequency; escalation contacts; references to the vendor documents in
the library. Before the families come the checks that watch a risk the inspection
found on this customer's devices; after them the custom sections the three parties
agreed. The appendix states the method and the data the guide was drawn from.

Built from :mod:`netcare.guides.summary` records without Django, in zh or en.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from netcare.core.text import Text
from netcare.reports.engine import (
    SEVERITY_TONES,
    Block,
    BulletList,
    CellValue,
    Column,
    Document,
    Format,
    KeyValue,
    Language,
    PageBreak,
    Paragraph,
    Section,
    Table,
    render,
)
from netcare.reports.wording import language_of, phrases, report_meta, vocabulary

from .selection import FREQUENCIES, FREQUENCY_NAMES, PLATFORM_NAMES, SelectedCheck
from .summary import GuideRecord

__all__ = ["SHORT_PLATFORM", "build_guide_document", "write_guide"]

#: Platform names short enough for the one-page checklists.
SHORT_PLATFORM = {
    "hp_comware": "Comware",
    "huawei_vrp": "VRP",
    "cisco_ios": "IOS",
    "cisco_xe": "IOS-XE",
    "cisco_nxos": "NX-OS",
    "juniper_junos": "Junos",
    "arista_eos": "EOS",
}
SEVERITY_NAMES = {
    "critical": ("严重", "critical"),
    "major": ("重要", "major"),
    "minor": ("一般", "minor"),
    "info": ("提示", "info"),
}
_SUFFIX_FORMATS: dict[str, Format] = {".docx": "docx", ".pdf": "pdf", ".html": "html"}


def _platform(platform: str, lang: Language) -> str:
    return vocabulary(PLATFORM_NAMES, platform, lang)


def _severity(severity: str, lang: Language) -> str:
    zh, en = SEVERITY_NAMES.get(severity, (severity, severity))
    return en if lang == "en" else zh


def build_guide_document(record: GuideRecord, language: str) -> Document:
    """The guide as the engine's document, in "zh" or "en"."""
    lang = language_of(language)
    t = phrases(lang)
    meta = report_meta(
        record.customer.pick(lang),
        Text("日常维护指导手册", "Daily maintenance guide"),
        str(record.year),
        record.version,
        record.author,
        record.reviewer,
        record.day,
        lang,
    )
    sections: list[Section] = [_how_to_use(record, lang)]
    watched = _watched(record, lang)
    if watched is not None:
        sections.append(watched)
    sections.extend(_family(record, platform, lang) for platform in record.selection.platforms)
    if record.sections:
        sections.append(_custom(record, lang))
    sections.append(_checklists(record, lang))
    sections.append(_contacts(record, lang))
    sections.append(_documents(record, lang))
    return Document(
        meta=meta,
        sections=sections,
        appendix=[_method(record, lang)],
        subtitle=t(f"{record.year} 年度", f"Edition {record.year}"),
    )


def _how_to_use(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    s = record.selection
    counts = {f: len(s.by_frequency(f)) for f in FREQUENCIES}
    blocks: list[Block] = [
        Paragraph(
            t(
                "本手册依据贵方在网设备的平台、型号与正在使用的特性编写，列出运维人员每日、每周、"
                "每月应执行的检查：执行的命令、正常时的表现、异常时的处理以及操作不当的风险。"
                "请按频次使用第“检查清单”章节的一页清单逐项打勾；发现异常先按“异常处理”操作，"
                "无法判断时按“升级联系人”联系专属L2专家。",
                "This guide is written for your installed devices, from their platforms, models "
                "and the features they run. It lists what operators check every day, week and "
                "month: the command, what normal looks like, what to do when it is not, and the "
                "risk of doing it wrong. Tick the one-page checklist of each frequency (chapter "
                "“Checklists”); when a check is not normal follow its action, and when in doubt "
                "call the dedicated L2 expert listed under “Escalation contacts”.",
            )
        ),
        KeyValue(
            [
                (t("设备数量", "Devices"), s.device_count),
                (t("平台", "Platforms"), ", ".join(_platform(p, lang) for p in s.platforms) or "—"),
                (t("在用特性", "Features in use"), ", ".join(s.features) or "—"),
                (t("每日检查", "Daily checks"), counts["daily"]),
                (t("每周检查", "Weekly checks"), counts["weekly"]),
                (t("每月检查", "Monthly checks"), counts["monthly"]),
                (t("关联已知风险的检查", "Checks watching a known risk"), len(s.watched)),
            ],
            title=t("适用范围", "Scope"),
        ),
    ]
    notes: list[str] = []
    if s.watched:
        notes.append(
            t(
                "标有 ★ 的检查关注巡检已发现的风险，请优先执行。",
                "Checks marked ★ watch a risk the inspection found; do them first.",
            )
        )
    if s.unknown_features:
        notes.append(
            t(
                "以下设备尚未采集配置，无法确认其在用特性，本手册只为其列出与特性无关的检查："
                + "、".join(s.unknown_features),
                "No configuration has been collected from these devices, so their features "
                "are unknown and only feature-independent checks are listed for them: "
                + ", ".join(s.unknown_features),
            )
        )
    if s.uncovered:
        notes.append(
            t(
                "以下设备的平台暂无检查项，请联系专属L2专家补充：" + "、".join(s.uncovered),
                "No check is written yet for the platform of these devices; ask the L2 expert: "
                + ", ".join(s.uncovered),
            )
        )
    if notes:
        blocks.append(BulletList(notes))
    return Section(t("使用说明", "How to use this guide"), blocks)


def _watched(record: GuideRecord, lang: Language) -> Section | None:
    t = phrases(lang)
    checks = record.selection.watched
    if not checks:
        return None
    rows: list[list[CellValue]] = []
    for check in checks:
        worst = check.risks[0]
        rows.append(
            [
                check.item.title.pick(lang),
                FREQUENCY_NAMES[check.item.frequency].pick(lang),
                check.item.command,
                "; ".join(r.title.pick(lang) for r in check.risks),
                _severity(worst.severity, lang),
                ", ".join(check.devices),
            ]
        )
    severity_tones = dict(SEVERITY_TONES)
    return Section(
        t("重点关注：巡检发现的风险", "First: risks the inspection found"),
        [
            Paragraph(
                t(
                    "最近一次巡检在贵方设备上发现了下列风险，以下检查可以及早发现其恶化，"
                    "在各自频次中排在最前。",
                    "The latest inspection found these risks on your devices; the checks below "
                    "catch them getting worse and come first in their frequency.",
                )
            ),
            Table(
                caption=t("关注已知风险的检查", "Checks that watch a known risk"),
                columns=[
                    Column(t("检查", "Check"), 2),
                    Column(t("频次", "Frequency"), 1),
                    Column(t("命令", "Command"), 2.5),
                    Column(t("关注的风险", "Risk watched"), 3),
                    Column(t("级别", "Severity"), 1, tones=severity_tones),
                    Column(t("设备", "Devices"), 2),
                ],
                rows=rows,
            ),
        ],
    )


def _check_rows(checks: Sequence[SelectedCheck], lang: Language) -> list[list[CellValue]]:
    return [
        [
            ("★ " if c.watched else "") + c.item.title.pick(lang),
            c.item.command,
            c.item.normal.pick(lang),
            c.item.action.pick(lang),
            c.item.risk.pick(lang),
        ]
        for c in checks
    ]


def _family(record: GuideRecord, platform: str, lang: Language) -> Section:
    t = phrases(lang)
    name = _platform(platform, lang)
    checks = record.selection.by_platform(platform)
    subsections = []
    for frequency in FREQUENCIES:
        chosen = [c for c in checks if c.item.frequency == frequency]
        label = FREQUENCY_NAMES[frequency].pick(lang)
        if not chosen:
            continue
        subsections.append(
            Section(
                t(f"{label}检查", f"{label} checks"),
                [
                    Table(
                        caption=t(f"{name} {label}检查", f"{name}: {label.lower()} checks"),
                        columns=[
                            Column(t("检查", "Check"), 1.6),
                            Column(t("命令", "Command"), 2),
                            Column(t("正常表现", "Normal"), 2.6),
                            Column(t("异常处理", "If not normal"), 3),
                            Column(t("操作风险", "Caution"), 2.4),
                        ],
                        rows=_check_rows(chosen, lang),
                        sheet_name=f"{SHORT_PLATFORM.get(platform, platform)} {frequency}",
                    )
                ],
            )
        )
    hosts = sorted({h for c in checks for h in c.devices})
    intro = Paragraph(
        t(
            f"适用设备（{len(hosts)} 台）：" + "、".join(hosts),
            f"Devices ({len(hosts)}): " + ", ".join(hosts),
        )
    )
    return Section(name, [intro], subsections)


def _custom(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    subsections = []
    for section in record.sections:
        blocks: list[Block] = [
            Paragraph(part.strip())
            for part in section.text.pick(lang).split("\n\n")
            if part.strip()
        ]
        if section.agreed:
            blocks.append(
                Paragraph(
                    t("经三方确认：", "Agreed by: ")
                    + "; ".join(
                        f"{role.pick(lang)} {who} ({when.isoformat()})"
                        for role, who, when in section.agreed
                    ),
                    style="note",
                )
            )
        subsections.append(Section(section.title.pick(lang), blocks))
    return Section(
        t("客户专属维护内容", "Customer-specific maintenance"),
        [
            Paragraph(
                t(
                    "以下内容由专属L2专家编写，并经L2专家、客户与一线工程师三方确认。",
                    "Written by the dedicated L2 expert and agreed by the L2 expert, the "
                    "customer and the field engineer.",
                )
            )
        ],
        subsections,
    )


def _checklist_rows(record: GuideRecord, frequency: str, lang: Language) -> list[list[CellValue]]:
    """One row per check, grouped by the first of the customer's platforms it is done
    on; a check shared by several families names them all ("Comware/VRP"), so the
    list stays short enough for one page."""
    s = record.selection
    rows: list[list[CellValue]] = []
    for platform in s.platforms:
        for check in s.by_frequency(frequency):
            mine = [p for p in s.platforms if p in check.item.platforms]
            if not mine or mine[0] != platform:
                continue
            rows.append(
                [
                    "/".join(SHORT_PLATFORM.get(p, p) for p in mine),
                    ("★ " if check.watched else "") + check.item.title.pick(lang),
                    check.item.command,
                    "☐",
                ]
            )
    return rows


def _checklists(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    subsections = []
    for frequency in FREQUENCIES:
        label = FREQUENCY_NAMES[frequency].pick(lang)
        rows = _checklist_rows(record, frequency, lang)
        blocks: list[Block] = []
        if rows:
            blocks.append(
                Table(
                    caption=t(f"{label}检查清单", f"{label} checklist"),
                    columns=[
                        Column(t("平台", "Platform"), 1.1),
                        Column(t("检查", "Check"), 2.2),
                        Column(t("命令", "Command"), 3.2),
                        Column(t("完成", "Done"), 0.5),
                    ],
                    rows=rows,
                    sheet_name=f"checklist {frequency}",
                )
            )
            blocks.append(
                Paragraph(
                    t(
                        "日期：________  执行人：________  异常项及处理：________",
                        "Date: ________  By: ________  Not normal, and what was done: ________",
                    ),
                    style="note",
                )
            )
        else:
            blocks.append(Paragraph(t("本频次无检查项。", "No check at this frequency.")))
        # Each checklist starts on a page of its own, heading included.
        blocks.append(PageBreak())
        subsections.append(Section(t(f"{label}检查清单", f"{label} checklist"), blocks))
    return Section(
        t("检查清单", "Checklists"),
        [
            Paragraph(
                t(
                    "每种频次一页，可打印后逐项打勾并存档。",
                    "One page per frequency, to print, tick and file.",
                )
            ),
            PageBreak(),
        ],
        subsections,
    )


def _contacts(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    rows: list[list[CellValue]] = [
        [
            c.role.pick(lang),
            c.name or "—",
            c.phone or "—",
            c.email or "—",
            c.note.pick(lang) if c.note else "",
        ]
        for c in record.contacts
    ]
    blocks: list[Block] = [
        Paragraph(
            t(
                "检查结果异常且无法按手册处理时，按下列顺序联系；紧急故障请同时拨打厂商 7×24 "
                "技术支持热线报单。",
                "When a check is not normal and the guide's action does not fix it, call in "
                "this order; for an outage also open a ticket on the vendor's 24×7 hotline.",
            )
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption=t("升级联系人", "Escalation contacts"),
                columns=[
                    Column(t("角色", "Role"), 2),
                    Column(t("姓名", "Name"), 1.5),
                    Column(t("电话", "Phone"), 1.6),
                    Column(t("邮箱", "E-mail"), 2.4),
                    Column(t("说明", "Note"), 2),
                ],
                rows=rows,
            )
        )
    else:
        blocks.append(Paragraph(t("尚未登记联系人。", "No contact is on record yet.")))
    return Section(t("升级联系人", "Escalation contacts"), blocks)


def _documents(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    documents = record.documents.get(lang, ())
    if not documents:
        return Section(
            t("参考资料", "Reference documents"),
            [
                Paragraph(
                    t(
                        "资料库中暂无与贵方平台和本手册主题匹配的文档。",
                        "The document library holds no document yet for your platforms and "
                        "the topics of this guide.",
                    )
                )
            ],
        )
    rows: list[list[CellValue]] = [[d.title, d.slug, ", ".join(d.tags)] for d in documents]
    return Section(
        t("参考资料", "Reference documents"),
        [
            Paragraph(
                t(
                    "本手册参考了资料库中的下列厂商文档，可在 NetCare 门户的资料库中按编号查阅。",
                    "This guide draws on these vendor documents; find them by reference in the "
                    "NetCare portal's library.",
                )
            ),
            Table(
                caption=t("参考的资料库文档", "Library documents referred to"),
                columns=[
                    Column(t("标题", "Title"), 4),
                    Column(t("编号", "Reference"), 2),
                    Column(t("主题", "Topics"), 2),
                ],
                rows=rows,
            ),
        ],
    )


def _method(record: GuideRecord, lang: Language) -> Section:
    t = phrases(lang)
    s = record.selection
    none = t("无", "none")
    return Section(
        t("方法与数据来源", "Method and data sources"),
        [
            BulletList(
                [
                    t(
                        "检查项来自 NetCare 维护检查库（按平台与特性编写，每项含命令、正常表现、"
                        "异常处理与操作风险）：" + ", ".join(record.library_files),
                        "Checks come from NetCare's maintenance check library (written per "
                        "platform and feature, each with command, normal state, action and "
                        "caution): " + ", ".join(record.library_files),
                    ),
                    t(
                        "设备平台与型号取自在网设备清单；在用特性取自最近一次采集的运行配置"
                        f"（最近采集：{record.facts_collected or none}）。",
                        "Platforms and models come from the installed-device inventory; "
                        "features in use from the latest collected running configuration "
                        f"(latest collection: {record.facts_collected or none}).",
                    ),
                    t(
                        "需要某一特性的检查只列给确认在用该特性的设备；未采集配置的设备只列出"
                        "与特性无关的检查。",
                        "A check that needs a feature is listed only for devices known to run "
                        "it; devices without a collected configuration get only "
                        "feature-independent checks.",
                    ),
                    t(
                        "巡检发现且未关闭的风险（最近巡检："
                        f"{record.inspected or none}）使关注它的检查排在最前。",
                        "Open risks from the inspection (latest inspection: "
                        f"{record.inspected or none}) put the checks that watch them first.",
                    ),
                    t(
                        f"共 {s.device_count} 台设备，{len(s.checks)} 项检查。",
                        f"{s.device_count} devices, {len(s.checks)} checks.",
                    ),
                ]
            )
        ],
    )


def _format_of(path: Path) -> Format:
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf or .html file name")
    return fmt


def write_guide(record: GuideRecord, path: Path, language: str) -> Path:
    """Write the guide; the suffix (.docx, .pdf, .html) decides the format."""
    return render(build_guide_document(record, language), _format_of(path), Path(path))
