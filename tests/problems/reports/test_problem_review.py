"""The problem-management report (问题管理报告) read back from Word, Excel and PDF in zh
and en: sections in the order of shared/REPORTS.md, the statistics with their charts,
every closed ticket with root cause and advice, recurrences, open and important tickets,
maintenance advice, the trend and the data sources."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages
from tests.problems.reports import world

from netcare.problems import reports
from netcare.problems.summary import (
    ROOT_CAUSE_NAMES,
    SEVERITY_NAMES,
    StatsBlock,
    derive_advice,
    say,
)

OUTLINE = {
    "zh": [
        "范围与周期", "问题单统计", "问题处理时长", "已关闭问题：根因与建议",
        "重复问题及共同原因", "未关闭问题：进展与下一步", "重要问题与升级",
        "预防重复发生的维护建议", "跨季度趋势",
    ],
    "en": [
        "Scope and period", "Ticket statistics", "Time to resolve",
        "Closed tickets: root cause and advice", "Recurring problems and their common cause",
        "Open tickets: progress and next step", "Important tickets and escalations",
        "Maintenance advice to prevent recurrence", "Trend across quarters",
    ],
}  # fmt: skip
STATISTICS = {
    "zh": ["2.1 按级别", "2.2 按产品", "2.3 按问题类别", "2.4 按根因", "2.5 按状态"],
    "en": ["2.1 By severity", "2.2 By product", "2.3 By category", "2.4 By root cause",
           "2.5 By status"],
}  # fmt: skip
APPENDIX = {"zh": ["附录 A 方法与数据来源"], "en": ["Appendix A Method and data sources"]}
CLOSED_HEADER = {
    "zh": ("单号", "级别", "设备", "问题", "根因类别", "根因分析", "建议"),
    "en": ("Ticket", "Severity", "Device", "Problem", "Root cause", "Cause in detail", "Advice"),
}


def _pairs(word: Word) -> dict[str, str]:
    """Every label/value pair of the two-column tables (cover and key-value blocks)."""
    return {r[0]: r[1] for t in word.tables if len(t[0]) == 2 for r in t}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_cover_and_scope(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    assert word.numbered() == [f"{n} {t}" for n, t in enumerate(OUTLINE[lang], start=1)]
    assert [h for h in word.headings if h.startswith("2.")] == STATISTICS[lang]
    assert word.appendix() == APPENDIX[lang]
    title = {"zh": "问题管理报告", "en": "Problem-management report"}[lang]
    assert word.doc.core_properties.title == title
    pairs = _pairs(word)
    assert pairs[{"zh": "周期", "en": "Period"}[lang]] == {
        "zh": "2026Q3（2026-07-01 至 2026-09-30）", "en": "2026Q3 (2026-07-01 to 2026-09-30)",
    }[lang]  # fmt: skip
    assert pairs[{"zh": "审核", "en": "Reviewer"}[lang]] == "李娜"
    customer = {"zh": "华东城市商业银行（ECCB）", "en": "East China City Commercial Bank (ECCB)"}
    assert pairs[{"zh": "客户", "en": "Customer"}[lang]] == customer[lang]
    assert pairs[{"zh": "期末未关闭", "en": "Open at the end"}[lang]] == "2"
    assert pairs[{"zh": "以前季度遗留", "en": "Carried over"}[lang]] == "1"
    assert pairs[{"zh": "升级总部", "en": "Escalated to headquarters"}[lang]] == "2"
    scope = {"zh": "约定的范围调整：", "en": "Agreed change of scope: "}[lang]
    assert scope + world.SCOPE.what.pick(lang) in word.text  # type: ignore[union-attr]
    assert {"zh": "客户方 陈立 于 2026-07-03 确认", "en": "agreed by 陈立 on 2026-07-03"}[
        lang
    ] in word.text
    assert not PLACEHOLDERS.search(word.text), PLACEHOLDERS.search(word.text)


def test_without_a_scope_change_the_contract_scope_is_said(tmp_path: Path) -> None:
    review = world.review(scope=False)
    document = reports.build_problem_review_document(review, "en")
    scope = document.sections[0]
    texts = [getattr(b, "text", "") for b in scope.blocks]
    assert not any("Agreed change of scope" in t for t in texts)
    assert any("keeps the scope and cadence of the contract" in t for t in texts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_tables_and_charts(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    tickets = ("单数", "Tickets")[t]
    severity = {r[0]: r[1:] for r in word.table(("级别", "Severity")[t], tickets)[1:]}
    assert severity == {
        SEVERITY_NAMES["critical"].pick(lang): ["2", "25.0%"],
        SEVERITY_NAMES["major"].pick(lang): ["3", "37.5%"],
        SEVERITY_NAMES["minor"].pick(lang): ["3", "37.5%"],
    }
    products = word.table(("产品", "Product")[t], tickets)
    assert [r[0] for r in products[1:3]] == ["CE12800", "S12500X-AF"]  # most tickets first
    assert len(products) == 1 + 6
    categories = {r[0]: r[1] for r in word.table(("问题类别", "Category")[t], tickets)[1:]}
    assert categories["硬件"] == "3" and categories["转发与丢包"] == "2"
    causes = {r[0]: r[1] for r in word.table(("根因类别", "Root cause")[t], tickets)[1:]}
    assert causes[ROOT_CAUSE_NAMES["hardware"].pick(lang)] == "2"
    assert causes[("尚未确定", "Not determined yet")[t]] == "1"
    assert sum(int(n) for n in causes.values()) == 8
    statuses = {r[0]: r[1] for r in word.table(("状态", "Status")[t], tickets)[1:]}
    assert statuses == {
        ("处理中", "In progress")[t]: "1", ("已解决", "Resolved")[t]: "1",
        ("已关闭", "Closed")[t]: "6",
    }  # fmt: skip
    # Severity, product, category, root cause, time to resolve, trend: six charts, each
    # with its caption and its one-line reading.
    assert word.pictures == 6
    figures = [c for c in word.captions if c.startswith(("图", "Figure"))]
    assert len(figures) == 6
    assert figures[0] == ("图 1 问题单级别分布", "Figure 1 Tickets by severity")[t]
    assert figures[3] == ("图 4 已查明根因的分布", "Figure 4 Established root causes")[t]
    assert word.text.count(("解读：", "Reading: ")[t]) == 6
    reading = (
        "7 单已查明根因，最主要的是硬件故障（2 单，占 29%）。",
        "7 tickets have an established root cause; the main one is Hardware fault "
        "(2 tickets, 29%).",
    )[t]
    assert reading in word.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_time_to_resolve(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    pairs = _pairs(word)
    hours = ("{} 小时", "{} h")[t]
    assert pairs[("已解决单数", "Resolved tickets")[t]] == "7"
    assert pairs[("中位时长", "Median")[t]] == hours.format("12.5")
    assert pairs[("90 分位时长", "90th percentile")[t]] == hours.format("28.2")
    assert pairs[("平均时长", "Mean")[t]] == hours.format("14.3")
    medians = word.table(("级别", "Severity")[t], ("中位时长（小时）", "Median (hours)")[t])
    assert [r[1] for r in medians[1:]] == ["12.5", "27.0", "4.0"]
    longest = word.table(("单号", "Ticket")[t], ("级别", "Severity")[t], ("问题", "Problem")[t],
                         ("时长（小时）", "Hours")[t])  # fmt: skip
    assert [r[0] for r in longest[1:]] == [
        "ECCB-2026-0731", "ECCB-2026-0788", "ECCB-2026-0745", "ECCB-2026-0712", "ECCB-2026-0760",
    ]  # fmt: skip
    assert longest[1][3] == "30.0"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_closed_ticket_has_its_root_cause_and_advice(
    rendered: dict[str, Path], lang: str
) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    table = word.table(*CLOSED_HEADER[lang])
    rows = {r[0]: r for r in table[1:]}
    assert len(table) == 1 + len(world.CLOSED) and set(rows) == {x.number for x in world.CLOSED}
    for ticket in world.CLOSED:
        row = rows[ticket.number]
        assert row[1] == SEVERITY_NAMES[ticket.severity].pick(lang)
        assert row[2].startswith(ticket.hostname) and ticket.model in row[2]
        assert row[3] == ticket.title
        assert row[4] == ROOT_CAUSE_NAMES[ticket.root_cause].pick(lang)
        assert row[5] == say(ticket.root_cause_text, lang)
        assert row[6].startswith(say(ticket.advice, lang))
    assert [r[0] for r in table[1:3]] == ["ECCB-2026-0712", "ECCB-2026-0731"]  # critical first
    see = {"zh": "参见：HP-2026-031", "en": "See: HP-2026-031"}[lang]
    assert rows["ECCB-2026-0760"][6].endswith(see)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_recurrences_open_and_important_tickets(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    recurring = word.table(("类型", "Kind")[t], ("对象", "What recurs")[t])
    assert [r[1] for r in recurring[1:]] == ["ECCB-ZJ-CORE-01", "ECCB-ZJ-SPINE-01"]
    fans = recurring[1]
    assert fans[0] == ("同一设备", "Same device")[t]
    assert fans[2] == ("ECCB-2026-0731、ECCB-2026-0788（2 次）",
                       "ECCB-2026-0731, ECCB-2026-0788 (2 times)")[t]  # fmt: skip
    assert fans[3] == "2026-07-21 10:05 — 2026-09-02 08:30"
    assert fans[4] == world.RECURRENCES[0].common_cause.pick(lang)  # type: ignore[union-attr]
    assert fans[5] == world.RECURRENCES[0].recommendation.pick(lang)

    opened = word.table(("单号", "Ticket")[t], ("级别", "Severity")[t], ("状态", "Status")[t],
                        ("问题", "Problem")[t], ("最新进展", "Latest progress")[t])  # fmt: skip
    rows = {r[0]: r for r in opened[1:]}
    assert list(rows) == ["ECCB-2026-0812", "ECCB-2026-0695"]
    spine, carried = rows["ECCB-2026-0812"], rows["ECCB-2026-0695"]
    assert spine[2] == ("处理中", "In progress")[t] and spine[6] == "张伟" and spine[7] == "—"
    assert spine[4] == world.SPINE_AGAIN.latest_progress.pick(lang)  # type: ignore[union-attr]
    assert spine[5] == world.SPINE_AGAIN.next_step.pick(lang)  # type: ignore[union-attr]
    assert carried[2] == ("等待中", "Waiting")[t]
    assert carried[7] == ("遗留自 2026Q2", "from 2026Q2")[t]

    important = word.table(("单号", "Ticket")[t], ("级别", "Severity")[t], ("状态", "Status")[t],
                           ("问题", "Problem")[t], ("责任人", "Owner")[t])  # fmt: skip
    assert [(r[0], r[5]) for r in important[1:]] == [
        ("ECCB-2026-0812", ("是", "Yes")[t]), ("ECCB-2026-0712", ("是", "Yes")[t]),
    ]  # fmt: skip
    escalations = word.table(("单号", "Ticket")[t], ("问题", "Problem")[t],
                             ("投入资源", "Resources engaged")[t])  # fmt: skip
    assert [(r[0], r[3], r[5]) for r in escalations[1:]] == [
        ("ECCB-2026-0712", "2026-07-08 11:00", "1"), ("ECCB-2026-0812", "2026-09-24 14:00", "5"),
    ]  # fmt: skip
    assert escalations[2][2] == world.ESCALATIONS[0].resources.pick(lang)  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_advice_trend_and_sources(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"review_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    numbered = [p.text for p in word.doc.paragraphs if p.style and "List" in p.style.name]
    advice = [a.pick(lang) for a in derive_advice(world.RECURRENCES, world.CLOSED)]
    assert [n.split("\t", 1)[1] for n in numbered if n[:1].isdigit()] == advice  # in order
    trend = word.table(("季度", "Quarter")[t])
    # This quarter and the four before it; 2025Q2 is one too many.
    assert [r[0] for r in trend[1:]] == ["2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    assert trend[-1][1:] == ["8", "2", "3", "3", "0", "7", "12.5"]
    assert ("问题单从 2025Q3 的 6 单变为本季度的 8 单（上升）。",
            "Tickets went from 6 in 2025Q3 to 8 this quarter (up).")[t] in word.text  # fmt: skip
    sources = word.table(("来源", "Source")[t])
    assert [r[0] for r in sources[1:]] == ["ECCB-tickets-2026Q3.xlsx", "根因记录"]
    assert sources[1][2:] == ["2026-10-09", "9"]
    assert ("PERCENTILE.INC" in word.text) and ("Excel" in word.text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_has_every_ticket_with_every_column(rendered: dict[str, Path], lang: str) -> None:
    book = load_workbook(rendered[f"review_{lang}.xlsx"])
    t = {"zh": 0, "en": 1}[lang]
    assert book.sheetnames[:3] == [("概要", "Summary")[t], ("问题单", "Tickets")[t],
                                   ("按级别", "By severity")[t]]  # fmt: skip
    sheets = [("已关闭问题", "Closed"), ("未关闭问题", "Open"), ("重复问题", "Recurrences"),
              ("升级", "Escalations"), ("季度趋势", "Trend"), ("数据来源", "Sources")]  # fmt: skip
    for name in sheets:
        assert name[t] in book.sheetnames
    sheet = book[("问题单", "Tickets")[t]]
    header = [c.value for c in sheet[1]]
    assert len(header) == 21 and sheet.auto_filter.ref == "A1:U10"
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert set(rows) == {x.number for x in (*world.CLOSED, *world.OPEN)}
    fan = rows["ECCB-2026-0788"]
    assert fan[("处理时长（小时）", "Hours to resolve")[t]] == 27.0
    assert fan[("提单时间", "Opened")[t]] == datetime(2026, 9, 2, 8, 30)  # wall-clock time
    assert fan[("根因类别", "Root cause")[t]] == ROOT_CAUSE_NAMES["hardware"].pick(lang)
    assert fan[("建议", "Advice")[t]] == say(world.FAN_AGAIN.advice, lang)
    carried = rows["ECCB-2026-0695"]
    assert carried[("遗留", "Carried over")[t]] == ("遗留自 2026Q2", "from 2026Q2")[t]
    assert carried[("关闭时间", "Closed")[t]] is None
    assert rows["ECCB-2026-0760"][("关联", "Links")[t]] == "HP-2026-031"
    assert rows["ECCB-2026-0812"][("已升级", "Escalated")[t]] == ("是", "Yes")[t]
    closed = book[("已关闭问题", "Closed")[t]]
    assert closed.max_row == 1 + len(world.CLOSED)


def test_pdf_reads_back(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["review_zh.pdf"])
    text = "\n".join(pages)
    assert "问题管理报告" in pages[0] and world.CUSTOMER["zh"] in pages[0]
    for n, title in enumerate(OUTLINE["zh"], start=1):
        assert f"{n} {title}" in text
    assert "附录 A 方法与数据来源" in text
    assert text.count("解读：") == 6
    squeezed = flat(text)
    for ticket in (*world.CLOSED, *world.OPEN):
        assert ticket.number in squeezed
    assert flat("约定的范围调整：") in squeezed and "遗留自2026Q2" in squeezed


def test_an_empty_quarter_still_reads_well(tmp_path: Path) -> None:
    empty = replace(
        world.review(scope=False),
        stats=StatsBlock(total=0),
        closed=(),
        open=(),
        trend=(),
        escalations=(),
        recurrences=(),
        sources=(),
    )
    word = Word(reports.write_problem_review(empty, tmp_path / "e.docx", "en"))
    assert word.numbered() == [f"{n} {t}" for n, t in enumerate(OUTLINE["en"], start=1)]
    for said in (
        "No ticket was opened.",
        "No ticket was resolved to measure.",
        "No ticket was closed.",
        "No problem came back",
        "No ticket is open at the end.",
        "No ticket was important or escalated.",
        "No further maintenance advice.",
        "This is the first quarter reviewed",
    ):
        assert said in word.text, said
    assert word.pictures == 0
    book = load_workbook(reports.write_problem_review_xlsx(empty, tmp_path / "e.xlsx", "en"))
    assert book["Tickets"].max_row == 1
    assert not PLACEHOLDERS.search(word.text)


def test_given_advice_replaces_the_derived_one_and_undetermined_causes_show() -> None:
    unanalysed = replace(world.CRC, root_cause="", root_cause_text="", advice="")
    review = replace(
        world.review(), advice=["请在 10 月底前完成风扇框整批更换。"], closed=[unanalysed]
    )
    document = reports.build_problem_review_document(review, "zh")
    advice = document.sections[7]
    items = [list(b.items) for b in advice.blocks if hasattr(b, "items")]
    assert items == [["请在 10 月底前完成风扇框整批更换。"]]
    closed = document.sections[3]
    table = next(b for b in closed.blocks if hasattr(b, "rows"))
    assert list(table.rows[0][4:]) == ["尚未确定", "—", "—"]  # type: ignore[attr-defined]
    assert "1 单的根因尚未确定" in closed.blocks[0].text  # type: ignore[union-attr]


def test_suffix_decides_the_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docx"):
        reports.write_problem_review(world.review(), tmp_path / "r.xlsx", "zh")
    html = reports.write_problem_review(world.review(), tmp_path / "r.html", "en")
    assert "Problem-management report" in html.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
