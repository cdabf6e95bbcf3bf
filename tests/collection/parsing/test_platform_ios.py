"""Cisco IOS and IOS-XE end to end on real outputs: the command sets' parsers, the own
stack-member template and the generic facts normalisers reading ntc's cisco_ios fields.

Every expected value below is read from the sample files (tests/data/outputs/cisco_ios
and cisco_xe, see their ORIGIN.md). The samples come from different devices, so each
"full device" is a set of real outputs, not one device's session.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcare.collection.parsing import templates
from netcare.collection.parsing.facts import build_facts, validate_facts

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"

#: command key → real output of a classic IOS device (no classic temperature or memory
#: output is public; see the report)
IOS = {
    "version": "show_version_c4948e.txt",
    "inventory": "show_inventory.txt",
    "power": "show_environment_power_all_3750x.txt",
    "cpu": "show_processes_cpu.txt",
    "interfaces": "show_ip_interface_brief.txt",
    "interface_errors": "show_interfaces.txt",
    "logs": "show_logging_c2901.txt",
    "clock": "show_clock.txt",
    "ntp": "show_ntp_status_iosv.txt",
    "running_config": "show_running-config_as2border2.txt",
    "stack": "show_switch_detail_3750.txt",
    "license": "show_license.txt",
}
#: command key → real output of an IOS-XE device (Catalyst 9k, 3850, ASR1k, ISR4k, C8000v)
XE = {
    "version": "show_version_c9500.txt",
    "inventory": "show_inventory_c8000v.txt",
    "modules": "show_platform_c9300.txt",
    "power": "show_environment_power_all_c3850.txt",
    "temperature": "show_environment_temperature_c9300.txt",
    "cpu": "show_processes_cpu_asr1000.txt",
    "memory": "show_processes_memory_sorted_asr1000.txt",
    "interfaces": "show_ip_interface_brief_isr4k.txt",
    "interface_errors": "show_interfaces_isr4461.txt",
    "logs": "show_logging_csr1000v.txt",
    "clock": "show_clock.txt",
    "ntp": "show_ntp_status_master.txt",
    "stack": "show_switch_c9k.txt",
    "stp": "show_spanning-tree_rstp.txt",
}


def read(platform: str, name: str) -> str:
    return (OUTPUTS / platform / name).read_text(encoding="utf-8")


def facts_of(platform: str, **files: str) -> dict:
    outputs = {key: read(platform, name) for key, name in files.items()}
    return dict(build_facts(platform, outputs))


@pytest.fixture(scope="module")
def ios() -> dict:
    return facts_of("cisco_ios", **IOS)


@pytest.fixture(scope="module")
def xe() -> dict:
    return facts_of("cisco_xe", **XE)


@pytest.mark.parametrize(
    ("platform", "device"), [("cisco_ios", IOS), ("cisco_xe", XE)], ids=["ios", "xe"]
)
def test_every_output_of_the_full_device_parses_to_records(platform: str, device: dict) -> None:
    for key, name in device.items():
        if key == "running_config":
            continue
        outcome = templates.parse_outcome(platform, key, read(platform, name))
        assert outcome.error is None, key
        assert outcome.records, key


def test_the_full_devices_pass_the_schema_without_errors(ios: dict, xe: dict) -> None:
    for facts in (ios, xe):
        assert validate_facts(json.loads(json.dumps(facts))) == []
        assert facts["errors"] == {}


def test_ios_version_cpu_and_config(ios: dict) -> None:
    got = {k: ios[k] for k in ("vendor", "os_family", "model", "serial", "os_version")}
    assert got == {
        "vendor": "Cisco",
        "os_family": "ios",
        "model": "WS-C4948E",
        "serial": "CAT1451S15C",
        "os_version": "12.2(54)SG1",
    }
    # "CPU utilization for five seconds: 0%/0%; one minute: 0%; five minutes: 0%"
    assert ios["cpu_percent"] == 0.0
    assert ios["memory_percent"] is None  # no memory output given: unknown, never 0
    assert ios["hostname"] == "as2border2"


def test_ios_psus_are_the_3750x_stack_bays_with_their_status(ios: dict) -> None:
    assert ios["psus"] == [
        {"name": "1A", "status": "OK"},
        {"name": "1B", "status": "OK"},
        {"name": "2A", "status": "OK"},
        {"name": "2B", "status": "OK"},
    ]


def test_ios_interfaces_from_brief_and_counters(ios: dict) -> None:
    by_name = {i["name"]: i for i in ios["interfaces"]}
    assert by_name["Ethernet0/2"]["status"] == "administratively down"
    assert by_name["Ethernet0/2"]["protocol"] == "down"
    assert by_name["Loopback0"]["status"] == "up"
    gi01 = by_name["GigabitEthernet0/1"]
    assert (gi01["status"], gi01["description"]) == ("up", "to iosvl2-2")
    assert (gi01["in_errors"], gi01["out_errors"], gi01["crc"]) == (0, 0, 0)
    assert by_name["GigabitEthernet0/0"]["status"] == "reset"


def test_ios_log_events_keep_time_severity_and_tag(ios: dict) -> None:
    events = ios["log_events"]
    assert len(events) == 5
    assert events[0] == {
        "time": "Jan 2 12:00:05.047",
        "severity": 6,
        "text": "IOS_LICENSE_IMAGE_APPLICATION/LICENSE_LEVEL: Module name = c2900 "
        "Next reboot level = ipbasek9 and License = ipbasek9",
    }
    # "000048: Dec  2 12:09:21.207: CEF-HWIDB: ..." has no severity digit
    assert (events[1]["time"], events[1]["severity"]) == ("Dec 2 12:09:21.207", None)
    # the restart banner lines belong to the SYS-5-RESTART message
    assert events[3]["severity"] == 5
    assert events[3]["text"].startswith("SYS/RESTART: System restarted -- Cisco IOS Software")


def test_ios_ntp_synchronised_and_free_running() -> None:
    synced = facts_of("cisco_ios", ntp="show_ntp_status_iosv.txt")["ntp"]
    assert synced == {"synchronized": True, "server": "10.16.2.2", "stratum": 4}
    free = facts_of("cisco_ios", ntp="show_ntp_status_unsynchronized.txt")["ntp"]
    assert free == {"synchronized": False, "server": None, "stratum": 16}


def test_ios_stack_members_become_modules_with_role_and_state(ios: dict) -> None:
    members = [m for m in ios["modules"] if (m["slot"] or "").startswith("Switch ")]
    assert members == [
        {"slot": "Switch 1", "model": None, "serial": None, "description": "Master Ready"},
        {"slot": "Switch 2", "model": None, "serial": None, "description": "Member Ready"},
        {"slot": "Switch 3", "model": None, "serial": None, "description": "Member Ready"},
    ]


def test_xe_version_cpu_and_memory(xe: dict) -> None:
    got = {k: xe[k] for k in ("os_family", "model", "os_version", "os_major")}
    assert got == {
        "os_family": "iosxe",
        "model": "C9500-48Y4C",
        "os_version": "16.12.04",
        "os_major": 16,
    }
    assert xe["cpu_percent"] == 0.0
    # Processor Pool Total:  919638648 Used:  236752096
    assert xe["memory_percent"] == round(100 * 236752096 / 919638648, 2) == 25.74


def test_xe_psus_name_empty_bays_and_a_failed_supply(xe: dict) -> None:
    assert xe["psus"] == [
        {"name": "1A", "status": "OK"},
        {"name": "1B", "status": "Not Present"},
        {"name": "2A", "status": "Not Present"},
        {"name": "2B", "status": "No Input Power"},
        {"name": "3A", "status": "OK"},
        {"name": "3B", "status": "Not Present"},
    ]


def test_xe_inlet_and_hotspot_temperature_per_member(xe: dict) -> None:
    assert xe["temperatures"] == [
        {"sensor": "Switch 1 Inlet", "celsius": 28.0, "status": "GREEN"},
        {"sensor": "Switch 1 Hotspot", "celsius": 68.0, "status": "GREEN"},
        {"sensor": "Switch 2 Inlet", "celsius": 28.0, "status": "GREEN"},
        {"sensor": "Switch 2 Hotspot", "celsius": 68.0, "status": "GREEN"},
    ]


def test_xe_members_join_show_platform_and_show_switch(xe: dict) -> None:
    members = [m for m in xe["modules"] if (m["slot"] or "").startswith("Switch ")]
    assert members == [
        {
            "slot": "Switch 1",
            "model": "C9300-48P",
            "serial": "J111111111a",
            "description": "Active Ready",
        },
        {
            "slot": "Switch 2",
            "model": "C9300-48P",
            "serial": "J222222222b",
            "description": "Standby Ready",
        },
    ]
    # the inventory's rows stay, and no empty row is invented
    assert [m["slot"] for m in xe["modules"][:3]] == ["Chassis", "module R0", "module F0"]
    assert all(m["slot"] for m in xe["modules"])


def test_xe_interfaces_status_and_errors(xe: dict) -> None:
    by_name = {i["name"]: i for i in xe["interfaces"]}
    assert by_name["ucse1/0/0"]["status"] == "administratively down"
    # "show ip interface brief" prints Te0/0/5: one record under the long name
    te5 = by_name["TenGigabitEthernet0/0/5"]
    assert (te5["status"], te5["protocol"], te5["state"]) == ("down", "down", "down")
    assert by_name["ucse1/0/0"]["state"] == "admin_down"
    assert not [n for n in by_name if n.startswith("Te0/")]
    gi000 = by_name["GigabitEthernet0/0/0"]  # in both outputs: one record
    assert gi000["status"] == "administratively down"
    assert (gi000["in_errors"], gi000["out_errors"], gi000["crc"]) == (0, 0, 0)
    assert (gi000["state"], gi000["raw_status"]) == ("admin_down", "administratively down")
    assert by_name["TenGigabitEthernet0/0/13"]["status"] == "down"
    assert len(xe["interfaces"]) == 21 + 2


def test_xe_log_events_keep_zone_and_untagged_lines(xe: dict) -> None:
    events = xe["log_events"]
    assert len(events) == 7
    assert events[0] == {
        "time": "Jun 5 05:09:30.838 EST",
        "severity": 4,
        "text": "IP/DUPADDR: Duplicate address 172.16.1.216 on GigabitEthernet1, "
        "sourced by 5e00.80ff.0606",
    }
    assert events[3] == {
        "time": "Jun 5 05:11:04.626 EST",
        "severity": None,
        "text": "Rollback:Acquired Configuration lock.",
    }


def test_xe_ntp_master_on_its_own_clock_has_no_server(xe: dict) -> None:
    # "Clock is synchronized, stratum 1, reference is .LOCL."
    assert xe["ntp"] == {"synchronized": True, "server": None, "stratum": 1}


def test_stack_template_reads_unprovisioned_members_too() -> None:
    # ntc-templates tests/cisco_ios/show_switch_detail/cisco_ios_show_switch_detail01.raw
    # @17169c2c, the member table only
    text = (
        "Switch#   Role    Mac Address     Priority Version  State \n"
        "-------------------------------------------------------------------------------------\n"
        "*1       Active   6c71.abcd.a200     1      V03     Ready\n"
        " 2       Member   0000.0000.0000     0              Unprovisioned"
        "                       \n"
    )
    records = templates.parse("cisco_xe", "show switch", text)
    assert [(r["switch"], r["role"], r["version"], r["state"]) for r in records] == [
        ("1", "Active", "V03", "Ready"),
        ("2", "Member", "", "Unprovisioned"),
    ]
