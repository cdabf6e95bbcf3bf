"""The change-assurance record (变更保障记录) and the critical-period assurance record
(关键时刻保障记录), built from ``summary`` records and rendered by the report engine.

Outlines (shared/REPORTS.md): change — purpose and scope; plan reviewed by whom,
decisions and conditions; window and roster; timeline of the change; outcome and
verification; follow-ups. Critical period — event and period; scope; pre-period checks
and results; roster; events during the period; post-period summary and follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from netcare.assurance.summary import ChangeRecord, CheckRow, EventRow, PeriodRecord, RosterRow
from netcare.reports.engine import (
    Block,
    BulletList,
    CellValue,
    Column,
    Document,
    Format,
    KeyValue,
    Language,
    Meta,
    Paragraph,
    Section,
    Table,
    render,
)
from netcare.reports.wording import pick

SUFFIXES: dict[str, Format] = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".xlsx": "xlsx"}


def _lang(language: str) -> Language:
    return "en" if language == "en" else "zh"


def _t(lang: Language) -> Callable[[str, str], str]:
    return lambda zh, en: pick(lang, zh, en)


def _text(value: str) -> str:
    return value.strip() or "—"


def _paragraphs(text: str, empty: str) -> list[Block]:
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    return [Paragraph(p) for p in parts] or [Paragraph(empty)]


def _meta(
    customer: str, title: str, period: str, author: str, reviewer: str, day: object, lang: Language
) -> Meta:
    return Meta(
        customer=customer,
        report_title=title,
        period=period,
        version="1.0",
        author=author or "NetCare",
        reviewer=reviewer or author or "NetCare",
        date=day,  # type: ignore[arg-type]
        language=lang,
    )


def _roster_table(rows: Sequence[RosterRow], lang: Language, *, days: bool = False) -> Table:
    t = _t(lang)
    columns = [
        Column(t("人员", "Who"), width=1.2),
        Column(t("方式", "Mode"), width=0.8),
        Column(t("开始", "From"), width=1.3),
        Column(t("结束", "To"), width=1.3),
        Column(t("职责", "Duty"), width=2.0),
    ]
    if days:
        columns.append(Column(t("人天", "Person-days"), width=0.8))
    body = [
        [
            r.person,
            r.mode,
            r.starts,
            r.ends,
            _text(r.duty),
            *([_text(r.person_days)] if days else []),
        ]
        for r in rows
    ]
    empty = [t("（未排班）", "(no roster)"), "—", "—", "—", "—", *(["—"] if days else [])]
    return Table(caption=t("保障值守表", "Assurance roster"), columns=columns, rows=body or [empty])


def _events_table(rows: Sequence[EventRow], lang: Language, caption: str) -> Table:
    t = _t(lang)
    body = [[r.at, r.text, r.author] for r in rows] or [
        ["—", t("（无记录）", "(nothing logged)"), "—"]
    ]
    return Table(
        caption=caption,
        columns=[
            Column(t("时间", "Time"), width=1.3),
            Column(t("事件", "What happened"), width=4.0),
            Column(t("记录人", "Logged by"), width=1.0),
        ],
        rows=body,
    )


def build_change_document(r: ChangeRecord, language: str) -> Document:
    """The change-assurance record in "zh" or "en"."""
    lang = _lang(language)
    t = _t(lang)
    scope = Section(
        t("变更目的与范围", "Change purpose and scope"),
        [
            KeyValue(
                [
                    (t("变更", "Change"), r.title),
                    (t("服务请求", "Request"), _text(r.request)),
                    (t("变更窗口", "Window"), r.window),
                    (t("涉及设备", "Devices"), _text(", ".join(r.devices))),
                    (t("变更方案文档", "Plan document"), _text(r.plan_name)),
                ]
            ),
            *_paragraphs(r.purpose, "—"),
            Paragraph(t("变更步骤：", "Steps:")),
            *_paragraphs(r.steps, "—"),
            Paragraph(t("回退方案：", "Rollback:")),
            *_paragraphs(r.rollback, "—"),
        ],
    )
    review_rows: list[list[CellValue]] = [
        [
            x.reviewer,
            x.speciality,
            x.round,
            x.decision,
            _text(x.conditions),
            _text(x.comments),
            x.decided,
        ]
        for x in r.reviews
    ] or [[t("（未指定）", "(none named)"), "—", 1, "—", "—", "—", "—"]]
    review = Section(
        t("方案审核", "Plan review"),
        [
            Table(
                caption=t("审核人与审核意见", "Reviewers and decisions"),
                columns=[
                    Column(t("审核人", "Reviewer"), width=1.1),
                    Column(t("角色", "Role"), width=1.2),
                    Column(t("轮次", "Round"), width=0.5),
                    Column(t("结论", "Decision"), width=1.1),
                    Column(t("条件", "Conditions"), width=1.6),
                    Column(t("意见", "Comments"), width=1.8),
                    Column(t("时间", "Decided"), width=1.1),
                ],
                rows=review_rows,
            ),
            Paragraph(t("通过条件：", "Conditions of approval:")),
            BulletList(r.conditions) if r.conditions else Paragraph(t("无", "None")),
        ],
    )
    roster = Section(
        t("保障窗口与值守安排", "Window and roster"),
        [
            Paragraph(t(f"变更窗口：{r.window}", f"Window: {r.window}")),
            _roster_table(r.roster, lang),
        ],
    )
    timeline = Section(
        t("变更过程记录", "Timeline of the change"),
        [_events_table(r.events, lang, t("变更过程", "Events during the change"))],
    )
    hardening: list[Block] = []
    if r.hardening:
        heading = t("随变更实施的加固步骤：", "Hardening steps applied with the change:")
        hardening = [Paragraph(heading), BulletList(r.hardening)]
    outcome = Section(
        t("变更结果与验证", "Outcome and verification"),
        [
            KeyValue([(t("结果", "Outcome"), r.outcome)]),
            *_paragraphs(r.verification, t("（未记录验证）", "(no verification recorded)")),
            *hardening,
        ],
    )
    follow = Section(t("后续事项", "Follow-ups"), _paragraphs(r.follow_ups, t("无", "None")))
    method = Section(
        t("方法与数据来源", "Method and data sources"),
        [
            Paragraph(
                t(
                    "本记录由 NetCare 依据变更申请、审核人意见、值守安排与变更过程记录生成；"
                    "全部必需审核人通过（有条件通过视为通过）后方案方可实施。",
                    "Built by NetCare from the change request, the reviewers' decisions, the "
                    "roster and the log kept during the change; a plan runs only once every "
                    "required reviewer approved (approval with conditions counts).",
                )
            )
        ],
    )
    return Document(
        meta=_meta(
            r.customer,
            t("变更保障记录", "Change assurance record"),
            r.window,
            r.author,
            r.reviewer,
            r.day,
            lang,
        ),
        sections=[scope, review, roster, timeline, outcome, follow],
        appendix=[method],
        subtitle=r.title,
    )


def _checks_table(rows: Sequence[CheckRow], lang: Language, caption: str) -> Table:
    t = _t(lang)
    yes, no = t("已完成", "done"), t("未完成", "open")
    body = [[c.text, yes if c.done else no, c.by, c.at, _text(c.note)] for c in rows]
    return Table(
        caption=caption,
        columns=[
            Column(t("检查项", "Item"), width=2.8),
            Column(t("状态", "State"), width=0.8),
            Column(t("执行人", "By"), width=0.9),
            Column(t("时间", "When"), width=1.2),
            Column(t("结果", "Result"), width=1.6),
        ],
        rows=body or [["—", "—", "—", "—", "—"]],
    )


def build_period_document(r: PeriodRecord, language: str) -> Document:
    """The critical-period assurance record in "zh" or "en"."""
    lang = _lang(language)
    t = _t(lang)
    phase_rows = {p: [c for c in r.checks if c.phase == p] for p in {c.phase for c in r.checks}}
    before = phase_rows.get(t("事前", "before"), [])
    during = phase_rows.get(t("事中", "during"), [])
    after = phase_rows.get(t("事后", "after"), [])
    sections = [
        Section(
            t("保障事件与时段", "Event and period"),
            [
                KeyValue([(t("事件", "Event"), r.title), (t("时段", "Period"), r.window)]),
                *_paragraphs(r.event, "—"),
            ],
        ),
        Section(
            t("保障范围", "Scope"),
            [
                KeyValue(
                    [
                        (t("站点", "Sites"), _text(", ".join(r.sites))),
                        (t("设备", "Devices"), _text(", ".join(r.devices))),
                    ]
                )
            ],
        ),
        Section(
            t("事前检查及结果", "Pre-period checks and results"),
            [_checks_table(before, lang, t("事前检查", "Checks before the period"))],
        ),
        Section(
            t("值守安排", "Roster"),
            [
                _roster_table(r.roster, lang, days=True),
                Paragraph(
                    t(
                        f"现场人天合计：{r.person_days}",
                        f"On-site person-days in all: {r.person_days}",
                    )
                ),
            ],
        ),
        Section(
            t("保障期间事件", "Events during the period"),
            [
                _checks_table(during, lang, t("事中检查", "Checks during the period")),
                _events_table(r.events, lang, t("事件记录", "Events logged")),
            ],
        ),
        Section(
            t("事后总结与跟进", "Post-period summary and follow-ups"),
            [
                *_paragraphs(r.summary, "—"),
                Paragraph(t("遗留问题：", "Open issues:")),
                *_paragraphs(r.issues, t("无", "None")),
                Paragraph(t("后续跟进：", "Follow-ups:")),
                *_paragraphs(r.follow_ups, t("无", "None")),
                _checks_table(after, lang, t("事后检查", "Checks after the period")),
            ],
        ),
    ]
    method = Section(
        t("方法与数据来源", "Method and data sources"),
        [
            Paragraph(
                t(
                    "本记录由 NetCare 依据保障请求、事前/事中/事后检查单、值守安排与事件记录生成；"
                    "现场人天按每 8 小时（含在途）计 1 人天、以半天为单位计。",
                    "Built by NetCare from the request, the before/during/after checklists, "
                    "the roster and the events logged; on-site person-days count 8 hours "
                    "(travel included) as one day, in half days.",
                )
            )
        ],
    )
    return Document(
        meta=_meta(
            r.customer,
            t("关键时刻保障记录", "Critical-period assurance record"),
            r.window,
            r.author,
            r.reviewer,
            r.day,
            lang,
        ),
        sections=sections,
        appendix=[method],
        subtitle=r.title,
    )


def _format(path: Path) -> Format:
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf, .html or .xlsx file name")
    return fmt


def write_change_record(record: ChangeRecord, path: Path, language: str) -> Path:
    """Write the change-assurance record; the suffix decides the format."""
    return render(build_change_document(record, language), _format(path), Path(path))


def write_period_record(record: PeriodRecord, path: Path, language: str) -> Path:
    """Write the critical-period assurance record; the suffix decides the format."""
    return render(build_period_document(record, language), _format(path), Path(path))
