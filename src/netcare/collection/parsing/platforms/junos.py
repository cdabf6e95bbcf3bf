"""Junos facts normalisers that differ from the generic ones.

Junos says several things its own way:

* ``show chassis hardware`` is a tree (FPC → PIC → Xcvr): the chassis row carries the
  chassis serial, and a module's slot is its path in the tree (``FPC 0 / PIC 0 /
  Xcvr 4``) because ``Xcvr 0`` repeats under every PIC. Its model is the Description
  column (``SFP+-10G-SR``, ``JPSU-650W-AC-AFO``); the Juniper part number goes to the
  module description; ``BUILTIN`` is no serial.
* ``show chassis environment`` lists power modules, fans and temperature sensors in one
  table; a power module may only appear as a temperature row (``PSM 4  Check``).
* ``show chassis routing-engine`` gives CPU as shares with ``Idle``: CPU in use is
  100 − idle of the master engine, and it also states memory utilisation and uptime.
* ``show system uptime`` gives boot and current time, not a duration.
* ``show log messages`` is plain syslog without a severity unless the device logs with
  ``explicit-priority`` (``%DAEMON-3-…``).
* ``show ntp associations`` has no "synchronised" line: the clock follows the peer
  marked ``*``, and the device's stratum is that peer's plus one.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from netcare.collection.parsing.facts import Component, Facts, Module, Temperature, uptime_seconds
from netcare.collection.parsing.platforms import Normaliser, ntp_from_peers

__all__ = ["NORMALISERS"]

Records = list[dict[str, Any]]


def _text(rec: dict[str, Any], key: str) -> str:
    value = rec.get(key)
    if isinstance(value, list):
        value = " ".join(value)
    return str(value or "").strip()


def _real(value: str) -> str | None:
    """A part or serial number, or None where Junos prints ``BUILTIN`` or nothing."""
    return value if value and value.upper() != "BUILTIN" else None


def _inventory(facts: Facts, recs: Records, raw: str) -> None:
    tree: list[tuple[int, str]] = []
    for rec in recs:
        item = _text(rec, "item")
        indent = len(str(rec.get("indent") or ""))
        if item == "Chassis":
            # The chassis serial is the device's serial; show version rarely has one.
            facts["serial"] = _real(_text(rec, "serial")) or facts["serial"]
            facts["model"] = facts["model"] or _text(rec, "description") or None
            continue
        while tree and tree[-1][0] >= indent:
            tree.pop()
        tree.append((indent, item))
        part, serial, model = _text(rec, "part"), _text(rec, "serial"), _text(rec, "description")
        if not (part or serial or model):
            continue  # "Pseudo CB 0": a placeholder with nothing to inventory
        facts["modules"].append(
            Module(
                slot=" / ".join(name for _, name in tree),
                model=model or None,
                serial=_real(serial),
                description=_real(part),
            )
        )


_POWER_ITEM = re.compile(r"^(?:PEM|PSM|PSU|Power Supply)\s*\d+$", re.IGNORECASE)
_CELSIUS = re.compile(r"(-?\d+(?:\.\d+)?)\s*degrees C")


def _environment(facts: Facts, recs: Records, raw: str) -> None:
    psus: dict[str, Component] = {}
    for rec in recs:
        cls, item = _text(rec, "class").lower(), _text(rec, "item")
        status, measurement = _text(rec, "status") or None, _text(rec, "measurement")
        if cls == "power" or _POWER_ITEM.match(item):
            # The Power row says more than the same module's temperature row.
            if item not in psus or cls == "power":
                psus[item] = Component(name=item, status=status)
        elif cls == "fans":
            facts["fans"].append(Component(name=item, status=status))
        celsius = _CELSIUS.search(measurement)
        if celsius:
            facts["temperatures"].append(
                Temperature(sensor=item, celsius=float(celsius.group(1)), status=status)
            )
        elif cls == "temp" and status != "OK" and item not in psus:
            # A sensor without a reading matters only when its status says why
            # ("FPC 0 Intake  Testing"); a silent OK row (PDM) is no sensor reading.
            facts["temperatures"].append(Temperature(sensor=item, celsius=None, status=status))
    facts["psus"].extend(psus.values())


_RE_SLOT = re.compile(r"^\s*Slot\s+(\d+):", re.M)
_RE_FIELD = re.compile(r"^\s*(Current state|Memory utilization|Uptime)\s+(.+?)\s*$", re.M)
_RE_IDLE = re.compile(
    r"^\s*(?:(5 sec|1 min|5 min|15 min) )?CPU utilization:(?:(?!CPU utilization:).)*?"
    r"^\s*Idle\s+(\d+) percent",
    re.M | re.S,
)
# The steadiest reading the output offers: a 5-minute average before a 5-second sample.
_CPU_PREFERENCE = ("5 min", "1 min", "", "15 min", "5 sec")


def _master_engine(raw: str) -> str:
    """The text of the master routing engine's slot (the only one on a single-RE box)."""
    starts = [m.start() for m in _RE_SLOT.finditer(raw)] or [0]
    slots = [raw[a:b] for a, b in zip(starts, [*starts[1:], len(raw)], strict=True)]
    for slot in slots:
        state = dict(_RE_FIELD.findall(slot)).get("Current state", "")
        if state.lower().startswith("master"):
            return slot
    return slots[0]


def _cpu(facts: Facts, recs: Records, raw: str) -> None:
    engine = _master_engine(raw)
    idle = {(window or ""): int(value) for window, value in _RE_IDLE.findall(engine)}
    for window in _CPU_PREFERENCE:
        if window in idle:
            facts["cpu_percent"] = float(100 - idle[window])
            break
    fields = dict(_RE_FIELD.findall(engine))
    memory = re.match(r"(\d+(?:\.\d+)?) percent", fields.get("Memory utilization", ""))
    if memory and facts["memory_percent"] is None:
        facts["memory_percent"] = float(memory.group(1))
    if facts["uptime_seconds"] is None:
        facts["uptime_seconds"] = uptime_seconds(fields.get("Uptime"))


_MEMORY = re.compile(r"^\s*(Total|Free) memory:\s*(\d+)\s*Kbytes", re.M | re.I)


def _memory(facts: Facts, recs: Records, raw: str) -> None:
    """``show system memory``: used share = (total − free) / total, first member only."""
    sizes: dict[str, int] = {}
    for name, kbytes in _MEMORY.findall(raw):
        sizes.setdefault(name.lower(), int(kbytes))
    total, free = sizes.get("total"), sizes.get("free")
    if total and free is not None:
        facts["memory_percent"] = round(100.0 * (total - free) / total, 2)


def _clock(facts: Facts, recs: Records, raw: str) -> None:
    """Uptime = current time − boot time, both as ``show system uptime`` prints them."""
    if not recs:
        return
    rec = recs[0]

    def stamp(prefix: str) -> datetime | None:
        parts = [_text(rec, f"{prefix}{f}") for f in ("year", "month", "day", "time")]
        try:
            return datetime.strptime(" ".join(parts), "%Y %m %d %H:%M:%S")
        except ValueError:
            return None

    now, booted = stamp(""), stamp("boot_")
    if now and booted and now >= booted:
        facts["uptime_seconds"] = int((now - booted).total_seconds())


_SYSLOG = re.compile(
    r"^\s*(?P<time>[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s+(?P<host>\S+)\s+"
    r"(?P<text>\S.*?)\s*$"
)
_PRIORITY = re.compile(r"%[A-Z0-9_]+-(\d)-")


def _logs(facts: Facts, recs: Records, raw: str) -> None:
    for line in raw.splitlines():
        m = _SYSLOG.match(line)
        if not m:
            continue
        text = m.group("text")
        priority = _PRIORITY.search(text)
        facts["log_events"].append(
            {
                "time": " ".join(m.group("time").split()),
                "severity": int(priority.group(1)) if priority else None,
                "text": text,
            }
        )


def _ntp(facts: Facts, recs: Records, raw: str) -> None:
    if not recs:
        return
    peer = next((rec for rec in recs if _text(rec, "tally") == "*"), None)
    ntp_from_peers(facts, peer, "remote", "stratum")


NORMALISERS: dict[str, Normaliser] = {
    "inventory": _inventory,
    "environment": _environment,
    "cpu": _cpu,
    "memory": _memory,
    "clock": _clock,
    "logs": _logs,
    "ntp": _ntp,
}
