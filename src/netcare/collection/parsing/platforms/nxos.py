"""NX-OS facts normalisers that differ from the generic ones.

NX-OS says several things its own way:

* ``show interface brief`` abbreviates names (``Eth1/1``, ``Po10``, ``Lo0``) that
  ``show interface`` spells out (``Ethernet1/1``, ``port-channel10``, ``loopback0``);
  both must land on one interface record, and ``show interface`` adds the reason to the
  state (``down (Link not connected)``).
* ``show environment`` mixes PSU, fan and temperature tables in one listing, which
  ntc-templates returns as one record list with different fields filled per table.
* ``show module`` prints serial numbers in a table of their own, after the models.
* ``show system resources`` gives memory in kB and the CPU as user/kernel/idle shares.
* ``show ntp peer-status`` has no "clock is synchronized" line: the clock follows the
  peer marked ``*``, and the device's stratum is that peer's plus one.
"""

from __future__ import annotations

import re
from typing import Any

from netcare.collection.parsing.facts import (
    Component,
    Facts,
    Module,
    Temperature,
    _interfaces,
    _inventory,
)
from netcare.collection.parsing.platforms import Normaliser, ntp_from_peers
from netcare.collection.parsing.values import as_float, first, status_text

__all__ = ["NORMALISERS", "interface_name"]

Records = list[dict[str, Any]]

# Short forms of ``show interface brief`` → the names ``show interface`` and the
# configuration use. Names already long (``mgmt0``, ``Vlan20``, ``nve1``) pass through.
_SHORT_NAMES = {
    "eth": "Ethernet",
    "po": "port-channel",
    "lo": "loopback",
}
_NAME_RX = re.compile(r"^([A-Za-z]+)(\d.*)$")
# "Mod  MAC-Address(es)  Serial-Num" table rows: module number, MAC range, serial
_MODULE_SERIAL_RX = re.compile(r"^(\d+)\s+\S+(?:\s+to\s+\S+)?\s+([A-Z0-9]{6,})\s*$", re.M)
_SERIAL_HEADER_RX = re.compile(r"^Mod\s+MAC-Address\(es\)\s+Serial-Num\s*$", re.M)


def interface_name(name: str) -> str:
    """``Eth1/1`` → ``Ethernet1/1``, ``Po10`` → ``port-channel10``; others unchanged."""
    name = name.strip()
    m = _NAME_RX.match(name)
    if m and m.group(1).lower() in _SHORT_NAMES:
        return _SHORT_NAMES[m.group(1).lower()] + m.group(2)
    return name


def _interfaces_nxos(facts: Facts, recs: Records, raw: str) -> None:
    """Brief and full listings on one record per interface, state without its reason."""
    renamed = []
    for rec in recs:
        rec = dict(rec)
        rec["interface"] = interface_name(str(rec.get("interface") or ""))
        # "down (VLAN/BD is down)": the word before the reason is the state
        link, _, reason = str(rec.get("link_status") or "").partition(" (")
        if link.strip():
            rec["link_status"] = link.strip()
        if reason.strip(" )") and not rec.get("reason"):
            rec["reason"] = reason.strip(" )")  # read by the normalised state
        # ntc fills admin_state from "line protocol is down" on SVIs: not an admin
        # state; "down (Administratively down)" says it where it is one.
        rec.pop("admin_state", None)
        if rec.get("description") == "--":  # the brief listing's "no description"
            rec["description"] = ""
        renamed.append(rec)
    _interfaces(facts, renamed, raw)


def _inventory_nxos(facts: Facts, recs: Records, raw: str) -> None:
    """``show inventory`` as on IOS, but fans and PSUs without a serial say ``SN: N/A``."""
    _inventory(facts, recs, raw)
    for module in facts["modules"]:
        if module["serial"] == "N/A":
            module["serial"] = None


def _environment(facts: Facts, recs: Records, raw: str) -> None:
    """PSUs and fans from ``show environment``; temperatures only when no
    ``show environment temperature`` output gave them (that one is the fuller list)."""
    temperatures: list[Temperature] = []
    for rec in recs:
        if rec.get("power_supply"):
            facts["psus"].append(
                Component(
                    name=f"Power Supply {rec['power_supply']}",
                    status=status_text(rec.get("power_supply_status")),
                )
            )
        elif rec.get("fan"):
            facts["fans"].append(
                Component(name=str(rec["fan"]), status=status_text(rec.get("fan_status")))
            )
        elif rec.get("temperature_sensor"):
            temperatures.append(
                _temperature_of(
                    rec.get("temperature_module"),
                    rec.get("temperature_sensor"),
                    rec.get("temperature_current"),
                    rec.get("temperature_status"),
                )
            )
    if not facts["temperatures"]:
        facts["temperatures"] = temperatures


def _temperature_of(module: Any, sensor: Any, celsius: Any, status: Any) -> Temperature:
    name = " ".join(str(sensor or "").split())
    where = f"Module {module} {name}" if module else name
    return Temperature(
        sensor=where or "chassis", celsius=as_float(celsius), status=status_text(status)
    )


def _temperature(facts: Facts, recs: Records, raw: str) -> None:
    """``show environment temperature`` is the sensor list; it replaces the summary."""
    facts["temperatures"] = [
        _temperature_of(
            rec.get("module"), rec.get("sensor"), rec.get("current_value"), rec.get("status")
        )
        for rec in recs
        if rec.get("sensor")
    ]


def _module_serials(raw: str) -> dict[str, str]:
    """Module number → serial from the ``Serial-Num`` table of ``show module``."""
    header = _SERIAL_HEADER_RX.search(raw)
    if header is None:
        return {}
    table = raw[header.end() :].split("\n\n", 1)[0]
    return {m.group(1): m.group(2) for m in _MODULE_SERIAL_RX.finditer(table)}


def _modules(facts: Facts, recs: Records, raw: str) -> None:
    """Line cards and supervisors as ``Slot <n>``, the name ``show inventory`` gives
    them, so both outputs fill one module record (inventory values are kept)."""
    serials = _module_serials(raw)
    known = {m["slot"]: m for m in facts["modules"]}
    for rec in recs:
        number = str(rec.get("module") or "")
        if not number:
            continue
        found = Module(
            slot=f"Slot {number}",
            model=str(rec.get("model") or "") or None,
            serial=serials.get(number),
            description=str(rec.get("type") or "") or None,
        )
        mine = known.get(found["slot"])
        if mine is None:
            facts["modules"].append(found)
            known[found["slot"]] = found
            continue
        for field in ("model", "serial", "description"):
            if mine[field] is None:
                mine[field] = found[field]


def _memory(facts: Facts, recs: Records, raw: str) -> None:
    """Used share of memory; the CPU figure too when ``show processes cpu`` gave none."""
    total, used = as_float(first(recs, "memory_total")), as_float(first(recs, "memory_used"))
    if total and used is not None:
        facts["memory_percent"] = round(100.0 * used / total, 2)
    idle = as_float(first(recs, "cpu_idle"))
    if facts["cpu_percent"] is None and idle is not None:
        facts["cpu_percent"] = round(100.0 - idle, 2)


def _ntp(facts: Facts, recs: Records, raw: str) -> None:
    """Synchronised when a peer carries ``*``; stratum = that peer's stratum + 1."""
    chosen = next((rec for rec in recs if rec.get("mode") == "*"), None)
    # No peer listed and no "Total peers : 0" line: the output says nothing.
    if chosen is not None or recs or re.search(r"^\s*Total peers\s*:", raw, re.M):
        ntp_from_peers(facts, chosen, "remote", "stratum")


NORMALISERS: dict[str, Normaliser] = {
    "inventory": _inventory_nxos,
    "interfaces": _interfaces_nxos,
    "interface_errors": _interfaces_nxos,
    "environment": _environment,
    "temperature": _temperature,
    "modules": _modules,
    "memory": _memory,
    "ntp": _ntp,
}
