"""The satisfaction-results report (满意度调查结果) and the reviews' satisfaction section.

Outline from shared/REPORTS.md: response rate; CSAT per service item; NPS; comments
grouped by theme; actions — here with the return visits the scores also come from,
and, across customers, one row per customer. Word/PDF/Excel through
``netcare.reports.engine``; ``review_section`` gives the mid-term review and the final
summary their "Satisfaction" section (``delivery.reports.OPTIONAL_SECTIONS``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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
    Meta,
    Paragraph,
    Section,
    Series,
    Table,
    render,
)
from netcare.reports.wording import person, pick
from netcare.satisfaction.services.figures import ResultsRecord, gather

__all__ = ["build_results_document", "review_section", "write_results"]

TITLE = ("满意度调查结果", "Satisfaction results")
STAGES = {"mid_term": ("期中", "mid-term"), "final": ("期末", "end of term")}
CHANNELS = {
    "phone": ("电话", "phone"),
    "sms": ("短信", "SMS"),
    "wechat": ("微信", "WeChat"),
    "email": ("邮件", "e-mail"),
    "visit": ("现场拜访", "visit"),
}
#: Comments quoted per theme (the Excel sheet of the report lists them all).
QUOTED = 12


def _period(record: ResultsRecord, language: str) -> str:
    if record.start is None and record.end is None:
        return pick(language, "全部", "all time")
    low = f"{record.start:%Y-%m-%d}" if record.start else "…"
    high = f"{record.end:%Y-%m-%d}" if record.end else "…"
    return f"{low} – {high}"


def _rate_block(record: ResultsRecord, language: str) -> KeyValue:
    f = record.figures
    return KeyValue(
        [
            (pick(language, "调查次数", "Surveys sent"), record.surveys),
            (pick(language, "受邀人数", "People invited"), f.invited),
            (pick(language, "回复份数", "Responses"), f.responded),
            (pick(language, "回复率（%）", "Response rate (%)"), f.rate),
            (pick(language, "回访次数", "Return visits"), len(record.visits)),
        ]
    )


def _csat_table(record: ResultsRecord, language: str) -> Table:
    rows: list[list[CellValue]] = [
        [record.item_name(c.item, language), c.answers, c.satisfied, c.share, c.mean]
        for c in record.figures.items
    ]
    overall = record.figures.overall
    rows.append(
        [
            pick(language, "全部项目", "All items"),
            overall.answers,
            overall.satisfied,
            overall.share,
            overall.mean,
        ]
    )
    return Table(
        pick(language, "各服务项目满意度（CSAT）", "CSAT per service item"),
        [
            Column(pick(language, "服务项目", "Service item"), 4),
            Column(pick(language, "评分数", "Scores"), 1, "0"),
            Column(pick(language, "满意（4–5分）", "Satisfied (4–5)"), 1.4, "0"),
            Column("CSAT（%）" if language == "zh" else "CSAT (%)", 1.2, "0.0"),
            Column(pick(language, "平均分", "Mean score"), 1.2, "0.00"),
        ],
        rows,
        sheet_name="CSAT",
    )


def _csat_chart(record: ResultsRecord, language: str) -> Chart | None:
    measured = [c for c in record.figures.items if c.share is not None]
    if not measured:
        return None
    lowest = min(measured, key=lambda c: (c.share or 0, c.item))
    return Chart(
        "bar",
        [record.item_name(c.item, language) for c in measured],
        [Series("CSAT %", [float(c.share or 0) for c in measured])],
        pick(language, "各服务项目 CSAT", "CSAT per service item"),
        pick(
            language,
            f"满意度最低的项目为“{record.item_name(lowest.item, 'zh')}”（{lowest.share}%）。",
            f"The least satisfied item is {record.item_name(lowest.item, 'en')} ({lowest.share}%).",
        ),
        y_label="%",
    )


def _nps_block(record: ResultsRecord, language: str) -> KeyValue:
    n = record.figures.nps
    return KeyValue(
        [
            (pick(language, "回答人数", "Answers"), n.answers),
            (pick(language, "推荐者（9–10分）", "Promoters (9–10)"), n.promoters),
            (pick(language, "中立者（7–8分）", "Passives (7–8)"), n.passives),
            (pick(language, "贬损者（0–6分）", "Detractors (0–6)"), n.detractors),
            ("NPS", n.score),
        ]
    )


def _themes(record: ResultsRecord, language: str) -> list[Section]:
    sections = []
    for group in record.figures.themes:
        quoted = group.comments[:QUOTED]
        blocks: list[Block] = [BulletList([c.replace("\n", " ") for c in quoted])]
        if len(group.comments) > QUOTED:
            blocks.append(
                Paragraph(
                    pick(
                        language,
                        f"另有 {len(group.comments) - QUOTED} 条意见，见 Excel 版。",
                        f"{len(group.comments) - QUOTED} more in the Excel version.",
                    ),
                    style="note",
                )
            )
        title = f"{group.theme.name(language)} ({len(group.comments)})"
        sections.append(Section(title, blocks))
    return sections


def _visits_table(record: ResultsRecord, language: str) -> Table:
    rows: list[list[CellValue]] = [
        [
            v.customer,
            v.visited_on,
            pick(language, *STAGES.get(v.stage, (v.stage, v.stage))),
            pick(language, *CHANNELS.get(v.channel, (v.channel, v.channel))),
            v.met or "—",
            v.overall,
        ]
        for v in record.visits
    ]
    return Table(
        pick(language, "回访记录", "Return visits"),
        [
            Column(pick(language, "客户", "Customer"), 1),
            Column(pick(language, "日期", "Date"), 1.2),
            Column(pick(language, "阶段", "Stage"), 1),
            Column(pick(language, "方式", "Channel"), 1),
            Column(pick(language, "会见", "People met"), 3),
            Column(pick(language, "总体评分", "Overall"), 1, "0"),
        ],
        rows,
        sheet_name=pick(language, "回访", "Visits"),
    )


def _actions_table(record: ResultsRecord, language: str) -> Table:
    rows: list[list[CellValue]] = [[a.customer, a.text, a.owner, a.due] for a in record.actions]
    return Table(
        pick(language, "改进行动", "Actions"),
        [
            Column(pick(language, "客户", "Customer"), 1),
            Column(pick(language, "行动", "Action"), 5),
            Column(pick(language, "负责人", "Owner"), 1.5),
            Column(pick(language, "完成期限", "Due"), 1.2),
        ],
        rows,
        sheet_name=pick(language, "行动", "Actions"),
    )


def _per_customer(record: ResultsRecord, language: str) -> Table:
    rows: list[list[CellValue]] = [
        [
            c.code,
            c.name_en if language == "en" else c.name_zh,
            c.figures.responded,
            c.figures.rate,
            c.figures.overall.share,
            c.figures.nps.score,
        ]
        for c in record.per_customer
    ]
    return Table(
        pick(language, "各客户满意度", "Satisfaction per customer"),
        [
            Column(pick(language, "代码", "Code"), 1),
            Column(pick(language, "客户", "Customer"), 3),
            Column(pick(language, "回复份数", "Responses"), 1, "0"),
            Column(pick(language, "回复率（%）", "Response rate (%)"), 1.2, "0.0"),
            Column("CSAT（%）" if language == "zh" else "CSAT (%)", 1, "0.0"),
            Column("NPS", 1, "0.0"),
        ],
        rows,
        sheet_name=pick(language, "客户", "Customers"),
    )


def _all_comments(record: ResultsRecord, language: str) -> Table:
    rows: list[list[CellValue]] = [
        [group.theme.name(language), comment]
        for group in record.figures.themes
        for comment in group.comments
    ]
    return Table(
        pick(language, "全部意见", "All comments"),
        [
            Column(pick(language, "主题", "Theme"), 1.5),
            Column(pick(language, "意见", "Comment"), 6),
        ],
        rows,
        sheet_name=pick(language, "意见", "Comments"),
    )


def _nothing(language: str) -> Paragraph:
    return Paragraph(
        pick(language, "本期尚无记录。", "Nothing recorded for this period."), style="note"
    )


def build_results_document(
    record: ResultsRecord, language: str, *, author: Any = None, reviewer: Any = None
) -> Document:
    """The satisfaction-results report in "zh" or "en"."""
    lang: Language = "en" if language == "en" else "zh"
    if len(record.customers) == 1:
        customer = record.customers[0]
        who = (customer.name_en or customer.name_zh) if lang == "en" else customer.name_zh
    else:
        who = pick(
            lang, f"全部客户（{len(record.customers)}）", f"All customers ({len(record.customers)})"
        )
    meta = Meta(
        customer=who,
        report_title=pick(lang, *TITLE),
        period=_period(record, lang),
        version="1.0",
        author=person(author),
        reviewer=person(reviewer),
        date=record.end or dt.date.today(),
        language=lang,
    )
    f = record.figures
    summary = pick(
        lang,
        f"本期共发出 {record.surveys} 份调查，回复 {f.responded} 份"
        + (f"（回复率 {f.rate}%）" if f.rate is not None else "")
        + f"；记录回访 {len(record.visits)} 次。"
        + (f"总体 CSAT {f.overall.share}%" if f.overall.share is not None else "")
        + (f"，NPS {f.nps.score}。" if f.nps.score is not None else "。"),
        f"{record.surveys} surveys sent, {f.responded} responses"
        + (f" (response rate {f.rate}%)" if f.rate is not None else "")
        + f"; {len(record.visits)} return visits recorded."
        + (f" Overall CSAT {f.overall.share}%" if f.overall.share is not None else "")
        + (f", NPS {f.nps.score}." if f.nps.score is not None else "."),
    )
    csat_blocks: list[Block] = [_csat_table(record, lang)]
    chart = _csat_chart(record, lang)
    if chart is not None:
        csat_blocks.append(chart)
    sections = [
        Section(
            pick(lang, "回复率", "Response rate"), [Paragraph(summary), _rate_block(record, lang)]
        ),
        Section(pick(lang, "各服务项目满意度（CSAT）", "CSAT per service item"), csat_blocks),
        Section(
            pick(lang, "净推荐值（NPS）", "Net promoter score (NPS)"),
            [_nps_block(record, lang)] if f.nps.answers else [_nothing(lang)],
        ),
        Section(
            pick(lang, "意见分类", "Comments by theme"),
            [] if f.themes else [_nothing(lang)],
            _themes(record, lang),
        ),
        Section(
            pick(lang, "回访与改进行动", "Return visits and actions"),
            [_visits_table(record, lang), _actions_table(record, lang)],
        ),
    ]
    if record.per_customer:
        sections.insert(
            1, Section(pick(lang, "各客户", "Per customer"), [_per_customer(record, lang)])
        )
    appendix = [
        Section(
            pick(lang, "方法与数据来源", "Method and data sources"),
            [
                BulletList(
                    [
                        pick(
                            lang,
                            "CSAT：某项目 4–5 分评分占全部 1–5 分评分的比例；"
                            "评分来自调查回答和回访记录。",
                            "CSAT: the share of an item's 1–5 scores that are 4 or 5; scores "
                            "come from survey answers and return-visit records.",
                        ),
                        pick(
                            lang,
                            "NPS：推荐者（9–10 分）比例减贬损者（0–6 分）比例，范围 −100 至 +100。",
                            "NPS: % promoters (9–10) minus % detractors (0–6), from −100 to +100.",
                        ),
                        pick(
                            lang,
                            "回复率：回复份数 ÷ 受邀人数（含门户中直接作答的客户用户）。",
                            "Response rate: responses over people invited (customer users "
                            "answering in the portal included).",
                        ),
                        pick(
                            lang,
                            "意见按关键词归入主题，一条意见可属于多个主题；未命中任何主题的归入“其他”。",
                            "Comments join themes by keyword, possibly several; the rest go "
                            "under Other.",
                        ),
                    ]
                ),
                _all_comments(record, lang),
            ],
        )
    ]
    return Document(meta=meta, sections=sections, appendix=appendix)


def write_results(record: ResultsRecord, path: Path, language: str, fmt: Format) -> Path:
    """Render the results report (``fmt``: docx, pdf, xlsx or html) to ``path``."""
    return render(build_results_document(record, language), fmt, path)


def review_section(contract: Any, start: dt.date, end: dt.date, language: str) -> Section | None:
    """The "Satisfaction" section of the mid-term review / final summary of ``contract``
    from ``start`` to ``end``; None when nothing was measured (the review says so)."""
    record = gather([contract.customer], start=start, end=end)
    if not record.measured:
        return None
    lang = "en" if language == "en" else "zh"
    f = record.figures
    pairs: list[tuple[str, CellValue]] = [
        (pick(lang, "回复份数", "Survey responses"), f.responded),
        (pick(lang, "回复率（%）", "Response rate (%)"), f.rate),
        (pick(lang, "总体 CSAT（%）", "Overall CSAT (%)"), f.overall.share),
        (pick(lang, "平均分", "Mean score"), f.overall.mean),
        ("NPS", f.nps.score),
        (pick(lang, "回访次数", "Return visits"), len(record.visits)),
    ]
    blocks: list[Block] = [KeyValue(pairs), _csat_table(record, lang)]
    if f.themes:
        blocks.append(
            BulletList(
                [
                    f"{g.theme.name(lang)} ({len(g.comments)}): {g.comments[0][:120]}"
                    for g in f.themes
                ]
            )
        )
    if record.actions:
        blocks.append(_actions_table(record, lang))
    return Section(pick(lang, "客户满意度", "Satisfaction"), blocks)
