"""One interface state across vendors, read from real outputs: the vendor's words stay in
``raw_status``; ``state`` is one of up / down / admin_down / err_disabled / not_present;
short and long names of one interface meet on one record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcare.collection.parsing.facts import (
    INTERFACE_STATES,
    bandwidth_kbps,
    build_facts,
    duplex_of,
    interface_key,
    interface_state,
)
from netcare.collection.parsing.facts_schema import validate_facts

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"


def _interfaces(platform: str, **files: str) -> dict[str, dict]:
    outputs = {
        key: (OUTPUTS / platform / name).read_text(encoding="utf-8") for key, name in files.items()
    }
    facts = build_facts(platform, outputs)
    assert facts["errors"] == {}
    assert validate_facts(json.loads(json.dumps(facts))) == []
    return {i["name"]: i for i in facts["interfaces"]}


def test_nxos_brief_reasons() -> None:
    by_name = _interfaces("cisco_nxos", interfaces="show_interface_brief_n3k.txt")
    assert by_name["Ethernet1/1"]["state"] == "down"  # Link not connected
    assert by_name["Ethernet1/50"]["state"] == "not_present"  # SFP not inserted
    assert by_name["Ethernet1/50"]["raw_status"] == "down, SFP not inserted"
    assert by_name["Ethernet1/49"]["state"] == "up"
    assert by_name["Vlan1"]["state"] == "admin_down"  # Administratively down
    assert by_name["mgmt0"]["speed"] is None  # "--" is no speed


def test_comware_adm_and_brief_duplex() -> None:
    by_name = _interfaces("hp_comware", interfaces="display_interface_brief_bagg.txt")
    assert (
        by_name["M-GigabitEthernet0/0/0"]["state"],
        by_name["M-GigabitEthernet0/0/0"]["raw_status"],
    ) == (
        "admin_down",
        "ADM, protocol DOWN",
    )
    bagg = by_name["Bridge-Aggregation10"]
    assert (bagg["state"], bagg["speed"], bagg["duplex"], bagg["vlans"]) == (
        "up",
        "20G(a)",
        "full",
        "4094",
    )


def test_comware_brief_and_detail_meet_and_carry_ntc_fields() -> None:
    by_name = _interfaces(
        "hp_comware",
        interfaces="display_interface_brief.txt",
        interface_errors="display_interface.txt",
    )
    assert not [n for n in by_name if n.startswith(("GE", "XGE"))]
    wan = by_name["GigabitEthernet0/0/1"]
    assert (wan["state"], wan["duplex"], wan["bandwidth_kbps"], wan["mtu"]) == (
        "up",
        "full",
        1_000_000,
        1500,
    )


def test_vrp_standby_spoofing_and_markers() -> None:
    by_name = _interfaces("huawei_vrp", interfaces="display_interface_brief_ar_wlan.txt")
    assert by_name["GigabitEthernet0/0/1"]["state"] == "down"  # ^down: standby
    assert by_name["GigabitEthernet0/0/1"]["raw_status"] == "^down"
    assert by_name["GigabitEthernet0/0/4"]["state"] == "down"  # link up, protocol down
    assert by_name["GigabitEthernet0/0/2"]["state"] == "up"  # up(l): loopback
    assert "GigabitEthernet0/0/5" in by_name  # "(v)" is a marker, not the name


def test_vrp_detail_speed_duplex_vlans() -> None:
    by_name = _interfaces("huawei_vrp", interface_errors="display_interface_s_switch.txt")
    meth = by_name["MEth0/0/1"]
    assert (meth["state"], meth["speed"], meth["duplex"], meth["mtu"]) == (
        "down",
        "10",
        "half",
        1500,
    )
    xge = by_name["XGigabitEthernet0/0/1"]
    assert (xge["state"], xge["duplex"], xge["mac"], xge["vlans"]) == (
        "up",
        "full",
        "b076-1b65-6a40",
        "10",
    )


def test_eos_not_present_transceiver() -> None:
    by_name = _interfaces("arista_eos", interfaces="show_interfaces_status_flags.txt")
    assert by_name["Ethernet49"]["state"] == "not_present"
    assert by_name["Ethernet1"]["state"] == "down"  # notconnect
    assert by_name["Port-Channel49"]["state"] == "up"


def test_ios_admin_down_subinterfaces_and_long_names() -> None:
    by_name = _interfaces("cisco_ios", interface_errors="show_interfaces_isr_subinterfaces.txt")
    assert by_name["GigabitEthernet0/1"]["state"] == "admin_down"
    assert by_name["GigabitEthernet0/1"]["duplex"] == "auto"
    assert by_name["GigabitEthernet0/0.188"]["vlans"] == "188"
    assert by_name["FastEthernet0/1/0"]["bandwidth_kbps"] == 10_000


def test_every_real_interface_state_is_a_known_value() -> None:
    seen: set[str | None] = set()
    for platform, key, pattern in [
        ("cisco_ios", "interface_errors", "show_interfaces*.txt"),
        ("cisco_ios", "interfaces", "show_ip_interface_brief*.txt"),
        ("cisco_xe", "interface_errors", "show_interfaces*.txt"),
        ("cisco_nxos", "interfaces", "show_interface_brief*.txt"),
        ("cisco_nxos", "interface_errors", "show_interface.txt"),
        ("arista_eos", "interfaces", "show_interfaces_status*.txt"),
        ("arista_eos", "interface_errors", "show_interfaces.txt"),
        ("hp_comware", "interfaces", "display_interface_brief*.txt"),
        ("huawei_vrp", "interfaces", "display_interface_brief*.txt"),
        ("juniper_junos", "interfaces", "show_interfaces_terse*.txt"),
    ]:
        for path in sorted((OUTPUTS / platform).glob(pattern)):
            facts = build_facts(platform, {key: path.read_text(encoding="utf-8")})
            assert facts["interfaces"], path.name
            for iface in facts["interfaces"]:
                assert iface["state"] in (*INTERFACE_STATES, None), (path.name, iface)
                assert iface["duplex"] in ("full", "half", "auto", None)
                seen.add(iface["state"])
    assert set(INTERFACE_STATES) <= seen


@pytest.mark.parametrize(
    ("words", "state"),
    [
        (("administratively down", "down"), "admin_down"),
        (("down", "down (err-disabled)"), "err_disabled"),
        (("errdisabled", None), "err_disabled"),
        (("*down", "down"), "admin_down"),
        (("ADM", "DOWN"), "admin_down"),
        (("up", "down"), "down"),
        (("connected", None), "up"),
        (("notconnect", None), "down"),
        (("disabled", None), "admin_down"),
        (("notpresent", None), "not_present"),
        (("", None), None),
    ],
)
def test_vendor_words(words: tuple[str, str | None], state: str | None) -> None:
    assert interface_state(*words) == state


def test_junos_admin_column() -> None:
    assert interface_state("down", admin="down") == "admin_down"  # terse
    assert interface_state("Down", admin="Administratively down") == "admin_down"  # extensive
    assert interface_state("Up", admin="Enabled") == "up"


def test_junos_extensive_speed_mtu_mac() -> None:
    by_name = _interfaces("juniper_junos", interface_errors="show_interfaces_extensive.txt")
    ge = by_name["ge-9/2/2"]
    assert (ge["state"], ge["speed"], ge["mtu"]) == ("up", "1000mbps", 4484)
    assert ge["mac"] == "0c:86:10:22:48:77"


def test_names_merge_and_values_read() -> None:
    assert interface_key("Te0/0/4") == interface_key("TenGigabitEthernet0/0/4")
    assert interface_key("Eth1/1") == interface_key("Ethernet1/1")
    assert (duplex_of("Full-duplex"), duplex_of("a-half"), duplex_of("A"), duplex_of("F(a)")) == (
        "full",
        "half",
        "auto",
        "full",
    )
    assert (bandwidth_kbps("1000000 Kbit"), bandwidth_kbps("40000000kbps"), bandwidth_kbps("")) == (
        1_000_000,
        40_000_000,
        None,
    )


def test_vrp_display_device_cards_members_fans_and_psus() -> None:
    cards = build_facts(
        "huawei_vrp",
        {"modules": (OUTPUTS / "huawei_vrp" / "display_device_card_ce8800.txt").read_text()},
    )
    assert [(m["slot"], m["model"]) for m in cards["modules"]] == [
        ("1/3", "CE88-D16Q"),
        ("1/4", "CE88-D24S2CQ"),
    ]
    stack = build_facts(
        "huawei_vrp",
        {"modules": (OUTPUTS / "huawei_vrp" / "display_device_ce6850_stack.txt").read_text()},
    )
    assert [(m["slot"], m["model"], m["description"]) for m in stack["modules"]] == [
        ("1", "CE6850-48S4Q-EI", None),
        ("2", "CE6850-48S4Q-EI", "Offline"),
    ]
    assert [f["name"] for f in stack["fans"]] == ["Slot 1 FAN1", "Slot 1 FAN2"]
    assert stack["psus"] == [{"name": "Slot 1 PWR2", "status": "Normal"}]


def test_comware_administratively_and_stp_down() -> None:
    by_name = _interfaces("hp_comware", interface_errors="display_interface_stp-down_admin.txt")
    admin = by_name["GigabitEthernet12/0/17"]
    assert (admin["state"], admin["raw_status"]) == ("admin_down", "DOWN ( Administratively )")
    assert (admin["vlans"], admin["mac"]) == ("200", "3822-d629-5e21")
    assert by_name["GigabitEthernet11/0/17"]["state"] == "down"  # STP DOWN


def test_eos_line_protocol_words_kept() -> None:
    by_name = _interfaces("arista_eos", interface_errors="show_interfaces_portchannel.txt")
    assert by_name["Ethernet52"]["state"] == "not_present"
    assert by_name["Ethernet52"]["raw_status"] == "down, protocol notpresent (notconnect)"
    assert by_name["Port-Channel1"]["state"] == "down"  # lowerlayerdown
    assert by_name["Loopback2"]["state"] == "admin_down"
    assert by_name["Port-Channel2"]["bandwidth_kbps"] == 2_000_000
