"""The technical proposal assessment report (技术方案评估报告) and the technology
workshop minutes (研讨会纪要), in zh and en.

Outline of the assessment (shared/REPORTS.md): proposal summary; review team; findings
by area (architecture, capacity, availability, security, operability); risks with
severity; recommendations; conclusion; appendix on method and sources. The minutes:
the workshop (topic, time, place); experts and attendees of both sides; the minutes as
written; follow-ups with owner, due date and state; appendix on method.

Built from :mod:`netcare.consulting.summary` records only, without Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from netcare.reports.engine import (
    Block,
    BulletList,
    Chart,
    Column,
    Document,
    KeyValue,
    Language,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
)
from netcare.reports.wording import language_of, phrases, pick, report_meta

from .summary import (
    AREA_NAMES,
    ASSESSMENT_TITLE,
    MINUTES_TITLE,
    PROPOSAL_KINDS,
    SEVERITIES,
    SEVERITY_NAMES,
    SIDES,
    SPECIALITIES,
    AssessmentRecord,
    MinutesRecord,
    Person,
)

__all__ = ["build_assessment_document", "build_minutes_document"]

_SEVERITY_TONES: tuple[tuple[str, Tone], ...] = (
    ("high", "high"),
    ("medium", "medium"),
    ("low", "low"),
    ("info", "info"),
)
#: Cell colouring of the severity words the report writes (both languages).
TONES: dict[str, Tone] = {
    word: tone
    for key, tone in _SEVERITY_TONES
    for word in (SEVERITY_NAMES[key].zh, SEVERITY_NAMES[key].en)
}


def _paragraphs(text: str) -> list[Block]:
    """Text as the author wrote it, one paragraph per blank-line-separated block."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [Paragraph(p) for p in parts]


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "—"


def _people_table(people: Sequence[Person], caption: str, lang: Language) -> Table:
    t = phrases(lang)
    return Table(
        caption=caption,
        columns=[
            Column(t("姓名", "Name"), width=1.5),
            Column(t("专业方向", "Speciality"), width=2),
        ],
        rows=[[p.name, SPECIALITIES[p.speciality].pick(lang)] for p in people],
        sheet_name=caption,
    )


# --- the assessment report ------------------------------------------------------------------


def build_assessment_document(record: AssessmentRecord, language: str) -> Document:
    """The technical proposal assessment report as the engine's document, in zh or en."""
    lang = language_of(language)
    t = phrases(lang)
    period = f"{record.submitted:%Y-%m-%d} – {record.day:%Y-%m-%d}"
    meta = report_meta(
        customer=record.customer.pick(lang),
        title=ASSESSMENT_TITLE,
        period=period,
        version=record.version,
        author=record.author,
        reviewer=record.reviewer,
        day=record.day,
        language=lang,
    )
    return Document(
        meta=meta,
        subtitle=record.title,
        sections=[
            _proposal(record, lang),
            Section(
                t("评审团队", "Review team"),
                [_people_table(record.reviewers, t("评审专家", "Reviewers"), lang)]
                if record.reviewers
                else [Paragraph(t("未指派评审专家。", "No reviewer was assigned."))],
            ),
            _findings(record, lang),
            _risks(record, lang),
            _recommendations(record, lang),
            Section(
                t("评估结论", "Conclusion"),
                _paragraphs(record.conclusion)
                or [Paragraph(t("评审未给出书面结论。", "The review gave no written conclusion."))],
            ),
        ],
        appendix=[
            Section(
                t("评估方法与资料来源", "Method and sources"),
                [
                    Paragraph(
                        t(
                            "客户提交方案文件及背景说明后，专属L2专家组织厂商评审专家按架构、容量、"
                            "可用性、安全、可运维性五个方面审阅方案，逐条记录发现、风险等级与建议；"
                            "评审意见按原文收录。",
                            "After the customer submitted the proposal and its context, the "
                            "dedicated L2 expert had the vendor's reviewers examine it for "
                            "architecture, capacity, availability, security and operability, "
                            "recording each finding with its severity and recommendation; the "
                            "reviewers' words are kept as written.",
                        )
                    ),
                    KeyValue(
                        [
                            (t("评审的方案文件", "Proposal document reviewed"), record.file_name),
                            (t("提交时间", "Submitted"), _when(record.submitted)),
                            (t("评审发现数", "Findings recorded"), len(record.findings)),
                        ]
                    ),
                ],
            )
        ],
    )


def _proposal(record: AssessmentRecord, lang: Language) -> Section:
    t = phrases(lang)
    blocks: list[Block] = [
        KeyValue(
            [
                (t("方案名称", "Proposal"), record.title),
                (t("方案类型", "Kind"), PROPOSAL_KINDS[record.proposal_kind].pick(lang)),
                (t("方案文件", "Document"), record.file_name),
                (t("提交时间", "Submitted"), _when(record.submitted)),
            ],
            title=t("方案信息", "The proposal"),
        )
    ]
    blocks += _paragraphs(record.summary) or _paragraphs(record.context)
    if record.summary and record.context.strip():
        blocks.append(
            Paragraph(t("客户提供的背景：", "Context given by the customer:"), "emphasis")
        )
        blocks += _paragraphs(record.context)
    return Section(t("方案概述", "Proposal summary"), blocks)


def _findings(record: AssessmentRecord, lang: Language) -> Section:
    t = phrases(lang)
    counts = record.severity_counts()
    total = len(record.findings)
    intro = t(
        f"共记录评审发现 {total} 项："
        + "，".join(f"{SEVERITY_NAMES[s].zh} {counts[s]} 项" for s in SEVERITIES)
        + "。",
        f"{total} findings recorded: "
        + ", ".join(f"{SEVERITY_NAMES[s].en.lower()} {counts[s]}" for s in SEVERITIES)
        + ".",
    )
    blocks: list[Block] = [Paragraph(intro)]
    if total:
        areas = record.by_area()
        blocks.append(
            Chart(
                kind="stacked_bar",
                categories=[AREA_NAMES[a].pick(lang) for a, _rows in areas],
                series=[
                    Series(
                        SEVERITY_NAMES[s].pick(lang),
                        [float(sum(f.severity == s for f in rows)) for _a, rows in areas],
                    )
                    for s in SEVERITIES
                ],
                caption=t("各方面评审发现（按风险等级）", "Findings by area and severity"),
                reading=_reading(record, lang),
            )
        )
    subsections = []
    for area, rows in record.by_area():
        name = AREA_NAMES[area].pick(lang)
        if not rows:
            body: list[Block] = [Paragraph(t("本方面无评审发现。", "No finding in this area."))]
        else:
            body = [
                Table(
                    caption=f"{name} · {t('评审发现', 'findings')}",
                    columns=[
                        Column(t("等级", "Severity"), width=0.7, tones=TONES),
                        Column(t("发现", "Finding"), width=3),
                        Column(t("风险", "Risk"), width=2.2),
                        Column(t("建议", "Recommendation"), width=2.6),
                        Column(t("评审人", "Reviewer"), width=0.9),
                    ],
                    rows=[
                        [
                            SEVERITY_NAMES[f.severity].pick(lang),
                            f.finding,
                            f.risk or "—",
                            f.recommendation,
                            f.author,
                        ]
                        for f in rows
                    ],
                    sheet_name=name,
                )
            ]
        subsections.append(Section(name, body))
    return Section(t("分方面评审发现", "Findings by area"), blocks, subsections)


def _reading(record: AssessmentRecord, lang: Language) -> str:
    areas = sorted(record.by_area(), key=lambda pair: -len(pair[1]))
    top, rows = areas[0]
    return pick(
        lang,
        f"评审发现最多的方面是{AREA_NAMES[top].zh}（{len(rows)} 项）。",
        f"Most findings concern {AREA_NAMES[top].en.lower()} ({len(rows)}).",
    )


def _risks(record: AssessmentRecord, lang: Language) -> Section:
    t = phrases(lang)
    risks = record.risks()
    if not risks:
        return Section(
            t("风险汇总", "Risk summary"),
            [Paragraph(t("评审未发现需要提示的风险。", "The review found no risk to report."))],
        )
    return Section(
        t("风险汇总", "Risk summary"),
        [
            Paragraph(
                t(
                    "下表按风险等级列出方案按原样实施时的风险，高风险项建议在实施前处理。",
                    "The risks of carrying out the proposal as it stands, most severe "
                    "first; high risks should be resolved before implementation.",
                )
            ),
            Table(
                caption=t("风险清单", "Risks"),
                columns=[
                    Column(t("序号", "No."), width=0.5),
                    Column(t("等级", "Severity"), width=0.7, tones=TONES),
                    Column(t("方面", "Area"), width=0.9),
                    Column(t("风险", "Risk"), width=4),
                ],
                rows=[
                    [
                        index,
                        SEVERITY_NAMES[f.severity].pick(lang),
                        AREA_NAMES[f.area].pick(lang),
                        f.risk,
                    ]
                    for index, f in enumerate(risks, start=1)
                ],
                sheet_name=t("风险", "Risks"),
            ),
        ],
    )


def _recommendations(record: AssessmentRecord, lang: Language) -> Section:
    t = phrases(lang)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    ordered = sorted(record.findings, key=lambda f: rank.get(f.severity, 99))
    items = [
        f"[{AREA_NAMES[f.area].pick(lang)} · {SEVERITY_NAMES[f.severity].pick(lang)}] "
        f"{f.recommendation.strip()}"
        for f in ordered
        if f.recommendation.strip()
    ]
    if not items:
        return Section(t("改进建议", "Recommendations"), [Paragraph(t("无。", "None."))])
    return Section(t("改进建议", "Recommendations"), [BulletList(items, ordered=True)])


# --- the workshop minutes -------------------------------------------------------------------


def build_minutes_document(record: MinutesRecord, language: str) -> Document:
    """The technology workshop minutes as the engine's document, in zh or en."""
    lang = language_of(language)
    t = phrases(lang)
    period = _when(record.starts)[:10] if record.starts else record.day.isoformat()
    meta = report_meta(
        customer=record.customer.pick(lang),
        title=MINUTES_TITLE,
        period=period,
        version=record.version,
        author=record.author,
        reviewer=record.reviewer,
        day=record.day,
        language=lang,
    )
    where = record.place or "—"
    if record.online_link:
        where = f"{record.place} · {record.online_link}" if record.place else record.online_link
    overview: list[Block] = [
        KeyValue(
            [
                (t("研讨主题", "Topic"), record.topic),
                (t("开始", "Starts"), _when(record.starts)),
                (t("结束", "Ends"), _when(record.ends)),
                (t("地点 / 线上链接", "Place / online link"), where),
                (t("组织人", "Organised by"), record.organiser),
            ]
        )
    ]
    if record.description.strip():
        overview.append(
            Paragraph(t("客户关注的问题：", "What the customer asked about:"), "emphasis")
        )
        overview += _paragraphs(record.description)
    sides = []
    for side in ("vendor", "customer"):
        rows = [[a.name, a.title or "—"] for a in record.attendees if a.side == side]
        caption = t(f"{SIDES[side].zh}参会人员", f"{SIDES[side].en} attendees")
        if rows:
            sides.append(
                Table(
                    caption=caption,
                    columns=[
                        Column(t("姓名", "Name"), width=1.5),
                        Column(t("职务 / 团队", "Title / team"), width=2.5),
                    ],
                    rows=rows,
                    sheet_name=caption,
                )
            )
    follow_ups: list[Block] = (
        [
            Table(
                caption=t("后续行动", "Follow-ups"),
                columns=[
                    Column(t("序号", "No."), width=0.5),
                    Column(t("行动", "Action"), width=4),
                    Column(t("负责人", "Owner"), width=1.2),
                    Column(t("完成期限", "Due"), width=1),
                    Column(t("状态", "State"), width=0.8),
                ],
                rows=[
                    [
                        i,
                        f.text,
                        f.owner,
                        f.due,
                        t("已完成", "done") if f.done else t("进行中", "open"),
                    ]
                    for i, f in enumerate(record.follow_ups, start=1)
                ],
                sheet_name=t("后续行动", "Follow-ups"),
            )
        ]
        if record.follow_ups
        else [Paragraph(t("本次研讨未约定后续行动。", "No follow-up was agreed."))]
    )
    return Document(
        meta=meta,
        subtitle=record.topic,
        sections=[
            Section(t("研讨会概况", "The workshop"), overview),
            Section(
                t("参会人员", "Attendees"),
                [_people_table(record.experts, t("厂商专家", "Vendor experts"), lang), *sides]
                if record.experts
                else sides or [Paragraph(t("未记录参会人员。", "No attendee recorded."))],
            ),
            Section(
                t("研讨纪要", "Minutes"),
                _paragraphs(record.minutes) or [Paragraph(t("无。", "None."))],
            ),
            Section(t("后续行动", "Follow-ups"), follow_ups),
        ],
        appendix=[
            Section(
                t("说明", "Method"),
                [
                    Paragraph(
                        t(
                            "本纪要由专属L2专家根据研讨会现场记录整理，发言内容按原文记录；"
                            "后续行动的状态以发布时为准。",
                            "The dedicated L2 expert wrote these minutes from the notes taken "
                            "at the workshop, keeping what was said as written; follow-up "
                            "states are as of publication.",
                        )
                    )
                ],
            )
        ],
    )
