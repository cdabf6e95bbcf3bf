"""The planner's parts: template rendering, step order and merging, unplaced lines,
batches, per-device scripts and diffs."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from tests.inspection.hardening.hardening_kit import config, device, finding

from netcare.inspection.engine.hardening import (
    COMMENT,
    HardeningError,
    apply,
    batches,
    check_vars,
    diff,
    plan_device,
    render,
    render_remove,
    scripts,
    unplaced_lines,
)
from netcare.inspection.engine.model import DeviceData, StepPlan, Text
from netcare.inspection.engine.summary import Batch as SummaryBatch

IOS = "cisco_xe"
IOS_FILE = "csr1000v-jcy-bb-01.txt"


def _ruleset(rules: dict[str, dict[str, Any]], defaults: dict[str, Any] | None = None) -> Any:
    by_id = {
        rule_id: {"id": rule_id, "pack": "t", "hardening": hardening}
        for rule_id, hardening in rules.items()
    }
    return SimpleNamespace(by_id=by_id, vars={"t": defaults or {}})


# --- rendering ------------------------------------------------------------------------


def test_render_gives_facts_device_vars_and_subject() -> None:
    text = render(
        {
            "add": "hostname {{ device }}\n{{ subject }}\n"
            " description {{ facts.model }} <{{ vars.tag }}>\n"
        },
        {"model": "CSR1000V"},
        "r1",
        {"tag": "A&B"},
        subject="interface Gi1",
    )
    # Autoescaping is off: configuration text keeps its < > &.
    assert text == "hostname r1\ninterface Gi1\n description CSR1000V <A&B>\n"


def test_a_missing_variable_names_the_rule_and_the_variable() -> None:
    with pytest.raises(HardeningError) as raised:
        render({"add": "ntp server {{ vars.ntp_servers[0] }}\n"}, {}, "r1", {}, rule_id="ios.ntp")
    assert raised.value.rule_id == "ios.ntp"
    assert raised.value.var == "ntp_servers"
    assert "ios.ntp" in str(raised.value) and "'ntp_servers'" in str(raised.value)


def test_a_missing_top_level_name_is_named_too() -> None:
    with pytest.raises(HardeningError) as raised:
        render({"add": "banner {{ banner_text }}"}, {}, "r1", rule_id="x.banner")
    assert raised.value.var == "banner_text"


def test_the_sandbox_refuses_python_internals() -> None:
    with pytest.raises(HardeningError, match=r"x\.evil"):
        render(
            {"add": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}, {}, "r1", rule_id="x.evil"
        )


def test_a_template_that_does_not_parse_says_where() -> None:
    with pytest.raises(HardeningError, match=r"x.broken.*line 2"):
        render({"add": "ok\n{% for s in vars.x %}\n"}, {}, "r1", rule_id="x.broken")


def test_remove_paths_are_rendered_with_an_escaping_filter() -> None:
    paths = render_remove(
        {"remove": ["^ip http server$", "^{{ subject | regex_escape }}$ >> ^transport input"]},
        {},
        "r1",
        subject="line vty 0 4",
    )
    assert paths == ("^ip http server$", "^line\\ vty\\ 0\\ 4$ >> ^transport input")


# --- planning -------------------------------------------------------------------------


def test_pack_defaults_apply_and_the_plan_vars_win() -> None:
    rules = {"t.ntp": {IOS: {"add": "ntp server {{ vars.ntp }}\nntp source {{ vars.src }}\n"}}}
    data = device(IOS, IOS_FILE)
    ruleset = _ruleset(rules, {"ntp": "192.0.2.1", "src": "Loopback0"})
    step = plan_device(ruleset, data, [finding("t.ntp", data.key)], {"ntp": "192.0.2.99"})[0]
    assert step.remediation.splitlines() == ["ntp server 192.0.2.99", "ntp source Loopback0"]
    assert step.intended == "ntp server 192.0.2.99\nntp source Loopback0\n"


def test_steps_are_ordered_by_risk_then_order_then_rule_id() -> None:
    rules = {
        "t.c": {IOS: {"add": "service password-encryption\n", "order": 90}},
        "t.b": {IOS: {"add": "ip ssh version 2\n", "order": 10}},
        "t.a": {IOS: {"add": "service tcp-keepalives-in\n", "order": 10}},
        "t.d": {IOS: {"add": "ip scp server enable\nip domain lookup\n"}},
    }
    data = device(IOS, IOS_FILE)
    findings = [
        finding("t.b", data.key, severity="minor"),
        finding("t.a", data.key, severity="minor"),
        finding("t.c", data.key, severity="critical"),
        finding("t.d", data.key, severity="info"),
    ]
    steps = plan_device(_ruleset(rules), data, findings)
    assert [(s.rule_id, s.risk) for s in steps] == [
        ("t.c", "critical"),
        ("t.a", "minor"),
        ("t.b", "minor"),
        # t.d: `ip scp server enable` is on the device already; only the rest is entered.
        ("t.d", "info"),
    ]
    assert steps[-1].remediation == "ip domain lookup"


def test_nothing_present_is_entered_again_and_an_identical_fix_is_planned_once() -> None:
    rules = {
        "t.snmp_location": {IOS: {"add": "snmp-server location Network to Code - NYC | NY\n"}},
        "t.first": {IOS: {"add": "service password-encryption\n"}},
        "t.second": {IOS: {"add": "service password-encryption\n"}},
    }
    data = device(IOS, IOS_FILE)
    findings = [finding(r, data.key) for r in ("t.snmp_location", "t.second", "t.first")]
    steps = plan_device(_ruleset(rules), data, findings)
    assert [s.rule_id for s in steps] == ["t.first"]


def test_rules_without_hardening_for_the_platform_plan_nothing() -> None:
    rules = {"t.x": {"huawei_vrp": {"add": "stelnet server enable\n"}}}
    data = device(IOS, IOS_FILE)
    assert plan_device(_ruleset(rules), data, [finding("t.x", data.key)]) == []
    assert plan_device(_ruleset(rules), data, [finding("t.unknown", data.key)]) == []


def test_no_running_configuration_is_an_error_not_an_empty_plan() -> None:
    rules = {"t.x": {IOS: {"add": "service password-encryption\n"}}}
    data = DeviceData(key="r9", facts={"platform": IOS, "hostname": "r9"})
    with pytest.raises(HardeningError, match="r9"):
        plan_device(_ruleset(rules), data, [finding("t.x", "r9")])


def test_unplaced_lines_are_reported_on_every_step_of_the_device() -> None:
    text = config("hp_comware", "ntc123456-cw7.txt")
    lost = unplaced_lines("hp_comware", text)
    assert "Unauthorized Access to or Use of this System is STRICTLY PROHIBITED." in lost
    assert "%" in lost
    rules = {"t.ssh": {"hp_comware": {"add": "ssh server acl 2001\n"}}}
    data = device("hp_comware", "ntc123456-cw7.txt")
    step = plan_device(_ruleset(rules), data, [finding("t.ssh", data.key)])[0]
    assert step.unplaced == lost


def test_a_repeated_section_merged_by_the_parser_is_reported() -> None:
    # A second `line vty 0 4` stanza with the same statement: the tree keeps one of each.
    text = config("cisco_ios", "as2border2.txt") + "line vty 0 4\n login\n"
    assert unplaced_lines("cisco_ios", text) == ("line vty 0 4", "login")
    assert unplaced_lines("cisco_ios", config("cisco_ios", "as2border2.txt")) == ()


def test_apply_ignores_comments_and_quit_lines_of_a_pasted_script() -> None:
    running = config("huawei_vrp", "router1.txt")
    after = apply(
        "huawei_vrp",
        running,
        "# step 1\ninterface LoopBack0\n undo description\n description Router-ID\n"
        " quit\n#\nreturn\n",
    )
    lines = after.splitlines()
    assert not {"quit", "return", "#"} & {line.strip() for line in lines}
    start = lines.index("interface LoopBack0")
    assert lines[start + 1 : start + 3] == [
        "  ip address 1.1.1.1 255.255.255.255",
        "  description Router-ID",
    ]
    assert "  description Loopback" not in lines


# --- batches, scripts, diffs ----------------------------------------------------------


def _step(
    rule_id: str,
    risk: str,
    *,
    window: bool = False,
    order: int = 50,
    device: str = "r1",
    platform: str = "cisco_ios",
) -> StepPlan:
    return StepPlan(
        rule_id=rule_id,
        device=device,
        platform=platform,
        subject="",
        intended="",
        remediation=f"! {rule_id} commands",
        rollback=f"! {rule_id} rollback",
        precheck=(),
        postcheck=(),
        impact=Text(zh=f"{rule_id} 影响", en=f"{rule_id} impact"),
        window=window,
        risk=risk,  # type: ignore[arg-type]
        order=order,
    )


def test_batches_group_by_risk_then_window_need() -> None:
    steps = [
        _step("t.minor", "minor"),
        _step("t.crit_window", "critical", window=True),
        _step("t.crit_b", "critical", order=20),
        _step("t.crit_a", "critical", order=20, device="r2"),
        _step("t.crit_first", "critical", order=5),
    ]
    result = batches(steps)
    assert [(b.number, b.window, [s.rule_id for s in b.steps]) for b in result] == [
        (1, False, ["t.crit_first", "t.crit_a", "t.crit_b"]),
        (2, True, ["t.crit_window"]),
        (3, False, ["t.minor"]),
    ]
    assert result[0].title == Text(
        zh="第 1 批：紧急风险加固", en="Batch 1: critical risk hardening"
    )
    assert result[1].title.en.endswith("(maintenance window)")
    assert result[1].title.zh.endswith("（需维护窗口）")
    summary = result[1].to_summary("2026-12-12 22:00–02:00")
    assert isinstance(summary, SummaryBatch)
    assert summary.window == "2026-12-12 22:00–02:00"
    # Without an agreed date the window says what it needs, one language at a time.
    assert result[1].to_summary().window == Text(zh="维护窗口内", en="In a maintenance window")
    assert result[0].to_summary().window == Text(zh="随时", en="At any time")
    assert summary.impact == Text(zh="t.crit_window 影响", en="t.crit_window impact")


@pytest.mark.parametrize("platform", sorted(COMMENT))
def test_scripts_use_the_platform_comment_mark(platform: str) -> None:
    mark = "!" if platform in ("cisco_ios", "cisco_xe", "cisco_nxos", "arista_eos") else "#"
    steps = [
        replace(
            _step("t.one", "major", platform=platform), remediation="cmd one", rollback="undo one"
        ),
        replace(
            _step("t.two", "minor", platform=platform), remediation="cmd two", rollback="undo two"
        ),
    ]
    script = scripts(steps)["r1"]
    fix, undo = script.remediation.splitlines(), script.rollback.splitlines()
    # Remediation in plan order in one file, rollback in reverse order in another:
    # pasting the remediation never also undoes it. Every other line a comment.
    assert [line for line in fix if not line.startswith(mark)] == ["cmd one", "cmd two"]
    assert [line for line in undo if not line.startswith(mark)] == ["undo two", "undo one"]
    assert fix[0] == f"{mark} NetCare hardening script for r1 ({platform})"
    assert undo[0] == f"{mark} NetCare rollback for r1 ({platform})"


def test_scripts_are_per_device() -> None:
    steps = [_step("t.a", "major", device="r1"), _step("t.a", "major", device="r2")]
    assert sorted(scripts(steps)) == ["r1", "r2"]
    nothing = [replace(_step("t.a", "major"), remediation="  ", rollback="")]
    assert scripts(nothing) == {}


def test_diff_marks_removed_added_and_the_section_around_them() -> None:
    running = config("cisco_xe", IOS_FILE)
    intended = apply(
        "cisco_xe",
        running,
        "no ip http server\nline vty 0 4\n no transport input all\n transport input ssh\n",
    )
    lines = diff("cisco_xe", running, intended)
    assert lines == [
        "-ip http server",
        " line vty 0 4",
        "-  transport input all",
        "+  transport input ssh",
    ]
    assert diff("cisco_xe", running, running) == []


def test_batch_titles_and_reports_share_one_severity_vocabulary() -> None:
    from netcare.inspection.engine.model import SEVERITY_TEXT
    from netcare.inspection.reports import severity_name

    for severity in ("critical", "major", "minor", "info"):
        (batch,) = batches([_step(f"t.{severity}", severity)])
        assert severity_name(severity, "zh") in batch.title.zh
        assert severity_name(severity, "en").lower() in batch.title.en
        assert SEVERITY_TEXT[severity].zh in batch.title.zh


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"log_host": "10.1.1.1\nundo info-center enable"}, "log_host"),
        ({"banner": "x" * 201}, "banner"),
        ({"ntp": ["10.0.0.1", "10.0.0.2\rreboot"]}, "ntp"),
        ({"acl": {"nested": "dict"}}, "acl"),
        ({"bad name": "x"}, "bad name"),
    ],
)
def test_a_plan_variable_that_could_enter_more_commands_is_refused(
    given: dict[str, Any], named: str
) -> None:
    with pytest.raises(HardeningError) as caught:
        check_vars(given)
    assert caught.value.var == named and named in str(caught.value)


def test_plain_plan_variables_pass_unchanged() -> None:
    given = {"log_host": "10.1.1.1", "timeout": 10, "ntp": ["10.0.0.1", "10.0.0.2"], "on": True}
    assert check_vars(given) == given
