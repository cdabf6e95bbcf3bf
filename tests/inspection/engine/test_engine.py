"""The rule engine on real outputs: packs, inputs, checks, fingerprints, health, CLI."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from textwrap import dedent

import pytest
from typer.testing import CliRunner

from netcare.inspection.engine import configtree
from netcare.inspection.engine.evaluate import (
    fingerprint,
    inspect_device,
    inspect_network,
    log_time,
)
from netcare.inspection.engine.health import (
    SEVERITY_POINTS,
    WEIGHTS,
    device_health,
    network_health,
)
from netcare.inspection.engine.inputs import config_platform, device_data, read_device, read_path
from netcare.inspection.engine.model import DeviceData, Finding
from netcare.inspection.engine.packs import PackError, RuleSet, load_ruleset

DATA = Path(__file__).resolve().parents[2] / "data"
OUT = DATA / "outputs"
CASES = DATA / "inspection" / "common"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _pack(
    tmp_path: Path, rules: str, name: str = "t", platforms: str = "[cisco_ios, cisco_xe]"
) -> Path:
    body = (
        f'pack: {name}\nversion: "1"\ntitle: {{zh: 测试, en: test}}\nplatforms: {platforms}\n'
        f"rules:\n{dedent(rules)}"
    )
    path = tmp_path / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


RULE = """\
- id: {id}
  title: {{zh: 标题, en: title}}
  why: {{zh: 原因, en: why}}
  category: {category}
  severity: {severity}
  check: {check}
  recommendation: {{zh: 建议, en: advice}}
"""


def rule(
    rule_id: str, check: str, severity: str = "major", category: str = "performance", **extra: str
) -> str:
    text = RULE.format(id=rule_id, check=check, severity=severity, category=category)
    for key, value in extra.items():
        text += f"  {key}: {value}\n"
    return text


def ruleset_of(tmp_path: Path, rules: str, **kw: str) -> RuleSet:
    folder = tmp_path / "packs"
    folder.mkdir(exist_ok=True)
    _pack(folder, rules, **kw)
    return load_ruleset([folder], bundled=False)


def cisco(
    outputs: dict[str, Path], key: str = "r1", platform: str = "cisco_ios", **kw: object
) -> DeviceData:
    data = device_data(key, platform, {k: _text(p) for k, p in outputs.items()})
    if kw:
        from dataclasses import replace

        data = replace(data, **kw)  # type: ignore[arg-type]
    return data


# --- configuration trees -------------------------------------------------------------


def test_comware_top_level_lines_after_separators_are_top_level() -> None:
    text = _text(CASES / "hp_comware/ntc123456-cw7/running_config.txt")
    tree = configtree.config_tree("hp_comware", text)
    tops = [c.text for c in tree.children]
    assert any(t.startswith("sysname ") for t in tops)
    assert "#" not in tops and "return" not in tops
    ports = list(configtree.walk(tree, "^interface Ten-GigabitEthernet1/0/1$ >> ^port link-type"))
    assert [p.text for p in ports] == ["port link-type trunk"]


def test_junos_braces_are_read_in_set_form() -> None:
    text = _text(OUT / "juniper_junos/show_configuration_nested-config-structure-def.txt")
    tree = configtree.config_tree("juniper_junos", text)
    assert tree.children and all(c.text.startswith(("set ", "deactivate ")) for c in tree.children)


def test_a_repeated_section_is_merged_not_refused() -> None:
    text = "hostname a\ninterface Gi1\n description x\ninterface Gi1\n description x\n shutdown\n"
    tree = configtree.config_tree("cisco_ios", text)
    (iface,) = list(configtree.walk(tree, ["^interface Gi1$"]))
    assert sorted(c.text for c in iface.children) == ["description x", "shutdown"]


# --- packs -----------------------------------------------------------------------------


def test_bundled_packs_load_and_compile() -> None:
    rules = load_ruleset()
    assert "common" in rules.packs
    assert rules.rule("common.cpu_high").check.tree is not None
    assert rules.rule("common.cpu_high").check.names == ("cpu_percent",)


def test_pack_errors_name_file_rule_and_field(tmp_path: Path) -> None:
    bad = rule("t.a", "{kind: expr, expr: 'cpu_percent >= (', bogus: 1}", severity="urgent")
    bad += rule("t.b", "{kind: config, present: '(['}", category="nowhere")
    bad += rule("t.c", "{kind: expr, expr: 'shell(1)'}")
    with pytest.raises(PackError) as caught:
        ruleset_of(tmp_path, bad)
    problems = caught.value.problems
    assert (
        "t.yaml: t.a: severity: must be one of ['critical', 'major', 'minor', 'info']" in problems
    )
    assert any(p.startswith("t.yaml: t.a: check.bogus: not a field") for p in problems)
    assert any(p.startswith("t.yaml: t.a: check.expr: invalid expression") for p in problems)
    assert any(
        p.startswith("t.yaml: t.b: check.present: invalid regular expression") for p in problems
    )
    assert any(p.startswith("t.yaml: t.b: category:") for p in problems)
    assert "t.yaml: t.c: check.expr: unknown function 'shell'" in problems


def test_a_rule_id_in_two_packs_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    _pack(folder, rule("common.cpu_high", "{kind: expr, expr: 'cpu_percent > 1'}"), name="common")
    with pytest.raises(PackError) as caught:
        load_ruleset([folder])
    text = str(caught.value)
    assert "pack: name 'common' used twice" in text
    assert "common.cpu_high: id: also defined in common.yaml" in text


# --- checks ------------------------------------------------------------------------------


def test_expr_whole_device_and_each(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule("t.cpu", "{kind: expr, expr: 'cpu_percent >= 0'}")
        + rule(
            "t.psu",
            "{kind: expr, each: psus, where: \"item['status'] != 'OK'\", subject: name}",
            severity="critical",
            category="hardware",
        ),
    )
    device = cisco(
        {
            "cpu": OUT / "cisco_ios/show_processes_cpu.txt",
            "power": OUT / "cisco_xe/show_environment_power_all_c3850.txt",
        }
    )
    result = inspect_device(rs, device)
    assert [(f.rule_id, f.subject) for f in result.findings] == [
        ("t.psu", "1B"),
        ("t.psu", "2A"),
        ("t.psu", "2B"),
        ("t.psu", "3B"),
        ("t.cpu", ""),
    ]
    assert result.findings[-1].evidence == ("cpu_percent = 0.0",)
    assert result.findings[0].evidence == ("1B: status=Not Present",)


def test_missing_outputs_are_not_assessed_never_passed(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule("t.cpu", "{kind: expr, expr: 'cpu_percent >= 0'}")
        + rule("t.cfg", "{kind: config, absent: '^ntp server '}")
        + rule("t.log", "{kind: log, pattern: 'UPDOWN'}")
        + rule("t.stp", "{kind: python, name: stp_root_not_pinned}")
        + rule("t.need", "{kind: expr, expr: 'True'}", needs="[memory_percent]")
        + rule("t.known", "{kind: expr, expr: 'False'}", needs="[model]"),
    )
    result = inspect_device(rs, cisco({"version": OUT / "cisco_ios/show_version_c4948e.txt"}))
    assert result.findings == () and result.passed == ("t.known",)
    reasons = {n.rule_id: n.reason for n in result.not_assessed}
    assert set(reasons) == {"t.cpu", "t.cfg", "t.log", "t.stp", "t.need"}
    assert "cpu_percent" in reasons["t.cpu"].en and "cpu_percent" in reasons["t.cpu"].zh
    assert reasons["t.stp"].en == "no spanning-tree output collected"


def test_config_within_absent_and_present(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule("t.vty", "{kind: config, within: '^line vty', absent: '^transport input ssh$'}")
        + rule("t.ntp", "{kind: config, present: '^ntp server '}")
        + rule("t.nolog", "{kind: config, absent: '^logging host '}"),
    )
    cfg = {"running_config": CASES / "cisco_ios/as2border2/running_config.txt"}
    result = inspect_device(rs, cisco(cfg))
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["t.vty"].subject == "line vty 0 4"
    assert by_rule["t.ntp"].evidence == ("ntp server 18.18.18.18",)
    assert by_rule["t.nolog"].subject == ""


LEAF = DATA / "inspection" / "arista_eos" / "avd-dc1-leaf1c" / "running_config.txt"


def test_config_having_selects_sections_with_a_matching_child(tmp_path: Path) -> None:
    """Edge ports without BPDU guard: only interfaces with ``spanning-tree portfast``."""
    rs = ruleset_of(
        tmp_path,
        rule(
            "t.bpdu",
            "{kind: config, within: '^interface', having: '^spanning-tree portfast$',"
            " absent: '^spanning-tree bpduguard'}",
        )
        + rule(
            "t.every", "{kind: config, within: '^interface', absent: '^spanning-tree bpduguard'}"
        ),
        platforms="[arista_eos]",
    )
    result = inspect_device(rs, cisco({"running_config": LEAF}, platform="arista_eos"))
    by_rule: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    (edge,) = by_rule["t.bpdu"]
    assert edge.subject == "interface Ethernet5"
    assert "spanning-tree portfast" in edge.evidence
    assert len(by_rule["t.every"]) == 5  # without `having`: every interface


def test_config_all_needs_present_and_absent_together(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule(
            "t.and",
            "{kind: config, within: '^interface', present: '^spanning-tree portfast$',"
            " absent: '^spanning-tree bpduguard', all: true}",
        )
        + rule(
            "t.or",
            "{kind: config, within: '^interface', present: '^spanning-tree portfast$',"
            " absent: '^spanning-tree bpduguard'}",
        ),
        platforms="[arista_eos]",
    )
    result = inspect_device(rs, cisco({"running_config": LEAF}, platform="arista_eos"))
    both = [f.subject for f in result.findings if f.rule_id == "t.and"]
    either = [f.subject for f in result.findings if f.rule_id == "t.or"]
    assert both == ["interface Ethernet5"]
    assert len(either) == 5


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ("{kind: config, having: '^x', absent: '^y'}", "having"),
        ("{kind: config, present: '^x', all: true}", "all"),
        ("{kind: config, present: '^x', absent: '^y', all: 'yes'}", "all"),
    ],
)
def test_config_having_and_all_are_checked_when_loading(
    tmp_path: Path, check: str, problem: str
) -> None:
    with pytest.raises(PackError, match=problem):
        ruleset_of(tmp_path, rule("t.bad", check))


def test_log_window_and_severity(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule(
            "t.flap",
            "{kind: log, pattern: '%LINEPROTO-5-UPDOWN', subject: 'Interface (\\S+),',"
            " within_days: 1}",
        )
        + rule("t.sev", "{kind: log, pattern: '.', max_severity: 4}"),
    )
    logs = {"logs": CASES / "cisco_ios/ppp-flap/logs.txt"}
    near = cisco(logs, collected_at=datetime(2026, 9, 14, 12, 0, tzinfo=UTC))
    far = cisco(logs, collected_at=datetime(2026, 10, 14, 12, 0, tzinfo=UTC))
    fired = inspect_device(rs, near).findings
    assert [(f.rule_id, f.subject, len(f.evidence)) for f in fired] == [
        ("t.flap", "Virtual-PPP2", 2),
        ("t.sev", "", 1),
    ]
    assert "t.flap" in inspect_device(rs, far).passed


def test_log_time_takes_the_year_before_when_the_date_is_ahead() -> None:
    anchor = datetime(2026, 1, 10, tzinfo=UTC)
    assert log_time("Dec  2 12:09:21.207", anchor) == datetime(2025, 12, 2, 12, 9, 21, tzinfo=UTC)
    assert log_time("2019 May 22 16:20:45", anchor) == datetime(2019, 5, 22, 16, 20, 45, tzinfo=UTC)


def test_applies_platform_model_and_os_major(tmp_path: Path) -> None:
    rs = ruleset_of(
        tmp_path,
        rule("t.model", "{kind: expr, expr: 'True'}", applies="{model: '^WS-C49'}")
        + rule("t.other", "{kind: expr, expr: 'True'}", applies="{model: '^N9K'}")
        + rule("t.major", "{kind: expr, expr: 'True'}", applies="{os_major: [15]}")
        + rule("t.xe", "{kind: expr, expr: 'True'}", applies="{platforms: [cisco_xe]}"),
    )
    result = inspect_device(rs, cisco({"version": OUT / "cisco_ios/show_version_c4948e.txt"}))
    assert [f.rule_id for f in result.findings] == ["t.model"]
    assert result.passed == () and result.not_assessed == ()
    unknown = inspect_device(rs, cisco({"cpu": OUT / "cisco_ios/show_processes_cpu.txt"}))
    assert {n.rule_id for n in unknown.not_assessed} == {"t.model", "t.other", "t.major"}


def test_named_stp_check_reads_the_root_priority() -> None:
    rs = load_ruleset()
    pinned = cisco({"stp": OUT / "cisco_xe/show_spanning-tree_rstp.txt"}, platform="cisco_xe")
    assert "common.stp_root_not_pinned" in inspect_device(rs, pinned).passed
    text = _text(OUT / "cisco_xe/show_spanning-tree_rstp.txt").replace(
        "Priority    24776", "Priority    32968"
    )
    loose = device_data("r2", "cisco_xe", {"stp": text})
    fired = [
        f for f in inspect_device(rs, loose).findings if f.rule_id == "common.stp_root_not_pinned"
    ]
    assert [f.subject for f in fired] == ["VLAN0200"]


def test_fingerprint_follows_rule_subject_and_evidence() -> None:
    base = fingerprint("r.a", "Gi1", ["ip http server"], mask_numbers=False)
    assert base == fingerprint("r.a", "gi1", ["  ip   http server "], mask_numbers=False)
    assert base != fingerprint("r.a", "Gi2", ["ip http server"], mask_numbers=False)
    assert base != fingerprint("r.b", "Gi1", ["ip http server"], mask_numbers=False)
    assert fingerprint("r.a", "", ["cpu_percent = 91"], mask_numbers=True) == fingerprint(
        "r.a", "", ["cpu_percent = 93"], mask_numbers=True
    )
    assert fingerprint("r.a", "", ["vlan 10"], mask_numbers=False) != fingerprint(
        "r.a", "", ["vlan 20"], mask_numbers=False
    )


def test_results_are_deterministic_and_sorted() -> None:
    rs = load_ruleset()
    devices = read_path(CASES)
    first = inspect_network(rs, devices)
    again = inspect_network(rs, list(reversed(read_path(CASES))))
    assert first == again
    assert [r.device for r in first] == sorted(r.device for r in first)
    order = {"critical": 0, "major": 1, "minor": 2, "info": 3}
    for result in first:
        keys = [(order[f.severity], f.rule_id, f.subject) for f in result.findings]
        assert keys == sorted(keys)


# --- inputs ----------------------------------------------------------------------------


def test_device_folder_with_typed_command_names(tmp_path: Path) -> None:
    folder = tmp_path / "edge"
    folder.mkdir()
    shutil.copy(OUT / "cisco_ios/show_version_c4948e.txt", folder / "show version.txt")
    shutil.copy(
        CASES / "cisco_ios/as2border2/running_config.txt", folder / "show_running-config.txt"
    )
    data = read_device(folder)
    assert data.facts["platform"] == "cisco_ios"
    assert sorted(data.outputs) == ["running_config", "version"]
    assert data.key == "as2border2"


def test_single_configuration_and_session_log() -> None:
    config = read_device(CASES / "cisco_xe/csr1000v/running_config.txt")
    assert config.facts["platform"] == "cisco_xe" and config.facts["config_text"]
    session = read_device(OUT / "cisco_ios/session_router1_more.log")
    assert session.key == "router1" and "version" in session.outputs
    assert session.facts["model"] == "WS-C4948E"


@pytest.mark.parametrize(
    ("case", "platform"),
    [
        ("hp_comware/ntc123456-cw7", "hp_comware"),
        ("arista_eos/evpn", "arista_eos"),
        ("cisco_nxos/nxos1", "cisco_nxos"),
        ("juniper_junos/system", "juniper_junos"),
        ("cisco_xe/csr1000v", "cisco_xe"),
    ],
)
def test_configuration_dialects(case: str, platform: str) -> None:
    assert config_platform(_text(CASES / case / "running_config.txt")) == platform


def test_read_path_reads_a_zip_of_device_folders(tmp_path: Path) -> None:
    archive = tmp_path / "outputs.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for case in ("cisco_xe/c3850", "arista_eos/dcs7010t"):
            for file in sorted((CASES / case).iterdir()):
                zf.write(file, f"{case}/{file.name}")
    devices = read_path(archive)
    assert [(d.key, d.facts["platform"]) for d in devices] == [
        ("c3850", "cisco_xe"),
        ("dcs7010t", "arista_eos"),
    ]


# --- health ------------------------------------------------------------------------------


def test_every_lost_point_is_a_deduction() -> None:
    rs = load_ruleset()
    results = inspect_network(rs, read_path(CASES))
    for result in results:
        health = device_health(result)
        lost = sum(d.points for d in health.deductions)
        weight = sum(WEIGHTS[d] for d, v in health.dimensions.items() if v is not None)
        expected = max(0.0, 100 - lost / weight) if weight else 100.0
        assert health.score == pytest.approx(expected, abs=0.01)
        assert {d.rule_id for d in health.deductions} <= {f.rule_id for f in result.findings}
        assert health.applicable == len(
            {f.rule_id for f in result.findings}
            | set(result.passed)
            | {n.rule_id for n in result.not_assessed}
        )
    net = network_health(results)
    known = [h for h in map(device_health, results) if h.known]
    assert known, "the cases must assess something"
    # a device with nothing assessed has no score to average in
    assert net.score == pytest.approx(sum(h.score for h in known) / len(known), abs=0.01)


def test_not_assessed_costs_nothing_but_lowers_the_coverage(tmp_path: Path) -> None:
    """A device with only ``show version`` is neither healthy nor failing: unknown."""
    rs = ruleset_of(
        tmp_path,
        rule("t.cpu", "{kind: expr, expr: 'cpu_percent >= 90'}")
        + rule(
            "t.old",
            "{kind: expr, expr: \"search('^99', os_version)\"}",
            category="lifecycle",
        ),
    )
    checked = inspect_device(rs, cisco({"cpu": OUT / "cisco_ios/show_processes_cpu.txt"}))
    bare = inspect_device(rs, cisco({"version": OUT / "cisco_ios/show_version_c4948e.txt"}))
    full = device_health(checked)
    assert full.deductions == () and full.dimensions["performance"] == 100.0
    assert full.dimensions["security"] is None  # nothing of it applies or was assessed
    health = device_health(bare)
    assert {n.rule_id for n in bare.not_assessed} == {"t.cpu"}
    assert health.deductions == ()
    assert health.dimensions["performance"] is None  # unknown, never 100
    assert health.dimension_coverage["performance"] == 0.0
    assert health.dimension_coverage["configuration"] == 1.0
    assert health.score == 100.0 and health.known
    assert (health.assessed, health.applicable, health.coverage) == (1, 2, 0.5)
    net = network_health([checked, bare])
    assert net.dimensions["performance"] == 100.0  # known on one device
    assert (net.assessed, net.applicable, net.coverage) == (2, 4, 0.5)


def test_a_device_with_nothing_assessed_is_unknown(tmp_path: Path) -> None:
    rs = ruleset_of(tmp_path, rule("t.cpu", "{kind: expr, expr: 'cpu_percent >= 90'}"))
    bare = inspect_device(rs, cisco({"version": OUT / "cisco_ios/show_version_c4948e.txt"}))
    health = device_health(bare)
    assert not health.known and health.coverage == 0.0
    assert all(v is None for v in health.dimensions.values())


def test_the_score_is_over_known_dimensions(tmp_path: Path) -> None:
    """One major finding in the only known dimension weighs as that dimension does."""
    rs = ruleset_of(tmp_path, rule("t.cpu", "{kind: expr, expr: 'cpu_percent >= 0'}"))
    result = inspect_device(rs, cisco({"cpu": OUT / "cisco_ios/show_processes_cpu.txt"}))
    health = device_health(result)
    assert [d.rule_id for d in health.deductions] == ["t.cpu"]
    lost = SEVERITY_POINTS["major"] / WEIGHTS["performance"]
    assert health.dimensions["performance"] == pytest.approx(100 - lost)
    assert health.score == pytest.approx(100 - lost)


# --- CLI ---------------------------------------------------------------------------------


def test_inspect_json_is_stable(tmp_path: Path) -> None:
    from netcare.cli import app

    runner = CliRunner()
    first = runner.invoke(app, ["inspect", str(CASES / "cisco_xe"), "--json"])
    second = runner.invoke(app, ["inspect", str(CASES / "cisco_xe"), "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    answer = json.loads(first.stdout)
    assert set(answer) == {"devices", "findings", "health", "not_assessed", "packs"}
    assert any(
        f["rule_id"] == "common.psu_failed" and f["subject"] == "2B" for f in answer["findings"]
    )


# --- compiled expressions ----------------------------------------------------------------


def test_compiled_expressions_agree_with_simpleeval_on_every_case() -> None:
    from simpleeval import EvalWithCompoundTypes

    from netcare.inspection.engine.packs import expression_functions

    reference = EvalWithCompoundTypes(functions=expression_functions())
    devices = read_path(DATA / "inspection")
    checks = [r.check for r in load_ruleset().rules if r.check.kind == "expr"]
    assert checks and all(c.fast or c.fast_where for c in checks)

    def both(fast: object, tree: object, names: dict[str, object]) -> None:
        try:
            expected: object = ("ok", bool(reference.eval("", previously_parsed=tree)))  # type: ignore[arg-type]
        except Exception as exc:
            expected = ("error", type(exc).__name__)
        try:
            got: object = ("ok", bool(fast(names)))  # type: ignore[operator]
        except Exception as exc:
            got = ("error", type(exc).__name__)
        assert got[0] == expected[0] and (got[0] == "error" or got == expected)  # type: ignore[index]

    evaluated = 0
    for device in devices:
        for check in checks:
            if check.each:
                names = dict(device.facts)
                for item in device.facts.get(check.each) or []:
                    names["item"] = item
                    reference.names = names
                    both(check.fast_where, check.where, names)
                    evaluated += 1
            else:
                reference.names = device.facts
                both(check.fast, check.tree, device.facts)
                evaluated += 1
    assert evaluated > 1000


def test_an_unknown_name_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="unknown name 'cpu_precent'"):
        ruleset_of(tmp_path, rule("t.typo", "{kind: expr, expr: 'cpu_precent > 1'}"))
