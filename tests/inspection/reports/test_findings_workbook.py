"""The findings workbook read back with openpyxl: one row per finding, filters on, text
that looks like a formula kept as text."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from netcare.inspection.engine.summary import InspectionSummary

HEADERS = {
    "zh": ["设备", "站点", "级别", "类别", "规则", "发现", "对象", "证据", "建议", "状态"],
    "en": [
        "Device",
        "Site",
        "Severity",
        "Category",
        "Rule",
        "Finding",
        "Subject",
        "Evidence",
        "Recommendation",
        "Status",
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_row_per_finding_with_filters(
    rendered: dict[str, Path], summary: InspectionSummary, lang: str
) -> None:
    book = openpyxl.load_workbook(rendered[f"findings_{lang}.xlsx"])
    sheet = book["发现" if lang == "zh" else "Findings"]
    header = [c.value for c in sheet[1]]
    assert header[: len(HEADERS[lang])] == HEADERS[lang]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == len(summary.findings)
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{len(rows) + 1}"
    assert sheet.freeze_panes == "A2"
    hosts = {d.key: d.hostname for d in summary.devices}
    expected = {(hosts[f.device], f.rule_id, "\n".join(f.evidence)) for f in summary.findings}
    assert {(r[0], r[4], r[7]) for r in rows} == expected
    status = {r[4] + "@" + r[0]: r[9] for r in rows}
    if lang == "zh":
        assert status["common.ntp_unsynchronised@arista_evpn"] == "已接受风险"
        assert status["common.ntp_unsynchronised@as2border2"] == "待整改"
        assert {r[2] for r in rows} == {"紧急", "重要", "次要"}
    else:
        assert status["common.ntp_unsynchronised@arista_evpn"] == "Accepted risk"
        assert {r[2] for r in rows} == {"Critical", "Major", "Minor"}


def test_formula_looking_mark_reason_stays_text(rendered: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(rendered["findings_en.xlsx"])
    sheet = book["Findings"]
    header = [c.value for c in sheet[1]]
    column = header.index("Mark reason") + 1
    cells = [sheet.cell(r, column) for r in range(2, sheet.max_row + 1)]
    reasons = [c for c in cells if c.value]
    assert len(reasons) == 1
    (cell,) = reasons
    assert cell.value.startswith("=HYPERLINK(")
    assert cell.data_type == "s" and cell.quotePrefix


def test_devices_sheet_counts_open_findings(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    book = openpyxl.load_workbook(rendered["findings_en.xlsx"])
    sheet = book["Devices"]
    header = [c.value for c in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == {d.hostname for d in summary.devices}
    assert rows["arista_evpn"]["Minor"] == 1  # the accepted NTP risk is not counted
    assert rows["h3c-5900-agg"]["Critical"] == 1
    assert rows["ne40e-pe1"]["Software version"] == "V800R011C00SPC200"
    not_assessed = book["Not assessed"]
    assert not_assessed.max_row - 1 == sum(len(d.result.not_assessed) for d in summary.devices)
