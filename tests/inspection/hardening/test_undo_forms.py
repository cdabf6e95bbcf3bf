"""Comware and VRP take a setting back with the command reference's ``undo`` form, not
``undo`` + the whole line the device printed (which the device refuses)."""

from __future__ import annotations

import pytest

from netcare.inspection.engine.configtree import config_tree

PLATFORMS = ("hp_comware", "huawei_vrp")

TOP_LEVEL = [
    ("snmp-agent community read simple public acl 2000", "undo snmp-agent community public"),
    ("snmp-agent community write cipher $c$3$abc==", "undo snmp-agent community cipher $c$3$abc=="),
    ("info-center loghost 10.1.1.1 facility local5", "undo info-center loghost 10.1.1.1"),
    (
        "info-center loghost vpn-instance mgmt 10.1.1.1 port 5140",
        "undo info-center loghost vpn-instance mgmt 10.1.1.1",
    ),
    (
        "ntp-service unicast-server 10.2.2.2 vpn-instance mgmt source Vlan-interface10",
        "undo ntp-service unicast-server 10.2.2.2 vpn-instance mgmt",
    ),
    ("ntp-service unicast-server 10.2.2.3 preference", "undo ntp-service unicast-server 10.2.2.3"),
    (
        "snmp-agent target-host trap address udp-domain 10.3.3.3 params securityname ops v2c",
        "undo snmp-agent target-host trap address udp-domain 10.3.3.3 params securityname ops",
    ),
    ("snmp-agent sys-info contact ops@example.com", "undo snmp-agent sys-info contact"),
    ("sysname core1", "undo sysname"),
    ("clock timezone BJ add 08:00:00", "undo clock timezone"),
    ("stp instance 0 priority 4096", "undo stp instance 0 priority"),
    ("stp priority 0", "undo stp priority"),
    ("stp mode rstp", "undo stp mode"),
    ("ssh server acl 2001", "undo ssh server acl"),
    ("telnet server acl 1111", "undo telnet server acl"),
    # A switch with no arguments to drop keeps its whole line.
    ("telnet server enable", "undo telnet server enable"),
    ("ip http enable", "undo ip http enable"),
]


def _removal(platform: str, running: str, wanted: str) -> list[str]:
    before, after = config_tree(platform, running), config_tree(platform, wanted)
    return [line.strip() for line in before.config_to_get_to(after).lines()]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize(("line", "undo"), TOP_LEVEL, ids=[u for _, u in TOP_LEVEL])
def test_a_top_level_setting_is_taken_back_by_its_undo_form(
    platform: str, line: str, undo: str
) -> None:
    assert _removal(platform, f"#\n {line}\n#\n", "#\n") == [undo]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_settings_inside_a_section_are_taken_back_in_it(platform: str) -> None:
    running = (
        "#\ninterface GigabitEthernet1/0/1\n description uplink to core\n port link-type trunk\n"
        "#\nlocal-user admin class manage\n password hash $h$6$xyz==\n service-type ssh\n"
        "#\nuser-interface vty 0 4\n idle-timeout 30 0\n acl 2000 inbound\n#\n"
    )
    wanted = (
        "#\ninterface GigabitEthernet1/0/1\n#\nlocal-user admin class manage\n service-type ssh\n"
        "#\nuser-interface vty 0 4\n#\n"
    )
    assert _removal(platform, running, wanted) == [
        "interface GigabitEthernet1/0/1",
        "undo description",
        "undo port link-type",
        "local-user admin class manage",
        "undo password",
        "user-interface vty 0 4",
        "undo idle-timeout",
        "undo acl inbound",
    ]
