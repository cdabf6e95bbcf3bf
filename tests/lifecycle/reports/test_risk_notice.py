"""The risk notice (风险通告) read back from Word and PDF in zh and en: the advisory in
plain words, the customer's affected devices and why, impact, workaround, fixed and
recommended releases, and what the expert proposes by when."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.lifecycle.reports import world
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages

from netcare.lifecycle import reports
from netcare.lifecycle.summary import say

OUTLINE = {
    "zh": ["公告概要", "受影响的设备", "影响", "临时规避措施", "修复版本与推荐版本", "专家建议"],
    "en": [
        "The advisory in plain words",
        "Affected devices",
        "Impact",
        "Workaround",
        "Fixed and recommended releases",
        "What we propose",
    ],
}
STATUS = {
    "zh": {"vulnerable": "受影响", "potentially_vulnerable": "可能受影响",
           "unknown": "无法评估", "not_vulnerable": "不受影响"},
    "en": {"vulnerable": "Vulnerable", "potentially_vulnerable": "Potentially vulnerable",
           "unknown": "Unknown", "not_vulnerable": "Not vulnerable"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_and_the_advisory(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"notice_{lang}.docx"])
    assert word.numbered() == [f"{n} {t}" for n, t in enumerate(OUTLINE[lang], start=1)]
    assert word.appendix() == [{"zh": "附录 A 方法与数据来源",
                                "en": "Appendix A Method and data sources"}[lang]]  # fmt: skip
    assert word.doc.core_properties.title == {"zh": "风险通告", "en": "Risk notice"}[lang]
    advisory = world.WEBUI
    assert advisory.summary.pick(lang) in word.text  # type: ignore[union-attr]
    pairs = {r[0]: r[1] for t in word.tables if len(t[0]) == 2 for r in t}
    assert pairs[{"zh": "公告编号", "en": "Advisory"}[lang]] == advisory.key
    assert pairs["CVE"] == {"zh": "CVE-2023-20198、CVE-2023-20273",
                            "en": "CVE-2023-20198, CVE-2023-20273"}[lang]  # fmt: skip
    assert pairs[{"zh": "级别", "en": "Severity"}[lang]] == {"zh": "严重", "en": "Critical"}[lang]
    assert pairs[{"zh": "CVSS 基础分", "en": "CVSS base score"}[lang]] == "10.0"
    exploited = pairs[{"zh": "已被在野利用", "en": "Known exploited"}[lang]]
    assert "CISA KEV" in exploited and exploited.startswith({"zh": "是", "en": "Yes"}[lang])
    assert pairs[{"zh": "EPSS 利用概率", "en": "EPSS probability"}[lang]] == "94.0%"
    assert not PLACEHOLDERS.search(word.text), PLACEHOLDERS.search(word.text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_devices_and_why(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"notice_{lang}.docx"])
    header = {"zh": ("设备名称", "站点", "型号", "软件版本", "状态"),
              "en": ("Hostname", "Site", "Model", "Version", "Status")}[lang]  # fmt: skip
    tables = [t for t in word.tables if tuple(t[0][:5]) == header]
    assert len(tables) == 3  # affected, not assessed, not affected
    shown = {r[0]: r for t in tables for r in t[1:]}
    notice = world.notice(lang)
    assert set(shown) == {d.hostname for d in notice.devices}
    for device in notice.devices:
        row = shown[device.hostname]
        assert row[1:4] == [device.site, device.model, device.version]
        assert row[4] == STATUS[lang][device.status]
        assert row[5] == (", ".join(device.features) or "—")
        assert row[6] == device.reason.pick(lang)
    affected = tables[0]
    assert [r[0] for r in affected[1:]] == ["SH-ACC-SW11", "SZ-ACC-SW21"]  # vulnerable first
    assert shown["SH-ACC-SW11"][5] == "http_server"  # the feature in use


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_impact_workaround_releases_and_proposal(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"notice_{lang}.docx"])
    notice = world.notice(lang)
    for text in (notice.impact, notice.proposal, notice.advisory.workaround):
        assert text.pick(lang) in word.text  # type: ignore[union-attr]
    pairs = {r[0]: r[1] for t in word.tables if len(t[0]) == 2 for r in t}
    fixed = pairs[{"zh": "首个修复版本", "en": "First fixed releases"}[lang]]
    assert fixed == ("、" if lang == "zh" else ", ").join(["17.9.4a", "17.6.6a", "17.3.8a"])
    assert pairs[{"zh": "推荐版本", "en": "Recommended release"}[lang]] == "17.9.4a"
    assert pairs[{"zh": "建议完成日期", "en": "To be done by"}[lang]] == "2026-12-20"
    targets = word.table(*{"zh": ("设备名称", "型号", "当前版本", "推荐版本"),
                           "en": ("Hostname", "Model", "Current version",
                                  "Recommended release")}[lang])  # fmt: skip
    assert [r[0] for r in targets[1:]] == ["SH-ACC-SW11", "SZ-ACC-SW21"]
    assert {r[3] for r in targets[1:]} == {"17.9.4a"}


def test_pdf_reads_back(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["notice_en.pdf"])
    text = "\n".join(pages)
    assert "Risk notice" in pages[0] and world.WEBUI.key in flat(pages[0])
    for n, title in enumerate(OUTLINE["en"], start=1):
        assert f"{n} {title}" in text
    squeezed = flat(text)
    for cve in world.WEBUI.cves:
        assert cve in text
    for device in world.notice("en").devices:
        assert device.hostname in squeezed
    assert "2areaffected" in squeezed and "1wascheckedandfoundnotaffected" in squeezed


def test_vendor_words_and_no_workaround_read_well(tmp_path: Path) -> None:
    notice = replace(
        world.notice("zh"),
        advisory=world.SRX_PFE,
        devices=[],
        impact="",
        proposal="请在下一个维护窗口升级。",
    )
    word = Word(reports.write_risk_notice(notice, tmp_path / "n.docx", "zh"))
    assert "厂商未提供临时规避措施，只能通过升级修复。" in word.text
    assert "待专家评估。" in word.text
    assert "请在下一个维护窗口升级。" in word.text
    assert say(world.SRX_PFE.title, "zh") in word.text  # the vendor's own title, as written
    pairs = {r[0]: r[1] for t in word.tables if len(t[0]) == 2 for r in t}
    assert pairs["首个修复版本"] == "21.4R3-S7.9"  # given as the vendor's text
    assert pairs["已被在野利用"] == "否"
