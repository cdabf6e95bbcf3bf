"""NX-OS command set end to end on real outputs: templates, facts, feature rules.

Every expected value below was read off the output file named in the test (see
tests/data/outputs/cisco_nxos/ORIGIN.md for where each one comes from).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.facts import build_facts, validate_facts
from netcare.collection.parsing.features import detect_features
from netcare.collection.parsing.platforms.nxos import interface_name

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs" / "cisco_nxos"
PLATFORM = "cisco_nxos"

#: one real output per key of the command set
DEVICE = {
    "version": "show_version.txt",
    "inventory": "show_inventory.txt",
    "modules": "show_module.txt",
    "environment": "show_environment.txt",
    "temperature": "show_environment_temperature.txt",
    "cpu": "show_processes_cpu.txt",
    "memory": "show_system_resources.txt",
    "interfaces": "show_interface_brief.txt",
    "interface_errors": "show_interface.txt",
    "logs": "show_logging_logfile.txt",
    "clock": "show_clock.txt",
    "ntp": "show_ntp_peer-status.txt",
    "running_config": "show_running-config_nxos1.txt",
    "stack": "show_vpc.txt",
    "stp": "show_spanning-tree_root.txt",
    "license": "show_license_usage.txt",
}
INVALID = "                       ^\n% Invalid command at '^' marker.\n"


def read(name: str) -> str:
    return (OUTPUTS / name).read_text(encoding="utf-8")


def facts_of(**keys: str) -> dict:
    return dict(build_facts(PLATFORM, {key: read(name) for key, name in keys.items()}))


_CORE = ("name", "status", "protocol", "description", "in_errors", "out_errors", "crc")


def test_every_key_of_the_command_set_has_a_real_output() -> None:
    assert {entry.key for entry in commands.command_set(PLATFORM)} == set(DEVICE)


@pytest.mark.parametrize("key", sorted(set(DEVICE) - {"running_config"}))
def test_every_output_parses_into_records(key: str) -> None:
    outcome = templates.parse_outcome(PLATFORM, key, read(DEVICE[key]))
    assert outcome.error is None
    assert outcome.records


def test_full_device_facts_are_valid_and_complete() -> None:
    facts = facts_of(**DEVICE)
    assert validate_facts(facts) == []
    assert facts["errors"] == {}
    assert (facts["hostname"], facts["model"], facts["serial"], facts["os_version"]) == (
        "nxos1",
        "C9396PX",
        "SAL1819S6LU",
        "6.1(2)I3(1)",
    )
    # "Kernel uptime is 123 day(s), 5 hour(s), 15 minute(s), 19 second(s)"
    assert facts["uptime_seconds"] == 123 * 86400 + 5 * 3600 + 15 * 60 + 19
    # "five minutes: 10%" wins over show system resources' 96.39 % idle
    assert facts["cpu_percent"] == 10.0
    assert facts["memory_percent"] == 29.26  # 4798280K used of 16401224K
    assert facts["ntp"] == {"synchronized": True, "server": "10.4.1.1", "stratum": 9}


def test_version_reads_model_serial_and_uptime() -> None:
    facts = facts_of(version="show_version.txt")
    assert (facts["model"], facts["serial"], facts["hostname"], facts["os_major"]) == (
        "C9396PX",
        "SAL1819S6LU",
        "N9K1",
        6,
    )


def test_environment_gives_psus_fans_and_temperatures() -> None:
    facts = facts_of(environment="show_environment.txt")
    assert facts["psus"] == [
        {"name": "Power Supply 1", "status": "Ok"},
        {"name": "Power Supply 2", "status": "Ok"},
    ]
    assert [(f["name"], f["status"]) for f in facts["fans"]] == [
        ("Fan1(sys_fan1)", "Ok"),
        ("Fan2(sys_fan2)", "Ok"),
        ("Fan3(sys_fan3)", "Ok"),
        ("Fan_in_PS1", "Ok"),
        ("Fan_in_PS2", "Ok"),
    ]
    assert [(t["sensor"], t["celsius"], t["status"]) for t in facts["temperatures"]] == [
        ("Module 1 FRONT", 24.0, "Ok"),
        ("Module 1 BACK", 26.0, "Ok"),
        ("Module 1 CPU", 42.0, "Ok"),
        ("Module 1 TD2-1", 35.0, "Ok"),
        ("Module 1 NS-1", 37.0, "Ok"),
    ]


@pytest.mark.parametrize("order", [("environment", "temperature"), ("temperature", "environment")])
def test_temperature_output_wins_over_the_environment_summary(order: tuple[str, str]) -> None:
    outputs = {key: read(DEVICE[key]) for key in order}
    facts = build_facts(PLATFORM, outputs)
    assert [(t["sensor"], t["celsius"], t["status"]) for t in facts["temperatures"]] == [
        ("Module 1 ASIC", 52.0, "ok"),
        ("Module 1 Front-Middle(D1)", 38.0, "ok"),
        ("Module 1 Front-Left (D2)", 33.0, "ok"),
        ("Module 1 Back (D3)", 28.0, "ok"),
    ]


def test_modules_take_serials_from_their_own_table() -> None:
    facts = facts_of(modules="show_module.txt")
    assert [(m["slot"], m["model"], m["serial"]) for m in facts["modules"]] == [
        ("Slot 1", "N7K-SUP1", "TM6017D760B"),
        ("Slot 2", "N7K-F248XP-25", "TM6017D760C"),
        ("Slot 3", "N7K-F248XP-25", "TM6017D760D"),
        ("Slot 4", "N7K-F248XP-25", "TM6017D760E"),
    ]
    assert facts["modules"][0]["description"] == "NX-OSv Supervisor Module"


def test_inventory_and_modules_fill_one_record_per_slot() -> None:
    facts = facts_of(inventory="show_inventory.txt", modules="show_module.txt")
    slots = [m["slot"] for m in facts["modules"]]
    assert slots.count("Slot 1") == 1
    # inventory's own values stay; show module adds the slots inventory did not list
    assert facts["modules"][1] == {
        "slot": "Slot 1",
        "model": "N9K-C9396PX",
        "serial": "SAL1819S6LU",
        "description": "1/10G SFP+ Ethernet Module",
    }
    assert slots[-2:] == ["Slot 3", "Slot 4"]


def test_inventory_fans_without_serial_have_none() -> None:
    facts = facts_of(inventory="show_inventory.txt")
    fans = [m for m in facts["modules"] if m["slot"].startswith("Fan")]
    assert [(m["model"], m["serial"]) for m in fans] == [("N9K-C9300-FAN2", None)] * 3
    psu = next(m for m in facts["modules"] if m["slot"] == "Power Supply 2")
    assert psu["serial"] == "DCB1809X07H"


def test_interfaces_from_brief_and_full_listing_meet_on_one_name() -> None:
    facts = facts_of(interfaces="show_interface_brief.txt", interface_errors="show_interface.txt")
    by_name = {i["name"]: i for i in facts["interfaces"]}
    # 54 Ethernet ports, mgmt0 and Lo0 in the brief listing; Vlan20 only in the full one
    assert len(by_name) == 57
    assert {k: v for k, v in by_name["Ethernet1/1"].items() if k in _CORE} == {
        "name": "Ethernet1/1",
        "status": "up",
        "protocol": None,
        "description": None,
        "in_errors": 0,
        "out_errors": 0,
        "crc": 0,
    }
    assert by_name["Ethernet1/5"]["status"] == "down"
    assert by_name["mgmt0"]["description"] == "out of band mgmt interface"
    assert by_name["mgmt0"]["in_errors"] is None  # mgmt0 prints no error counters
    assert by_name["Vlan20"]["status"] == "down"  # "down (VLAN/BD is down)"
    assert {k: v for k, v in by_name["loopback0"].items() if k in _CORE} == {
        "name": "loopback0",
        "status": "up",
        "protocol": None,
        "description": None,
        "in_errors": None,
        "out_errors": None,
        "crc": None,
    }
    assert (by_name["Ethernet1/1"]["state"], by_name["Ethernet1/1"]["mtu"]) == ("up", 1500)
    assert by_name["Ethernet1/1"]["duplex"] == "full"
    assert by_name["Vlan20"]["state"] == "down"


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Eth1/49", "Ethernet1/49"),
        ("Po10", "port-channel10"),
        ("Lo0", "loopback0"),
        ("mgmt0", "mgmt0"),
        ("Vlan20", "Vlan20"),
        ("Ethernet1/1", "Ethernet1/1"),
    ],
)
def test_interface_names(short: str, full: str) -> None:
    assert interface_name(short) == full


def test_log_events_have_severity_and_time() -> None:
    facts = facts_of(logs="show_logging_logfile.txt")
    assert [(e["time"], e["severity"]) for e in facts["log_events"]] == [
        ("2019 May 22 16:20:45", 5),
        ("2019 May 22 16:20:50", 5),
    ]
    assert facts["log_events"][0]["text"].startswith(
        "ACLLOG/ACLLOG_FLOW_INTERVAL: Src IP: 172.30.10.100, Dst IP: 10.135.15.2"
    )
    assert facts["log_events"][1]["text"].endswith("Hit-count: 500")


# --- own templates on their real outputs ----------------------------------------------


def test_system_resources_template() -> None:
    (rec,) = templates.parse(PLATFORM, "sh sys res", read("show_system_resources.txt"))
    assert (rec["cpu_user"], rec["cpu_kernel"], rec["cpu_idle"]) == ("2.31", "1.28", "96.39")
    assert (rec["memory_total"], rec["memory_used"], rec["memory_free"]) == (
        "16401224",
        "4798280",
        "11602944",
    )
    assert (rec["load_1_min"], rec["processes_total"], rec["memory_status"]) == (
        "0.05",
        "627",
        "OK",
    )


@pytest.mark.parametrize(
    ("name", "memory", "cpu"),
    [
        # 4176656K of 6096260K; per-CPU lines indented with tabs are not the total
        ("show_system_resources_nxosv.txt", 68.51, 9.4),
        # echoed prompt line first; 4189652K of 5873172K, 86.24 % idle
        ("show_system_resources_r3.txt", 71.34, 13.76),
    ],
)
def test_system_resources_give_memory_and_cpu(name: str, memory: float, cpu: float) -> None:
    facts = facts_of(memory=name)
    assert (facts["memory_percent"], facts["cpu_percent"]) == (memory, cpu)


def test_logging_logfile_template() -> None:
    recs = templates.parse(PLATFORM, "show logging logfile", read("show_logging_logfile.txt"))
    # the echoed "show logging logfile | include ACL" line is not an event
    assert [(r["facility"], r["severity"], r["mnemonic"]) for r in recs] == [
        ("ACLLOG", "5", "ACLLOG_FLOW_INTERVAL")
    ] * 2


def test_ntp_peer_status_template() -> None:
    recs = templates.parse(PLATFORM, "sh ntp peer-status", read("show_ntp_peer-status.txt"))
    assert [(r["mode"], r["remote"], r["stratum"], r["reach"], r["vrf"]) for r in recs] == [
        ("*", "10.4.1.1", "8", "377", "default"),
        ("=", "10.64.4.4", "16", "0", "VRF1"),
        ("=", "10.16.2.2", "9", "377", "default"),
        ("=", "10.100.5.5", "16", "0", "default"),
    ]


def test_ntp_peer_status_wrapped_rows() -> None:
    (rec,) = templates.parse(PLATFORM, "ntp", read("show_ntp_peer-status_wrapped.txt"))
    assert (rec["mode"], rec["remote"], rec["local"], rec["stratum"], rec["vrf"]) == (
        "*",
        "1.1.1.1",
        "2.2.2.2",
        "1",
        "management",
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("show_ntp_peer-status.txt", {"synchronized": True, "server": "10.4.1.1", "stratum": 9}),
        (
            "show_ntp_peer-status_unselected.txt",
            {"synchronized": False, "server": None, "stratum": None},
        ),
        (
            "show_ntp_peer-status_wrapped.txt",
            {"synchronized": True, "server": "1.1.1.1", "stratum": 2},
        ),
        (
            "show_ntp_peer-status_novrf.txt",
            {"synchronized": True, "server": "10.64.4.32", "stratum": 5},
        ),
    ],
)
def test_ntp_facts(name: str, expected: dict) -> None:
    assert facts_of(ntp=name)["ntp"] == expected


# --- error answers --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["memory", "logs", "ntp", "environment", "modules", "cpu"])
def test_error_answer_is_an_error_not_data(key: str) -> None:
    outputs = {"version": read("show_version.txt"), key: INVALID}
    facts = build_facts(PLATFORM, outputs)
    assert facts["errors"] == {key: "% Invalid command at '^' marker."}
    assert (facts["memory_percent"], facts["cpu_percent"], facts["log_events"]) == (None, None, [])
    assert facts["ntp"]["synchronized"] is None
    assert (facts["psus"], facts["modules"]) == ([], [])
    assert facts["model"] == "C9396PX"  # the other outputs still count
    assert validate_facts(facts) == []


def test_error_answer_raises_from_parse() -> None:
    with pytest.raises(templates.CommandError):
        templates.parse(PLATFORM, "show system resources", INVALID)


# --- feature rules on real NX-OS configurations ----------------------------------------

CONFIGS = {
    # feature telnet, feature bgp + router bgp 22, feature nxapi + nxapi https port 8443,
    # snmp-server community / user ... auth, ntp server, vlan 1,301-304,..., ip route in
    # vrf context management, SSH by default; feature vpc without a vpc domain is no vPC
    "show_running-config_nxos1.txt": [
        "bgp",
        "https_server",
        "ntp",
        "snmp_v1",
        "snmp_v2c",
        "snmp_v3",
        "ssh_server",
        "static_route",
        "telnet_server",
        "vlan",
    ],
    # feature http-server / nxapi / lacp / pim / tacacs+ / nv overlay; feature bgp and
    # feature ospf alone configure no routing process
    "show_running-config_features.txt": [
        "http_server",
        "https_server",
        "lacp",
        "multicast",
        "ssh_server",
        "tacacs",
        "vxlan_evpn",
    ],
    # feature tacacs+, aaa group server / authentication / authorization / accounting
    "show_running-config_aaa.txt": ["aaa", "ssh_server", "tacacs"],
    # communities and "snmp-server user snmpuser1 network-admin auth md5 ..."
    "show_running-config_snmp.txt": ["snmp_v1", "snmp_v2c", "snmp_v3", "ssh_server"],
    # ip access-list acl_peer ..., ntp server 192.0.2.1 ...
    "show_running-config_ntp-peers.txt": ["acl", "ntp", "ssh_server"],
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_features_of_real_configurations(name: str) -> None:
    assert detect_features(PLATFORM, read(name)) == CONFIGS[name]


def test_snmp_v3_user_without_group_is_seen() -> None:
    # nxos1 writes "snmp-server user admin auth md5 ..." with no group before "auth"
    line = next(
        line for line in read("show_running-config_nxos1.txt").splitlines() if "user admin" in line
    )
    assert detect_features(PLATFORM, line + "\n") == ["snmp_v3", "ssh_server"]


def test_no_feature_ssh_turns_the_default_off() -> None:
    config = read("show_running-config_aaa.txt") + "no feature ssh\n"
    assert "ssh_server" not in detect_features(PLATFORM, config)
