"""Secrets masked out of configurations: real running configurations of each platform
come out with no secret left and every line in place; settings that merely look like
secrets stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcare.collection.parsing.secrets import MASK, mask_secrets

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"
DEMO = Path(__file__).resolve().parents[3] / "src" / "netcare" / "collection" / "data" / "demo"

#: Real configurations (tests/data/outputs, see each ORIGIN.md) → secrets they hold.
REAL = {
    "cisco_nxos/show_running-config_nxos1.txt": [
        "$5$aH4ttsPk$kNH7qXBaegskBUekuymPzaL5Q0Vh/mQVSdw4tQ0AcU7",
        "$5$tGpa9bmJ$7I3Bg.0yqiweZ09vmj.gb7Q2antjGVs9J0nWSawvP/4",
        "0xd1e3bf7019f3a9c3ee4dccd381f0e4f3",
        "0x9e902c388e9b4c616e7c7c98d1079325",
        "bogus123",
    ],
    "cisco_nxos/show_running-config_snmp.txt": [
        "SECRETcommunity1",
        "SECRETcommunity2",
        "authpass1",
        "privpass1",
    ],
    "cisco_nxos/show_running-config_ntp-peers.txt": ["012345678Abz"],
    "arista_eos/show_running-config_arista_snmp.txt": ["STD_COMMUNITY", "EXT_COMMUNITY", "FOO"],
    # No secret in these: they must come back unchanged.
    "cisco_ios/show_running-config_as2border2.txt": [],
    "cisco_nxos/show_running-config_aaa.txt": [],
    "arista_eos/show_running-config_arista_evpn.txt": [],
    "juniper_junos/show_configuration_juniper_system.txt": [],
    # Junos braces form: tacplus secret, quoted and bare encrypted-password, communities.
    "juniper_junos/show_configuration_dal-m5.txt": [
        "$1$gxAppzHV$SipJNN1DqG9VnQhFEBsMG0",
        "$9$MVtXxdaJDkmT7-Dk",
        "brown23",
        "$1$EmWQNa5J$XgTPsRYuw8hTjOGaAwUKu.",
        "$1$mqNlDaHO$OefVYfKIu.OuiXqFbJ6xx/",
        "public",
        "testenv",
    ],
}

#: The demo's running configurations (what the demo customers' devices answer).
DEMO_CONFIGS = {
    "cisco_ios/show_running_config.txt": ["$9$Vn1mFjv0pQy3kW", "$9$a1b2c3d4e5f6g7", "Rz7kQ2"],
    "cisco_xe/show_running_config.txt": ["$9$Vn1mFjv0pQy3kW", "$9$a1b2c3d4e5f6g7", "Rz7kQ2"],
    "cisco_nxos/show_running_config.txt": ["$5$Vn1mFjv0$", "$5$a1b2c3d4$", "Rz7kQ2"],
    "hp_comware/display_current_configuration.txt": [
        "$c$3$Lr5hP9v1aP4yq1U3mVbEo0ng==",
        "$h$6$Vn1mFjv0pQy3kW2a$5c8b",
    ],
    "huawei_vrp/display_current_configuration.txt": [
        "$1c$Vn1mFjv0pQ$5c8b",
        "%^%#Lr5hP9v1aP4yq1U3mVbE%^%#",
    ],
}


def _check(text: str, secrets: list[str]) -> str:
    masked = mask_secrets(text)
    for secret in secrets:
        assert secret in text, f"the sample no longer holds {secret!r}"
        assert secret not in masked, f"{secret!r} left in the masked configuration"
    before, after = text.splitlines(), masked.splitlines()
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        if old != new:
            # Only values change: the line keeps its indentation and first keyword.
            assert MASK in new
            assert new.split()[0] == old.split()[0]
            assert len(new) - len(new.lstrip()) == len(old) - len(old.lstrip())
    if not secrets:
        assert masked == text
    assert mask_secrets(masked) == masked  # masking twice changes nothing
    return masked


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_configurations_keep_no_secret(name: str) -> None:
    _check((OUTPUTS / name).read_text(encoding="utf-8"), REAL[name])


@pytest.mark.parametrize("name", sorted(DEMO_CONFIGS))
def test_demo_configurations_keep_no_secret(name: str) -> None:
    text = (DEMO / "device" / name).read_text(encoding="utf-8")
    _check(text, DEMO_CONFIGS[name])


def test_the_kept_keywords_of_a_real_configuration() -> None:
    masked = mask_secrets((OUTPUTS / "cisco_nxos/show_running-config_snmp.txt").read_text())
    assert "snmp-server community ****** use-acl snmp_acl1" in masked
    assert "snmp-server host 192.0.2.2 traps version 2c ******" in masked
    assert "snmp-server user snmpuser1 network-admin auth md5 ****** priv ****** localizedkey" in (
        masked
    )
    assert "snmp-server contact Give us a call at 867-5309" in masked


#: Vendor syntax (as the vendors' configuration guides write it): line → what stays.
LINES = {
    # Comware
    " password hash $h$6$qCbH5KEAFHjI$OLqloKuHN0c==": " password hash ******",
    " password cipher $c$3$W3x7fQ8jL5kP2mN9==": " password cipher ******",
    " password simple Admin@123": " password simple ******",
    " snmp-agent community write simple private": " snmp-agent community write simple ******",
    " snmp-agent community read public": " snmp-agent community read ******",
    " snmp-agent usm-user v3 nms g1 cipher authentication-mode sha $c$3$aaa= "
    "privacy-mode aes128 $c$3$bbb=": " snmp-agent usm-user v3 nms g1 cipher "
    "authentication-mode sha ****** privacy-mode aes128 ******",
    " snmp-agent usm-user v3 nms g1 simple authentication-mode md5 Auth-Pw1 "
    "privacy-mode des56 Priv-Pw1": " snmp-agent usm-user v3 nms g1 simple "
    "authentication-mode md5 ****** privacy-mode des56 ******",
    # VRP's SNMPv3 user: the key format after the algorithm.
    " snmp-agent usm-user v3 u1 authentication-mode sha cipher %^%#a1%^%# privacy-mode "
    "aes128 cipher %^%#b2%^%#": " snmp-agent usm-user v3 u1 authentication-mode sha cipher "
    "****** privacy-mode aes128 cipher ******",
    " snmp-agent target-host trap address udp-domain 10.1.1.9 params securityname nms v2c": (
        " snmp-agent target-host trap address udp-domain 10.1.1.9 params securityname ****** v2c"
    ),
    " key authentication cipher $c$3$Fk1=": " key authentication cipher ******",
    " set authentication password hash $h$6$0pCOOSzA$Kf==": " set authentication password hash "
    "******",
    # VRP
    " local-user admin password irreversible-cipher $1a$X#K$8192381293819283918$": (
        " local-user admin password irreversible-cipher ******"
    ),
    " local-user guest password simple Huawei@123": " local-user guest password simple ******",
    " radius-server shared-key cipher %^%#K5_8d*h9W%^%#": " radius-server shared-key cipher ******",
    " hwtacacs-server shared-key cipher TacacsSecret": " hwtacacs-server shared-key cipher ******",
    " ospf authentication-mode md5 1 cipher %@%@q1w2%@%@": (
        " ospf authentication-mode md5 1 cipher ******"
    ),
    " authentication-mode simple plain PlainKey999": " authentication-mode simple plain ******",
    "super password level 3 cipher %^%#abc%^%#": "super password level 3 cipher ******",
    # Junos
    'set system root-authentication encrypted-password "$6$iOHCqldH$4Bv5iM.SYPDCP"': (
        'set system root-authentication encrypted-password "******"'
    ),
    '            encrypted-password "$1$a4xT$Qh8k"; ## SECRET-DATA': (
        '            encrypted-password "******"; ## SECRET-DATA'
    ),
    'set system tacplus-server 10.1.1.5 secret "$9$dkbs4ZUjqf5"': (
        'set system tacplus-server 10.1.1.5 secret "******"'
    ),
    'set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "$9$Ab2C"': (
        'set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "******"'
    ),
    'set security ike policy p1 pre-shared-key ascii-text "$9$Hk5FCtO1"': (
        'set security ike policy p1 pre-shared-key ascii-text "******"'
    ),
    'set protocols bgp group ext authentication-key "$9$xyz"': (
        'set protocols bgp group ext authentication-key "******"'
    ),
    "set snmp community n0cR3ad authorization read-only": (
        "set snmp community ****** authorization read-only"
    ),
    # EOS
    "username admin privilege 15 role network-admin secret sha512 $6$Xa$Yb": (
        "username admin privilege 15 role network-admin secret sha512 ******"
    ),
    "enable password sha512 $6$Qw$Er": "enable password sha512 ******",
    "aaa root secret sha512 $6$Rt$Yu": "aaa root secret sha512 ******",
    "tacacs-server host 10.1.1.5 key 7 070C285F4D06": "tacacs-server host 10.1.1.5 key 7 ******",
    # NX-OS
    'tacacs-server host 10.1.1.5 key 7 "fewhg123"': "tacacs-server host 10.1.1.5 key 7 ******",
    'radius-server host 10.1.1.6 key 7 "qxz" authentication accounting': (
        "radius-server host 10.1.1.6 key 7 ****** authentication accounting"
    ),
    "  ip ospf authentication-key 3 a667d47acc18ea6b": "  ip ospf authentication-key 3 ******",
    # IOS / IOS-XE
    "enable secret 5 $1$nc08$bizeEFbgCBKjZP4nurNCd.": "enable secret 5 ******",
    "enable secret level 15 5 $1$nc08$biz": "enable secret level 15 5 ******",
    "username admin privilege 15 password 0 cisco123": (
        "username admin privilege 15 password 0 ******"
    ),
    " password 7 0822455D0A16": " password 7 ******",
    "tacacs-server key 7 0822455D0A16": "tacacs-server key 7 ******",
    " server-private 10.1.1.5 key 7 0822455D0A16": " server-private 10.1.1.5 key 7 ******",
    " key 7 0822455D0A16": " key 7 0822455D0A16",  # a bare "key" line is not known to be one
    " ip ospf message-digest-key 1 md5 7 0822455D0A16": (
        " ip ospf message-digest-key 1 md5 7 ******"
    ),
    " neighbor 192.0.2.1 password 7 0822455D0A16": " neighbor 192.0.2.1 password 7 ******",
    " key-string 7 0822455D0A16": " key-string 7 ******",
    " area-password s3cr3t": " area-password ******",
    "crypto isakmp key 0 Vpn-K3y address 203.0.113.9": (
        "crypto isakmp key 0 ****** address 203.0.113.9"
    ),
    " pre-shared-key local 0 Lo-K3y": " pre-shared-key local 0 ******",
    " ppp chap password 7 0822455D0A16": " ppp chap password 7 ******",
    "snmp-server host 10.1.1.9 public": "snmp-server host 10.1.1.9 ******",
    "snmp-server user u1 g1 v3 auth sha AuthPass1 priv aes 128 PrivPass1": (
        "snmp-server user u1 g1 v3 auth sha ****** priv aes 128 ******"
    ),
    # Junos braces form: the value ends at the statement's ";".
    "    community public {": "    community ****** {",
    '    community "my public";': "    community ******;",
    "        encrypted-password brown23; ## SECRET-DATA": (
        '        encrypted-password "******"; ## SECRET-DATA'
    ),
    "            authentication-key plainkey;": "            authentication-key ******;",
    '            authentication-key "$9$abcDEF123"; ## SECRET-DATA': (
        '            authentication-key "******"; ## SECRET-DATA'
    ),
    '                md5 1 key "$9$abcdefg";': '                md5 1 key "******";',
}

#: Lines that look like secrets but are settings: unchanged.
UNCHANGED = [
    "service password-encryption",
    "no password strength-check",
    " password history record number 0",
    " password expire 0",
    " password-control length 4",
    "ssh2 algorithm cipher aes128-ctr aes256-ctr",
    "ssh server cipher aes256_ctr aes128_ctr",
    "ntp server 192.0.2.2 key 12345",
    "ntp authenticate",
    "snmp-server host 192.0.2.1 source-interface loopback 0",
    "snmp-server host 192.0.2.2 use-vrf management",
    "snmp-server host 10.1.1.9 version 3 priv nmsuser",
    "ssh user netcare authentication-type password",
    "  neighbor as1 send-community",
    "set policy-options community CUST members 65000:100",
    "    community CUST members 65000:100;",
    "    community add CUST;",
    "local-aaa-user password policy administrator",
    " authentication-mode scheme",
    " password-recovery enable",
]


@pytest.mark.parametrize("line", sorted(LINES))
def test_vendor_syntax(line: str) -> None:
    assert mask_secrets(line) == LINES[line]


@pytest.mark.parametrize("line", UNCHANGED)
def test_settings_that_are_no_secret_stay(line: str) -> None:
    assert mask_secrets(line) == line
