"""The network hardening plan (网络加固方案) read back from Word and PDF, and the
per-device script zip."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from tests.inspection.reports import world

from netcare.inspection import reports
from netcare.inspection.engine.summary import HardeningSummary

OUTLINE = {
    "zh": ["加固处置的风险", "加固原则与参考", "变更批次", "分设备实施步骤", "验证方案"],
    "en": [
        "Risks addressed",
        "Principles and references",
        "Change batches",
        "Steps per device",
        "Verification plan",
    ],
}


def _word(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    doc = WordDocument(str(path))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    text = "\n".join([p.text for p in doc.paragraphs] + [c for t in tables for r in t for c in r])
    return headings, tables, text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_and_appendix(rendered: dict[str, Path], lang: str) -> None:
    headings, _, text = _word(rendered[f"hardening_{lang}.docx"])
    top = [h for h in headings if re.match(r"^\d+ ", h)]
    assert top == [f"{n} {t}" for n, t in enumerate(OUTLINE[lang], start=1)]
    appendix = "附录 A 分设备配置脚本" if lang == "zh" else "Appendix A Per-device scripts"
    assert appendix in headings
    assert not re.search(r"\bNone\b|TODO|\{[a-z_]+\}", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_addressed_link_to_the_inspection(
    rendered: dict[str, Path], plan: HardeningSummary, lang: str
) -> None:
    _, tables, text = _word(rendered[f"hardening_{lang}.docx"])
    (finding,) = plan.findings
    row = next(r for t in tables for r in t if finding.fingerprint[:12] in r)
    assert finding.rule_id in row and finding.title.pick(lang) in row
    # the vendor guide named by the rule is cited
    assert finding.reference in text


def test_each_device_has_precheck_configuration_postcheck_and_rollback(
    rendered: dict[str, Path], plan: HardeningSummary
) -> None:
    _, tables, _ = _word(rendered["hardening_en.docx"])
    commands = [t for t in tables if t[0] == ["Step", "Stage", "Command"]]
    assert len(commands) == 2  # as2border2 and arista_evpn
    for step in plan.steps:
        table = next(t for t in commands if any(step.precheck[0] in r for r in t))
        stages = {r[1] for r in table[1:]} - {""}
        assert stages == {"Pre-check", "Configuration", "Post-check", "Rollback"}
        lines = [r[2] for r in table[1:]]
        for expected in step.remediation.splitlines() + step.rollback.splitlines():
            assert expected.rstrip() in lines, expected


def test_batches_are_listed_with_window_and_impact(rendered: dict[str, Path]) -> None:
    _, tables, _ = _word(rendered["hardening_zh.docx"])
    # a step whose rule is named by rule_titles rather than by a finding
    assert any(
        r[:3] == ["arista_evpn", "eos.logging_host_missing", "未配置日志服务器"]
        for t in tables
        for r in t
    )
    batches = next(t for t in tables if t[0][:3] == ["批次", "内容", "窗口"])
    assert [r[0] for r in batches[1:]] == ["1", "2"]
    assert batches[1][2] == "2026-12-12 22:00–24:00" and batches[1][5] == "重要"
    assert batches[1][7] == "现有 Telnet 会话将断开"
    assert batches[2][6] == "是"  # the logging step needs a window


def test_pdf_reads_back(rendered: dict[str, Path], plan: HardeningSummary) -> None:
    pages = [p.extract_text() for p in PdfReader(rendered["hardening_en.pdf"]).pages]
    text = "\n".join(pages)
    for n, title in enumerate(OUTLINE["en"], start=1):
        assert f"{n} {title}" in text, title
    assert "Appendix A Per-device scripts" in text
    assert "transport input ssh" in text and "logging host 192.0.2.10" in text
    assert "Figure 1 Steps per batch by risk" in text and "Reading:" in text


def test_scripts_zip_holds_each_device_script_and_rollback(
    rendered: dict[str, Path], plan: HardeningSummary, tmp_path: Path
) -> None:
    archive = zipfile.ZipFile(rendered["scripts.zip"])
    assert sorted(archive.namelist()) == [
        "arista_evpn.cfg",
        "arista_evpn.rollback.cfg",
        "as2border2.cfg",
        "as2border2.rollback.cfg",
    ]
    ios = archive.read("as2border2.cfg").decode()
    assert ios.startswith("! NetCare hardening script for as2border2 (cisco_ios)\n")
    assert "! [1] ios.vty_transport_not_ssh (line vty 0 4) - risk major\n" in ios
    assert "no transport input ssh" not in ios
    assert "line vty 0 4\n transport input ssh\n" in ios
    assert "no transport input ssh" in archive.read("as2border2.rollback.cfg").decode()
    # same plan, same bytes: a re-issued zip does not look changed
    again = reports.write_scripts_zip(plan, tmp_path / "again.zip")
    assert again.read_bytes() == rendered["scripts.zip"].read_bytes()


def test_given_scripts_win_over_built_ones(tmp_path: Path) -> None:
    plan = world.hardening_summary()
    script = "! from the planner\nline vty 0 4\n transport input ssh\n"
    from dataclasses import replace

    path = reports.write_scripts_zip(
        replace(plan, scripts={"as2border2": script}), tmp_path / "s.zip"
    )
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert archive.read("as2border2.cfg").decode() == script
