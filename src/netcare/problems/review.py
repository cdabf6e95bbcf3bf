"""The "Tickets trend" section of the mid-term review and final summary.

REPORTS.md puts the tickets trend in both reviews; ``delivery.reports`` asks each app for
its part through ``review_section``. This one reads the customer's tickets opened in the
period: how many per quarter and of which severity, closed against still open, the root
causes established, the problems that came back (``analysis.recurrence``, as the
quarterly problem review finds them) and the important tickets.

Django is imported inside the function: ``problems.reports`` re-exports
``review_section`` and must stay importable without Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from netcare.reports.engine import (
    SEVERITY_TONES,
    STATUS_TONES,
    Block,
    CellValue,
    Chart,
    Column,
    Paragraph,
    Section,
    Series,
    Table,
)
from netcare.reports.wording import language_of, phrases, vocabulary

from .analysis import recurrence, stats
from .summary import (
    CLOSED_STATUSES,
    RECURRENCE_KIND_NAMES,
    ROOT_CAUSE_NAMES,
    SEVERITIES,
    SEVERITY_NAMES,
    STATUS_NAMES,
)

__all__ = ["MAX_IMPORTANT", "review_section"]

#: How many important tickets the review lists (the most severe, then the latest).
MAX_IMPORTANT = 10
#: The fields the statistics and the recurrence search read of a ticket.
FIELDS = (
    "id",
    "number",
    "title",
    "symptom",
    "severity",
    "status",
    "product",
    "model",
    "hostname",
    "category",
    "root_cause",
    "opened",
    "closed",
    "important",
)


def review_section(contract: Any, start: dt.date, end: dt.date, language: str) -> Section | None:
    """The tickets trend of ``contract``'s customer from ``start`` to ``end`` (both
    inclusive), in "zh" or "en"; None when no ticket was opened in the period.

    Two queries: the period's tickets, and the closed tickets up to ``end`` among which
    recurrences are searched (a problem that first came before the period and came back
    in it is a recurrence of the period).
    """
    from django.conf import settings

    from netcare.problems.models import Ticket

    tickets = Ticket.objects.filter(customer_id=contract.customer_id).only(*FIELDS)
    opened = list(
        tickets.filter(opened__date__gte=start, opened__date__lte=end).order_by("opened", "number")
    )
    if not opened:
        return None
    tz = str(settings.TIME_ZONE)
    closed_until_end = tickets.filter(status__in=CLOSED_STATUSES, opened__date__lte=end).order_by(
        "opened", "number"
    )
    zone = ZoneInfo(tz)
    came_back = [
        r
        for r in recurrence.find_recurrences(closed_until_end, tz=tz)
        if r.last.astimezone(zone).date() >= start
    ]
    lang = language_of(language)
    t = phrases(lang)
    found = stats.ticket_stats(opened)
    quarters = _quarters(start, end, tz)
    per_quarter = {q: {s: 0 for s in SEVERITIES} for q in quarters}
    for ticket in opened:
        counts = per_quarter.setdefault(stats.quarter_of(ticket.opened, tz), {})
        counts[ticket.severity] = counts.get(ticket.severity, 0) + 1
    blocks: list[Block] = [
        Paragraph(_summary(found, per_quarter, came_back, lang), style="emphasis"),
        _chart(per_quarter, lang),
        _severity_table(opened, lang),
    ]
    blocks.extend(_causes(found, lang))
    blocks.extend(_recurrences(came_back, lang))
    blocks.extend(_important(opened, lang))
    return Section(t("网上问题趋势", "Tickets trend"), blocks)


def _quarters(start: dt.date, end: dt.date, tz: str) -> list[str]:
    """Every quarter from ``start`` to ``end``, so a quiet quarter shows as zero."""
    found: list[str] = []
    day = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while day <= end:
        found.append(stats.quarter_of(day, tz))
        month = day.month + 3
        day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return found


def _sentence(text: str) -> str:
    """English clauses joined into a sentence start with a capital."""
    return text[:1].upper() + text[1:]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _peak(per_quarter: dict[str, dict[str, int]], lang: str) -> str:
    """The quarter with the most tickets, or that the quarters were alike (a tie)."""
    t = phrases(lang)
    totals = {q: sum(v.values()) for q, v in per_quarter.items()}
    most = max(totals.values())
    peaks = [q for q, n in totals.items() if n == most]
    if len(peaks) == 1:
        return t(
            f"报单最多的季度是 {peaks[0]}（{most} 张）",
            f"the busiest quarter was {peaks[0]} ({most})",
        )
    return t(
        f"各季度报单量相近（每季度至多 {most} 张）",
        f"no quarter stood out (at most {most} a quarter)",
    )


def _summary(
    found: stats.Stats,
    per_quarter: dict[str, dict[str, int]],
    came_back: Sequence[recurrence.Recurrence],
    lang: str,
) -> str:
    t = phrases(lang)
    severe = found.by_severity.get("critical", 0) + found.by_severity.get("major", 0)
    median = found.resolve.median
    resolve = (
        t(f"，解决时间中位数 {median:.1f} 小时", f"; the median time to resolve was {median:.1f} h")
        if median is not None
        else ""
    )
    peak = _peak(per_quarter, lang)
    return t(
        f"本期共报单 {found.total} 张（紧急与严重 {severe} 张），已解决或关闭 {found.closed} 张，"
        f"仍在处理 {found.open} 张{resolve}；{peak}。发现重复发生的问题 {len(came_back)} 个。",
        f"{_count(found.total, 'ticket was', 'tickets were')} opened in the period "
        f"({severe} critical or major); {found.closed} resolved or closed and {found.open} "
        f"still open{resolve}; {peak}. "
        f"{_count(len(came_back), 'problem', 'problems')} came back.",
    )


def _chart(per_quarter: dict[str, dict[str, int]], lang: str) -> Chart:
    t = phrases(lang)
    quarters = list(per_quarter)
    severities = [s for s in SEVERITIES if any(per_quarter[q].get(s) for q in quarters)]
    totals = [sum(per_quarter[q].values()) for q in quarters]
    # Halves rather than first and last quarter: the last one is often still running.
    half = len(totals) // 2
    earlier, later = sum(totals[:half]), sum(totals[half:])
    if half and later < earlier:
        trend = t("后半段报单比前半段少。", "fewer tickets were opened in the second half.")
    elif half and later > earlier:
        trend = t(
            "后半段报单比前半段多，需关注。", "more were opened in the second half; watch this."
        )
    else:
        trend = t("报单量基本平稳。", "the number of tickets held steady.")
    return Chart(
        kind="stacked_bar",
        categories=quarters,
        series=[
            Series(
                vocabulary(SEVERITY_NAMES, s, lang),
                [float(per_quarter[q].get(s, 0)) for q in quarters],
            )
            for s in severities
        ],
        caption=t("各季度报单数（按级别）", "Tickets opened per quarter by severity"),
        reading=_sentence(
            t(f"{_peak(per_quarter, lang)}；{trend}", f"{_peak(per_quarter, lang)}; {trend}")
        ),
        y_label=t("报单数", "tickets"),
    )


def _severity_table(opened: Sequence[Any], lang: str) -> Table:
    t = phrases(lang)
    rows: list[list[CellValue]] = []
    for severity in [*SEVERITIES, *sorted({x.severity for x in opened} - set(SEVERITIES))]:
        of = [x for x in opened if x.severity == severity]
        if not of:
            continue
        done = sum(1 for x in of if x.status in CLOSED_STATUSES)
        rows.append([vocabulary(SEVERITY_NAMES, severity, lang), len(of), done, len(of) - done])
    total_done = sum(1 for x in opened if x.status in CLOSED_STATUSES)
    rows.append([t("合计", "Total"), len(opened), total_done, len(opened) - total_done])
    return Table(
        caption=t("本期报单（按级别）", "Tickets of the period by severity"),
        columns=[
            Column(t("级别", "Severity"), width=1.2, tones=SEVERITY_TONES),
            Column(t("报单数", "Opened"), width=0.8, number_format="0"),
            Column(t("已解决/关闭", "Resolved or closed"), width=1.2, number_format="0"),
            Column(t("处理中", "Still open"), width=0.8, number_format="0"),
        ],
        rows=rows,
        sheet_name=t("报单级别", "Ticket severity"),
    )


def _causes(found: stats.Stats, lang: str) -> list[Block]:
    t = phrases(lang)
    if not found.by_root_cause:
        if not found.closed:
            return []
        return [
            Paragraph(
                t(
                    f"已关闭的 {found.closed} 张报单尚未记录根因。",
                    f"The root cause of the {found.closed} closed tickets is not recorded yet.",
                ),
                style="note",
            )
        ]
    rows: list[list[CellValue]] = [
        [vocabulary(ROOT_CAUSE_NAMES, cause, lang), n, round(n * 100 / found.closed)]
        for cause, n in found.by_root_cause.items()
    ]
    if found.missing_root_cause:
        rows.append([t("尚未分析", "Not analysed yet"), found.missing_root_cause, None])
    return [
        Table(
            caption=t("已关闭报单的根因", "Root causes of the closed tickets"),
            columns=[
                Column(t("根因", "Root cause"), width=2),
                Column(t("报单数", "Tickets"), width=0.8, number_format="0"),
                Column(t("占比（%）", "Share (%)"), width=0.8, number_format="0"),
            ],
            rows=rows,
            sheet_name=t("根因", "Root causes"),
        )
    ]


def _recurrences(came_back: Sequence[recurrence.Recurrence], lang: str) -> list[Block]:
    if not came_back:
        return []
    t = phrases(lang)
    rows: list[list[CellValue]] = [
        [
            vocabulary(RECURRENCE_KIND_NAMES, r.kind, lang),
            r.key,
            ", ".join(r.tickets),
            vocabulary(ROOT_CAUSE_NAMES, r.root_cause, lang),
            r.recommendation.pick(lang),
        ]
        for r in came_back
    ]
    return [
        Table(
            caption=t("重复发生的问题", "Problems that came back"),
            columns=[
                Column(t("类型", "Kind"), width=0.9),
                Column(t("问题", "Problem"), width=1.8),
                Column(t("报单", "Tickets"), width=1.6),
                Column(t("共同根因", "Common cause"), width=1.1),
                Column(t("建议", "Recommendation"), width=3),
            ],
            rows=rows,
            sheet_name=t("重复问题", "Recurrences"),
        )
    ]


def _important(opened: Sequence[Any], lang: str) -> list[Block]:
    important = [x for x in opened if x.important]
    if not important:
        return []
    from django.utils import timezone

    t = phrases(lang)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    important.sort(key=lambda x: (rank.get(x.severity, 9), -x.opened.timestamp(), x.number))
    shown = important[:MAX_IMPORTANT]
    rows: list[list[CellValue]] = [
        [
            x.number,
            x.title,
            vocabulary(SEVERITY_NAMES, x.severity, lang),
            vocabulary(STATUS_NAMES, x.status, lang),
            timezone.localtime(x.opened).date(),
            timezone.localtime(x.closed).date() if x.closed else None,
        ]
        for x in shown
    ]
    return [
        Table(
            caption=t("重要报单", "Important tickets"),
            columns=[
                Column(t("报单号", "Ticket"), width=1.2),
                Column(t("标题", "Title"), width=3),
                Column(t("级别", "Severity"), width=0.7, tones=SEVERITY_TONES),
                Column(t("状态", "Status"), width=0.8, tones=STATUS_TONES),
                Column(t("报单日期", "Opened"), width=1),
                Column(t("解决日期", "Resolved"), width=1),
            ],
            rows=rows,
            sheet_name=t("重要报单", "Important tickets"),
        )
    ]
