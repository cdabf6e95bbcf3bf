"""Facts built from each platform's real sample set, checked against the schema."""

import json
from pathlib import Path

import pytest

from netcare.collection.parsing.facts import build_facts, uptime_seconds, validate_facts

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"


def load(mapping: dict[str, str]) -> dict[str, str]:
    return {key: (DATA / rel).read_bytes().decode("utf-8") for key, rel in mapping.items()}


SAMPLES: dict[str, dict[str, str]] = {
    "hp_comware": {
        "version": "hp_comware/display_version_5900af_cw7.txt",
        "interfaces": "hp_comware/display_interface_brief.txt",
        "interface_errors": "hp_comware/display_interface.txt",
    },
    "huawei_vrp": {
        "version": "huawei_vrp/display_version_ne40e.txt",
        "modules": "huawei_vrp/display_device_ce12808s.txt",
        "interfaces": "huawei_vrp/display_interface_brief.txt",
        "interface_errors": "huawei_vrp/display_interface_ar.txt",
        "temperature": "huawei_vrp/display_temperature.txt",
        "ntp": "huawei_vrp/display_ntp_status.txt",
    },
    "cisco_ios": {
        "version": "cisco_ios/show_version_c4948e.txt",
        "cpu": "cisco_ios/show_processes_cpu.txt",
        "interface_errors": "cisco_ios/show_interfaces.txt",
        "running_config": "cisco_ios/show_running-config_as2border2.txt",
    },
    "cisco_xe": {
        "version": "cisco_xe/show_version_c9500.txt",
        "inventory": "cisco_xe/show_inventory_c8000v.txt",
    },
    "cisco_nxos": {"version": "cisco_nxos/show_version.txt"},
    "juniper_junos": {"version": "juniper_junos/show_version.txt"},
    "arista_eos": {"version": "arista_eos/show_version.txt"},
}


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("cisco_nxos", ("N9K1", "C9396PX", "SAL1819S6LU", "6.1(2)I3(1)", 6)),
        ("juniper_junos", ("lab", "mx240", "qfsn-0123456789", "13.3R1.4", 13)),
        ("arista_eos", (None, "vEOS", None, "4.14.7M", 4)),
    ],
)
def test_later_platforms_version_facts(platform: str, expected: tuple[object, ...]) -> None:
    facts = build_facts(platform, load(SAMPLES[platform]))
    got = (facts["hostname"], facts["model"], facts["serial"], facts["os_version"])
    assert (*got, facts["os_major"]) == expected


@pytest.mark.parametrize("platform", sorted(SAMPLES))
def test_facts_of_every_sample_set_pass_the_schema(platform: str) -> None:
    facts = build_facts(platform, load(SAMPLES[platform]))
    round_trip = json.loads(json.dumps(facts))
    assert validate_facts(round_trip) == []
    assert facts["errors"] == {}


def test_comware_facts() -> None:
    facts = build_facts("hp_comware", load(SAMPLES["hp_comware"]))
    # "HP Comware Software": HP-branded Comware is reported under today's name, HPE
    assert (facts["vendor"], facts["os_family"], facts["os_major"]) == ("HPE", "comware", 7)
    assert facts["os_version"] == "7.1.045, Release 2418P06"
    assert facts["model"] == "5900AF-48XG-4QSFP+"
    assert facts["uptime_seconds"] == ((43 * 7 + 6) * 24 + 3) * 3600 + 1 * 60
    wan = next(i for i in facts["interfaces"] if i["name"] == "GigabitEthernet0/0/1")
    # brief (GE0/0/1) and detail (GigabitEthernet0/0/1) merge into one interface
    assert wan == {
        "name": "GigabitEthernet0/0/1",
        "status": "UP",
        "protocol": "UP",
        "description": "### WAN ###",
        "in_errors": 0,
        "out_errors": 0,
        "crc": 0,
        # what ntc-templates reads from "display interface", normalised
        "state": "up",
        "raw_status": "UP",
        "speed": "1000Mbps-speed",
        "duplex": "full",
        "bandwidth_kbps": 1_000_000,
        "mtu": 1500,
        "mac": "5477-8abb-9446",
        "vlans": None,
    }
    assert facts["serial"] is None and facts["cpu_percent"] is None  # not collected: not invented


def test_comware_manuinfo_gives_serial_and_modules() -> None:
    facts = build_facts("hp_comware", load({"inventory": "hp_comware/display_device_manuinfo.txt"}))
    assert facts["serial"] == "CN43GG2001"
    assert [m["slot"] for m in facts["modules"]] == ["Slot 1", "Fan 1", "Fan 2", "Power 2"]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        (
            "hp_comware/display_version_s5120_cw5.txt",
            (
                "H3C",
                5,
                "5.20, Feature 2218",
                "S5120-48P-EI",
                ((202 * 7 + 1) * 24 + 13) * 3600 + 36 * 60,
            ),
        ),
        (
            "hp_comware/display_version_a5120_cw5.txt",
            (
                "HPE",
                5,
                "5.20.99, Feature 2218",
                "A5120-48G-PoE+ EI",
                ((413 * 7 + 2) * 24 + 13) * 3600 + 54 * 60,
            ),
        ),
    ],
)
def test_comware5_version_facts(rel: str, expected: tuple[object, ...]) -> None:
    facts = build_facts("hp_comware", load({"version": rel}))
    got = (facts["vendor"], facts["os_major"], facts["os_version"], facts["model"])
    assert (*got, facts["uptime_seconds"]) == expected
    assert facts["os_family"] == "comware" and facts["errors"] == {}
    assert validate_facts(json.loads(json.dumps(facts))) == []


def test_vrp_facts() -> None:
    facts = build_facts("huawei_vrp", load(SAMPLES["huawei_vrp"]))
    assert (facts["os_major"], facts["os_version"]) == (8, "V800R011C00SPC200")
    assert facts["model"] == "NE40E-X2-M8A"
    assert facts["uptime_seconds"] == 161 * 86400 + 20 * 60
    assert len(facts["psus"]) == 4 and facts["fans"][0] == {"name": "FAN1", "status": "Normal"}
    trunk = next(i for i in facts["interfaces"] if i["name"] == "Eth-Trunk4")
    assert (trunk["status"], trunk["protocol"], trunk["in_errors"]) == ("up", "down", 4625)
    assert "GigabitEthernet16/0/1" in {i["name"] for i in facts["interfaces"]}
    assert facts["temperatures"][3]["celsius"] == 55.0
    assert facts["ntp"] == {"synchronized": True, "server": "192.168.1.1", "stratum": 4}


def test_vrp5_version() -> None:
    facts = build_facts("huawei_vrp", load({"version": "huawei_vrp/display_version_ar6280.txt"}))
    assert (facts["os_major"], facts["os_version"], facts["model"]) == (
        5,
        "V300R019C10SPC300",
        "AR6280",
    )


def test_cisco_ios_facts() -> None:
    facts = build_facts("cisco_ios", load(SAMPLES["cisco_ios"]))
    assert facts["hostname"] == "as2border2"
    assert (facts["model"], facts["serial"], facts["os_version"]) == (
        "WS-C4948E",
        "CAT1451S15C",
        "12.2(54)SG1",
    )
    assert facts["cpu_percent"] == 0.0
    assert facts["features"] == ["acl", "bgp", "ntp", "ospf"]
    vlan1 = next(i for i in facts["interfaces"] if i["name"] == "Vlan1")
    assert vlan1["description"] == "OOB Management" and vlan1["in_errors"] == 0


def test_cisco_xe_facts() -> None:
    facts = build_facts("cisco_xe", load(SAMPLES["cisco_xe"]))
    assert (facts["os_family"], facts["os_version"], facts["os_major"]) == ("iosxe", "16.12.04", 16)
    assert facts["model"] == "C9500-48Y4C" and facts["hostname"] == "Switch-Hostname"
    assert facts["modules"][0]["serial"] == "9XLWRY40A2V"


def test_error_answers_are_recorded_not_parsed() -> None:
    facts = build_facts(
        "hp_comware", {"cpu": "% Unrecognized command found at '^' position.\n", "version": ""}
    )
    assert facts["cpu_percent"] is None
    assert facts["errors"]["cpu"].startswith("% Unrecognized command")
    assert validate_facts(dict(facts)) == []


def test_schema_check_finds_errors() -> None:
    facts = dict(build_facts("cisco_ios", {}))
    facts["cpu_percent"] = 180
    facts["interfaces"] = [{"name": "Gi0/1"}]
    facts["features"] = ["warp_drive"]
    del facts["serial"]
    errors = validate_facts(facts)
    assert any("cpu_percent" in e for e in errors)
    assert any("interfaces[0]" in e for e in errors)
    assert any("features" in e for e in errors)
    assert "missing field serial" in errors


def test_uptime_parser() -> None:
    assert uptime_seconds("2 years, 31 weeks, 6 days, 9 hours, 55 minutes") == (
        2 * 365 * 86400 + 31 * 7 * 86400 + 6 * 86400 + 9 * 3600 + 55 * 60
    )
    assert uptime_seconds("unknown") is None


def test_unsynchronised_clock_names_no_server() -> None:
    """Comware prints "Reference clock ID: none" when the clock follows nothing."""
    demo = Path(__file__).resolve().parents[3] / "src/netcare/collection/data/demo/faults"
    text = (demo / "ntp_unsync/hp_comware/display_ntp_service_status.txt").read_text()
    facts = build_facts("hp_comware", {"ntp": text})
    assert facts["ntp"] == {"synchronized": False, "server": None, "stratum": 16}
