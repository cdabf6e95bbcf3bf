"""The onsite support record (现场技术支持记录), in zh and en.

shared/REPORTS.md names no outline for it; it follows the house style and the record
shape of the other engagement records: the visit and its purpose (who, where, when, from
which request); time on site, day by day, with the person-days the contract counts;
the work done; follow-ups; the person-day quota after this visit (and an admin's
over-quota approval where there was one); appendix: how person-days are counted and
where the figures come from.

Built from :class:`netcare.onsite.summary.VisitRecord` without Django, so the service,
a test and a benchmark write the same document.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from netcare.reports.engine import (
    BulletList,
    CellValue,
    Column,
    Document,
    KeyValue,
    Language,
    Paragraph,
    Section,
    Table,
    render,
)
from netcare.reports.wording import language_of, phrases, report_meta

from .summary import VisitRecord

__all__ = ["TITLE", "build_visit_record_document", "write_visit_record"]

TITLE = {"zh": "现场技术支持记录", "en": "Onsite support record"}


def _days(value: Decimal, lang: Language) -> str:
    # One decimal always: the ledger's sum of 1.0 + 1.0 may come back as 2.
    return f"{value:.1f} 人天" if lang == "zh" else f"{value:.1f} person-days"


def _paragraphs(text: str, fallback: str) -> list[Paragraph]:
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return [Paragraph(p) for p in parts] or [Paragraph(fallback, style="note")]


def build_visit_record_document(record: VisitRecord, language: str) -> Document:
    """The record of one onsite visit as the engine's document."""
    lang = language_of(language)
    t = phrases(lang)
    r = record
    customer = r.customer_name_en if lang == "en" and r.customer_name_en else r.customer_name
    period = (
        r.first_day.isoformat()
        if r.first_day == r.last_day
        else f"{r.first_day.isoformat()} – {r.last_day.isoformat()}"
    )
    visit_pairs: list[tuple[str, CellValue]] = [
        (t("客户", "Customer"), customer),
        (t("编号", "Visit"), f"#{r.number}"),
        (t("事项", "Subject"), r.title),
        (t("现场工程师", "Field engineer"), r.engineer),
        (t("派遣人", "Dispatched by"), r.dispatched_by),
        (t("地点", "Site"), r.site or t("客户现场", "the customer's premises")),
        (t("计划日期", "Planned date"), r.planned_date),
        (t("实际日期", "Dates on site"), period),
        (t("来源申请", "From request"), r.request or t("直接派遣", "dispatched directly")),
    ]
    counted = sum((d.counted_hours for d in r.days), Decimal(0))
    rows: list[list[CellValue]] = [
        [d.date, d.hours_onsite, d.hours_travel, d.counted_hours, d.person_days, d.note or "—"]
        for d in r.days
    ]
    rows.append(
        [
            t("合计", "Total"),
            sum((d.hours_onsite for d in r.days), Decimal(0)),
            sum((d.hours_travel for d in r.days), Decimal(0)),
            counted,
            r.person_days,
            "",
        ]
    )
    time_table = Table(
        caption=t("现场工时与人天", "Time on site and person-days"),
        columns=[
            Column(t("日期", "Date"), width=1.1),
            Column(t("现场小时", "Hours on site"), width=0.9, number_format="0.0"),
            Column(t("在途小时", "Hours travelling"), width=0.9, number_format="0.0"),
            Column(t("计入小时", "Hours counted"), width=0.9, number_format="0.0"),
            Column(t("人天", "Person-days"), width=0.8, number_format="0.0"),
            Column(t("说明", "Note"), width=2.2),
        ],
        rows=rows,
        sheet_name=t("工时", "Time"),
    )
    follow_ups = (
        [BulletList(r.follow_ups)]
        if r.follow_ups
        else [Paragraph(t("本次现场支持无遗留事项。", "Nothing is left open from this visit."))]
    )
    sections = [
        Section(
            t("支持事项与目的", "Visit and purpose"),
            [KeyValue(visit_pairs), Paragraph(r.purpose)],
        ),
        Section(
            t("现场工时", "Time on site"),
            [
                time_table,
                Paragraph(
                    t(
                        f"本次现场支持共计 {_days(r.person_days, lang)}。",
                        f"This visit used {_days(r.person_days, lang)} in total.",
                    ),
                    style="emphasis",
                ),
            ],
        ),
        Section(
            t("工作内容与结果", "Work done and results"),
            _paragraphs(r.work_done, t("未填写工作内容。", "No work description was given.")),
        ),
        Section(t("遗留事项与后续建议", "Follow-ups"), follow_ups),
        Section(t("现场支持人天额度", "Onsite person-day quota"), _quota_blocks(r, lang)),
    ]
    method = BulletList(
        [
            t(
                "现场及在途每 8 小时计 1 人天，按每日登记分别计算，不足半天按半天计。",
                "Every 8 hours on site or travelling make one person-day, counted per "
                "logged day and rounded up to the next half day.",
            ),
            t(
                "在途时间是否计入以合同约定为准（见“现场支持人天额度”）。",
                "Whether travel counts is the contract's term (see the quota section).",
            ),
            t(
                "工时由现场工程师登记；人天记入合同的配额台账，本记录中的额度数字均取自该台账。",
                "Hours are logged by the field engineer and booked on the contract's quota "
                "ledger; every quota figure in this record comes from that ledger.",
            ),
        ]
    )
    meta = report_meta(
        customer, TITLE[lang], period, r.version, r.author, r.reviewer, r.issued, lang
    )
    return Document(
        meta=meta,
        sections=sections,
        appendix=[Section(t("计算方法与数据来源", "Method and data sources"), [method])],
        subtitle=r.title,
    )


def _quota_blocks(r: VisitRecord, lang: Language) -> list[KeyValue | Paragraph | Table]:
    t = phrases(lang)
    q = r.quota
    if q is None:
        return [Paragraph(t("合同未约定现场支持人天额度。", "The contract sets no onsite quota."))]
    blocks: list[KeyValue | Paragraph | Table] = [
        KeyValue(
            [
                (t("合同", "Contract"), q.contract),
                (
                    t("合同年度", "Contract year"),
                    f"{q.year} ({q.period_start.isoformat()} – {q.period_end.isoformat()})",
                ),
                (t("年度额度", "Quota for the year"), _days(q.quota, lang)),
                (t("已使用（含本次）", "Used (this visit included)"), _days(q.used, lang)),
                (t("剩余", "Left"), _days(q.left, lang)),
                (
                    t("在途时间", "Travel"),
                    t("计入额度", "counts against the quota")
                    if q.travel_included
                    else t("不计入额度", "does not count"),
                ),
            ]
        )
    ]
    if r.other_visits:
        blocks.append(
            Table(
                caption=t("本合同年度各次使用", "Use in this contract year"),
                columns=[
                    Column(t("事项", "What"), width=4.0),
                    Column(t("人天", "Person-days"), width=1.0, number_format="0.0"),
                ],
                rows=[[name, days] for name, days in r.other_visits],
                sheet_name=t("额度使用", "Quota use"),
            )
        )
    if q.left < 1:
        blocks.append(
            Paragraph(
                t(
                    f"本年度剩余额度不足 1 人天（剩余 {q.left:.1f}）。"
                    "如需更多现场支持，请与专属专家沟通。",
                    f"Less than one person-day is left this year ({q.left:.1f}). Please talk to "
                    "your dedicated expert before asking for more onsite support.",
                ),
                style="emphasis",
            )
        )
    if r.approval is not None:
        who, note = r.approval
        blocks.append(
            Paragraph(
                t(
                    f"本次超出年度额度的人天已由管理员 {who} 批准：{note}",
                    f"The days over the year's quota were approved by {who} (admin): {note}",
                )
            )
        )
    return blocks


def write_visit_record(record: VisitRecord, path: Path, language: str) -> Path:
    """Write the record; the suffix (.docx, .pdf, .html, .xlsx) decides the format."""
    formats = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".xlsx": "xlsx"}
    fmt = formats.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf, .html or .xlsx file name")
    document = build_visit_record_document(record, language)
    return render(document, fmt, Path(path))  # type: ignore[arg-type]
