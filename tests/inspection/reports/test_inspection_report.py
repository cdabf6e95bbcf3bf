"""The inspection report (巡检报告) read back from Word and PDF, in zh and en.

Built from real device outputs (see world.py): the outline of shared/REPORTS.md is there
in order, every finding appears with its evidence line as the device printed it, the
per-device sheets show the facts parsed from those outputs, and nothing is left as a
placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from tests.inspection.reports import world

from netcare.inspection import reports
from netcare.inspection.engine.summary import InspectionSummary

OUTLINE = {
    "zh": [
        "巡检范围",
        "总体健康度",
        "重点风险",
        "发现统计（按级别与类别）",
        "设备详情",
        "与上次巡检对比",
        "整改建议",
    ],
    "en": [
        "Scope",
        "Overall health",
        "Key risks",
        "Findings by severity and category",
        "Device sheets",
        "Comparison with the previous inspection",
        "Recommendations",
    ],
}
APPENDIX = {
    "zh": ["附录 A 方法与执行的命令", "附录 B 应用的规则与规则包版本"],
    "en": ["Appendix A Method and commands run", "Appendix B Rules applied and pack versions"],
}
PLACEHOLDERS = re.compile(r"\bNone\b|\bnan\b|TODO|\{[a-z_]+\}|\[\[|Text\(")


def _word(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    """(headings, tables as rows of cell texts, all text) of a Word file."""
    doc = WordDocument(str(path))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    text = "\n".join(
        [p.text for p in doc.paragraphs] + [c for t in tables for row in t for c in row]
    )
    return headings, tables, text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_sections_in_order(rendered: dict[str, Path], lang: str) -> None:
    headings, _, _ = _word(rendered[f"inspection_{lang}.docx"])
    top = [h for h in headings if re.match(r"^\d+ ", h)]
    assert top == [f"{n} {title}" for n, title in enumerate(OUTLINE[lang], start=1)]
    assert [h for h in headings if h.startswith(("附录", "Appendix"))] == APPENDIX[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_row_with_its_real_evidence(
    rendered: dict[str, Path], summary: InspectionSummary, lang: str
) -> None:
    _, tables, text = _word(rendered[f"inspection_{lang}.docx"])
    rows = [row for table in tables for row in table]
    for device in summary.devices:
        for finding in device.result.findings:
            # the finding's row on its device sheet holds title, subject and evidence
            match = [
                r
                for r in rows
                if finding.title.pick(lang) in r and "\n".join(finding.evidence) in r
            ]
            assert match, (device.hostname, finding.rule_id)
            evidence = finding.evidence[0]
            raw = (world.OUTPUTS / world.DEVICES[device.key][0]).glob("*")
            assert any(evidence in p.read_text(encoding="utf-8") for p in raw), evidence
    assert not PLACEHOLDERS.search(text), PLACEHOLDERS.search(text)


def test_severity_and_category_words_are_translated(rendered: dict[str, Path]) -> None:
    _, _, zh = _word(rendered["inspection_zh.docx"])
    _, _, en = _word(rendered["inspection_en.docx"])
    for word in ("紧急", "重要", "次要", "硬件状态", "管理平面", "接口与链路"):
        assert word in zh, word
    for word in ("Critical", "Major", "Minor", "Hardware", "Management plane", "Interfaces"):
        assert word in en, word
    for raw in ("critical", "management_plane", "security_hardening", "logs_alarms"):
        assert not re.search(rf"(?<![\w.]){raw}(?![\w.])", zh), raw


def test_key_risks_table_orders_by_severity(rendered: dict[str, Path]) -> None:
    _, tables, _ = _word(rendered["inspection_zh.docx"])
    key = next(t for t in tables if t[0][:2] == ["序号", "级别"])
    severities = [row[1] for row in key[1:]]
    order = ["紧急", "重要", "次要", "提示"]
    assert severities == sorted(severities, key=order.index)
    assert severities[0] == "紧急" and len(key) - 1 <= 10
    # the accepted-risk NTP finding on the Arista is not a key risk; the IOS one is
    ntp = [row for row in key[1:] if "NTP" in row[3]]
    assert ntp and all("arista_evpn" not in row[4] for row in ntp)


def test_device_sheets_show_parsed_facts(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    _, tables, text = _word(rendered["inspection_en.docx"])
    for device in summary.devices:
        assert device.os_version and device.os_version in text
        assert device.serial and device.serial in text
    # real states from the outputs: the Comware IRF member's failed supply, the VRP CPU
    assert any(r == ["Power supply", "Slot 2 Power 1", "Fault"] for t in tables for r in t)
    assert any(r[:2] == ["CPU load", "93.0%"] for t in tables for r in t)
    # only the Arista's Management1 has error counters (655 in, 274 CRC)
    errors = [t for t in tables if t[0][:1] == ["Interface"]]
    assert [r[0] for t in errors for r in t[1:]] == ["Management1"]
    assert errors[0][1][3:] == ["655", "0", "274"]
    # a chassis of 60 sensors is condensed: abnormal ones listed, the rest counted
    arista = next(t for t in tables if ["Power supply", "PowerSupply1", "Power Loss"] in t)
    assert ["Fan", "PowerSupply5", "Not Inserted"] in arista
    assert any(r[0] == "Temperature" and r[1].endswith("others") for r in arista)
    assert len(arista) < 20


def test_marked_finding_is_shown_apart_with_its_reason(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    headings, tables, _ = _word(rendered["inspection_zh.docx"])
    assert "4.1 已接受风险与误报" in headings
    marked = next(t for t in tables if "标记" in t[0])
    (mark,) = summary.marks.values()
    assert [r[3:] for r in marked[1:]] == [["已接受风险", mark.reason.zh, "李娜"]]


def test_comparison_lists_new_resolved_and_persisting(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    _, tables, text = _word(rendered["inspection_en.docx"])
    assert "Previous inspection" in text and "2026-09-01" in text
    comparison = summary.comparison
    assert comparison is not None and comparison.previous_score is not None
    delta = summary.network_health.score - comparison.previous_score
    direction = "rose" if delta > 0 else "fell"
    assert f"the health score {direction} by {abs(delta):.1f}" in text
    resolved = next(t for t in tables if any("vrp.vty_acl_missing" in c for c in t[1]))
    assert resolved[1][0] == "ne40e-pe1"
    persisting = [t for t in tables if any("comware.power_fault" in c for r in t[1:] for c in r)]
    assert persisting


def test_appendix_lists_commands_and_rules_with_pack_version(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    _, tables, _ = _word(rendered["inspection_en.docx"])
    commands = next(t for t in tables if t[0] == ["No.", "Command"])
    assert [r[1] for r in commands[1:]] == list(summary.commands)
    rules = next(t for t in tables if t[0][:2] == ["Rule", "Pack version"])
    by_rule = {r[0]: r for r in rules[1:]}
    assert by_rule["common.ntp_unsynchronised"][1] == "2026.12.1"
    assert by_rule["common.ntp_unsynchronised"][3] == "2"  # fired on two devices
    assert by_rule["common.logging_host_missing"][5] == "3"  # not assessed on three


def test_pdf_has_outline_charts_readings_and_findings(
    rendered: dict[str, Path], summary: InspectionSummary
) -> None:
    pages = [p.extract_text() for p in PdfReader(rendered["inspection_zh.pdf"]).pages]
    text = "\n".join(pages)
    assert "目录" in pages[1]  # long enough for a table of contents
    for n, title in enumerate(OUTLINE["zh"], start=1):
        assert f"{n} {title}" in text, title
    for caption in (
        "健康度各维度得分",
        "各设备健康度得分",
        "待整改发现按级别分布",
        "待整改发现按类别与级别分布",
    ):
        assert caption in text, caption
    assert text.count("解读：") >= 4
    flat = "".join(text.split())
    for finding in summary.findings:
        assert "".join(finding.title.zh.split()) in flat, finding.rule_id
    assert "江南银行股份有限公司" in pages[-1] and "共" in pages[-1]


def test_first_inspection_and_clean_network_still_read_well(tmp_path: Path) -> None:
    clean = world.without_findings()
    path = reports.write_inspection_report(clean, tmp_path / "clean.docx", "zh")
    headings, _, text = _word(path)
    assert [h for h in headings if re.match(r"^\d+ ", h)] == [
        f"{n} {t}" for n, t in enumerate(OUTLINE["zh"], start=1)
    ]
    assert "本次巡检未发现待整改的风险" in text
    assert "首次巡检" in text
    assert "本设备未发现问题" in text


def test_suffix_decides_the_format(summary: InspectionSummary, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="docx"):
        reports.write_inspection_report(summary, tmp_path / "report.txt", "zh")
    document = reports.build_inspection_document(summary, "en")
    assert document.meta.language == "en" and document.title == "Inspection report"
