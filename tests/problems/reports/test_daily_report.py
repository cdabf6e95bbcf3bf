"""The daily progress report (问题处理日报) read back from Word and PDF in zh and en, and
the e-mail that carries it to the customer's contacts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.lifecycle.reports.readback import PLACEHOLDERS, Word, flat, pdf_pages
from tests.problems.reports import world

from netcare.problems import reports
from netcare.problems.summary import Contact, say

OUTLINE = {
    "zh": ["问题与级别", "业务影响", "昨日以来的进展", "当前状态", "下一步计划与责任人",
           "预计解决时间", "投入资源", "联系方式"],
    "en": ["Ticket and severity", "Business impact", "Since yesterday", "Current status",
           "Next steps and who", "Expected time to resolve", "Resources engaged",
           "Contact for questions"],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_and_the_ticket(rendered: dict[str, Path], lang: str) -> None:
    word = Word(rendered[f"daily_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    assert word.numbered() == [f"{n} {title}" for n, title in enumerate(OUTLINE[lang], start=1)]
    assert word.appendix() == [("附录 A 说明", "Appendix A Notes")[t]]
    assert word.doc.core_properties.title == ("问题处理日报", "Daily progress report")[t]
    pairs = {r[0]: r[1] for table in word.tables if len(table[0]) == 2 for r in table}
    assert pairs[("单号", "Ticket")[t]] == "ECCB-2026-0812"
    assert pairs[("问题", "Problem")[t]] == world.SPINE_AGAIN.title
    assert pairs[("级别", "Severity")[t]] == ("紧急", "Critical")[t]
    assert pairs[("状态", "Status")[t]] == ("处理中", "In progress")[t]
    assert pairs[("设备", "Device")[t]] == ("ECCB-ZJ-SPINE-01（CE12808）",
                                            "ECCB-ZJ-SPINE-01 (CE12808)")[t]  # fmt: skip
    assert pairs[("提单时间", "Opened")[t]] == "2026-09-24 10:30"
    assert pairs[("已持续", "Open for")[t]] == ("4 天", "4 days")[t]
    assert pairs[("已升级总部", "Escalated to headquarters")[t]] == ("是", "Yes")[t]
    assert pairs[("日报期数", "Report number")[t]] == "5"
    assert pairs[("周期", "Period")[t]] == "2026-09-28"
    assert not PLACEHOLDERS.search(word.text), PLACEHOLDERS.search(word.text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_impact_progress_status_steps_resources_contact(
    rendered: dict[str, Path], lang: str
) -> None:
    word = Word(rendered[f"daily_{lang}.docx"])
    t = {"zh": 0, "en": 1}[lang]
    report = world.daily(lang)
    for text in (report.impact, report.status, report.expected_resolution):
        assert say(text, lang) in word.text
    progress = word.table(("时间", "When")[t], ("处理人", "By")[t])
    # Oldest first, whatever order the records came in.
    assert [r[:2] for r in progress[1:]] == [
        ["2026-09-27 16:20", "陈静"],
        ["2026-09-28 09:40", "张伟"],
    ]
    assert progress[1][2] == say(report.progress[1].text, lang)
    steps = word.table(("措施", "Action")[t], ("负责人", "Who")[t], ("完成时间", "By when")[t])
    assert [r[1:] for r in steps[1:]] == [
        ["张伟", "2026-09-30 18:00"],
        ["王强", "2026-10-15 23:30"],
    ]
    assert steps[1][0] == say(report.next_steps[0].action, lang)
    bullets = [p.text for p in word.doc.paragraphs if p.style and p.style.name == "List Bullet"]
    for resource in report.resources:
        assert say(resource, lang) in bullets
    pairs = {r[0]: r[1] for table in word.tables if len(table[0]) == 2 for r in table}
    assert pairs[("联系人", "Name")[t]] == "张伟"
    assert pairs[("电话", "Phone")[t]] == "021-5080-1234"
    assert pairs[("邮箱", "E-mail")[t]] == "zhang.wei@netcare.example"


def test_pdf_reads_back(rendered: dict[str, Path]) -> None:
    pages = pdf_pages(rendered["daily_en.pdf"])
    text = "\n".join(pages)
    assert "Daily progress report" in pages[0] and world.CUSTOMER["en"] in pages[0]
    for n, title in enumerate(OUTLINE["en"], start=1):
        assert f"{n} {title}" in text
    squeezed = flat(text)
    assert "ECCB-2026-0812" in squeezed and flat("2026-10-15 23:30") in squeezed
    assert "zhang.wei@netcare.example" in squeezed


def test_email_in_chinese() -> None:
    subject, body = reports.daily_report_email(world.daily("zh"), "zh")
    assert subject == (
        "【问题处理日报】华东城市商业银行 ECCB-2026-0812 ECCB-ZJ-SPINE-01 再次出现间歇性丢包"
        "（2026-09-28，第 5 期）"
    )
    lines = body.splitlines()
    assert lines[0] == "华东城市商业银行 各位领导、同事："
    for line in (
        "问题：ECCB-2026-0812 ECCB-ZJ-SPINE-01 再次出现间歇性丢包",
        "级别：紧急",
        "状态：处理中",
        "设备：ECCB-ZJ-SPINE-01（CE12808）",
        "【业务影响】",
        world.daily().impact.pick("zh"),  # type: ignore[union-attr]
        "- 2026-09-27 16:20 陈静：研发在实验室复现问题，确认为同一交换网板缺陷，"
        "补丁 V300R020SPH260 验证通过。",
        "- 提交补丁加载方案并完成变更评审（张伟，2026-09-30 18:00 前）",
        "预计 10 月 15 日维护窗口加载补丁后解决。",
        "- 研发 交换网板团队",
        "如有疑问，请联系：张伟，电话 021-5080-1234，邮箱 zhang.wei@netcare.example。",
    ):
        assert line in lines, line
    sections = ["【业务影响】", "【昨日以来的进展】", "【当前状态】", "【下一步计划与责任人】",
                "【预计解决时间】", "【投入资源】"]  # fmt: skip
    assert [lines.index(s) for s in sections] == sorted(lines.index(s) for s in sections)
    assert lines[-1] == "张伟" and body.endswith("\n")
    assert not PLACEHOLDERS.search(body)


def test_email_in_english() -> None:
    subject, body = reports.daily_report_email(world.daily("en"), "en")
    assert subject == (
        "Daily progress report: East China City Commercial Bank ECCB-2026-0812 "
        "ECCB-ZJ-SPINE-01 再次出现间歇性丢包 (2026-09-28, no. 5)"
    )
    lines = body.splitlines()
    assert lines[0] == "Dear East China City Commercial Bank team,"
    for line in (
        "Severity: Critical",
        "Status: In progress",
        "- Load the patch and verify forwarding (王强, by 2026-10-15 23:30)",
        "- 2026-09-28 09:40 张伟: The customer confirms services are stable since the "
        "switch-over; no time-outs overnight.",
        "For any question, please contact 张伟, phone 021-5080-1234, e-mail "
        "zhang.wei@netcare.example.",
    ):
        assert line in lines, line
    assert "\n\n" in body and "\r" not in body


def test_a_quiet_day_reads_well(tmp_path: Path) -> None:
    quiet = replace(
        world.daily("en"),
        progress=(),
        next_steps=(),
        resources=(),
        expected_resolution="",
        contact=Contact("张伟"),
    )
    word = Word(reports.write_daily_report(quiet, tmp_path / "q.docx", "en"))
    for said in (
        "Nothing new since the last report.",
        "Next steps are to be decided.",
        "Not yet known; the next report will say.",
        "Handled by the dedicated L2 expert; not escalated.",
    ):
        assert said in word.text, said
    assert not word.tables[1:] or all(len(t[0]) == 2 for t in word.tables)
    _, body = reports.daily_report_email(quiet, "en")
    assert "Nothing new since the last report." in body
    assert "For any question, please contact 张伟." in body.splitlines()
    with pytest.raises(ValueError, match="docx"):
        reports.write_daily_report(quiet, tmp_path / "q.xlsx", "en")
