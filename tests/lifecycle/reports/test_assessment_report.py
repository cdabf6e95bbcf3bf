"""The version assessment report (版本评估报告) read back from Word and PDF in zh and en:
the outline of shared/REPORTS.md in order, the formula, every device, and every risk
point traceable in the appendix (the points of each device add up to its coefficient)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.lifecycle.reports import world
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages

from netcare.core.text import Text
from netcare.lifecycle import reports
from netcare.reports.engine.formatting import format_number

OUTLINE = {
    "zh": [
        "评估方法与风险系数",
        "版本分布",
        "分版本评估",
        "分设备风险",
        "适用的公告",
        "升级建议",
        "暂不能升级时的加固建议",
    ],
    "en": [
        "Method and risk coefficient",
        "Version distribution",
        "Assessment per version",
        "Risk per device",
        "Applicable advisories",
        "Upgrade recommendations",
        "Hardening until an upgrade is possible",
    ],
}
APPENDIX = {
    "zh": ["附录 A 风险系数构成明细", "附录 B 方法与数据来源"],
    "en": ["Appendix A Risk points per device", "Appendix B Method and data sources"],
}
LEVELS = {
    "zh": {"critical": "严重", "high": "高", "medium": "中", None: "未评估"},
    "en": {"critical": "Critical", "high": "High", "medium": "Medium", None: "Not assessed"},
}


def _number(value: float) -> str:
    return format_number(value, None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_formula_and_method(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"assessment_{lang}.docx"])
    assert word.numbered() == [f"{n} {t}" for n, t in enumerate(OUTLINE[lang], start=1)]
    assert word.appendix() == APPENDIX[lang]
    title = {"zh": "版本评估报告", "en": "Version assessment report"}[lang]
    assert word.doc.core_properties.title == title
    assert world.FORMULA.pick(lang) in word.text
    assert reports.DEFAULT_METHOD.pick(lang) in word.text  # no method given: the standard
    assert word.pictures == 3  # versions, risk levels, risk per version
    assert not PLACEHOLDERS.search(word.text), PLACEHOLDERS.search(word.text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_device_with_its_coefficient_and_level(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"assessment_{lang}.docx"])
    header = {"zh": ("设备名称", "站点", "型号"), "en": ("Hostname", "Site", "Model")}[lang]
    table = word.table(*header)
    rows = {r[0]: r for r in table[1:]}
    devices = world.assessment().devices
    assert set(rows) == {d.hostname for d in devices}
    for device in devices:
        row = rows[device.hostname]
        assert row[1:4] == [device.site, device.model, f"{device.platform} {device.version}"]
        assert row[4] == ("" if device.risk is None else _number(device.risk))
        assert row[5] == LEVELS[lang][device.level]
    # highest coefficient first, the device that could not be assessed last
    order = [r[0] for r in table[1:]]
    assert order[0] == "SH-ACC-SW11" and order[-1] == "HZ-ACC-SW31"
    # the main contributors join an advisory's points: 10 (CVSS) + 10 (exploited)
    assert f"{world.WEBUI.key} +20" in rows["SH-ACC-SW11"][6]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_risk_point_is_in_the_appendix(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"assessment_{lang}.docx"])
    header = {"zh": ("设备名称", "因素", "公告"), "en": ("Hostname", "Factor", "Advisory")}[lang]
    table = word.table(*header)
    coefficient = {"zh": "风险系数", "en": "Risk coefficient"}[lang]
    for device in world.assessment().devices:
        mine = [r for r in table[1:] if r[0] == device.hostname]
        points = [r for r in mine if r[1] != coefficient]
        assert len(points) == len(device.points)
        for point in device.points:
            assert [
                reports.FACTOR_NAMES[point.factor].pick(lang),
                point.advisory or "—",
                _number(point.points),
                point.why.pick(lang),
            ] in [r[1:] for r in points], (device.hostname, point)
        (total,) = [r for r in mine if r[1] == coefficient]
        if device.risk is None:
            assert total[3] == "" and total[4] == LEVELS[lang][None]
        else:
            assert total[3] == _number(device.risk)
            # every number is traceable: the points shown add up to the coefficient
            assert round(sum(float(r[3]) for r in points), 2) == device.risk


def test_versions_advisories_upgrades_and_hardening(rendered: dict[str, Path]) -> None:
    word = Word(rendered["assessment_zh.docx"])
    versions = word.table("平台", "软件版本", "设备数", "安全漏洞")
    by_version = {r[1]: r for r in versions[1:]}
    for v in world.assessment().versions:
        row = by_version[v.version]
        assert row[2:6] == [str(v.devices), str(v.vulnerabilities), str(v.bugs), str(v.bulletins)]
        assert row[6] == (v.end_of_support.isoformat() if v.end_of_support else "")
    assert by_version["17.3.4a"][8] == "严重"
    advisories = word.table("编号", "类型", "级别")
    by_key = {r[0]: r for r in advisories[1:]}
    assert set(by_key) == {a.key for a in world.ADVISORIES}
    webui = by_key[world.WEBUI.key]
    assert webui[1:5] == ["安全漏洞", "严重", "10.0", "是"]
    assert webui[6] == "CVE-2023-20198\nCVE-2023-20273"
    assert webui[8] == "17.9.4a\n17.6.6a\n17.3.8a"
    assert [r[2] for r in advisories[1:]] == ["严重", "高危", "高危", "中危", "低危"]
    assert by_key["HW-BUG-2024-0317"][1] == "已知问题"
    upgrades = word.table("平台", "当前版本", "目标版本", "升级路径")
    paths = {r[0]: r[3] for r in upgrades[1:]}
    assert paths["huawei_vrp"] == "V200R019C10SPC500 → V200R020C10SPC500 → V200R022C00SPC500"
    assert paths["cisco_xe"] == "17.3.4a → 17.9.4a"
    hardening = word.table("公告", "标题", "规避措施")
    assert world.WEBUI.workaround.pick("zh") in {r[2] for r in hardening[1:]}  # type: ignore[union-attr]
    assert "SH-ACC-SW11、SZ-ACC-SW21" in {r[3] for r in hardening[1:]}


def test_pdf_has_contents_outline_charts_and_every_point(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["assessment_zh.pdf"])
    text = "\n".join(pages)
    assert "目录" in pages[1]  # long enough for a table of contents
    for n, title in enumerate(OUTLINE["zh"], start=1):
        assert f"{n} {title}" in text, title
    for caption in ("软件版本分布", "设备风险等级分布", "各版本风险系数"):
        assert caption in text
    assert text.count("解读：") == 3
    squeezed = flat(text)
    for device in world.assessment().devices:
        assert device.hostname in squeezed
        for point in device.points:
            assert flat(point.why.zh) in squeezed
    assert "CVE-2023-20198" in text and world.CUSTOMER["zh"] in pages[-1]


def test_given_method_and_no_upgrades_read_well(tmp_path: Path) -> None:
    assessment = replace(
        world.assessment(),
        method=Text("仅评估核心设备。", "Only the core devices were assessed."),
        upgrades=(),
        hardening=(),
        advisories=(),
        reviewer="",
    )
    document = reports.build_assessment_document(assessment, "en")
    assert document.meta.reviewer == assessment.author
    word = Word(reports.write_assessment_report(assessment, tmp_path / "a.docx", "en"))
    assert "Only the core devices were assessed." in word.text
    assert "No upgrade is needed now." in word.text
    assert "No interim hardening is needed." in word.text
    assert "No advisory applies to the devices." in word.text
