"""Round trips of hardening steps on real running configurations, one or more per
platform: the remediation makes the rule pass, the rollback gives the configuration
back, and nothing already on the device is entered again."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from tests.inspection.hardening.hardening_kit import device, finding, fires, round_trip

from netcare.inspection.engine.hardening import apply, plan_device, same_config
from netcare.inspection.engine.model import DeviceData

SYSLOG = {"syslog_servers": ["192.0.2.10", "192.0.2.11"], "ntp_servers": ["192.0.2.123"]}

# (platform, config file, rule id, check, hardening for the platform)
CASES: list[tuple[str, str, str, dict[str, str], dict[str, Any]]] = [
    (
        "cisco_ios",
        "as2border2.txt",
        "t.vty_ssh_only",
        {"within": "^line vty", "absent": "^transport input ssh$"},
        {
            "add": "line vty 0 4\n transport input ssh\n",
            "remove": ["^line vty >> ^transport input (?!ssh$)"],
            "precheck": ["show line vty 0 4"],
            "impact": {"zh": "现有 Telnet 会话将断开", "en": "Open Telnet sessions are closed"},
        },
    ),
    (
        "cisco_ios",
        "as2border2.txt",
        "t.syslog_host",
        {"absent": "^logging host "},
        {
            "add": "{% for s in vars.syslog_servers %}logging host {{ s }}\n{% endfor %}",
            "order": 10,
        },
    ),
    (
        "cisco_xe",
        "csr1000v-jcy-bb-01.txt",
        "t.http_server",
        {"present": "^ip http (secure-)?server$"},
        {"remove": ["^ip http server$", "^ip http secure-server$", "^ip http authentication"]},
    ),
    (
        "cisco_xe",
        "csr1000v-jcy-bb-01.txt",
        "t.snmp_rw",
        {"present": r"^snmp-server community \S+ RW$"},
        {"remove": [r"^snmp-server community \S+ RW$"], "window": True},
    ),
    (
        "cisco_nxos",
        "nxosv-nxos1.txt",
        "t.feature_telnet",
        {"present": "^feature telnet$"},
        {"remove": ["^feature telnet$"], "postcheck": ["show feature | include telnet"]},
    ),
    (
        "arista_eos",
        "arista_snmp.txt",
        "t.ntp_server",
        {"absent": "^ntp server "},
        {"add": "{% for s in vars.ntp_servers %}ntp server {{ s }}\n{% endfor %}"},
    ),
    (
        "arista_eos",
        "arista_evpn.txt",
        "t.syslog_host",
        {"absent": "^logging host "},
        {"add": "logging host {{ vars.syslog_servers[0] }}\n"},
    ),
    (
        "hp_comware",
        "ntc123456-cw7.txt",
        "t.telnet_server",
        {"present": "^telnet server enable$"},
        {"remove": ["^telnet server "]},
    ),
    (
        "hp_comware",
        "ntc123456-cw7.txt",
        "t.vty_idle",
        {"within": "^line vty", "absent": "^idle-timeout (?:[1-9]|10) "},
        {
            "add": "line vty 0 4\n idle-timeout 10 0\n",
            "remove": ["^line vty >> ^idle-timeout "],
        },
    ),
    (
        "huawei_vrp",
        "router1.txt",
        "t.syslog_host",
        {"absent": "^info-center loghost "},
        {"add": "info-center loghost {{ vars.syslog_servers[0] }}\n"},
    ),
    (
        "huawei_vrp",
        "router1.txt",
        "t.stelnet",
        {"absent": "^stelnet server enable$"},
        {"add": "stelnet server enable\nuser-interface vty 0 4\n protocol inbound ssh\n"},
    ),
    (
        "juniper_junos",
        "juniper_system.txt",
        "t.dhcp_service",
        {"present": "^set system services dhcp "},
        {"remove": ["^set system services dhcp( |$)"]},
    ),
    (
        "juniper_junos",
        "nested-config-structure-def.txt",
        "t.syslog_host",
        {"absent": "^set system syslog host "},
        {"add": "set system syslog host {{ vars.syslog_servers[0] }} any warning\n"},
    ),
]


def _ruleset(rule_id: str, platform: str, hardening: dict[str, Any]) -> SimpleNamespace:
    rule = {"id": rule_id, "pack": "t", "hardening": {platform: hardening}}
    return SimpleNamespace(by_id={rule_id: rule}, vars={"t": SYSLOG})


@pytest.mark.parametrize(
    ("platform", "name", "rule_id", "check", "hardening"),
    CASES,
    ids=[f"{c[0]}-{c[2]}" for c in CASES],
)
def test_round_trip_on_real_configuration(
    platform: str, name: str, rule_id: str, check: dict[str, str], hardening: dict[str, Any]
) -> None:
    data = device(platform, name)
    running = data.outputs["running_config"]
    subjects = fires(platform, running, **check)
    findings = [finding(rule_id, data.key, subject) for subject in subjects]
    steps = plan_device(_ruleset(rule_id, platform, hardening), data, findings)
    assert len(steps) == 1  # subjects sharing one fix are one step
    step = steps[0]
    assert step.platform == platform and step.device == data.key
    assert step.subject == ", ".join(s for s in subjects if s)
    assert step.window is bool(hardening.get("window", False))
    assert step.order == hardening.get("order", 50)
    assert step.precheck == tuple(hardening.get("precheck", ()))
    after = round_trip(platform, running, step, check)
    # Nothing already present is entered again: the step planned on the hardened
    # configuration is empty.
    hardened = device(platform, name)
    hardened.outputs["running_config"] = after
    assert plan_device(_ruleset(rule_id, platform, hardening), hardened, findings) == []


def test_ios_remediation_replaces_the_vty_transport_and_rolls_back_exactly() -> None:
    platform, name, rule_id, _check, hardening = CASES[0]
    data = device(platform, name)
    step = plan_device(
        _ruleset(rule_id, platform, hardening), data, [finding(rule_id, data.key, "line vty 0 4")]
    )[0]
    assert step.remediation.splitlines() == ["line vty 0 4", "  transport input ssh"]
    assert step.rollback.splitlines() == ["line vty 0 4", "  no transport input ssh"]
    assert step.impact.en == "Open Telnet sessions are closed"


def test_xe_remediation_negates_each_removed_line_and_rollback_restores_them() -> None:
    platform, name, rule_id, _check, hardening = CASES[2]
    data = device(platform, name)
    step = plan_device(_ruleset(rule_id, platform, hardening), data, [finding(rule_id, data.key)])[
        0
    ]
    assert sorted(step.remediation.splitlines()) == [
        "no ip http authentication local",
        "no ip http secure-server",
        "no ip http server",
    ]
    assert sorted(step.rollback.splitlines()) == [
        "ip http authentication local",
        "ip http secure-server",
        "ip http server",
    ]


def test_comware_sections_are_left_with_quit_and_remove_takes_out_the_acl_too() -> None:
    data = device("hp_comware", "ntc123456-cw7.txt")
    rulesets = {c[2]: _ruleset(c[2], c[0], c[4]) for c in CASES if c[0] == "hp_comware"}
    telnet = plan_device(rulesets["t.telnet_server"], data, [finding("t.telnet_server", data.key)])
    assert sorted(telnet[0].remediation.splitlines()) == [
        "undo telnet server acl",
        "undo telnet server enable",
    ]
    vty = plan_device(
        rulesets["t.vty_idle"], data, [finding("t.vty_idle", data.key, "line vty 0 4")]
    )[0]
    assert vty.remediation.splitlines() == [
        "line vty 0 4",
        "  undo idle-timeout",
        "  idle-timeout 10 0",
        "  quit",
    ]


def test_junos_delete_removes_the_statements_below_the_path() -> None:
    platform, name, rule_id, _check, hardening = CASES[11]
    data = device(platform, name)
    step = plan_device(_ruleset(rule_id, platform, hardening), data, [finding(rule_id, data.key)])[
        0
    ]
    assert all(
        line.startswith("delete system services dhcp ") for line in step.remediation.splitlines()
    )
    assert all(line.startswith("set system services dhcp ") for line in step.rollback.splitlines())
    after = apply(platform, data.outputs["running_config"], "delete system services dhcp\n")
    assert "services dhcp" not in after
    assert "set system host-name juniper_system" in after


def test_subject_templates_make_one_step_per_section() -> None:
    """A step whose ``add`` and ``remove`` name the finding's own section is planned once
    per subject: the Comware local users each lose telnet, and only their own line."""
    hardening = {
        "add": "{{ subject }}\n service-type ssh terminal\n",
        "remove": ["^{{ subject | regex_escape }}$ >> ^service-type "],
    }
    check = {"within": "^local-user ", "present": "^service-type .*telnet"}
    data = device("hp_comware", "ntc123456-cw7.txt")
    running = data.outputs["running_config"]
    subjects = fires("hp_comware", running, **check)
    assert subjects == ["local-user NTC-Admin class manage", "local-user NTC-User class manage"]
    ruleset = _ruleset("t.user_telnet", "hp_comware", hardening)
    steps = plan_device(ruleset, data, [finding("t.user_telnet", data.key, s) for s in subjects])
    assert [s.subject for s in steps] == subjects
    for step, subject in zip(steps, subjects, strict=True):
        assert step.remediation.splitlines()[0] == subject
        assert sum(line.startswith("local-user ") for line in step.remediation.splitlines()) == 1
    after = apply("hp_comware", running, steps[0].remediation)
    assert fires("hp_comware", after, **check) == subjects[1:]
    after = apply("hp_comware", after, steps[1].remediation)
    assert fires("hp_comware", after, **check) == []


def test_a_nested_section_subject_is_fixed_in_that_section_only() -> None:
    """A finding on ``vrf definition MANAGEMENT >> address-family ipv6`` (as the engine
    names nested sections): ``section_lines`` enters exactly that section and
    ``section_path`` limits the removal to it (the ipv4 family keeps its line)."""
    subject = "vrf definition MANAGEMENT >> address-family ipv6"
    hardening = {
        "add": "{{ subject | section_lines }}\n  route-target export 65000:6\n",
        "remove": ["{{ subject | section_path }} >> ^route-target import "],
    }
    check = {
        "within": "^vrf definition MANAGEMENT$ >> ^address-family ",
        "absent": "^route-target export 65000:6$",
    }
    running = (
        device("cisco_xe", "csr1000v-jcy-bb-01.txt")
        .outputs["running_config"]
        .replace(
            " address-family ipv4\n exit-address-family",
            " address-family ipv4\n  route-target import 65000:4\n exit-address-family",
        )
        .replace(
            " address-family ipv6\n exit-address-family",
            " address-family ipv6\n  route-target import 65000:4\n exit-address-family",
        )
    )
    data = DeviceData(
        key="jcy-bb-01",
        facts={"platform": "cisco_xe", "hostname": "jcy-bb-01"},
        outputs={"running_config": running},
    )
    assert fires("cisco_xe", running, **check) == ["address-family ipv4", "address-family ipv6"]
    ruleset = _ruleset("t.vrf_rt", "cisco_xe", hardening)
    step = plan_device(ruleset, data, [finding("t.vrf_rt", data.key, subject)])[0]
    assert step.remediation.splitlines() == [
        "vrf definition MANAGEMENT",
        "  address-family ipv6",
        "    no route-target import 65000:4",
        "    route-target export 65000:6",
    ]
    after = apply("cisco_xe", running, step.remediation)
    assert fires("cisco_xe", after, **check) == ["address-family ipv4"]
    assert "    route-target import 65000:4" in after  # the ipv4 family is untouched
    back = apply("cisco_xe", after, step.rollback)
    assert same_config("cisco_xe", back, running)


def test_a_junos_add_written_with_braces_is_entered_in_set_form() -> None:
    hardening = {
        "add": "system {\n    services {\n        ssh {\n            protocol-version v2;\n"
        "        }\n    }\n}\n"
    }
    check = {"absent": "^set system services ssh protocol-version v2$"}
    data = device("juniper_junos", "juniper_system.txt")
    ruleset = _ruleset("t.ssh_v2", "juniper_junos", hardening)
    step = plan_device(ruleset, data, [finding("t.ssh_v2", data.key)])[0]
    assert step.remediation == "set system services ssh protocol-version v2"
    assert step.rollback == "delete system services ssh protocol-version v2"
    round_trip("juniper_junos", data.outputs["running_config"], step, check)


def test_a_created_terminal_line_section_is_emptied_not_negated_on_rollback() -> None:
    platform, name, rule_id, check, hardening = next(c for c in CASES if c[2] == "t.stelnet")
    data = device(platform, name)
    step = plan_device(_ruleset(rule_id, platform, hardening), data, [finding(rule_id, data.key)])[
        0
    ]
    # VRP refuses `undo user-interface vty 0 4`; the rollback takes the statement out.
    assert step.rollback.splitlines() == [
        "undo stelnet server enable",
        "user-interface vty 0 4",
        "  undo protocol inbound ssh",
        "  quit",
    ]
    round_trip(platform, data.outputs["running_config"], step, check)
