"""Comware and VRP inspection outputs captured on real devices (see the ORIGIN.md of
tests/data/outputs/hp_comware and huawei_vrp) give the facts they print: CPU and memory
load, PSUs and fans with their state, NTP sync and the chassis ESN."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netcare.collection.parsing.facts import Facts, build_facts, validate_facts

OUTPUTS = Path(__file__).resolve().parents[2] / "data" / "outputs"


def facts_of(platform: str, key: str, name: str) -> Facts:
    text = (OUTPUTS / platform / name).read_text(encoding="utf-8")
    facts = build_facts(platform, {key: text})
    assert facts["errors"] == {}
    assert validate_facts(json.loads(json.dumps(facts))) == []
    return facts


@pytest.mark.parametrize(
    ("platform", "name", "percent"),
    [
        # five-minute figure of the busiest CPU block
        ("hp_comware", "display_cpu-usage.txt", 8.0),
        ("hp_comware", "display_cpu-usage_blank_lines.txt", 5.0),
        ("hp_comware", "display_cpu-usage_unit.txt", 3.0),
        ("huawei_vrp", "display_cpu-usage_vrp5.txt", 6.0),
        # VRP 8: current 16 %, but the five-minute average says 93 %
        ("huawei_vrp", "display_cpu-usage_vrp8.txt", 93.0),
        # control plane 16.0 %; the data plane's 0.1 % is not the device's load
        ("huawei_vrp", "display_cpu-usage_planes.txt", 16.0),
        ("huawei_vrp", "display_cpu-usage_busy.txt", 29.0),
    ],
)
def test_cpu_percent(platform: str, name: str, percent: float) -> None:
    assert facts_of(platform, "cpu", name)["cpu_percent"] == percent


@pytest.mark.parametrize(
    ("platform", "name", "percent"),
    [
        ("hp_comware", "display_memory_cw5.txt", 36.0),  # "Used Rate: 36%"
        ("hp_comware", "display_memory_cw7.txt", 54.0),  # FreeRatio 46.0%
        ("huawei_vrp", "display_memory-usage_vrp5.txt", 11.0),
        ("huawei_vrp", "display_memory-usage_vrp8.txt", 39.0),
        ("huawei_vrp", "display_memory-usage_used_rate.txt", 61.0),
    ],
)
def test_memory_percent(platform: str, name: str, percent: float) -> None:
    assert facts_of(platform, "memory", name)["memory_percent"] == percent


@pytest.mark.parametrize(
    ("name", "psus"),
    [
        ("display_power_index_table.txt", [("PWR1", "normal"), ("PWR2", "fail")]),
        ("display_power_inline.txt", [("Power 1", "Normal"), ("Power 2", "Normal")]),
        ("display_power_table.txt", [("Slot 1 Power 1", "Normal"), ("Slot 1 Power 2", "Normal")]),
        (
            "display_power_slot_block.txt",
            [("Slot 1 Power 1", "Normal"), ("Slot 1 Power 2", "Normal")],
        ),
        (
            "display_power_irf_fault.txt",
            [
                ("Slot 1 Power 1", "Normal"),
                ("Slot 1 Power 2", "Normal"),
                ("Slot 2 Power 1", "Fault"),
                ("Slot 2 Power 2", "Normal"),
            ],
        ),
    ],
)
def test_comware_psus(name: str, psus: list[tuple[str, str]]) -> None:
    got = facts_of("hp_comware", "power", name)["psus"]
    assert [(p["name"], p["status"]) for p in got] == psus


@pytest.mark.parametrize(
    ("name", "fans"),
    [
        ("display_fan_slot_block.txt", [("Slot 1 Fan 1", "Normal")]),
        ("display_fan_index_table.txt", [("Fan 1", "Normal")]),
        ("display_fan_inline.txt", [("Fan 1", "Normal")]),
        ("display_fan_airflow.txt", [("Slot 1 Fan 1", "Normal"), ("Slot 1 Fan 2", "Normal")]),
    ],
)
def test_comware_fans(name: str, fans: list[tuple[str, str]]) -> None:
    got = facts_of("hp_comware", "fans", name)["fans"]
    assert [(f["name"], f["status"]) for f in got] == fans


def test_comware_ntp_synchronized_to_its_reference() -> None:
    ntp = facts_of("hp_comware", "ntp", "display_ntp-service_status.txt")["ntp"]
    assert ntp == {"synchronized": True, "server": "122.11.12.122", "stratum": 3}


@pytest.mark.parametrize(
    ("name", "serial"),
    [
        ("display_esn.txt", "2102350Gxxxxxx000770"),
        # dual main boards: the master's ESN is the chassis serial
        ("display_esn_master_slave.txt", "21021xxxxxx0JB000288"),
    ],
)
def test_vrp_serial_from_esn(name: str, serial: str) -> None:
    assert facts_of("huawei_vrp", "inventory", name)["serial"] == serial
