"""The problem-management report (问题管理报告), its ticket workbook, and the daily
progress report (问题处理日报) with the e-mail that carries it.

Outlines from shared/REPORTS.md. Problem-management report: scope and period (and any
agreed change of scope); ticket statistics by severity, product, category and root
cause, with charts; time to resolve; closed tickets, one row each with root cause and
advice; recurring problems and their common cause; open tickets with status, progress,
next step and owner; important tickets and escalations; maintenance advice to prevent
recurrence; the trend across quarters; appendix on method and data sources. Daily
progress report: ticket and severity; business impact; what happened since yesterday;
current status; next steps and who; expected time to resolve; resources engaged (HQ,
R&D); contact for questions.

Built only from :mod:`netcare.problems.summary` records and without Django, as the
lifecycle and inspection reports are, so the app's task and a test write the same
documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from netcare.core.text import Text
from netcare.problems.review import review_section  # noqa: F401 (the review's section)
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
from netcare.reports.wording import language_of, phrases, report_meta, vocabulary

from .summary import (
    RECURRENCE_KIND_NAMES,
    ROOT_CAUSE_NAMES,
    ROOT_CAUSES,
    SEVERITIES,
    SEVERITY_NAMES,
    STATUS_NAMES,
    STATUSES,
    DailyReport,
    DataSource,
    ProblemReview,
    StatsBlock,
    TicketRow,
    Wording,
    derive_advice,
    say,
)

__all__ = [
    "MAX_TREND_QUARTERS",
    "TONES",
    "build_daily_report_document",
    "build_problem_review_document",
    "daily_report_email",
    "write_daily_report",
    "write_problem_review",
    "write_problem_review_xlsx",
]

YES, NO = Text("是", "Yes"), Text("否", "No")
NOT_DETERMINED = Text("尚未确定", "Not determined yet")
# What the daily report and its e-mail say where the team has nothing to report yet.
IMPACT_PENDING = Text("业务影响评估中。", "The business impact is being assessed.")
NOTHING_NEW = Text("自上一期日报以来没有新的进展。", "Nothing new since the last report.")
STEPS_PENDING = Text("下一步计划待定。", "Next steps are to be decided.")
RESOLUTION_UNKNOWN = Text(
    "尚无法预计，将在下一期日报中更新。", "Not yet known; the next report will say."
)
NOT_ESCALATED = Text(
    "由专属L2专家处理，暂未升级总部。", "Handled by the dedicated L2 expert; not escalated."
)
_WORD_TONES: list[tuple[Mapping[str, Text], Mapping[str, Tone]]] = [
    (SEVERITY_NAMES, {"critical": "critical", "major": "high", "minor": "medium", "info": "info"}),
    (STATUS_NAMES, {"open": "high", "in_progress": "medium", "waiting": "medium"}),
    (STATUS_NAMES, {"resolved": "ok", "closed": "ok"}),
]
#: Cell colouring for the severity and status words these reports write (both languages).
#: Our "严重" is a major ticket (high), not the engine's critical advisory severity.
TONES: Mapping[str, Tone] = {
    word: tone
    for names, tones in _WORD_TONES
    for key, tone in tones.items()
    for word in (names[key].zh, names[key].en)
}
#: The trend shows this quarter and up to four before it: the same quarter a year ago
#: is the fair comparison for seasonal networks (year-end closing, holidays).
MAX_TREND_QUARTERS = 5
#: The time-to-resolve section lists this many of the longest-running closed tickets.
LONGEST_SHOWN = 5
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_SUFFIX_FORMATS: Mapping[str, Format] = {".docx": "docx", ".pdf": "pdf", ".html": "html"}


# --- words -----------------------------------------------------------------------------


def _join(items: Sequence[str], lang: Language) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _paragraphs(text: str) -> list[Block]:
    """A text someone typed, one paragraph per blank-line-separated part."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [Paragraph(p) for p in parts]


def _said(wording: Wording, lang: Language) -> str:
    """A wording in the language, or a dash when there is none."""
    return say(wording, lang).strip() or "—"


def _tickets(n: int, lang: Language) -> str:
    """ "3 单" / "3 tickets"."""
    return f"{n} 单" if lang == "zh" else f"{n} {'ticket' if n == 1 else 'tickets'}"


def _hours(value: float | None, lang: Language) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} 小时" if lang == "zh" else f"{value:.1f} h"


def _when(value: datetime | date | None) -> str:
    """A moment as the reports print it: its own wall-clock time, minutes at most."""
    if value is None:
        return "—"
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()


def _device(ticket: TicketRow, lang: Language) -> str:
    if ticket.hostname and ticket.model:
        brackets = "（{}）" if lang == "zh" else " ({})"
        return ticket.hostname + brackets.format(ticket.model)
    return ticket.hostname or ticket.model or "—"


def _share(n: int, total: int) -> float:
    return n / total if total else 0.0


def _by_severity(tickets: Sequence[TicketRow]) -> list[TicketRow]:
    """Most severe first, then the oldest first."""
    return sorted(
        tickets, key=lambda t: (_SEVERITY_RANK.get(t.severity, len(SEVERITIES)), t.opened)
    )


def _ordered(counts: Mapping[str, int], order: Sequence[str]) -> list[tuple[str, int]]:
    """Counts in vocabulary order (keys outside it after, most frequent first), zeros
    left out."""
    known = [(k, counts[k]) for k in order if counts.get(k)]
    rest = sorted(
        ((k, n) for k, n in counts.items() if k not in order and n), key=lambda x: (-x[1], x[0])
    )
    return known + rest


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(((k, n) for k, n in counts.items() if n), key=lambda x: (-x[1], x[0]))


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
        rows=[[s.name, _said(s.description, lang), s.as_of, s.records] for s in sources],
        sheet_name=t("数据来源", "Sources"),
    )


# --- the problem-management report ---------------------------------------------------------


def build_problem_review_document(
    review: ProblemReview, language: str, *, workbook: bool = False
) -> Document:
    """The problem-management report as the engine's document, in "zh" or "en".

    ``workbook=True`` lays it out for Excel: a first sheet with every ticket and every
    column (the Word tables each show the columns their section needs), then the
    report's own tables; charts are drawn only in Word, PDF and HTML.
    """
    lang = language_of(language)
    t = phrases(lang)
    r = review
    sections = [
        _scope(r, lang),
        _statistics(r, lang),
        _time_to_resolve(r, lang),
        _closed(r, lang),
        _recurrences(r, lang),
        _open(r, lang),
        _important(r, lang),
        _advice(r, lang),
        _trend(r, lang),
    ]
    if workbook:
        sections.insert(0, _all_tickets(r, lang))
    period = (
        f"{r.quarter}（{r.period_start:%Y-%m-%d} 至 {r.period_end:%Y-%m-%d}）"
        if lang == "zh"
        else f"{r.quarter} ({r.period_start:%Y-%m-%d} to {r.period_end:%Y-%m-%d})"
    )
    meta = report_meta(
        r.customer_name,
        r.title or Text("问题管理报告", "Problem-management report"),
        period,
        r.version,
        r.author,
        r.reviewer,
        r.generated,
        lang,
    )
    return Document(
        meta=meta,
        sections=sections,
        appendix=[_method(r, lang)],
        subtitle=t(f"{r.quarter} 网上问题回顾", f"Live-network problems of {r.quarter}"),
    )


def _scope(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    carried = sum(1 for x in r.open if r.carried_from(x))
    important = len(r.important)
    intro = t(
        f"本报告回顾 {r.customer_name} {r.quarter}（{r.period_start:%Y-%m-%d} 至 "
        f"{r.period_end:%Y-%m-%d}）的全部网上问题：本期受理 {r.stats.total} 单，"
        f"期内解决或关闭 {len(r.closed)} 单，期末仍未关闭 {len(r.open)} 单"
        f"（其中 {carried} 单为以前季度遗留），重要问题 {important} 单，"
        f"升级总部 {len(r.escalations)} 单。",
        f"This report reviews every live-network problem of {r.customer_name} in "
        f"{r.quarter} ({r.period_start:%Y-%m-%d} to {r.period_end:%Y-%m-%d}): "
        f"{_tickets(r.stats.total, lang)} opened, {len(r.closed)} resolved or closed in the "
        f"period, {len(r.open)} still open at its end ({carried} carried over from earlier "
        f"quarters), {important} important, {len(r.escalations)} escalated to headquarters.",
    )
    customer = (
        f"{r.customer_name}（{r.customer_code}）"
        if lang == "zh"
        else f"{r.customer_name} ({r.customer_code})"
    )
    blocks: list[Block] = [
        Paragraph(intro, style="emphasis"),
        KeyValue(
            [
                (t("客户", "Customer"), customer),
                (t("季度", "Quarter"), r.quarter),
                (t("开始日期", "From"), r.period_start),
                (t("结束日期", "To"), r.period_end),
                (t("本期受理", "Opened in the period"), r.stats.total),
                (t("期内解决或关闭", "Resolved or closed"), len(r.closed)),
                (t("期末未关闭", "Open at the end"), len(r.open)),
                (t("以前季度遗留", "Carried over"), carried),
                (t("重要问题", "Important tickets"), important),
                (t("升级总部", "Escalated to headquarters"), len(r.escalations)),
            ],
            title=t("范围", "Scope"),
        ),
    ]
    if r.scope is None:
        blocks.append(
            Paragraph(
                t(
                    "本期按合同约定的范围与频次执行：每季度一次，覆盖该季度的全部问题单，"
                    "以及以前季度遗留、尚未关闭的问题单。",
                    "The review keeps the scope and cadence of the contract: once a quarter, "
                    "over all of that quarter's tickets and those carried over still open.",
                ),
                style="note",
            )
        )
    else:
        s = r.scope
        blocks.append(
            Paragraph(
                t(
                    f"约定的范围调整：{say(s.what, lang)}（客户方 {s.agreed_by} 于 "
                    f"{s.agreed_on:%Y-%m-%d} 确认）",
                    f"Agreed change of scope: {say(s.what, lang)} (agreed by {s.agreed_by} "
                    f"on {s.agreed_on:%Y-%m-%d})",
                ),
                style="emphasis",
            )
        )
    return Section(t("范围与周期", "Scope and period"), blocks)


def _count_table(
    caption: str,
    label: str,
    rows: Sequence[tuple[str, int]],
    total: int,
    sheet: str,
    lang: Language,
) -> Table:
    t = phrases(lang)
    return Table(
        caption=caption,
        columns=[
            Column(label, width=2.0, tones=TONES),
            Column(t("单数", "Tickets"), width=0.8, number_format="0"),
            Column(t("占比", "Share"), width=0.8, number_format="0.0%"),
        ],
        rows=[[name, n, _share(n, total)] for name, n in rows],
        sheet_name=sheet,
    )


def _count_chart(
    kind: str, rows: Sequence[tuple[str, int]], caption: str, reading: str, lang: Language
) -> Chart:
    t = phrases(lang)
    return Chart(
        kind="pie" if kind == "pie" else "bar",
        categories=[name for name, _ in rows],
        series=[Series(t("单数", "Tickets"), [float(n) for _, n in rows])],
        caption=caption,
        reading=reading,
        y_label="" if kind == "pie" else t("单", "tickets"),
    )


def _top(rows: Sequence[tuple[str, int]], total: int, lang: Language) -> str:
    """ "CE12800（5 单，42%）" of the most frequent row."""
    name, n = max(rows, key=lambda x: x[1])
    share = f"{_share(n, total) * 100:.0f}%"
    return (
        f"{name}（{n} 单，占 {share}）"
        if lang == "zh"
        else f"{name} ({_tickets(n, lang)}, {share})"
    )


def _statistics(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("问题单统计", "Ticket statistics")
    s = r.stats
    if not s.total:
        return Section(title, [Paragraph(t("本期没有受理问题单。", "No ticket was opened."))])
    severity = [
        (vocabulary(SEVERITY_NAMES, k, lang), n) for k, n in _ordered(s.by_severity, SEVERITIES)
    ]
    products = _by_count(s.by_product)
    categories = _by_count(s.by_category)
    causes = [
        (vocabulary(ROOT_CAUSE_NAMES, k, lang), n)
        for k, n in _ordered(s.by_root_cause, ROOT_CAUSES)
    ]
    statuses = [(vocabulary(STATUS_NAMES, k, lang), n) for k, n in _ordered(s.by_status, STATUSES)]
    serious = s.by_severity.get("critical", 0) + s.by_severity.get("major", 0)
    intro = Paragraph(
        t(
            f"本期受理 {s.total} 单，其中紧急与严重问题 {serious} 单；以下按级别、产品、"
            "问题类别、根因与状态统计。",
            f"{_tickets(s.total, lang)} were opened in the period, {serious} of them critical or "
            "major; below by severity, product, category, root cause and status.",
        )
    )
    subsections: list[Section] = []
    blocks: list[Block] = [
        _count_table(
            t("按级别统计", "Tickets by severity"),
            t("级别", "Severity"),
            severity,
            s.total,
            t("按级别", "By severity"),
            lang,
        ),
    ]
    if severity:
        blocks.append(
            _count_chart(
                "bar",
                severity,
                t("问题单级别分布", "Tickets by severity"),
                t(
                    f"本期 {s.total} 单中紧急与严重问题共 {serious} 单，最多的级别是"
                    f"{_top(severity, s.total, lang)}。",
                    f"{serious} of the {s.total} tickets are critical or major; the most "
                    f"frequent severity is {_top(severity, s.total, lang)}.",
                ),
                lang,
            )
        )
    subsections.append(Section(t("按级别", "By severity"), blocks))
    for rows, heading, label, caption, sheet, chart_caption, reading in (
        (
            products,
            t("按产品", "By product"),
            t("产品", "Product"),
            t("按产品统计", "Tickets by product"),
            t("按产品", "By product"),
            t("各产品问题单数", "Tickets per product"),
            t("问题单最多的产品是{}。", "The product with the most tickets is {}."),
        ),
        (
            categories,
            t("按问题类别", "By category"),
            t("问题类别", "Category"),
            t("按问题类别统计", "Tickets by category"),
            t("按类别", "By category"),
            t("各类别问题单数", "Tickets per category"),
            t("最常见的问题类别是{}。", "The most frequent category is {}."),
        ),
    ):
        part: list[Block] = [_count_table(caption, label, rows, s.total, sheet, lang)]
        if rows:
            part.append(
                _count_chart(
                    "bar", rows, chart_caption, reading.format(_top(rows, s.total, lang)), lang
                )
            )
        subsections.append(Section(heading, part))
    cause_rows = [*causes]
    if s.undetermined:
        cause_rows.append((NOT_DETERMINED.pick(lang), s.undetermined))
    cause_blocks: list[Block] = [
        _count_table(
            t("按根因统计", "Tickets by root cause"),
            t("根因类别", "Root cause"),
            cause_rows,
            s.total,
            t("按根因", "By root cause"),
            lang,
        ),
    ]
    if causes:
        known = sum(n for _, n in causes)
        cause_blocks.append(
            _count_chart(
                "pie",
                causes,
                t("已查明根因的分布", "Established root causes"),
                t(
                    f"{known} 单已查明根因，最主要的是{_top(causes, known, lang)}。",
                    f"{_tickets(known, lang)} have an established root cause; the main one is "
                    f"{_top(causes, known, lang)}.",
                ),
                lang,
            )
        )
    subsections.append(Section(t("按根因", "By root cause"), cause_blocks))
    subsections.append(
        Section(
            t("按状态", "By status"),
            [
                _count_table(
                    t("按状态统计", "Tickets by status"),
                    t("状态", "Status"),
                    statuses,
                    s.total,
                    t("按状态", "By status"),
                    lang,
                ),
            ],
        )
    )
    return Section(title, [intro], subsections)


def _time_to_resolve(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("问题处理时长", "Time to resolve")
    s = r.stats
    if not s.resolved:
        return Section(
            title,
            [
                Paragraph(
                    t("本期没有已解决的问题单可供统计。", "No ticket was resolved to measure.")
                )
            ],
        )
    blocks: list[Block] = [
        Paragraph(
            t(
                f"本期 {s.resolved} 单已解决，从提单到解决的中位时长为 "
                f"{_hours(s.resolve_hours_median, lang)}，90% 的问题在 "
                f"{_hours(s.resolve_hours_p90, lang)}内解决，"
                f"平均 {_hours(s.resolve_hours_mean, lang)}。",
                f"{_tickets(s.resolved, lang)} were resolved; from opening to resolution the "
                f"median took {_hours(s.resolve_hours_median, lang)}, 90% were resolved within "
                f"{_hours(s.resolve_hours_p90, lang)}, the mean was "
                f"{_hours(s.resolve_hours_mean, lang)}.",
            )
        ),
        KeyValue(
            [
                (t("已解决单数", "Resolved tickets"), s.resolved),
                (t("中位时长", "Median"), _hours(s.resolve_hours_median, lang)),
                (t("90 分位时长", "90th percentile"), _hours(s.resolve_hours_p90, lang)),
                (t("平均时长", "Mean"), _hours(s.resolve_hours_mean, lang)),
            ],
            title=t("处理时长", "Time to resolve"),
        ),
    ]
    medians = [(k, s.median_by_severity[k]) for k in SEVERITIES if k in s.median_by_severity]
    medians += sorted((k, v) for k, v in s.median_by_severity.items() if k not in SEVERITIES)
    if medians:
        blocks.append(
            Table(
                caption=t("各级别中位处理时长", "Median time to resolve by severity"),
                columns=[
                    Column(t("级别", "Severity"), width=1.5, tones=TONES),
                    Column(t("中位时长（小时）", "Median (hours)"), width=1.0, number_format="0.0"),
                ],
                rows=[[vocabulary(SEVERITY_NAMES, k, lang), float(v)] for k, v in medians],
                sheet_name=t("处理时长", "Time to resolve"),
            )
        )
        first = medians[0]
        blocks.append(
            Chart(
                kind="bar",
                categories=[vocabulary(SEVERITY_NAMES, k, lang) for k, _ in medians],
                series=[
                    Series(t("中位时长（小时）", "Median (hours)"), [float(v) for _, v in medians])
                ],
                caption=t("各级别中位处理时长", "Median time to resolve by severity"),
                reading=t(
                    f"{vocabulary(SEVERITY_NAMES, first[0], lang)}问题的中位处理时长为 "
                    f"{_hours(first[1], lang)}，整体为 {_hours(s.resolve_hours_median, lang)}。",
                    f"{vocabulary(SEVERITY_NAMES, first[0], lang)} tickets took a median of "
                    f"{_hours(first[1], lang)}, against {_hours(s.resolve_hours_median, lang)} "
                    "overall.",
                ),
                y_label=t("小时", "hours"),
            )
        )
    longest = sorted(
        (x for x in r.closed if x.hours_to_resolve is not None),
        key=lambda x: (-(x.hours_to_resolve or 0.0), x.number),
    )[:LONGEST_SHOWN]
    if longest:
        blocks.append(
            Table(
                caption=t("处理时间最长的问题", "The longest to resolve"),
                columns=[
                    Column(t("单号", "Ticket"), width=1.35),
                    Column(t("级别", "Severity"), width=0.75, tones=TONES),
                    Column(t("问题", "Problem"), width=3.2),
                    Column(t("时长（小时）", "Hours"), width=0.8, number_format="0.0"),
                ],
                rows=[
                    [
                        x.number,
                        vocabulary(SEVERITY_NAMES, x.severity, lang),
                        _said(x.title, lang),
                        x.hours_to_resolve,
                    ]
                    for x in longest
                ],
                sheet_name=t("最长处理", "Longest"),
            )
        )
    return Section(title, blocks)


def _advice_cell(ticket: TicketRow, lang: Language) -> str:
    advice = say(ticket.advice, lang).strip()
    if not ticket.links:
        return advice or "—"
    see = ("参见：" if lang == "zh" else "See: ") + _join(list(ticket.links), lang)
    return f"{advice}\n{see}" if advice else see


def _closed(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("已关闭问题：根因与建议", "Closed tickets: root cause and advice")
    if not r.closed:
        return Section(
            title, [Paragraph(t("本期没有解决或关闭的问题单。", "No ticket was closed."))]
        )
    undetermined = sum(1 for x in r.closed if not x.root_cause)
    blocks: list[Block] = [
        Paragraph(
            t(
                f"本期解决或关闭 {len(r.closed)} 单，每单一行，列出根因与防止再次发生的建议"
                + (f"；{undetermined} 单的根因尚未确定。" if undetermined else "。"),
                f"{_tickets(len(r.closed), lang)} were resolved or closed, one row each with "
                "its root cause and the advice that keeps it from returning"
                + (f"; {undetermined} still without a root cause." if undetermined else "."),
            )
        ),
        Table(
            caption=t("已关闭问题的根因与建议", "Root cause and advice per closed ticket"),
            columns=[
                Column(t("单号", "Ticket"), width=1.35),
                Column(t("级别", "Severity"), width=0.75, tones=TONES),
                Column(t("设备", "Device"), width=1.45),
                Column(t("问题", "Problem"), width=1.7),
                Column(t("根因类别", "Root cause"), width=0.85),
                Column(t("根因分析", "Cause in detail"), width=2.1),
                Column(t("建议", "Advice"), width=2.1),
            ],
            rows=[
                [
                    x.number,
                    vocabulary(SEVERITY_NAMES, x.severity, lang),
                    _device(x, lang),
                    _said(x.title, lang),
                    vocabulary(ROOT_CAUSE_NAMES, x.root_cause, lang)
                    if x.root_cause
                    else NOT_DETERMINED.pick(lang),
                    _said(x.root_cause_text, lang),
                    _advice_cell(x, lang),
                ]
                for x in _by_severity(r.closed)
            ],
            sheet_name=t("已关闭问题", "Closed"),
        ),
    ]
    return Section(title, blocks)


def _recurrences(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("重复问题及共同原因", "Recurring problems and their common cause")
    if not r.recurrences:
        return Section(
            title,
            [
                Paragraph(
                    t(
                        "本期未发现在同一设备、同一型号或同类现象上重复发生的问题。",
                        "No problem came back on the same device, the same model or with the "
                        "same symptom.",
                    )
                )
            ],
        )
    rows: list[list[CellValue]] = []
    for x in r.recurrences:
        times = f"{_when(x.first)} — {_when(x.last)}"
        numbers = _join(list(x.tickets), lang)
        count = f"（{len(x.tickets)} 次）" if lang == "zh" else f" ({len(x.tickets)} times)"
        rows.append(
            [
                vocabulary(RECURRENCE_KIND_NAMES, x.kind, lang),
                x.key,
                numbers + count,
                times,
                _said(x.common_cause, lang),
                x.recommendation.pick(lang),
            ]
        )
    blocks: list[Block] = [
        Paragraph(
            t(
                f"本期发现 {len(r.recurrences)} 个重复发生的问题。重复说明根因未被彻底消除，"
                "以下列出其共同原因与建议。",
                f"{len(r.recurrences)} {'problem' if len(r.recurrences) == 1 else 'problems'} "
                "came back. A recurrence means the root cause is still there; below, what the "
                "tickets have in common and what to do.",
            )
        ),
        Table(
            caption=t("重复发生的问题", "Recurring problems"),
            columns=[
                Column(t("类型", "Kind"), width=0.8),
                Column(t("对象", "What recurs"), width=1.4),
                Column(t("问题单", "Tickets"), width=1.6),
                Column(t("时间", "First — last"), width=1.4),
                Column(t("共同原因", "Common cause"), width=2.0),
                Column(t("建议", "Recommendation"), width=2.2),
            ],
            rows=rows,
            sheet_name=t("重复问题", "Recurrences"),
        ),
    ]
    return Section(title, blocks)


def _carried_cell(r: ProblemReview, ticket: TicketRow, lang: Language) -> str:
    quarter = r.carried_from(ticket)
    return (f"遗留自 {quarter}" if lang == "zh" else f"from {quarter}") if quarter else "—"


def _open(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("未关闭问题：进展与下一步", "Open tickets: progress and next step")
    if not r.open:
        return Section(
            title, [Paragraph(t("期末没有未关闭的问题单。", "No ticket is open at the end."))]
        )
    carried = sum(1 for x in r.open if r.carried_from(x))
    blocks: list[Block] = [
        Paragraph(
            t(
                f"期末仍有 {len(r.open)} 单未关闭，其中 {carried} 单为以前季度遗留"
                "（“遗留”列注明来自哪个季度）。",
                f"{_tickets(len(r.open), lang)} {'is' if len(r.open) == 1 else 'are'} still "
                f"open, {carried} of them carried over from an earlier quarter (the carried-over "
                "column names it).",
            )
        ),
        Table(
            caption=t("未关闭问题的进展与下一步", "Progress and next step per open ticket"),
            columns=[
                Column(t("单号", "Ticket"), width=1.35),
                Column(t("级别", "Severity"), width=0.75, tones=TONES),
                Column(t("状态", "Status"), width=0.85, tones=TONES),
                Column(t("问题", "Problem"), width=1.5),
                Column(t("最新进展", "Latest progress"), width=1.9),
                Column(t("下一步", "Next step"), width=1.6),
                Column(t("责任人", "Owner"), width=0.8),
                Column(t("遗留", "Carried over"), width=0.95),
            ],
            rows=[
                [
                    x.number,
                    vocabulary(SEVERITY_NAMES, x.severity, lang),
                    vocabulary(STATUS_NAMES, x.status, lang),
                    _said(x.title, lang),
                    _said(x.latest_progress, lang),
                    _said(x.next_step, lang),
                    x.owner or "—",
                    _carried_cell(r, x, lang),
                ]
                for x in _by_severity(r.open)
            ],
            sheet_name=t("未关闭问题", "Open"),
        ),
    ]
    return Section(title, blocks)


def _important(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("重要问题与升级", "Important tickets and escalations")
    important = r.important
    if not important and not r.escalations:
        return Section(
            title,
            [Paragraph(t("本期没有重要问题或升级。", "No ticket was important or escalated."))],
        )
    blocks: list[Block] = [
        Paragraph(
            t(
                f"本期重要问题 {len(important)} 单，升级总部 {len(r.escalations)} 单；"
                "升级的问题每天向客户发送问题处理日报，直至关闭。",
                f"{_tickets(len(important), lang)} were important and {len(r.escalations)} "
                "escalated to headquarters; an escalated ticket gets a daily progress report to "
                "the customer until it closes.",
            )
        )
    ]
    if important:
        blocks.append(
            Table(
                caption=t("重要问题", "Important tickets"),
                columns=[
                    Column(t("单号", "Ticket"), width=1.35),
                    Column(t("级别", "Severity"), width=0.75, tones=TONES),
                    Column(t("状态", "Status"), width=0.85, tones=TONES),
                    Column(t("问题", "Problem"), width=2.6),
                    Column(t("责任人", "Owner"), width=0.8),
                    Column(t("已升级", "Escalated"), width=0.75),
                ],
                rows=[
                    [
                        x.number,
                        vocabulary(SEVERITY_NAMES, x.severity, lang),
                        vocabulary(STATUS_NAMES, x.status, lang),
                        _said(x.title, lang),
                        x.owner or "—",
                        (YES if x.escalated else NO).pick(lang),
                    ]
                    for x in important
                ],
                sheet_name=t("重要问题", "Important"),
            )
        )
    if r.escalations:
        blocks.append(
            Table(
                caption=t("升级总部的问题", "Escalations to headquarters"),
                columns=[
                    Column(t("单号", "Ticket"), width=1.35),
                    Column(t("问题", "Problem"), width=1.8),
                    Column(t("投入资源", "Resources engaged"), width=2.2),
                    Column(t("升级时间", "Escalated"), width=1.1),
                    Column(t("状态", "Status"), width=0.85, tones=TONES),
                    Column(t("日报份数", "Daily reports"), width=0.8, number_format="0"),
                ],
                rows=[
                    [
                        e.ticket,
                        _said(e.title, lang),
                        _said(e.resources, lang),
                        e.escalated_at,
                        vocabulary(STATUS_NAMES, e.status, lang),
                        e.daily_reports,
                    ]
                    for e in sorted(r.escalations, key=lambda e: e.escalated_at)
                ],
                sheet_name=t("升级", "Escalations"),
            )
        )
    return Section(title, blocks)


def _advice(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    title = t("预防重复发生的维护建议", "Maintenance advice to prevent recurrence")
    items = [say(a, lang).strip() for a in (r.advice or derive_advice(r.recurrences, r.closed))]
    items = [i for i in items if i]
    if not items:
        return Section(
            title,
            [Paragraph(t("本期没有需要补充的维护建议。", "No further maintenance advice."))],
        )
    return Section(
        title,
        [
            Paragraph(
                t(
                    "根据本期的重复问题与根因，建议按以下顺序开展预防性维护：",
                    "From this quarter's recurrences and root causes, we advise this preventive "
                    "maintenance, in this order:",
                )
            ),
            BulletList(items, ordered=True),
        ],
    )


def _trend_points(r: ProblemReview) -> list[tuple[str, StatsBlock]]:
    earlier = [(q, s) for q, s in r.trend if q != r.quarter]
    return [*earlier[-(MAX_TREND_QUARTERS - 1) :], (r.quarter, r.stats)]


def _trend(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    points = _trend_points(r)
    rows: list[list[CellValue]] = [
        [
            q,
            s.total,
            *[s.by_severity.get(k, 0) for k in SEVERITIES],
            s.resolved,
            s.resolve_hours_median,
        ]
        for q, s in points
    ]
    blocks: list[Block] = [
        Table(
            caption=t("各季度问题单", "Tickets per quarter"),
            columns=[
                Column(t("季度", "Quarter"), width=1.0),
                Column(t("受理", "Opened"), width=0.7, number_format="0"),
                *[
                    Column(SEVERITY_NAMES[k].pick(lang), width=0.6, number_format="0")
                    for k in SEVERITIES
                ],
                Column(t("已解决", "Resolved"), width=0.7, number_format="0"),
                Column(t("中位时长（小时）", "Median hours"), width=0.9, number_format="0.0"),
            ],
            rows=rows,
            sheet_name=t("季度趋势", "Trend"),
        )
    ]
    if len(points) < 2:
        blocks.insert(
            0,
            Paragraph(
                t(
                    "这是第一个季度的回顾，下季度起在此显示跨季度趋势。",
                    "This is the first quarter reviewed; the trend shows from next quarter.",
                ),
                style="note",
            ),
        )
        return Section(t("跨季度趋势", "Trend across quarters"), blocks)
    (q0, s0), s1 = points[0], points[-1][1]
    if s1.total > s0.total:
        change = t("上升", "up")
    elif s1.total < s0.total:
        change = t("下降", "down")
    else:
        change = t("持平", "level")
    blocks.append(
        Chart(
            kind="stacked_bar",
            categories=[q for q, _ in points],
            series=[
                Series(
                    SEVERITY_NAMES[k].pick(lang),
                    [float(s.by_severity.get(k, 0)) for _, s in points],
                )
                for k in SEVERITIES
            ],
            caption=t("各季度问题单（按级别）", "Tickets per quarter by severity"),
            reading=t(
                f"问题单从 {q0} 的 {s0.total} 单变为本季度的 {s1.total} 单（{change}）。",
                f"Tickets went from {s0.total} in {q0} to {s1.total} this quarter ({change}).",
            ),
            y_label=t("单", "tickets"),
        )
    )
    return Section(t("跨季度趋势", "Trend across quarters"), blocks)


def _method(r: ProblemReview, lang: Language) -> Section:
    t = phrases(lang)
    causes = _join([ROOT_CAUSE_NAMES[k].pick(lang) for k in ROOT_CAUSES], lang)
    blocks: list[Block] = [
        BulletList(
            [
                t(
                    "范围：本季度受理的全部问题单，以及以前季度遗留、季度初仍未关闭的问题单；"
                    "“已解决”与“已关闭”均计为期内关闭。",
                    "Scope: every ticket opened in the quarter, and those opened earlier and "
                    "still open when it began; resolved and closed both count as closed.",
                ),
                t(
                    "处理时长为从提单到解决的小时数；中位数与平均数只计已解决的问题，"
                    "90 分位按最近秩线性插值计算（与 Excel 的 PERCENTILE.INC 一致）。",
                    "Time to resolve is the hours from opening to resolution; the median and "
                    "mean count resolved tickets only, and the 90th percentile interpolates "
                    "between closest ranks (as Excel's PERCENTILE.INC).",
                ),
                t(
                    f"根因由专属L2专家在问题关闭时确定，分为：{causes}；未确定的计为“尚未确定”。",
                    f"The dedicated L2 expert establishes the root cause when a ticket closes, "
                    f"as one of: {causes}; a ticket without one counts as not determined yet.",
                ),
                t(
                    "重复问题：同一设备、同一型号或同类现象在回顾期内出现两次及以上。",
                    "A recurrence is the same device, the same model or the same symptom "
                    "appearing twice or more in the period reviewed.",
                ),
                t(
                    "时间均为客户所在地的当地时间。",
                    "Times are the customer's local time.",
                ),
            ]
        )
    ]
    if r.sources:
        blocks.append(_sources_table(r.sources, lang))
    return Section(t("方法与数据来源", "Method and data sources"), blocks)


def _all_tickets(r: ProblemReview, lang: Language) -> Section:
    """Every ticket with every column: the sheet a reader sorts and filters."""
    t = phrases(lang)
    tickets = [*_by_severity(r.closed), *_by_severity(r.open)]
    return Section(
        t("问题单明细", "All tickets"),
        [
            Table(
                caption=t("问题单明细", "All tickets"),
                columns=[
                    Column(t("单号", "Ticket")),
                    Column(t("问题", "Problem")),
                    Column(t("级别", "Severity"), tones=TONES),
                    Column(t("状态", "Status"), tones=TONES),
                    Column(t("产品", "Product")),
                    Column(t("型号", "Model")),
                    Column(t("设备名称", "Hostname")),
                    Column(t("问题类别", "Category")),
                    Column(t("提单时间", "Opened")),
                    Column(t("关闭时间", "Closed")),
                    Column(t("处理时长（小时）", "Hours to resolve"), number_format="0.0"),
                    Column(t("根因类别", "Root cause")),
                    Column(t("根因分析", "Cause in detail")),
                    Column(t("建议", "Advice")),
                    Column(t("责任人", "Owner")),
                    Column(t("重要", "Important")),
                    Column(t("已升级", "Escalated")),
                    Column(t("遗留", "Carried over")),
                    Column(t("最新进展", "Latest progress")),
                    Column(t("下一步", "Next step")),
                    Column(t("关联", "Links")),
                ],
                rows=[
                    [
                        x.number,
                        _said(x.title, lang),
                        vocabulary(SEVERITY_NAMES, x.severity, lang),
                        vocabulary(STATUS_NAMES, x.status, lang),
                        x.product or "—",
                        x.model or "—",
                        x.hostname or "—",
                        x.category or "—",
                        x.opened,
                        x.closed,
                        x.hours_to_resolve,
                        vocabulary(ROOT_CAUSE_NAMES, x.root_cause, lang)
                        if x.root_cause
                        else NOT_DETERMINED.pick(lang),
                        _said(x.root_cause_text, lang),
                        _said(x.advice, lang),
                        x.owner or "—",
                        (YES if x.important else NO).pick(lang),
                        (YES if x.escalated else NO).pick(lang),
                        _carried_cell(r, x, lang),
                        _said(x.latest_progress, lang),
                        _said(x.next_step, lang),
                        _join(list(x.links), lang) or "—",
                    ]
                    for x in tickets
                ],
                sheet_name=t("问题单", "Tickets"),
            )
        ],
    )


# --- the daily progress report -------------------------------------------------------------


def _daily_title(report: DailyReport) -> Text:
    return report.title or Text("问题处理日报", "Daily progress report")


def _or(text: str, fallback: str) -> str:
    """What the team wrote, or the standard words when it wrote nothing yet."""
    return text.strip() or fallback


def _daily_words(d: DailyReport, lang: Language) -> dict[str, str]:
    """The daily report's texts in the language, with the standard words where the team
    has nothing yet, shared by the document and the e-mail so they always agree."""
    return {
        "impact": _or(say(d.impact, lang), IMPACT_PENDING.pick(lang)),
        "status": _or(say(d.status, lang), vocabulary(STATUS_NAMES, d.ticket.status, lang)),
        "expected": _or(say(d.expected_resolution, lang), RESOLUTION_UNKNOWN.pick(lang)),
    }


def _resources(d: DailyReport, lang: Language) -> list[str]:
    return [said for w in d.resources if (said := say(w, lang).strip())]


def build_daily_report_document(report: DailyReport, language: str) -> Document:
    """The daily progress report on one important ticket as the engine's document."""
    lang = language_of(language)
    t = phrases(lang)
    d, x = report, report.ticket
    words = _daily_words(d, lang)
    days = (d.date - x.opened.date()).days
    ticket_pairs: list[tuple[str, CellValue]] = [
        (t("单号", "Ticket"), x.number),
        (t("问题", "Problem"), _said(x.title, lang)),
        (t("级别", "Severity"), vocabulary(SEVERITY_NAMES, x.severity, lang)),
        (t("状态", "Status"), vocabulary(STATUS_NAMES, x.status, lang)),
        (t("设备", "Device"), _device(x, lang)),
        (t("产品", "Product"), x.product or "—"),
        (t("提单时间", "Opened"), _when(x.opened)),
        (t("已持续", "Open for"), f"{days} 天" if lang == "zh" else f"{days} days"),
        (t("已升级总部", "Escalated to headquarters"), (YES if x.escalated else NO).pick(lang)),
        (t("日报期数", "Report number"), d.number),
        (t("责任人", "Owner"), x.owner or "—"),
    ]
    progress: list[Block] = [Paragraph(NOTHING_NEW.pick(lang), style="emphasis")]
    if d.progress:
        progress = [
            Table(
                caption=t("昨日以来的进展", "Progress since yesterday"),
                columns=[
                    Column(t("时间", "When"), width=1.1),
                    Column(t("处理人", "By"), width=0.9),
                    Column(t("进展", "What happened"), width=4.0),
                ],
                rows=[
                    [p.at, p.author or "—", _said(p.text, lang)]
                    for p in sorted(d.progress, key=lambda p: p.at)
                ],
                sheet_name=t("进展", "Progress"),
            )
        ]
    steps: list[Block] = [Paragraph(STEPS_PENDING.pick(lang))]
    if d.next_steps:
        steps = [
            Table(
                caption=t("下一步计划", "Next steps"),
                columns=[
                    Column(t("措施", "Action"), width=3.6),
                    Column(t("负责人", "Who"), width=1.0),
                    Column(t("完成时间", "By when"), width=1.2),
                ],
                rows=[[_said(s.action, lang), s.owner or "—", _when(s.due)] for s in d.next_steps],
                sheet_name=t("下一步", "Next steps"),
            )
        ]
    resources = _resources(d, lang)
    contact: list[tuple[str, CellValue]] = [
        (t("联系人", "Name"), d.contact.name),
        (t("电话", "Phone"), d.contact.phone or "—"),
        (t("邮箱", "E-mail"), d.contact.email or "—"),
    ]
    sections = [
        Section(t("问题与级别", "Ticket and severity"), [KeyValue(ticket_pairs)]),
        Section(t("业务影响", "Business impact"), _paragraphs(words["impact"])),
        Section(t("昨日以来的进展", "Since yesterday"), progress),
        Section(t("当前状态", "Current status"), _paragraphs(words["status"])),
        Section(t("下一步计划与责任人", "Next steps and who"), steps),
        Section(t("预计解决时间", "Expected time to resolve"), _paragraphs(words["expected"])),
        Section(
            t("投入资源", "Resources engaged"),
            [BulletList(resources) if resources else Paragraph(NOT_ESCALATED.pick(lang))],
        ),
        Section(
            t("联系方式", "Contact for questions"),
            [
                Paragraph(
                    t(
                        "对本问题的处理如有疑问，请联系：",
                        "For any question about this ticket, please contact:",
                    )
                ),
                KeyValue(contact),
            ],
        ),
    ]
    meta = report_meta(
        d.customer_name,
        _daily_title(d),
        d.date.isoformat(),
        d.version,
        d.author,
        d.reviewer,
        d.date,
        lang,
    )
    notes = BulletList(
        [
            t(
                "重要问题每天发送一期日报，直至问题关闭。",
                "An important ticket gets one report a day until it closes.",
            ),
            t(
                f"内容来自问题单 {x.number} 在支持系统中的记录与处理团队的更新，"
                "时间为客户所在地的当地时间。",
                f"From ticket {x.number} in the support system and the team's updates; "
                "times are the customer's local time.",
            ),
        ]
    )
    return Document(
        meta=meta,
        sections=sections,
        appendix=[Section(t("说明", "Notes"), [notes])],
        subtitle=f"{x.number} {say(x.title, lang)}".strip(),
    )


def daily_report_email(report: DailyReport, language: str) -> tuple[str, str]:
    """The subject and plain-text body of the e-mail that sends a daily progress report
    to the customer's contacts; the body says everything the report says, so it reads
    on a phone without the attachment."""
    lang = language_of(language)
    t = phrases(lang)
    d, x = report, report.ticket
    words = _daily_words(d, lang)
    title = say(x.title, lang)
    subject = t(
        f"【问题处理日报】{d.customer_name} {x.number} {title}"
        f"（{d.date:%Y-%m-%d}，第 {d.number} 期）",
        f"Daily progress report: {d.customer_name} {x.number} {title} "
        f"({d.date:%Y-%m-%d}, no. {d.number})",
    )
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    lines = [
        t(f"{d.customer_name} 各位领导、同事：", f"Dear {d.customer_name} team,"),
        "",
        t(
            f"以下是问题 {x.number} 截至 {d.date:%Y-%m-%d} 的处理进展（第 {d.number} 期日报）。",
            f"Here is where ticket {x.number} stands on {d.date:%Y-%m-%d} (daily report no. "
            f"{d.number}).",
        ),
        "",
        t("问题", "Ticket") + colon + f"{x.number} {title}",
        t("级别", "Severity") + colon + vocabulary(SEVERITY_NAMES, x.severity, lang),
        t("状态", "Status") + colon + vocabulary(STATUS_NAMES, x.status, lang),
        t("设备", "Device") + colon + _device(x, lang),
        "",
        t("【业务影响】", "Business impact"),
        words["impact"],
        "",
        t("【昨日以来的进展】", "Since yesterday"),
        *[
            f"- {_when(p.at)} {p.author}{colon}{_said(p.text, lang)}"
            for p in sorted(d.progress, key=lambda p: p.at)
        ],
    ]
    if not d.progress:
        lines.append(NOTHING_NEW.pick(lang))
    lines += ["", t("【当前状态】", "Current status"), words["status"], ""]
    lines.append(t("【下一步计划与责任人】", "Next steps and who"))
    for s in d.next_steps:
        who = [s.owner] if s.owner else []
        if s.due:
            who.append(f"{_when(s.due)} 前" if lang == "zh" else f"by {_when(s.due)}")
        brackets = ("（{}）" if lang == "zh" else " ({})").format(comma.join(who)) if who else ""
        lines.append(f"- {_said(s.action, lang)}{brackets}")
    if not d.next_steps:
        lines.append(STEPS_PENDING.pick(lang))
    lines += ["", t("【预计解决时间】", "Expected time to resolve"), words["expected"], ""]
    lines.append(t("【投入资源】", "Resources engaged"))
    lines += [f"- {w}" for w in _resources(d, lang)] or [NOT_ESCALATED.pick(lang)]
    contact = [d.contact.name]
    if d.contact.phone:
        contact.append(t("电话 ", "phone ") + d.contact.phone)
    if d.contact.email:
        contact.append(t("邮箱 ", "e-mail ") + d.contact.email)
    lines += [
        "",
        t("如有疑问，请联系：", "For any question, please contact ")
        + comma.join(contact)
        + t("。", "."),
        "",
        t("此致", "Kind regards,"),
        d.author,
    ]
    return subject, "\n".join(lines) + "\n"


# --- writing files -------------------------------------------------------------------------


def _format_of(path: Path) -> Format:
    fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: use a .docx, .pdf or .html file name")
    return fmt


def write_problem_review(review: ProblemReview, path: Path, language: str) -> Path:
    """Write the problem-management report with its charts; the suffix (.docx, .pdf,
    .html) decides the format (the workbook is :func:`write_problem_review_xlsx`)."""
    document = build_problem_review_document(review, language)
    return render(document, _format_of(path), Path(path))


def write_problem_review_xlsx(review: ProblemReview, path: Path, language: str) -> Path:
    """Write the review's workbook: a summary sheet, every ticket with every column,
    then each table of the report on its own sheet, ready to sort and filter."""
    document = build_problem_review_document(review, language, workbook=True)
    return render(document, "xlsx", Path(path))


def write_daily_report(report: DailyReport, path: Path, language: str) -> Path:
    """Write the daily progress report; the suffix (.docx, .pdf, .html) decides."""
    return render(build_daily_report_document(report, language), _format_of(path), Path(path))
