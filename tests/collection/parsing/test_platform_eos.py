"""Arista EOS end to end on real outputs: the command set's parsers, the EOS facts
normalisers (parsing/platforms/eos.py), the own templates and the feature rules.

Every expected value below is read from the sample files (tests/data/outputs/arista_eos,
see ORIGIN.md). The samples come from different switches, so the "full device" is a set
of real outputs, not one switch's session.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts, validate_facts
from netcare.collection.parsing.features import detect_features
from netcare.collection.parsing.platforms.eos import interface_name

PLATFORM = "arista_eos"
DATA = Path(__file__).resolve().parents[2] / "data" / "outputs" / PLATFORM

#: command key → real output; together every key of the command set but stp
DEVICE = {
    "version": "show_version_dcs7010t.txt",
    "inventory": "show_inventory.txt",
    "power": "show_environment_power.txt",
    "fans": "show_environment_cooling.txt",
    "temperature": "show_environment_temperature.txt",
    "cpu": "show_processes_top_once.txt",
    "interfaces": "show_interfaces_status.txt",
    "interface_errors": "show_interfaces.txt",
    "logs": "show_logging.txt",
    "clock": "show_clock.txt",
    "ntp": "show_ntp_status.txt",
    "running_config": "show_running-config_arista_evpn.txt",
    "stack": "show_mlag.txt",
}


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def facts_of(**files: str) -> dict:
    return dict(build_facts(PLATFORM, {key: read(name) for key, name in files.items()}))


@pytest.fixture(scope="module")
def device() -> dict:
    return facts_of(**DEVICE)


def test_the_full_device_passes_the_schema_without_errors(device: dict) -> None:
    assert validate_facts(json.loads(json.dumps(device))) == []
    assert device["errors"] == {}


def test_version_model_serial_software_uptime_and_memory(device: dict) -> None:
    got = {k: device[k] for k in ("vendor", "os_family", "model", "serial", "os_version")}
    assert got == {
        "vendor": "Arista",
        "os_family": "eos",
        "model": "DCS-7010T-48-R",
        "serial": "JPE18523609",
        "os_version": "4.28.9M",
    }
    assert device["os_major"] == 4
    # "3 weeks, 0 days, 20 hours and 45 minutes"
    assert device["uptime_seconds"] == 21 * 86400 + 20 * 3600 + 45 * 60
    # Total memory: 3982456 kB, Free memory: 2076700 kB
    assert device["memory_percent"] == round(100 * (3982456 - 2076700) / 3982456, 2) == 47.85


def test_veos_version_has_no_serial_and_its_own_memory_figure() -> None:
    facts = facts_of(version="show_version.txt")
    assert (facts["model"], facts["serial"], facts["os_version"]) == ("vEOS", None, "4.14.7M")
    assert facts["uptime_seconds"] == 3600 + 5 * 60
    assert facts["memory_percent"] == round(100 * (2028860 - 301240) / 2028860, 2) == 85.15


def test_cpu_is_what_top_says_is_not_idle(device: dict) -> None:
    # %Cpu(s):  2.8 us,  0.7 sy,  0.0 ni, 96.3 id, ...
    assert device["cpu_percent"] == 3.7


def test_inventory_names_chassis_psus_fans_and_transceivers() -> None:
    facts = facts_of(inventory="show_inventory.txt")
    slots = [(m["slot"], m["model"], m["serial"]) for m in facts["modules"]]
    assert slots == [
        ("Chassis", "DCS-7050S-64", "JPE14437991"),
        ("PowerSupply1", "PWR-460AC-F", "K192NL005C1CZ"),
        ("PowerSupply2", "PWR-460AC-F", "K192NA002Z1CZ"),
        ("Fan1", "FAN-7000-F", None),  # the device says N/A
        ("Fan2", "FAN-7000-F", None),
        ("Fan3", "FAN-7000-F", None),
        ("Fan4", "FAN-7000-F", None),
        ("Port 1", "FTLX8571D3BCL", "ASG1FSE"),
        ("Port 9", "FTLX8571D3BCL", "ASG1EN0"),
        ("Port 51", "AQOMBBQ4EDMA0694", "28717K20021"),
    ]
    assert facts["modules"][0]["description"] == "48 SFP+ +4 QSFP 10Gb 1RU"
    assert facts["modules"][-1]["description"] == "AOI"
    # Without show version, the chassis row names the switch.
    assert (facts["model"], facts["serial"]) == ("DCS-7050S-64", "JPE14437991")


def test_show_version_wins_over_the_inventory_chassis(device: dict) -> None:
    assert device["modules"][0]["slot"] == "Chassis"
    assert (device["model"], device["serial"]) == ("DCS-7010T-48-R", "JPE18523609")


def test_power_supplies_with_their_status(device: dict) -> None:
    assert device["psus"] == [
        {"name": "PowerSupply1", "status": "Power Loss"},
        {"name": "PowerSupply2", "status": "Ok"},
    ]


def test_veos_without_power_supplies_lists_none_and_is_no_error() -> None:
    facts = facts_of(power="show_environment_power_veos.txt")
    assert (facts["psus"], facts["errors"]) == ([], {})


def test_fans_with_their_status(device: dict) -> None:
    fans = {f["name"]: f["status"] for f in device["fans"]}
    assert len(device["fans"]) == 38
    assert fans["1/1"] == "Ok"
    assert fans["6/5"] == "Ok"
    assert fans["PowerSupply1/1"] == "Ok"
    assert fans["PowerSupply5"] == "Not Inserted"
    assert fans["PowerSupply8"] == "Not Inserted"
    assert sum(1 for s in fans.values() if s != "Ok") == 2


def test_temperatures_per_card_with_status_from_the_device_limits(device: dict) -> None:
    temps = device["temperatures"]
    assert len(temps) == 70
    assert temps[0] == {
        "sensor": "Supervisor 1 sensor 1 (Digital Temperature Sensor on cpu0)",
        "celsius": 36.0,
        "status": "ok",
    }
    by_name = {t["sensor"]: t for t in temps}
    # Sensor 13 exists on the supervisor and on linecards 3-5: the card keeps them apart.
    assert by_name["Linecard 3 sensor 13 (Jericho1)"]["celsius"] == 73.8
    assert by_name["Supervisor 1 sensor 13 (Supervisor temp sensor)"]["celsius"] == 25.6
    assert by_name["Fabric 1 sensor 18 (FE 1 sensor)"]["celsius"] == 40.8
    # The hottest sensor (73.8 °C) is below its alert limit (100 °C): all are ok.
    assert {t["status"] for t in temps} == {"ok"}
    assert len({t["sensor"] for t in temps}) == 70


_CORE = ("name", "status", "protocol", "description", "in_errors", "out_errors", "crc")


def _core(iface: dict) -> dict:
    return {k: iface[k] for k in _CORE}


def test_interfaces_status_and_detail_merge_on_the_full_name(device: dict) -> None:
    ifaces = {i["name"]: i for i in device["interfaces"]}
    assert _core(ifaces["Management1"]) == {
        "name": "Management1",
        "status": "connected",
        "protocol": "up",
        "description": None,
        "in_errors": 655,
        "out_errors": 0,
        "crc": 274,
    }
    assert (ifaces["Management1"]["state"], ifaces["Management1"]["mtu"]) == ("up", 1500)
    assert ifaces["Management1"]["mac"] == "985d.82b8.faf4"
    assert ifaces["Management1"]["bandwidth_kbps"] == 1_000_000
    assert _core(ifaces["Ethernet3/2/2"]) == {
        "name": "Ethernet3/2/2",
        "status": "errdisabled",
        "protocol": None,
        "description": "I am a 10G port",
        "in_errors": None,
        "out_errors": None,
        "crc": None,
    }
    assert ifaces["Ethernet3/2/2"]["state"] == "err_disabled"
    eth = ifaces["Ethernet3/2/2"]
    assert (eth["speed"], eth["duplex"]) == ("a-10G", "full")
    assert ifaces["Loopback0"]["state"] == "admin_down"
    assert (ifaces["Loopback0"]["status"], ifaces["Loopback0"]["protocol"]) == (
        "disabled",
        "down",
    )
    # A port-channel counts errors but no CRC; the sample's Ethernet49 block ends before
    # its output errors line. Not said stays None, never 0.
    assert (ifaces["Port-Channel1"]["in_errors"], ifaces["Port-Channel1"]["crc"]) == (0, None)
    assert ifaces["Ethernet49"]["out_errors"] is None
    assert [i["name"] for i in device["interfaces"]] == [
        "Ethernet3/1/1",
        "Ethernet3/1/4",
        "Ethernet3/2/1",
        "Ethernet3/2/2",
        "Ethernet49",
        "Loopback0",
        "Loopback2",
        "Management1",
        "Port-Channel1",
    ]


def test_short_interface_names_expand_to_what_show_interfaces_prints() -> None:
    short = ("Et3/1/1", "Po1", "Ma1", "Vl10", "Lo0", "Ethernet49")
    assert [interface_name(n) for n in short] == [
        "Ethernet3/1/1",
        "Port-Channel1",
        "Management1",
        "Vlan10",
        "Loopback0",
        "Ethernet49",
    ]


def test_log_events_with_severity_and_time(device: dict) -> None:
    events = device["log_events"]
    assert len(events) == 11
    assert events[0] == {
        "time": "May 30 16:48:45",
        "severity": 6,
        "text": "AGENT/INITIALIZED: Agent 'TCPCheck-TCPCheck' initialized; pid=12335",
    }
    assert events[6] == {
        "time": "May 30 16:49:57",
        "severity": 5,
        "text": "SYS/CONFIG_E: Enter configuration mode from console by root on "
        "UnknownTty (UnknownIpAddr)",
    }
    # An SDK agent's own line has no %-tag: no severity, and the agent stays named.
    assert events[3] == {
        "time": "May 30 16:49:30",
        "severity": None,
        "text": "TCPCheck-ALERT-AGENT[12335]: HTTP HOST is down. Changing configuration.",
    }
    assert [e["severity"] for e in events].count(5) == 4


def test_ntp_synchronised_and_unsynchronised(device: dict) -> None:
    assert device["ntp"] == {"synchronized": True, "server": None, "stratum": None}
    facts = facts_of(ntp="show_ntp_status_unsynchronised.txt")
    assert facts["ntp"] == {"synchronized": False, "server": None, "stratum": None}


def test_hostname_and_features_come_from_the_running_config(device: dict) -> None:
    assert device["hostname"] == "arista_evpn"
    assert device["features"] == ["bgp", "ssh_server", "vlan", "vxlan_evpn"]


# --- own templates on their real outputs ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "template"),
    [
        ("interface_errors", "arista_eos_show_interfaces.textfsm"),
        ("logs", "arista_eos_show_logging.textfsm"),
        ("ntp", "arista_eos_show_ntp_status.textfsm"),
    ],
)
def test_the_command_set_uses_the_own_template(key: str, template: str) -> None:
    entry = next(e for e in commands.command_set(PLATFORM) if e.key == key)
    ref = templates.template_for(PLATFORM, entry.command)
    assert ref is not None and (ref.source, ref.path.name) == ("own", template)


def test_own_show_interfaces_template() -> None:
    records = templates.parse(PLATFORM, "show interfaces", read("show_interfaces.txt"))
    fields = ("interface", "link_status", "protocol_status", "status", "input_errors", "crc")
    rows = [tuple(r[f] for f in fields) for r in records]
    assert rows == [
        # ntc-templates' protocol_status (it keeps the port status word) and ours
        ("Ethernet49", "up", "up (connected)", "connected", "0", "0"),
        ("Loopback0", "administratively down", "down (disabled)", "disabled", "", ""),
        ("Loopback2", "administratively down", "down (disabled)", "disabled", "", ""),
        ("Management1", "up", "up (connected)", "connected", "655", "274"),
        ("Port-Channel1", "up", "up (connected)", "connected", "0", ""),
    ]
    assert [r["output_errors"] for r in records] == ["", "", "", "0", "0"]


def test_own_show_logging_template() -> None:
    records = templates.parse(PLATFORM, "sh log", read("show_logging.txt"))
    assert len(records) == 11
    assert records[7] == {
        "timestamp": "May 30 16:49:57",
        "host": "DC1-SPINE-1",
        "process": "ConfigAgent",
        "facility": "SYS",
        "severity": "5",
        "mnemonic": "CONFIG_I",
        "message": "Configured from console by root on UnknownTty (UnknownIpAddr)",
    }
    assert records[2]["message"] == "TCPCheck-ALERT-AGENT[12335]: Connection Timeout"
    assert records[2]["severity"] == ""


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("show_ntp_status.txt", "synchronised"),
        ("show_ntp_status_unsynchronised.txt", "unsynchronised"),
    ],
)
def test_own_show_ntp_status_template(name: str, status: str) -> None:
    records = templates.parse(PLATFORM, "show ntp status", read(name))
    assert records == [
        {"clock_status": status, "system_peer": "", "stratum": "", "poll_seconds": ""}
    ]


# --- error answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("version", "% Invalid input"),
        ("power", "% Invalid input (privileged mode required)"),
        ("interface_errors", "% Invalid input"),
        ("logs", "% Invalid input"),
        ("ntp", "% Incomplete command"),
        ("running_config", "% Invalid input (privileged mode required)"),
    ],
)
def test_error_answers_are_errors_not_data(key: str, answer: str) -> None:
    facts = build_facts(PLATFORM, {key: f"{answer}\n"})
    assert facts["errors"] == {key: answer}
    assert (facts["model"], facts["psus"], facts["interfaces"]) == (None, [], [])
    assert (facts["log_events"], facts["ntp"]["synchronized"], facts["config_text"]) == (
        [],
        None,
        None,
    )


def test_an_error_answer_leaves_the_other_outputs_alone() -> None:
    outputs = {key: read(name) for key, name in DEVICE.items()}
    outputs["temperature"] = "% Invalid input\n"
    facts = build_facts(PLATFORM, outputs)
    assert facts["errors"] == {"temperature": "% Invalid input"}
    assert facts["temperatures"] == []
    assert len(facts["fans"]) == 38
    assert validate_facts(json.loads(json.dumps(facts))) == []


# --- features from real configurations --------------------------------------------------

#: What each configuration uses, checked by reading it. ssh_server is on in every one:
#: EOS runs SSH unless "management ssh" says "shutdown", and none of them does.
FEATURES = {
    # router bgp 65101, vlan 110/210, interface Vxlan1 and "address-family evpn"
    "show_running-config_arista_evpn.txt": ["bgp", "ssh_server", "vlan", "vxlan_evpn"],
    # show running-config all: "ip helper-address 192.0.2.8" on Ethernet1/1. The default
    # lines ("switchport port-security mac-address maximum 1" beside
    # "no switchport port-security", interface "mpls ip", "no ip pim sparse-mode",
    # "no channel-group") switch nothing on.
    "show_running-config_arista_interface_show_run_all_3.txt": ["dhcp_relay", "ssh_server"],
    # two "ip access-list"s and two "snmp-server community" lines (v1 and v2c)
    "show_running-config_arista_snmp.txt": ["acl", "snmp_v1", "snmp_v2c", "ssh_server"],
    # "vrrp 1 ipv4 1.2.3.4" on interface vlan 20
    "show_running-config_arista_vrrp.txt": ["ssh_server", "vrrp"],
    # "mlag configuration" with a peer link
    "show_running-config_eos-mlag.txt": ["ssh_server", "stacking"],
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_features_of_real_configurations(name: str) -> None:
    assert detect_features(PLATFORM, read(name)) == FEATURES[name]


def test_every_real_configuration_is_checked() -> None:
    assert sorted(p.name for p in DATA.glob("show_running-config_*.txt")) == sorted(FEATURES)
