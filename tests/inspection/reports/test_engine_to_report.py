"""From real outputs through the rule engine to the report: ``from_results`` fills the
summary the offline ``netcare inspect`` writes its report from.

The rules here are a small pack in the documented format (docs/rule-packs.md); the
shipped packs are tested by their own expect files.
"""

from __future__ import annotations

import inspect
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from tests.inspection.reports import world

from netcare.inspection import reports
from netcare.inspection.engine.summary import HardeningSummary, from_results

PACK = """
pack: rptest
version: "2026.12.0"
title: {zh: 报告测试规则, en: Report test rules}
platforms: [cisco_ios, cisco_xe, hp_comware, huawei_vrp, arista_eos]
rules:
  - id: rptest.cpu_high
    title: {zh: CPU 利用率过高, en: High CPU load}
    why: {zh: CPU 长期过高会影响协议收敛。, en: A busy CPU slows protocol convergence.}
    category: performance
    severity: major
    needs: [cpu_percent]
    check: {kind: expr, expr: "cpu_percent >= 80"}
    recommendation: {zh: 排查占用 CPU 的进程。, en: Find the processes using the CPU.}
    reference: "Huawei NE40E Maintenance Guide — CPU usage"
  - id: rptest.psu_not_ok
    title: {zh: 电源状态异常, en: Power supply not OK}
    why: {zh: 电源冗余丧失。, en: Power redundancy is lost.}
    category: hardware
    severity: critical
    needs: [psus]
    check:
      kind: expr
      each: psus
      where: "lower(item['status']) not in ('ok', 'normal', 'not present')"
      subject: name
    recommendation: {zh: 检查供电并更换故障电源。, en: Check the feed; replace the failed supply.}
    reference: ""
"""


def test_engine_results_become_a_report(tmp_path: Path) -> None:
    packs = pytest.importorskip("netcare.inspection.engine.packs")
    evaluate = pytest.importorskip("netcare.inspection.engine.evaluate")
    health = pytest.importorskip("netcare.inspection.engine.health")
    (tmp_path / "rptest.yaml").write_text(PACK, encoding="utf-8")
    # only the test pack, when the loader can leave the shipped packs out
    bundled = "bundled" in inspect.signature(packs.load_ruleset).parameters
    ruleset = packs.load_ruleset([tmp_path], **({"bundled": False} if bundled else {}))
    if "rptest.cpu_high" not in ruleset:
        pytest.skip("the engine did not load the test pack")
    data = world.device_data()
    results = [evaluate.inspect_device(ruleset, d) for d in data]
    healths = {r.device: health.device_health(r) for r in results}
    summary = from_results(
        data,
        results,
        healths,
        health.network_health(results),
        customer=world.CUSTOMER,
        commands=world.commands(),
        sites=world.SITES,
    )
    fired = {(f.device, f.rule_id, f.subject) for f in summary.findings}
    # the real outputs: the VRP CPU at 93 %, the C9500's supply 2B without input
    # power, the Comware IRF member's failed supply, the Arista's PowerSupply1 lost
    assert ("ne40e-pe1", "rptest.cpu_high", "") in fired
    assert ("c9500-core", "rptest.psu_not_ok", "2B") in fired
    assert ("h3c-5900-agg", "rptest.psu_not_ok", "Slot 2 Power 1") in fired
    assert ("arista-evpn", "rptest.psu_not_ok", "PowerSupply1") in fired
    assert summary.packs.get("rptest") == "2026.12.0"
    assert summary.collected_on == world.COLLECTED.date()

    path = reports.write_inspection_report(summary, tmp_path / "report.docx", "en")
    doc = WordDocument(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for finding in summary.findings:
        assert any(finding.evidence[0] in c for c in cells), finding.rule_id
    text = "\n".join(p.text for p in doc.paragraphs)
    assert re.search(r"overall network health score is \d+\.\d out of 100", text)


def test_from_results_sheets_hold_the_facts() -> None:
    data = world.device_data()
    summary = from_results(
        data,
        world.results(),
        {},
        world.inspection_summary().network_health,
        customer=world.CUSTOMER,
        sites=world.SITES,
    )
    sheets = {d.key: d for d in summary.devices}
    # no running configuration on the Comware and VRP samples: the key names the device
    assert sheets["h3c-5900-agg"].hostname == "h3c-5900-agg"
    assert sheets["arista-evpn"].hostname == "arista_evpn"  # from its configuration
    assert [i.name for d in summary.devices for i in d.interfaces] == ["Management1"]
    assert sheets["ne40e-pe1"].cpu_percent == 93.0
    assert sheets["c9500-core"].site == "上海数据中心"
    # pack versions default to those the findings carry
    assert summary.packs == {p: "2026.12.1" for p in ("common", "comware", "eos", "ios", "vrp")}
    assert summary.collection_method == "offline"


def test_shipped_rules_on_real_outputs_become_report_and_workbook(tmp_path: Path) -> None:
    packs = pytest.importorskip("netcare.inspection.engine.packs")
    evaluate = pytest.importorskip("netcare.inspection.engine.evaluate")
    health = pytest.importorskip("netcare.inspection.engine.health")
    try:
        ruleset = packs.load_ruleset()
    except packs.PackError as exc:  # the packs' own tests report this
        pytest.skip(f"the shipped packs do not load: {exc}")
    data = world.device_data()
    results = [evaluate.inspect_device(ruleset, d) for d in data]
    summary = from_results(
        data,
        results,
        {r.device: health.device_health(r) for r in results},
        health.network_health(results),
        customer=world.CUSTOMER,
        commands=world.commands(),
        sites=world.SITES,
    )
    if not summary.findings:
        pytest.skip("the shipped packs find nothing on these outputs")
    path = reports.write_inspection_report(summary, tmp_path / "report.docx", "zh")
    doc = WordDocument(str(path))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    for finding in summary.findings:
        evidence = "\n".join(finding.evidence) or "—"
        assert any(finding.title.zh in r and evidence in r for r in rows), finding.rule_id
    # the appendix accounts for every rule the engine evaluated, with its pack version
    evaluated = {
        rule
        for r in results
        for rule in (
            *r.passed,
            *(f.rule_id for f in r.findings),
            *(n.rule_id for n in r.not_assessed),
        )
    }
    applied = next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells[:2]] == ["规则", "规则包版本"]
    )
    listed = {row.cells[0].text: row.cells[1].text for row in applied.rows[1:]}
    assert set(listed) == evaluated
    for finding in summary.findings:
        assert listed[finding.rule_id] == ruleset.packs[finding.pack], finding.rule_id

    import openpyxl

    book = openpyxl.load_workbook(reports.write_findings_xlsx(summary, tmp_path / "f.xlsx", "en"))
    assert book["Findings"].max_row - 1 == len(summary.findings)


HARDENING_PACK = """
pack: rphard
version: "2026.12.0"
title: {zh: 报告加固测试, en: Report hardening test}
platforms: [cisco_ios]
rules:
  - id: rphard.vty_not_ssh_only
    title: {zh: VTY 线路未限制为仅 SSH 登录, en: VTY lines not restricted to SSH}
    why: {zh: Telnet 明文传输口令。, en: Telnet sends passwords in clear text.}
    category: management_plane
    severity: major
    needs: [config_text]
    check: {kind: config, within: "^line vty", absent: "^transport input ssh$"}
    recommendation: {zh: VTY 仅允许 SSH。, en: Allow only SSH on the VTY lines.}
    reference: "Cisco Guide to Harden Cisco IOS Devices — Management Plane"
    hardening:
      cisco_ios:
        add: |
          line vty 0 4
           transport input ssh
        precheck: ["show line vty 0 4"]
        postcheck: ["show running-config | section line vty"]
        impact: {zh: 现有 Telnet 会话将断开, en: Open Telnet sessions are closed}
        window: false
"""


def test_planner_steps_become_hardening_plan_and_scripts(tmp_path: Path) -> None:
    packs = pytest.importorskip("netcare.inspection.engine.packs")
    evaluate = pytest.importorskip("netcare.inspection.engine.evaluate")
    hardening = pytest.importorskip("netcare.inspection.engine.hardening")
    (tmp_path / "rphard.yaml").write_text(HARDENING_PACK, encoding="utf-8")
    bundled = "bundled" in inspect.signature(packs.load_ruleset).parameters
    ruleset = packs.load_ruleset([tmp_path], **({"bundled": False} if bundled else {}))
    (ios,) = [d for d in world.device_data() if d.key == "as2border2"]
    result = evaluate.inspect_device(ruleset, ios)
    assert [f.rule_id for f in result.findings] == ["rphard.vty_not_ssh_only"]
    steps = hardening.plan_device(ruleset, ios, result.findings)
    plan = HardeningSummary(
        customer=world.CUSTOMER,
        plan_date=date(2026, 12, 5),
        findings=list(result.findings),
        batches=[b.to_summary("2026-12-12 22:00–24:00") for b in hardening.batches(steps)],
        hostnames={"as2border2": "as2border2"},
    )
    doc = WordDocument(str(reports.write_hardening_report(plan, tmp_path / "plan.docx", "en")))
    commands = next(
        [[c.text for c in row.cells] for row in t.rows]
        for t in doc.tables
        if [c.text for c in t.rows[0].cells] == ["Step", "Stage", "Command"]
    )
    stage, by_stage = "", dict[str, list[str]]()
    for _, name, command in commands[1:]:
        stage = name or stage
        by_stage.setdefault(stage, []).append(command.strip())
    (step,) = steps
    assert by_stage["Configuration"] == [x.strip() for x in step.remediation.splitlines()]
    assert by_stage["Rollback"] == [x.strip() for x in step.rollback.splitlines() if x.strip()]
    assert "transport input ssh" in by_stage["Configuration"]
    assert by_stage["Pre-check"] == ["show line vty 0 4"]
    archive = zipfile.ZipFile(reports.write_scripts_zip(plan, tmp_path / "scripts.zip"))
    script = archive.read("as2border2.cfg").decode()
    assert script == hardening.scripts(steps)["as2border2"].remediation
    assert "transport input ssh" in script
    rollback = archive.read("as2border2.rollback.cfg").decode()
    assert rollback == hardening.scripts(steps)["as2border2"].rollback
    # The rollback lives in its own file only: pasting the script never undoes it.
    undo = [x for x in step.rollback.splitlines() if x.strip() and x not in step.remediation]
    assert undo and not any(line in script.splitlines() for line in undo)
