"""EOS facts normalisers: where Arista says more, or says it differently, than the
generic readers expect.

- ``show version`` carries the memory figures (``Total memory``/``Free memory``), so
  ``memory_percent`` is read there; EOS has no separate memory command worth a key.
- ``show inventory`` lists the chassis, power supplies, fan modules, port counts and
  transceivers in one table per section, and ntc-templates returns them as one flat
  list; each record's shape (and the PSU/fan model prefix) tells which it is.
- ``show environment power`` and ``temperature`` use their own field names; a sensor has
  no status word, only the device's own alert and critical limits, which set it.
- ``show interfaces status`` abbreviates names (``Et3/1/1``) that ``show interfaces``
  spells out; both land on one interface. ``status`` is EOS's port status word
  (connected, notconnect, disabled, errdisabled, inactive), which both commands print,
  and ``protocol`` the line protocol of ``show interfaces``.
"""

from __future__ import annotations

import re
from typing import Any

from netcare.collection.parsing.facts import (
    Component,
    Facts,
    Interface,
    Module,
    Temperature,
    enrich_interface,
    find_interface,
    interface_key,
    uptime_seconds,
)
from netcare.collection.parsing.platforms import Normaliser
from netcare.collection.parsing.values import as_float, as_int, first, status_text

Records = list[dict[str, Any]]

# The short names "show interfaces status" prints, and what "show interfaces" calls them.
_ABBREV = {
    "Et": "Ethernet",
    "Po": "Port-Channel",
    "Ma": "Management",
    "Lo": "Loopback",
    "Vl": "Vlan",
    "Vx": "Vxlan",
    "Tu": "Tunnel",
    "Sw": "Switch",
}
_ABBREV_RX = re.compile(r"^([A-Z][a-z])(\d.*)$")


def interface_name(name: str) -> str:
    """``Et3/1/1`` → ``Ethernet3/1/1``; a full name stays as it is."""
    m = _ABBREV_RX.match(name.strip())
    if m and m.group(1) in _ABBREV:
        return _ABBREV[m.group(1)] + m.group(2)
    return name.strip()


def _version(facts: Facts, recs: Records, raw: str) -> None:
    facts["model"] = first(recs, "model")
    facts["serial"] = first(recs, "serial_number")
    facts["os_version"] = first(recs, "image")
    facts["uptime_seconds"] = uptime_seconds(first(recs, "uptime"))
    major = re.match(r"\d+", facts["os_version"] or "")
    facts["os_major"] = int(major.group(0)) if major else None
    total, free = as_float(first(recs, "total_memory")), as_float(first(recs, "free_memory"))
    if total and free is not None and 0 <= free <= total:
        facts["memory_percent"] = round(100.0 * (total - free) / total, 2)


def _module(rec: dict[str, Any], slot: str) -> Module:
    serial = status_text(rec.get("sn"))
    return Module(
        slot=slot,
        model=status_text(rec.get("pid")),
        serial=None if serial == "N/A" else serial,
        description=status_text(rec.get("descr")),
    )


def _inventory_slot(rec: dict[str, Any], first_unnumbered: bool) -> str | None:
    """Which part of the chassis a flat ``show inventory`` record describes, or None for
    a record that is no part (the port counts, an empty slot's ``Not Present``)."""
    port, pid, descr = (str(rec.get(k) or "") for k in ("port", "pid", "descr"))
    if not port:
        # The chassis comes first; a modular system then lists its cards by name.
        return "Chassis" if first_unnumbered else descr or None
    if not pid or (pid == "Not" and rec.get("sn") == "Present"):
        return None
    if descr:
        return f"Port {port}"  # a transceiver: its manufacturer is the description
    # Power supply and fan module rows look alike; Arista names the parts PWR-…/FAN-….
    return f"PowerSupply{port}" if pid.upper().startswith("PWR") else f"Fan{port}"


def _inventory(facts: Facts, recs: Records, raw: str) -> None:
    modules: list[Module] = []
    for rec in recs:
        slot = _inventory_slot(rec, first_unnumbered=not modules)
        if slot is not None:
            modules.append(_module(rec, slot))
    chassis = next((m for m in modules if m["slot"] == "Chassis"), None)
    if chassis:
        facts["serial"] = facts["serial"] or chassis["serial"]
        facts["model"] = facts["model"] or chassis["model"]
    facts["modules"] = modules


def _power(facts: Facts, recs: Records, raw: str) -> None:
    # vEOS answers "% There seem to be no power supplies connected.": a status, no PSU.
    for rec in recs:
        slot = str(rec.get("power_supply_location") or "")
        if slot:
            status = status_text(rec.get("power_supply_status"))
            facts["psus"].append(Component(name=f"PowerSupply{slot}", status=status))


def _fans(facts: Facts, recs: Records, raw: str) -> None:
    # "1/3" is fan 3 of fan tray 1, "PowerSupply2/1" the fan of power supply 2.
    for rec in recs:
        name = str(rec.get("fan") or "")
        if name:
            facts["fans"].append(Component(name=name, status=status_text(rec.get("status"))))


def _sensor_status(celsius: float | None, alert: float | None, critical: float | None) -> str:
    """The device's own limits read against its reading: EOS prints no status word."""
    if celsius is not None and critical is not None and celsius >= critical:
        return "critical"
    if celsius is not None and alert is not None and celsius >= alert:
        return "alert"
    return "ok"


def _temperature(facts: Facts, recs: Records, raw: str) -> None:
    for rec in recs:
        number, descr = str(rec.get("sensor") or ""), str(rec.get("description") or "")
        module = str(rec.get("module") or "")
        # Sensor numbers repeat per card ("Linecard 3", "Fabric 1"): the card is part of it.
        name = f"{module} sensor {number} ({descr})" if module else f"sensor {number} ({descr})"
        celsius = as_float(rec.get("current_value"))
        limits = as_float(rec.get("alert_limit")), as_float(rec.get("critical_limit"))
        status = _sensor_status(celsius, *limits) if celsius is not None else None
        facts["temperatures"].append(Temperature(sensor=name, celsius=celsius, status=status))


def _interface(facts: Facts, name: str, known: dict[str, Interface]) -> Interface:
    """The facts record of one interface (any spelling), added when it is new."""
    return find_interface(facts, name, known)


def _interfaces_status(facts: Facts, recs: Records, raw: str) -> None:
    """``show interfaces status``: port, its Name (the description) and status word."""
    known = {interface_key(i["name"]): i for i in facts["interfaces"]}
    for rec in recs:
        if not rec.get("port"):
            continue
        iface = _interface(facts, interface_name(str(rec["port"])), known)
        iface["status"] = status_text(rec.get("status")) or iface["status"]
        iface["description"] = status_text(rec.get("name")) or iface["description"]
        enrich_interface(iface, rec)


def _interfaces_detail(facts: Facts, recs: Records, raw: str) -> None:
    """``show interfaces``: status, line protocol, description and error counters."""
    known = {interface_key(i["name"]): i for i in facts["interfaces"]}
    for rec in recs:
        if not rec.get("interface"):
            continue
        iface = _interface(facts, interface_name(str(rec["interface"])), known)
        iface["status"] = status_text(rec.get("status")) or iface["status"]
        # ntc-templates keeps the port status in the protocol word: "up (connected)".
        protocol = str(rec.get("protocol_status") or "").split(" (")[0]
        iface["protocol"] = status_text(protocol) or iface["protocol"]
        iface["description"] = status_text(rec.get("description")) or iface["description"]
        for ours, theirs in (("in_errors", "input_errors"), ("out_errors", "output_errors")):
            value = as_int(rec.get(theirs))
            if value is not None:
                iface[ours] = value  # type: ignore[literal-required]
        crc = as_int(rec.get("crc"))
        iface["crc"] = crc if crc is not None else iface["crc"]
        enrich_interface(iface, rec)


NORMALISERS: dict[str, Normaliser] = {
    "version": _version,
    "inventory": _inventory,
    "power": _power,
    "fans": _fans,
    "temperature": _temperature,
    "interfaces": _interfaces_status,
    "interface_errors": _interfaces_detail,
}
