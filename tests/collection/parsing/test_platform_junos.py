"""Junos facts from real outputs (see tests/data/outputs/juniper_junos/ORIGIN.md): every
value asserted here was read off the output file by hand."""

import json
from pathlib import Path

import pytest

from netcare.collection.parsing import templates
from netcare.collection.parsing.facts import build_facts, validate_facts

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs" / "juniper_junos"

FILES = {
    "version": "show_version.txt",
    "inventory": "show_chassis_hardware.txt",
    "environment": "show_chassis_environment.txt",
    "alarms": "show_chassis_alarms.txt",
    "cpu": "show_chassis_routing-engine.txt",
    "interfaces": "show_interfaces_terse.txt",
    "interface_errors": "show_interfaces_extensive.txt",
    "logs": "show_log_messages.txt",
    "clock": "show_system_uptime.txt",
    "ntp": "show_ntp_associations.txt",
    "running_config": "show_configuration_nested-config-structure-def.txt",
}


def facts_of(*keys: str) -> dict:  # type: ignore[type-arg]
    outputs = {key: (DATA / FILES[key]).read_text(encoding="utf-8") for key in keys}
    return dict(build_facts("juniper_junos", outputs))


_CORE = ("name", "status", "protocol", "description", "in_errors", "out_errors", "crc")


def test_chassis_serial_model_and_module_tree() -> None:
    facts = facts_of("inventory")
    assert (facts["serial"], facts["model"]) == ("XXXXXXXX0000", "QFX5100-48S-6Q")
    slots = {m["slot"]: m for m in facts["modules"]}
    # RE, FPC, its CPU and PIC, 24 transceivers, 2 PSUs, 5 fan trays; Pseudo CB 0 is empty
    assert len(facts["modules"]) == 35
    assert slots["FPC 0"] == {
        "slot": "FPC 0",
        "model": "QFX5100-48S-6Q",
        "serial": "XXXXXXXX0223",
        "description": "650-000000",
    }
    assert slots["FPC 0 / PIC 0 / Xcvr 4"]["description"] == "NON-JNPR"
    assert slots["FPC 0 / PIC 0 / Xcvr 38"]["model"] == "SFP-LX10"
    assert slots["Routing Engine 0"]["serial"] is None  # BUILTIN
    assert slots["Power Supply 1"] == {
        "slot": "Power Supply 1",
        "model": "JPSU-650W-AC-AFO",
        "serial": "XXXXXXX0017",
        "description": "740-000001",
    }
    assert slots["Fan Tray 4"]["model"] == "QFX5100 Fan Tray 4, Front to Back Airflow - AFO"
    assert "Pseudo CB 0" not in slots


def test_version_model_wins_and_hardware_gives_the_serial() -> None:
    facts = facts_of("version", "inventory")
    assert (facts["model"], facts["serial"], facts["os_version"]) == (
        "mx240",
        "XXXXXXXX0000",
        "13.3R1.4",
    )


def test_environment_power_fans_and_temperatures() -> None:
    facts = facts_of("environment")
    psus = {p["name"]: p["status"] for p in facts["psus"]}
    assert len(psus) == 18
    assert (psus["PSM 0"], psus["PSM 4"], psus["PSM 11"], psus["PSM 17"]) == (
        "OK",
        "Check",
        "OK",
        "Check",
    )
    assert len(facts["fans"]) == 12
    assert facts["fans"][0] == {"name": "Fan Tray 0 Fan 1", "status": "OK"}
    assert {f["status"] for f in facts["fans"]} == {"OK"}
    temps = {t["sensor"]: (t["celsius"], t["status"]) for t in facts["temperatures"]}
    assert temps["PSM 0"] == (28.0, "OK")
    assert temps["CB 0 IntakeC-Zone0"] == (50.0, "OK")
    assert temps["Routing Engine 0 CPU"] == (38.0, "OK")
    assert temps["FPC 0 Exhaust B"] == (54.0, "OK")
    assert temps["FPC 0 Intake"] == (None, "Testing")
    assert "PDM 0" not in temps and "PSM 4" not in temps
    assert len(temps) == 22


def test_master_routing_engine_cpu_memory_and_uptime() -> None:
    facts = facts_of("cpu")
    # slot 0 is Master: Idle 82 percent, Memory utilization 19 percent (slot 1: 99 / 8)
    assert (facts["cpu_percent"], facts["memory_percent"]) == (18.0, 19.0)
    assert facts["uptime_seconds"] == 5 * 86400 + 3 * 3600 + 24 * 60 + 13


def test_system_uptime_is_current_minus_boot_time() -> None:
    facts = facts_of("cpu", "clock")
    # 2021-03-29 13:32:05 → 2021-08-31 08:48:11: 154 days 19:16:06, over the RE's figure
    assert facts["uptime_seconds"] == 154 * 86400 + 19 * 3600 + 16 * 60 + 6


def test_interfaces_terse_and_extensive() -> None:
    facts = facts_of("interfaces", "interface_errors")
    by_name = {i["name"]: i for i in facts["interfaces"]}
    assert len(by_name) == 20  # 19 rows of terse + ge-9/2/2 of extensive
    assert by_name["ge-0/0/2"]["status"] == "down"
    assert by_name["lo0.16385"]["status"] == "up"
    assert {k: v for k, v in by_name["ge-9/2/2"].items() if k in _CORE} == {
        "name": "ge-9/2/2",
        "status": "Up",
        "protocol": None,
        "description": "to_lab_mx480-2_ge-0/1/2",
        "in_errors": 0,
        "out_errors": 0,
        "crc": 0,
    }
    assert (by_name["ge-9/2/2"]["state"], by_name["ge-0/0/2"]["state"]) == ("up", "down")


def test_log_messages() -> None:
    events = facts_of("logs")["log_events"]
    assert len(events) == 15
    assert events[0] == {
        "time": "Mar 5 00:45:00",
        "severity": None,
        "text": "newsyslog[89037]: logfile turned over due to size>1024K",
    }
    assert events[12]["text"].startswith("chassisd[91550]: CHASSISD_IOCTL_FAILURE: ")
    assert events[-1] == {
        "time": "Mar 5 14:47:50",
        "severity": None,
        "text": "rpd[6904]: ted_client reset",
    }


def test_explicit_priority_gives_the_severity() -> None:
    # explicit-priority logging writes the severity in the tag (%FACILITY-N-TAG)
    line = "Jan 10 10:00:00  r1 mib2d[1634]: %DAEMON-3-SNMP_TRAP_LINK_DOWN: ifIndex 526\n"
    assert build_facts("juniper_junos", {"logs": line})["log_events"][0]["severity"] == 3


def test_ntp_follows_the_star_peer() -> None:
    ntp = facts_of("ntp")["ntp"]
    # "*172.16.229.65  .GNSS.  1": a stratum-1 peer makes the device stratum 2
    assert ntp == {"synchronized": True, "server": "172.16.229.65", "stratum": 2}


def test_ntp_without_a_star_peer_is_not_synchronised() -> None:
    text = (DATA / FILES["ntp"]).read_text().replace("*172.16.229.65", "+172.16.229.65")
    ntp = build_facts("juniper_junos", {"ntp": text})["ntp"]
    assert ntp == {"synchronized": False, "server": None, "stratum": None}


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("cpu", "                          ^\nsyntax error, expecting <command>.\n"),
        ("ntp", "error: syntax error: associations-x\n"),
        ("environment", "unknown command.\n"),
        ("version", "error: unknown command: versoin\n"),
    ],
)
def test_error_answers_are_recorded_as_errors(key: str, answer: str) -> None:
    facts = build_facts("juniper_junos", {key: answer})
    assert key in facts["errors"]
    assert (facts["cpu_percent"], facts["ntp"]["synchronized"], facts["psus"]) == (
        None,
        None,
        [],
    )


def test_command_set_parsers() -> None:
    own = {
        "show chassis hardware": "juniper_junos_show_chassis_hardware.textfsm",
        "show chassis environment": "juniper_junos_show_chassis_environment.textfsm",
        "show interfaces terse": "juniper_junos_show_interfaces_terse.textfsm",
        "show interfaces extensive": "juniper_junos_show_interfaces_extensive.textfsm",
        "show ntp associations": "juniper_junos_show_ntp_associations.textfsm",
    }
    for command, name in own.items():
        ref = templates.template_for("juniper_junos", command)
        assert ref is not None and (ref.source, ref.path.name) == ("own", name)
    clock = templates.template_for("juniper_junos", "show system uptime")
    assert clock is not None and clock.source == "ntc"
    for command in ("show chassis routing-engine", "show system memory", "show log messages"):
        assert templates.template_for("juniper_junos", command) is None


def test_the_full_device_passes_the_schema() -> None:
    facts = facts_of(*FILES)
    assert facts["errors"] == {}
    assert facts["hostname"] == "nested-config-structure-def"
    assert facts["features"] == ["acl"]
    assert validate_facts(json.loads(json.dumps(facts))) == []
