"""Feature detection on real configurations, positive and negated, and the rule data."""

from pathlib import Path

import pytest
import yaml

from netcare.collection.parsing import features
from netcare.collection.parsing.features import FEATURE_NAMES, detect_features

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "features.md"


def test_rule_file_passes_schema_and_names_are_stable() -> None:
    data = yaml.safe_load(features.RULES_PATH.read_text(encoding="utf-8"))
    assert features.validate_feature_rules(data) == []
    assert FEATURE_NAMES == (
        "bgp", "ospf", "isis", "static_route", "vrrp", "stacking", "lacp", "stp", "vlan",
        "vxlan_evpn", "mpls", "nat", "ipsec", "acl", "qos", "snmp_v1", "snmp_v2c", "snmp_v3",
        "ssh_server", "telnet_server", "http_server", "https_server", "ntp", "syslog", "aaa",
        "tacacs", "radius", "dot1x", "port_security", "dhcp_server", "dhcp_relay", "multicast",
    )  # fmt: skip


def test_docs_describe_every_feature() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name in FEATURE_NAMES:
        assert f"| `{name}` |" in text


def test_cisco_ios_real_config_with_negations() -> None:
    config = (DATA / "cisco_ios" / "show_running-config_as2border2.txt").read_text()
    # "no aaa new-model", "no ip http server", "no ip http secure-server" are negations
    assert detect_features("cisco_ios", config) == ["acl", "bgp", "ntp", "ospf"]
    assert detect_features("cisco_xe", config) == ["acl", "bgp", "ntp", "ospf"]


def test_comware_irf_config_lines() -> None:
    # written by us in "display current-configuration" form (no public sample is licensed)
    config = (
        "#\n"
        " irf domain 10\n"
        " irf member 1 priority 10\n"
        "irf-port 1/2\n"
        " port group interface FortyGigE1/0/53\n"
        "#\n"
    )
    assert detect_features("hp_comware", config) == ["stacking"]


@pytest.mark.parametrize(
    ("platform", "positive", "negative", "feature"),
    [
        ("hp_comware", "telnet server enable\n", "undo telnet server enable\n", "telnet_server"),
        ("hp_comware", "ssh server enable\n", "undo ssh server enable\n", "ssh_server"),
        ("hp_comware", "ip http enable\n", "undo ip http enable\n", "http_server"),
        ("hp_comware", "stp global enable\n", "undo stp global enable\n", "stp"),
        ("huawei_vrp", "telnet server enable\n", "telnet server disable\n", "telnet_server"),
        ("huawei_vrp", "stelnet server enable\n", "undo stelnet server enable\n", "ssh_server"),
        ("huawei_vrp", "http server enable\n", "undo http server enable\n", "http_server"),
        ("huawei_vrp", "stp enable\n", "stp disable\n", "stp"),
        ("cisco_ios", "ip http server\n", "no ip http server\n", "http_server"),
        ("cisco_ios", "aaa new-model\n", "no aaa new-model\n", "aaa"),
        (
            "cisco_ios",
            "line vty 0 4\n transport input ssh telnet\n",
            "line vty 0 4\n",
            "telnet_server",
        ),
        ("cisco_nxos", "hostname n9k\n", "no feature ssh\n", "ssh_server"),
        (
            "arista_eos",
            "management ssh\n   idle-timeout 0\n",
            "management ssh\n   shutdown\n",
            "ssh_server",
        ),
        ("juniper_junos", "set system services telnet\n", "", "telnet_server"),
    ],
)
def test_positive_and_negated_lines(
    platform: str, positive: str, negative: str, feature: str
) -> None:
    assert feature in detect_features(platform, positive)
    assert feature not in detect_features(platform, negative)


def test_later_line_wins_for_explicit_off_statements() -> None:
    config = "telnet server enable\n#\ntelnet server disable\n"
    assert "telnet_server" not in detect_features("huawei_vrp", config)
    assert "telnet_server" in detect_features(
        "huawei_vrp", config[::-1][::-1] + "telnet server enable\n"
    )


def test_snmp_versions_are_separate_features() -> None:
    comware = "snmp-agent\nsnmp-agent community read public\nsnmp-agent sys-info version v2c v3\n"
    assert [f for f in detect_features("hp_comware", comware) if f.startswith("snmp")] == [
        "snmp_v2c",
        "snmp_v3",
    ]
    ios = "snmp-server community public RO\n"
    assert [f for f in detect_features("cisco_ios", ios) if f.startswith("snmp")] == [
        "snmp_v1",
        "snmp_v2c",
    ]


def test_junos_deactivated_statements_are_ignored() -> None:
    config = (
        "set system services telnet\nset system services ssh\ndeactivate system services telnet\n"
    )
    found = detect_features("juniper_junos", config)
    assert "ssh_server" in found and "telnet_server" not in found


def test_vlan_one_alone_is_not_the_vlan_feature() -> None:
    assert "vlan" not in detect_features("hp_comware", "vlan 1\n#\n")
    assert "vlan" in detect_features("hp_comware", "vlan 1\n#\nvlan 10\n")


def test_empty_config_assumes_nothing() -> None:
    assert detect_features("cisco_nxos", "") == []
