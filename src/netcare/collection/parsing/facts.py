"""One vendor-neutral facts record per device, built from its parsed outputs.

Inspection rules, inventory and version matching read only this record, never vendor
fields. Values are copied from what the device said; anything it did not say stays
None or empty — a missing CPU figure must never read as "0 % CPU".

``os_version`` keeps the vendor's own spelling (Comware ``7.1.070, Release 6728P22``,
VRP ``V200R019C10SPC800``, IOS ``15.2(7)E8``, IOS-XE ``17.9.4a``) so the version scheme
of the lifecycle app can parse it; ``os_family``/``os_major`` tell Comware 5 from 7 and
VRP 5 from 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypedDict

from netcare.collection.parsing import features as features_mod
from netcare.collection.parsing import junos_config, platforms, recognise, templates
from netcare.collection.parsing.facts_schema import validate_facts
from netcare.collection.parsing.hygiene import clean_text
from netcare.collection.parsing.values import as_float, as_int, first, status_text

__all__ = ["FACTS_FIELDS", "Facts", "build_facts", "validate_facts"]


class Component(TypedDict):
    name: str
    status: str | None


class Temperature(TypedDict):
    sensor: str
    celsius: float | None
    status: str | None


class Module(TypedDict):
    slot: str | None
    model: str | None
    serial: str | None
    description: str | None


class Interface(TypedDict):
    name: str
    status: str | None
    protocol: str | None
    description: str | None
    in_errors: int | None
    out_errors: int | None
    crc: int | None


class LogEvent(TypedDict):
    time: str | None
    severity: int | str | None
    text: str


class Ntp(TypedDict):
    synchronized: bool | None
    server: str | None
    stratum: int | None


class Facts(TypedDict):
    """The facts schema (JSON-serialisable). See :func:`validate_facts`."""

    hostname: str | None
    vendor: str | None
    platform: str
    os_family: str | None
    os_major: int | None
    model: str | None
    serial: str | None
    os_version: str | None
    uptime_seconds: int | None
    cpu_percent: float | None
    memory_percent: float | None
    psus: list[Component]
    fans: list[Component]
    temperatures: list[Temperature]
    modules: list[Module]
    interfaces: list[Interface]
    log_events: list[LogEvent]
    ntp: Ntp
    config_text: str | None
    features: list[str]
    errors: dict[str, str]


FACTS_FIELDS: tuple[str, ...] = tuple(Facts.__annotations__)

_VENDOR = {
    "hp_comware": "H3C",
    "huawei_vrp": "Huawei",
    "cisco_ios": "Cisco",
    "cisco_xe": "Cisco",
    "cisco_nxos": "Cisco",
    "juniper_junos": "Juniper",
    "arista_eos": "Arista",
}
_FAMILY = {
    "hp_comware": "comware",
    "huawei_vrp": "vrp",
    "cisco_ios": "ios",
    "cisco_xe": "iosxe",
    "cisco_nxos": "nxos",
    "juniper_junos": "junos",
    "arista_eos": "eos",
}
_UNIT_SECONDS = {
    "year": 365 * 86400,
    "week": 7 * 86400,
    "day": 86400,
    "hour": 3600,
    "minute": 60,
    "second": 1,
}
_UPTIME_PART = re.compile(r"(\d+)\s*(year|week|day|hour|minute|second)s?", re.I)
_SYSNAME = {
    "hp_comware": re.compile(r"^\s*sysname\s+(\S+)", re.M),
    "huawei_vrp": re.compile(r"^\s*sysname\s+(\S+)", re.M),
    "cisco_ios": re.compile(r"^hostname\s+(\S+)", re.M),
    "cisco_xe": re.compile(r"^hostname\s+(\S+)", re.M),
    "cisco_nxos": re.compile(r"^(?:switchname|hostname)\s+(\S+)", re.M),
    "arista_eos": re.compile(r"^hostname\s+(\S+)", re.M),
    "juniper_junos": re.compile(r"^set system host-name\s+(\S+)", re.M),
}


def uptime_seconds(text: str | None) -> int | None:
    """``4 weeks, 3 days, 13 hours, 40 minutes`` → seconds; None when nothing parses."""
    if not text:
        return None
    parts = _UPTIME_PART.findall(text)
    if not parts:
        return None
    return sum(int(n) * _UNIT_SECONDS[unit.lower()] for n, unit in parts)


def empty_facts(platform: str) -> Facts:
    """A facts record where nothing is known yet."""
    return Facts(
        hostname=None,
        vendor=_VENDOR.get(platform),
        platform=platform,
        os_family=_FAMILY.get(platform),
        os_major=None,
        model=None,
        serial=None,
        os_version=None,
        uptime_seconds=None,
        cpu_percent=None,
        memory_percent=None,
        psus=[],
        fans=[],
        temperatures=[],
        modules=[],
        interfaces=[],
        log_events=[],
        ntp=Ntp(synchronized=None, server=None, stratum=None),
        config_text=None,
        features=[],
        errors={},
    )


# --- per key normalisers: (facts, records, raw text) -> None -------------------------


def _version(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    platform = facts["platform"]
    facts["os_major"] = recognise.os_major(platform, raw)
    if platform == "hp_comware":
        version, release = first(recs, "version"), first(recs, "release")
        facts["os_version"] = f"{version}, {release}" if version and release else version
        facts["model"] = first(recs, "model")
        facts["uptime_seconds"] = uptime_seconds(first(recs, "uptime"))
        vendor = first(recs, "vendor")
        facts["vendor"] = {"HP": "HPE"}.get(vendor or "", vendor) or facts["vendor"]
    elif platform == "huawei_vrp":
        product = first(recs, "product_version") or ""
        m = re.search(r"V\d{3}R\d{3}C\w+", product)
        facts["os_version"] = m.group(0) if m else (product or None)
        facts["model"] = first(recs, "model")
        facts["uptime_seconds"] = uptime_seconds(first(recs, "uptime"))
        if facts["os_major"] is None and first(recs, "vrp_version"):
            facts["os_major"] = as_int((first(recs, "vrp_version") or "").split(".")[0])
    else:
        # ntc names the version field per platform: IOS version, NX-OS os, Junos
        # junos_version, EOS image.
        facts["os_version"] = (
            first(recs, "version")
            or first(recs, "os")
            or first(recs, "junos_version")
            or first(recs, "image")
        )
        if platform == "cisco_xe":
            # The IOS line says 16.12.4, the XE line 16.12.04 / 17.9.4a: XE is the product.
            m = re.search(r"Cisco IOS[ -]XE Software,\s+Version\s+(\S+)", raw)
            facts["os_version"] = m.group(1) if m else facts["os_version"]
        facts["model"] = first(recs, "hardware") or first(recs, "model") or first(recs, "platform")
        facts["serial"] = first(recs, "serial") or first(recs, "serial_number")
        facts["hostname"] = facts["hostname"] or first(recs, "hostname")
        facts["uptime_seconds"] = uptime_seconds(first(recs, "uptime"))
    if facts["os_version"]:
        major = re.match(r"\d+", facts["os_version"].lstrip("V"))
        if facts["os_major"] is None and major and platform not in ("huawei_vrp",):
            facts["os_major"] = int(major.group(0))


def _inventory(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    platform = facts["platform"]
    modules: list[Module] = []
    if platform == "hp_comware":
        for rec in recs:
            slot = f"{rec.get('slot_type') or ''} {rec.get('slot_id') or ''}".strip() or None
            modules.append(
                Module(
                    slot=slot,
                    model=str(rec.get("device_name") or "") or None,
                    serial=str(rec.get("device_serial_number") or "") or None,
                    description=None,
                )
            )
        chassis = next((m for m in modules if m["slot"] and m["slot"].startswith("Slot")), None)
        if chassis and facts["serial"] is None:
            facts["serial"] = chassis["serial"]
    elif platform == "huawei_vrp":
        if facts["serial"] is None:
            facts["serial"] = first(recs, "esn")
        return
    else:
        for rec in recs:
            if not any(str(rec.get(f) or "").strip() for f in ("name", "pid", "sn", "serial")):
                continue
            modules.append(
                Module(
                    slot=str(rec.get("name") or "") or None,
                    model=str(rec.get("pid") or "").strip() or None,
                    serial=str(rec.get("sn") or rec.get("serial") or "").strip() or None,
                    description=str(rec.get("descr") or "") or None,
                )
            )
        if modules and facts["serial"] is None:
            facts["serial"] = modules[0]["serial"]
        if modules and facts["model"] is None:
            facts["model"] = modules[0]["model"]
    facts["modules"] = modules


def _modules(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    """VRP ``display device``: boards, and the PWR*/FAN* rows that are PSUs and fans;
    IOS-XE ``show platform``: one row per stack member (``index``) with model and serial."""
    for rec in recs:
        if rec.get("index") and rec.get("model"):
            member = _member(facts, str(rec["index"]))
            member["model"] = str(rec["model"])
            member["serial"] = str(rec.get("serial") or "") or member["serial"]
            continue
        slot = str(rec.get("slot") or "")
        status = str(rec.get("alarm_status") or rec.get("online_status") or "") or None
        model = str(rec.get("pid") or rec.get("type") or "") or None
        if slot.upper().startswith(("PWR", "POWER")):
            facts["psus"].append(Component(name=slot, status=status))
        elif slot.upper().startswith("FAN"):
            facts["fans"].append(Component(name=slot, status=status))
        elif not any(m["slot"] == slot for m in facts["modules"]):
            facts["modules"].append(Module(slot=slot, model=model, serial=None, description=None))


def _cpu(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    for field in (
        "cpu_usage_5_min",
        "cpu_5_min",
        "cpu_usage",
        "cpu_1_min",
        "global_cpu_percent_idle",
    ):
        parsed = [as_float(rec.get(field)) for rec in recs if rec.get(field)]
        values = [v for v in parsed if v is not None]
        if values:
            facts["cpu_percent"] = (
                round(100.0 - max(values), 2) if field.endswith("idle") else max(values)
            )
            return


def _memory(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    usage = as_float(first(recs, "memory_usage"))
    if usage is None:
        # Comware 7 says per slot (IRF member) how much is free; the fullest slot counts.
        free = [v for v in (as_float(rec.get("free_ratio")) for rec in recs) if v is not None]
        usage = round(100.0 - min(free), 2) if free else None
    if usage is not None:
        facts["memory_percent"] = usage
        return
    total, used = as_float(first(recs, "memory_total")), as_float(first(recs, "memory_used"))
    if total and used is not None:
        facts["memory_percent"] = round(100.0 * used / total, 2)


# Comware "display interface brief" abbreviates names; "display interface" spells them
# out. Both must land on one interface record.
_COMWARE_ABBREV = {
    "GE": "GigabitEthernet",
    "XGE": "Ten-GigabitEthernet",
    "FGE": "FortyGigE",
    "HGE": "HundredGigE",
    "WGE": "Twenty-FiveGigE",
    "FE": "FastEthernet",
    "MGE": "M-GigabitEthernet",
    "BAGG": "Bridge-Aggregation",
    "RAGG": "Route-Aggregation",
    "InLoop": "InLoopBack",
    "Loop": "LoopBack",
    "Vlan": "Vlan-interface",
    "REG": "Register-Tunnel",
    "Tun": "Tunnel",
}
_ABBREV_RX = re.compile(r"^([A-Za-z]+)(\d.*)$")


def interface_name(platform: str, name: str) -> str:
    """The full interface name: Comware abbreviations expanded, VRP ``(10G)`` dropped."""
    name = name.strip()
    if platform == "huawei_vrp":
        return re.sub(r"\(\d+G\)$", "", name)
    if platform == "hp_comware":
        m = _ABBREV_RX.match(name)
        if m and m.group(1) in _COMWARE_ABBREV:
            return _COMWARE_ABBREV[m.group(1)] + m.group(2)
    return name


def add_interface(facts: Facts, name: str) -> Interface:
    """Append an interface record where nothing is known yet but its name."""
    iface = Interface(
        name=name,
        status=None,
        protocol=None,
        description=None,
        in_errors=None,
        out_errors=None,
        crc=None,
    )
    facts["interfaces"].append(iface)
    return iface


def _interfaces(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    known = {i["name"]: i for i in facts["interfaces"]}
    for rec in recs:
        name = interface_name(facts["platform"], str(rec.get("interface") or rec.get("port") or ""))
        if not name:
            continue
        iface = known.get(name) or known.setdefault(name, add_interface(facts, name))
        status = rec.get("link_status") or rec.get("line_status") or rec.get("status")
        status = status or rec.get("link") or rec.get("phy")
        iface["status"] = status_text(status) or iface["status"]
        proto = rec.get("protocol_status") or rec.get("protocol") or rec.get("proto")
        iface["protocol"] = status_text(proto) or iface["protocol"]
        iface["description"] = status_text(rec.get("description")) or iface["description"]
        for ours, theirs in (
            ("in_errors", ("input_errors", "inerrors")),
            ("out_errors", ("output_errors", "outerrors")),
            ("crc", ("crc",)),
        ):
            for field in theirs:
                value = as_int(rec.get(field))
                if value is not None:
                    iface[ours] = value  # type: ignore[literal-required]
                    break


_UNTAGGED_LOG = re.compile(
    r"^\*?((?:[A-Z][a-z]{2}\s+\d{1,2}\s+)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+[A-Z]{3,4})?):\s+(.*)$",
    re.S,
)


def _logs(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    for rec in recs:
        message = rec.get("message")
        text = " ".join(message) if isinstance(message, list) else str(message or "")
        mnemonic = rec.get("mnemonic") or ""
        facility = rec.get("facility") or ""
        if mnemonic:
            text = f"{facility}/{mnemonic}: {text}" if facility else f"{mnemonic}: {text}"
        time = rec.get("timestamp") or " ".join(
            " ".join(str(rec.get(f) or "") for f in ("month", "day", "time", "timezone")).split()
        )
        text = text.strip()
        if not time:
            # A line IOS logs without a %FAC-SEV-MNEMONIC tag ("Jun  5 05:11:04.626 EST:
            # Rollback:Acquired Configuration lock.") still carries its time up front.
            m = _UNTAGGED_LOG.match(text)
            if m:
                time, text = " ".join(m.group(1).split()), m.group(2)
        severity = as_int(rec.get("severity"))
        facts["log_events"].append(LogEvent(time=str(time) or None, severity=severity, text=text))


# Reference IDs of a clock that follows no server (0.0.0.0 is an ID here, not a bind).
# An IOS "ntp master" follows its own ".LOCL." clock: no server either.
_NO_REFERENCE = frozenset(
    {"none", "local", "init", ".locl.", ".init.", "0.0.0.0", "127.127.1.0"}  # noqa: S104
)


def _ntp(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    status = (first(recs, "clock_status") or "").lower()
    if status:
        facts["ntp"]["synchronized"] = status.startswith("synchron")
    stratum = first(recs, "clock_stratum") or first(recs, "stratum")
    facts["ntp"]["stratum"] = as_int(stratum)
    server = first(recs, "system_peer") or first(recs, "reference_clock_id")
    server = server or first(recs, "reference")
    server = re.sub(r"\(.*\)$", "", server or "").strip()
    # An unsynchronised clock names its reference "none" / "LOCAL(0)" / "INIT": no server.
    if server and server.lower() not in _NO_REFERENCE:
        facts["ntp"]["server"] = server


def _temperature(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    for rec in recs:
        if rec.get("inlet_temperature_value") or rec.get("hotspot_temperature_value"):
            _stack_temperatures(facts, rec)
            continue
        sensor = " ".join(
            str(rec.get(f) or "") for f in ("slotid", "pcb", "switch", "sensor") if rec.get(f)
        )
        value = rec.get("temperature") or rec.get("inlet_temperature_value")
        status = rec.get("status") or rec.get("inlet_temperature_state")
        facts["temperatures"].append(
            Temperature(
                sensor=sensor or "chassis", celsius=as_float(value), status=status_text(status)
            )
        )


def _stack_temperatures(facts: Facts, rec: templates.Record) -> None:
    """Catalyst 3850/9k (IOS-XE) ``show environment temperature``: per stack member an
    inlet and a hotspot sensor, each with its own value and GREEN/YELLOW/RED state."""
    member = f"Switch {rec.get('switch')} " if rec.get("switch") else ""
    for place in ("inlet", "hotspot"):
        value = as_float(rec.get(f"{place}_temperature_value"))
        state = status_text(rec.get(f"{place}_temperature_state"))
        if value is not None or state is not None:
            facts["temperatures"].append(
                Temperature(sensor=f"{member}{place.title()}", celsius=value, status=state)
            )


def _component_name(kind: str, name: str, rec: templates.Record) -> str:
    """``Slot 2 Power 1``: Comware numbers PSUs and fans per slot (IRF member), so a bare
    number is named by its kind and slot; a name like ``PS1`` or ``FAN1`` stays as is."""
    name = f"{kind} {name}" if name.isdigit() else name
    slot = str(rec.get("slot") or "")
    return f"Slot {slot} {name}" if slot else name


def _power(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    for rec in recs:
        name = str(rec.get("ps_module") or rec.get("ps") or rec.get("module") or "")
        if name:
            name = _component_name("Power", name, rec)
            status = status_text(rec.get("status"))
            # IOS stacks list an empty PSU bay as "1B  Not Present" (ntc: in the pid).
            if status is None and str(rec.get("pid") or "").strip() == "Not Present":
                status = "Not Present"
            facts["psus"].append(Component(name=name, status=status))


def _fans(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    for rec in recs:
        name = str(rec.get("fan_name") or rec.get("fan") or rec.get("name") or "")
        if name:
            name = _component_name("Fan", name, rec)
            facts["fans"].append(Component(name=name, status=status_text(rec.get("status"))))


def _member(facts: Facts, number: str) -> Module:
    """The module record of stack member ``number`` ("Switch 2"), added when new."""
    slot = f"Switch {number}"
    for module in facts["modules"]:
        if module["slot"] == slot:
            return module
    module = Module(slot=slot, model=None, serial=None, description=None)
    facts["modules"].append(module)
    return module


def _stack(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    """IOS/IOS-XE ``show switch [detail]``: each stack member becomes a module whose
    description is its role and state as printed ("Master Ready", "Standby Ready"), so
    a member that is not Ready shows up; model and serial come from ``show platform``."""
    for rec in recs:
        if not rec.get("switch"):
            continue
        member = _member(facts, str(rec["switch"]))
        role_state = " ".join(str(rec.get(f) or "") for f in ("role", "state")).split()
        member["description"] = " ".join(role_state) or member["description"]


_NORMALISERS: dict[str, Callable[[Facts, list[templates.Record], str], None]] = {
    "version": _version,
    "inventory": _inventory,
    "modules": _modules,
    "cpu": _cpu,
    "memory": _memory,
    "interfaces": _interfaces,
    "interface_errors": _interfaces,
    "logs": _logs,
    "ntp": _ntp,
    "temperature": _temperature,
    "power": _power,
    "fans": _fans,
    "stack": _stack,
}
_HOSTNAME_HEAD = 65536
# version first: it sets os_major and the model that inventory may refine.
_ORDER = ("version", "inventory", "modules", "interfaces", "interface_errors")


def build_facts(platform: str, outputs: dict[str, str]) -> Facts:
    """Normalise one device's outputs (keyed by command key) into a :class:`Facts`.

    A key whose output is an error answer, or that no template parses, is recorded in
    ``facts["errors"]`` and contributes nothing; the rest still fill the record.
    """
    facts = empty_facts(platform)
    cleaned = {key: clean_text(text) for key, text in outputs.items()}
    order = [k for k in _ORDER if k in cleaned] + [k for k in cleaned if k not in _ORDER]
    for key in order:
        text = cleaned[key]
        if key == "running_config":
            error = templates.detect_error(text)
            if error:
                facts["errors"][key] = error
                continue
            facts["config_text"] = text
            facts["features"] = features_mod.detect_features(platform, text)
            named = junos_config.set_form(text) if platform == "juniper_junos" else text
            m = _SYSNAME[platform].search(named) if platform in _SYSNAME else None
            if m:
                facts["hostname"] = m.group(1)
            continue
        own = platforms.normaliser_for(platform, key)
        normaliser = own or _NORMALISERS.get(key)
        if normaliser is None:
            continue
        try:
            outcome = templates.parse_outcome(platform, key, text, cleaned=True)
        except templates.TemplateNotFound:
            if own is None:
                facts["errors"][key] = "no template"
                continue
            # A platform normaliser may read an output no template covers (a
            # key-value listing); it gets the raw text and no records.
            outcome = templates.ParseOutcome([], templates.detect_error(text), None)
        if outcome.error is not None:
            facts["errors"][key] = outcome.error
            continue
        normaliser(facts, outcome.records, text)
    if facts["hostname"] is None:
        for text in cleaned.values():
            # Prompts show at the top; a whole 1 MB dump is not worth the regexes. A
            # clean text stays clean when whole; a cut one is cleaned again.
            head = text[:_HOSTNAME_HEAD]
            found = recognise.hostname(head, cleaned=len(text) <= _HOSTNAME_HEAD)
            if found:
                facts["hostname"] = found
                break
    return facts
