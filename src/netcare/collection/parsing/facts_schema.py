"""Schema check for the facts record (a dict, e.g. read back from JSON or an API).

Explicit checks instead of a JSON-Schema dependency: the rules are few and the error
messages name the field the way inspection authors know it.
"""

from __future__ import annotations

from typing import Any

from netcare.collection.parsing import features as features_mod

__all__ = ["validate_facts"]

_PLATFORMS = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)
#: Values inspection rules compare ``item['state']`` and ``item['duplex']`` with.
INTERFACE_STATES = ("up", "down", "admin_down", "err_disabled", "not_present")
DUPLEX_VALUES = ("full", "half", "auto")
_SEVERITY_NAMES = ("emergency", "alert", "critical", "error", "warning", "notice", "info", "debug")


_SCALARS: dict[str, tuple[type, ...]] = {
    "hostname": (str,),
    "vendor": (str,),
    "platform": (str,),
    "os_family": (str,),
    "os_major": (int,),
    "model": (str,),
    "serial": (str,),
    "os_version": (str,),
    "uptime_seconds": (int,),
    "cpu_percent": (int, float),
    "memory_percent": (int, float),
    "config_text": (str,),
}
_LISTS: dict[str, dict[str, tuple[type, ...]]] = {
    "psus": {"name": (str,), "status": (str, type(None))},
    "fans": {"name": (str,), "status": (str, type(None))},
    "temperatures": {
        "sensor": (str,),
        "celsius": (int, float, type(None)),
        "status": (str, type(None)),
    },
    "modules": {k: (str, type(None)) for k in ("slot", "model", "serial", "description")},
    "interfaces": {
        "name": (str,),
        "status": (str, type(None)),
        "protocol": (str, type(None)),
        "description": (str, type(None)),
        "in_errors": (int, type(None)),
        "out_errors": (int, type(None)),
        "crc": (int, type(None)),
        "state": (str, type(None)),
        "raw_status": (str, type(None)),
        "speed": (str, type(None)),
        "duplex": (str, type(None)),
        "bandwidth_kbps": (int, type(None)),
        "mtu": (int, type(None)),
        "mac": (str, type(None)),
        "vlans": (str, type(None)),
    },
    "log_events": {"time": (str, type(None)), "severity": (int, str, type(None)), "text": (str,)},
}


def validate_facts(data: dict[str, Any]) -> list[str]:
    """Errors in a facts dict (e.g. read back from JSON); an empty list means valid."""
    errors: list[str] = []
    fields = (*_SCALARS, *_LISTS, "ntp", "features", "errors")
    missing = [f for f in fields if f not in data]
    extra = [f for f in data if f not in fields]
    errors += [f"missing field {f}" for f in missing] + [f"unknown field {f}" for f in extra]
    for name, types in _SCALARS.items():
        value = data.get(name)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            errors.append(f"{name}: expected {'/'.join(t.__name__ for t in types)} or null")
    if data.get("platform") not in _PLATFORMS:
        errors.append(f"platform: {data.get('platform')!r} is not a known platform")
    for pct in ("cpu_percent", "memory_percent"):
        value = data.get(pct)
        if isinstance(value, int | float) and not 0 <= value <= 100:
            errors.append(f"{pct}: {value} outside 0..100")
    if isinstance(data.get("uptime_seconds"), int) and data["uptime_seconds"] < 0:
        errors.append("uptime_seconds: negative")
    for name, shape in _LISTS.items():
        items = data.get(name)
        if not isinstance(items, list):
            errors.append(f"{name}: expected a list")
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict) or set(item) != set(shape):
                errors.append(f"{name}[{i}]: expected keys {sorted(shape)}")
                continue
            for key, types in shape.items():
                if not isinstance(item[key], types):
                    errors.append(f"{name}[{i}].{key}: wrong type {type(item[key]).__name__}")
    for i, item in enumerate(data.get("interfaces") or []):
        if not isinstance(item, dict):
            continue
        if item.get("state") is not None and item.get("state") not in INTERFACE_STATES:
            errors.append(f"interfaces[{i}].state: {item.get('state')!r} is not a known state")
        if item.get("duplex") is not None and item.get("duplex") not in DUPLEX_VALUES:
            errors.append(f"interfaces[{i}].duplex: {item.get('duplex')!r} is not full/half/auto")
    for item in data.get("log_events") or []:
        sev = item.get("severity") if isinstance(item, dict) else None
        if isinstance(sev, int) and not 0 <= sev <= 7:
            errors.append(f"log_events: severity {sev} outside 0..7")
        if isinstance(sev, str) and sev not in _SEVERITY_NAMES:
            errors.append(f"log_events: severity {sev!r} is not a syslog name")
    ntp = data.get("ntp")
    if not isinstance(ntp, dict) or set(ntp) != {"synchronized", "server", "stratum"}:
        errors.append("ntp: expected keys synchronized, server, stratum")
    else:
        if ntp["synchronized"] is not None and not isinstance(ntp["synchronized"], bool):
            errors.append("ntp.synchronized: expected bool or null")
        if ntp["stratum"] is not None and not isinstance(ntp["stratum"], int):
            errors.append("ntp.stratum: expected int or null")
        if ntp["server"] is not None and not isinstance(ntp["server"], str):
            errors.append("ntp.server: expected str or null")
    feats = data.get("features")
    if not isinstance(feats, list) or not all(f in features_mod.FEATURE_NAMES for f in feats):
        errors.append("features: expected a list of known feature names")
    errs = data.get("errors")
    if not isinstance(errs, dict) or not all(isinstance(v, str) for v in errs.values()):
        errors.append("errors: expected a mapping of key to message")
    return errors
