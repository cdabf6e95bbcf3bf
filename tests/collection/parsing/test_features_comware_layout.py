"""Comware prints global commands indented by one space under '#' separators
(' telnet server enable'), section heads at column 0 ('interface …', 'vlan 10').
Feature rules must read both. The configuration below is written by us in that layout."""

from __future__ import annotations

from netcare.collection.parsing.features import detect_features

COMWARE_CONFIG = """#
 version 7.1.070, Release 7585P05
#
 sysname ECCB-ZJ-CORE-01
#
 telnet server enable
#
 irf mac-address persistent timer
 irf auto-update enable
#
 ip http enable
 ip https enable
#
 ntp-service enable
 ntp-service unicast-server 10.1.1.1
#
 stp global enable
#
 ssh server enable
#
 info-center loghost 10.1.1.20
#
 snmp-agent
 snmp-agent sys-info version v2c v3
#
vlan 10
#
interface GigabitEthernet1/0/1
 port link-mode bridge
 port access vlan 10
#
 undo port-security enable
#
return
"""


def test_indented_global_commands_are_recognised() -> None:
    features = set(detect_features("hp_comware", COMWARE_CONFIG))
    expected = {
        "telnet_server",
        "ssh_server",
        "http_server",
        "https_server",
        "ntp",
        "stp",
        "syslog",
        "snmp_v2c",
        "snmp_v3",
        "vlan",
    }
    assert expected <= features, expected - features
    assert "port_security" not in features  # 'undo port-security enable' is a negation


def test_undo_at_indent_turns_telnet_off() -> None:
    config = COMWARE_CONFIG.replace(" telnet server enable", " undo telnet server enable")
    assert "telnet_server" not in detect_features("hp_comware", config)
