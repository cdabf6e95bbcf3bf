"""The version summary table (版本汇总表), xlsx first, read back with openpyxl, python-docx
and pypdf in zh and en: every device with every column, the per-platform roll-up, the
distribution chart, off-track flags and advisories highlighted."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart
from tests.lifecycle.reports import world
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages

from netcare.lifecycle import reports
from netcare.lifecycle.summary import VersionRow
from netcare.reports.engine import Chart
from netcare.reports.engine.style import TONE_FILL

HEADERS = {
    "zh": [
        "设备名称", "站点", "型号", "平台", "软件版本", "发布日期", "停止销售", "停止支持",
        "目标版本", "目标符合性", "严重", "高危", "中危", "低危", "其他", "已被利用", "未能评估",
        "风险系数", "风险等级",
    ],
    "en": [
        "Hostname", "Site", "Model", "Platform", "Version", "Release date", "End of sale",
        "End of support", "Target release", "Off-track flag", "Critical", "High", "Medium",
        "Low", "Other", "Exploited", "Unassessed", "Risk coefficient", "Risk level",
    ],
}  # fmt: skip
SHEETS = {
    "zh": ["概要", "设备版本", "平台汇总", "版本分布", "数据来源"],
    "en": ["Summary", "Devices", "Platforms", "Distribution", "Sources"],
}
OUTLINE = {
    "zh": ["1 概览", "2 设备版本明细", "3 按平台汇总"],
    "en": ["1 Overview", "2 Devices", "3 Per platform"],
}
APPENDIX = {"zh": ["附录 A 说明与数据来源"], "en": ["Appendix A Notes and data sources"]}
OFF_TRACK = {"zh": "偏离目标", "en": "Off track"}
ON_TRACK = {"zh": "符合目标", "en": "On track"}


def _day(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


def _filled(cell: Cell, tone: str) -> bool:
    return str(cell.fill.fgColor.rgb).upper().endswith(TONE_FILL[tone])  # type: ignore[index]


def _unfilled(cell: Cell) -> bool:
    return cell.fill.fill_type is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_has_every_device_with_every_column(rendered: dict[str, Path], lang: str) -> None:
    book = load_workbook(rendered[f"summary_{lang}.xlsx"])
    assert book.sheetnames == SHEETS[lang]
    sheet = book[SHEETS[lang][1]]
    header = [c.value for c in sheet[1]]
    assert header == HEADERS[lang]
    assert sheet.auto_filter.ref == f"A1:S{len(world.rows()) + 1}"
    found = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert set(found) == {r.hostname for r in world.rows()}
    for row in world.rows():
        cells = list(found[row.hostname].values())
        assert cells[1:5] == [row.site, row.model, row.platform, row.version]
        assert [_day(v) for v in cells[5:8]] == [
            row.release_date,
            row.end_of_sale,
            row.end_of_support,
        ]
        assert cells[8] == row.target
        assert cells[10:17] == [
            row.critical, row.high, row.medium, row.low, row.other, row.exploited,
            row.unassessed,
        ]  # fmt: skip
        assert cells[17] == row.risk
    by_host = {h: list(v.values()) for h, v in found.items()}
    assert by_host["SH-ACC-SW11"][9] == OFF_TRACK[lang]
    assert by_host["SH-CORE-SW01"][9] == ON_TRACK[lang]
    assert by_host["HZ-ACC-SW31"][9] == {"zh": "版本无法识别", "en": "Version not understood"}[lang]
    assert by_host["HZ-ACC-SW31"][18] == {"zh": "未评估", "en": "Not assessed"}[lang]
    assert by_host["SH-ACC-SW11"][18] == {"zh": "严重", "en": "Critical"}[lang]


def test_workbook_highlights_off_track_advisories_and_ended_support(
    rendered: dict[str, Path],
) -> None:
    book = load_workbook(rendered["summary_en.xlsx"])
    sheet = book["Devices"]
    assert sheet.freeze_panes == "B2"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    wide, core = rows["SH-ACC-SW11"], rows["SH-CORE-SW01"]
    assert _filled(wide[9], "high") and _filled(core[9], "ok")  # off track / on track
    assert _filled(wide[10], "critical") and _filled(wide[11], "high")  # 1 critical, 1 high
    assert _unfilled(wide[12]) and _unfilled(wide[13])  # no medium, no low
    assert _filled(wide[15], "critical")  # exploited
    assert _filled(rows["HZ-ACC-SW31"][16], "medium")  # unassessed advisories
    assert _filled(wide[7], "high")  # 17.3.4a support ended 2025-09-30
    assert _unfilled(core[7])  # 17.9.4a supported until 2027
    platforms = book["Platforms"]
    cisco = next(r for r in platforms.iter_rows(min_row=2) if r[0].value == "cisco_xe")
    assert _filled(cisco[3], "high") and _filled(cisco[6], "critical")


def test_workbook_roll_up_and_native_charts(rendered: dict[str, Path]) -> None:
    book = load_workbook(rendered["summary_zh.xlsx"])
    platforms = book["平台汇总"]
    rows = {r[0]: r[1:] for r in platforms.iter_rows(min_row=2, values_only=True)}
    expected = {
        p.platform: (
            p.devices, p.versions, p.off_track, p.unknown_versions, p.support_ended,
            p.critical, p.high, p.medium, p.low, p.other, p.exploited,
        )
        for p in world.version_summary().platforms()
    }  # fmt: skip
    assert rows == expected
    assert rows["cisco_xe"] == (4, 3, 2, 1, 2, 2, 2, 0, 0, 0, 2)
    (stacked,) = platforms._charts
    assert isinstance(stacked, BarChart) and stacked.grouping == "stacked"
    assert len(stacked.series) == 4  # critical, high, medium, low
    distribution = book["版本分布"]
    versions = [r[1] for r in distribution.iter_rows(min_row=2, values_only=True)]
    assert versions[0] == "17.3.4a"  # the most used cisco_xe version first
    assert sorted(versions) == sorted({r.version for r in world.rows()})
    (bars,) = distribution._charts
    assert isinstance(bars, BarChart)
    assert bars.series[0].val.numRef.f == f"'版本分布'!$C$2:$C${len(versions) + 1}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_document_outline_tables_and_charts(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"summary_{lang}.docx"])
    assert word.numbered() == OUTLINE[lang]
    assert word.appendix() == APPENDIX[lang]
    assert (
        word.doc.core_properties.title == {"zh": "版本汇总表", "en": "Version summary table"}[lang]
    )
    assert word.pictures == 2  # version distribution, advisories per platform
    figures = [c for c in word.captions if c.startswith(("图", "Figure"))]
    assert len(figures) == 2
    hostname = {"zh": "设备名称", "en": "Hostname"}[lang]
    identity, lifecycle, advisories = [t for t in word.tables if t[0][0] == hostname]
    for table in (identity, lifecycle, advisories):
        assert sorted(r[0] for r in table[1:]) == sorted(r.hostname for r in world.rows())
    by_host = {r[0]: r for r in advisories[1:]}
    for row in world.rows():
        assert by_host[row.hostname][1:8] == [
            str(n) for n in (row.critical, row.high, row.medium, row.low, row.other,
                             row.exploited, row.unassessed)
        ]  # fmt: skip
    flags = {r[0]: r[-1] for r in lifecycle[1:]}
    assert flags["SH-ACC-SW11"] == OFF_TRACK[lang] and flags["SH-CORE-SW01"] == ON_TRACK[lang]
    assert "2025-09-30" in {r[3] for r in lifecycle[1:]}
    assert not PLACEHOLDERS.search(word.text), PLACEHOLDERS.search(word.text)


def test_pdf_reads_back(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["summary_zh.pdf"])
    text = "\n".join(pages)
    assert "版本汇总表" in pages[0] and world.CUSTOMER["zh"] in pages[0]
    for heading in OUTLINE["zh"]:
        assert heading in text
    assert text.count("解读：") == 2
    assert "软件版本分布" in text and "各平台适用公告（按级别）" in text
    squeezed = flat(text)
    for row in world.rows():
        assert row.hostname in squeezed and flat(row.version) in squeezed
    assert "偏离目标" in text


def test_many_versions_keep_the_chart_readable() -> None:
    extra = [
        VersionRow(f"BR-SW{i:02d}", "分行", "C9200L-24T", "cisco_xe", f"17.{i}.1")
        for i in range(1, 30)
    ]
    summary = world.with_rows(world.version_summary(), extra)
    document = reports.build_version_summary_document(summary, "en")
    chart = next(b for s in document.sections for b in s.blocks if isinstance(b, Chart))
    assert len(chart.categories) == reports.MAX_VERSION_BARS
    assert "20 most used versions" in chart.caption
    assert chart.categories[0] == "17.3.4a"  # two devices: the most used comes first


def test_suffix_decides_the_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docx"):
        reports.write_version_summary_report(world.version_summary(), tmp_path / "t.xlsx", "zh")
    path = reports.write_version_summary_xlsx(world.version_summary(), tmp_path / "t.xlsx", "zh")
    assert path.is_file() and not list(tmp_path.glob(".*part*"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_empty_network_still_reads_well(tmp_path: Path) -> None:
    empty = replace(world.version_summary("en"), rows=[], sources=())
    word = Word(reports.write_version_summary_report(empty, tmp_path / "e.docx", "en"))
    assert word.numbered() == OUTLINE["en"]
    assert "runs 0 devices" in word.text
    book = load_workbook(reports.write_version_summary_xlsx(empty, tmp_path / "e.xlsx", "en"))
    assert "Devices" in book.sheetnames
