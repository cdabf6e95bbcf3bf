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

import functools
import re
from collections.abc import Callable
from typing import TypedDict

from netutils.interface import canonical_interface_name

from netcare.collection.parsing import features as features_mod
from netcare.collection.parsing import junos_config, platforms, recognise, templates
from netcare.collection.parsing.facts_schema import DUPLEX_VALUES, INTERFACE_STATES, validate_facts
from netcare.collection.parsing.hygiene import clean_text
from netcare.collection.parsing.values import as_float, as_int, first, status_text

__all__ = [
    "DUPLEX_VALUES",
    "FACTS_FIELDS",
    "INTERFACE_STATES",
    "Facts",
    "build_facts",
    "interface_key",
    "interface_state",
    "validate_facts",
]


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
    """One interface. ``status``/``protocol`` are the vendor's words; ``state`` is the
    same on every platform (see :data:`INTERFACE_STATES`), ``raw_status`` what it was
    read from; ``speed`` as printed, ``duplex`` one of full/half/auto."""

    name: str
    status: str | None
    protocol: str | None
    description: str | None
    in_errors: int | None
    out_errors: int | None
    crc: int | None
    state: str | None
    raw_status: str | None
    speed: str | None
    duplex: str | None
    bandwidth_kbps: int | None
    mtu: int | None
    mac: str | None
    vlans: str | None


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
        card = _text(rec.get("card")) or ""
        online = _text(rec.get("online_status"))
        # A board that is not "Present" (Offline, Absent) says so; else its alarm state.
        offline = online if online and online.lower() != "present" else None
        status = offline or _text(rec.get("alarm_status")) or online
        # "*CE6850-48S4Q-EI": the star marks a configured board not active
        model = str(rec.get("pid") or rec.get("type") or "").lstrip("*") or None
        # CE switches list a member's fans and PSUs in the Card column ("1  FAN1"), and
        # cards of a slot as "1/3"; older VRP puts PWR1/FAN1 in the slot column.
        part = card if card.upper().startswith(("PWR", "POWER", "FAN")) else ""
        name = f"Slot {slot} {part}" if part and slot else (part or slot)
        if card and not part:
            slot = f"{slot}/{card}"
        if name.upper().startswith(("PWR", "POWER")) or part.upper().startswith(("PWR", "POWER")):
            facts["psus"].append(Component(name=name, status=status))
        elif name.upper().startswith("FAN") or part.upper().startswith("FAN"):
            facts["fans"].append(Component(name=name, status=status))
        elif not any(m["slot"] == slot for m in facts["modules"]):
            facts["modules"].append(
                Module(slot=slot, model=model, serial=None, description=offline)
            )


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
    "M-GE": "M-GigabitEthernet",
    "BAGG": "Bridge-Aggregation",
    "RAGG": "Route-Aggregation",
    "InLoop": "InLoopBack",
    "Loop": "LoopBack",
    "Vlan": "Vlan-interface",
    "REG": "Register-Tunnel",
    "Tun": "Tunnel",
}
_ABBREV_RX = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$")


def interface_name(platform: str, name: str) -> str:
    """The full interface name as the vendor spells it in its long listings: Comware
    abbreviations expanded, VRP ``(10G)`` dropped, IOS ``Te0/0/4`` →
    ``TenGigabitEthernet0/0/4`` (netutils' canonical names)."""
    name = name.strip()
    if platform == "huawei_vrp":
        # "(10G)" port speed, "(v)" virtual port, "(l)"/"(s)" markers after the name
        return re.sub(r"\((?:\d+G|[a-z])\)$", "", name)
    if platform == "hp_comware":
        m = _ABBREV_RX.match(name)
        if m and m.group(1) in _COMWARE_ABBREV:
            return _COMWARE_ABBREV[m.group(1)] + m.group(2)
        return name
    if platform in ("cisco_ios", "cisco_xe") and name:
        return canonical_interface_name(name)
    return name


@functools.lru_cache(maxsize=65536)
def interface_key(name: str) -> str:
    """What short and long spellings of one interface share (``te0/0/4`` and
    ``TenGigabitEthernet0/0/4`` → ``tengigabitethernet0/0/4``): the record's identity."""
    return canonical_interface_name(name.strip()).lower() if name.strip() else ""


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
        state=None,
        raw_status=None,
        speed=None,
        duplex=None,
        bandwidth_kbps=None,
        mtu=None,
        mac=None,
        vlans=None,
    )
    facts["interfaces"].append(iface)
    return iface


def find_interface(facts: Facts, name: str, known: dict[str, Interface] | None = None) -> Interface:
    """The record of interface ``name`` under any spelling, added when it is new; a
    longer spelling seen later becomes the record's name. ``known`` (key → record, kept
    up to date here) saves a scan per call when a whole listing is read."""
    key = interface_key(name)
    if known is None:
        known = {interface_key(i["name"]): i for i in facts["interfaces"]}
    iface = known.get(key)
    if iface is None:
        iface = known[key] = add_interface(facts, name)
    elif len(name) > len(iface["name"]):
        iface["name"] = name
    return iface


_ERR_DISABLED = re.compile(r"err[- _]?disabl|errdisable|\(E\)$|error[- ]down", re.I)
_NOT_PRESENT = re.compile(
    r"not ?present|not[- ]inserted|xcvr|absent|no transceiver|deleted|not installed", re.I
)
_ADMIN_DOWN = re.compile(r"admin|^\*\s*down|^adm$|^disabled$|\(disabled\)|^shutdown$", re.I)
_UP = re.compile(r"^\s*\*?(?:up|connected|online)\b", re.I)
_DOWN = re.compile(
    r"^\s*[\^#]?(?:stp\s+down|down|notconnect|not connected|inactive|stby|standby|dormant"
    r"|lowerlayerdown"
    r"|lower layer down|monitoring|sfp|link not)",
    re.I,
)


def interface_state(
    link: str | None,
    protocol: str | None = None,
    admin: str | None = None,
    reason: str | None = None,
) -> str | None:
    """One of :data:`INTERFACE_STATES` from the vendor's words, or None when unknown.

    ``link`` is the link / physical status word (IOS ``administratively down``, Comware
    ``ADM``, VRP ``*down``, EOS ``errdisabled``), ``protocol`` the line protocol (IOS
    ``down (err-disabled)``), ``admin`` an admin state column (Junos, NX-OS),
    ``reason`` a down reason (NX-OS ``XCVR not inserted``). Err-disabled and a missing
    transceiver win over admin-down, which wins over up/down.
    """
    words = [w.strip() for w in (link, protocol, reason) if w and w.strip()]
    if not words and not (admin and admin.strip()):
        return None
    if any(_ERR_DISABLED.search(w) for w in words):
        return "err_disabled"
    if any(_NOT_PRESENT.search(w) for w in words):
        return "not_present"
    admin_words = (admin or "").strip()
    if (
        admin_words.lower() in ("down", "disabled")
        or _ADMIN_DOWN.search(admin_words)
        or any(_ADMIN_DOWN.search(w) for w in words)
    ):
        return "admin_down"
    head = (link or "").strip()
    if _UP.match(head):
        return "down" if protocol and re.match(r"^\s*down\b", protocol, re.I) else "up"
    if _DOWN.match(head):
        return "down"
    if not head and (admin or "").strip().lower() == "up" and protocol:
        return interface_state(protocol)
    return None


def duplex_of(value: object) -> str | None:
    """``Full-duplex`` / ``a-full`` / ``F(a)`` → full; ``H`` → half; ``auto`` → auto."""
    text = str(value or "").strip().lower()
    if not text:
        return None
    if "full" in text or re.match(r"^f(?:\(a\))?$", text):
        return "full"
    if "half" in text or re.match(r"^h(?:\(a\))?$", text):
        return "half"
    if "auto" in text or text in ("a", "a(a)"):
        return "auto"
    return None


_BANDWIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:bit|bps|b/s|b)?", re.I)
_BANDWIDTH_FACTOR = {"": 1, "k": 1, "m": 1000, "g": 1000_000}


def bandwidth_kbps(value: object) -> int | None:
    """``1000000 Kbit`` / ``10 Gbps`` / ``100000`` (Kbit by default) → kbit/s."""
    m = _BANDWIDTH.match(str(value or ""))
    if not m:
        return None
    return int(float(m.group(1)) * _BANDWIDTH_FACTOR[m.group(2).lower()])


_NOTHING = frozenset({"--", "-", "none", "n/a"})


def _text(value: object) -> str | None:
    """A field's text, lists joined; the placeholders vendors print for "nothing" (NX-OS
    ``--``, ``none``) read as None."""
    if isinstance(value, list):
        value = ",".join(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
    text = status_text(value)
    return None if text is None or text.lower() in _NOTHING else text


def _pick(rec: templates.Record, *fields: str) -> str | None:
    for field in fields:
        value = _text(rec.get(field))
        if value is not None:
            return value
    return None


def enrich_interface(iface: Interface, rec: templates.Record) -> None:
    """Fill state, raw status, speed, duplex, bandwidth, MTU, MAC and VLANs of one
    interface from one parsed record (ntc-templates' field names and ours)."""
    # Comware's own "current state" keeps "DOWN ( Administratively )" whole
    link = _pick(rec, "current_state", "link_status", "line_status", "status", "link", "phy")
    proto = _pick(rec, "protocol_status", "protocol", "proto")
    admin = _pick(rec, "admin_state")
    reason = _pick(rec, "reason")
    # EOS "show interfaces status" says a missing transceiver in its Type column
    if (_pick(rec, "type") or "").lower() == "not present":
        reason = f"{reason}, Not Present" if reason else "Not Present"
    state = interface_state(link, proto, admin, reason)
    if state is not None:
        iface["state"] = state
        words = [w for w in (link, reason) if w]
        if admin and admin.lower() != "up":
            words.insert(0, f"admin {admin}")
        # NX-OS brief puts the port-channel protocol (lacp) in that column: not a state
        is_state = proto is not None and proto.lower() not in ("lacp", "static", "none")
        if proto and is_state and proto.lower() not in (link or "").lower():
            words.append(f"protocol {proto}")
        iface["raw_status"] = ", ".join(words) or iface["raw_status"]
    iface["speed"] = _pick(rec, "speed") or iface["speed"]
    iface["duplex"] = duplex_of(rec.get("duplex")) or iface["duplex"]
    bandwidth = bandwidth_kbps(rec.get("bandwidth"))
    iface["bandwidth_kbps"] = bandwidth if bandwidth is not None else iface["bandwidth_kbps"]
    mtu = as_int(rec.get("mtu"))
    iface["mtu"] = mtu if mtu is not None else iface["mtu"]
    iface["mac"] = _pick(rec, "mac_address", "hw_address", "address") or iface["mac"]
    vlans = _pick(
        rec, "vlan_id", "vlan_permitted", "vlan_passing", "untagged_vlan_id", "vlan_native"
    )
    iface["vlans"] = vlans or iface["vlans"]


def _interfaces(facts: Facts, recs: list[templates.Record], raw: str) -> None:
    known = {interface_key(i["name"]): i for i in facts["interfaces"]}
    for rec in recs:
        name = interface_name(facts["platform"], str(rec.get("interface") or rec.get("port") or ""))
        if not name:
            continue
        iface = find_interface(facts, name, known)
        status = rec.get("link_status") or rec.get("line_status") or rec.get("status")
        status = status or rec.get("link") or rec.get("phy")
        iface["status"] = status_text(status) or iface["status"]
        proto = rec.get("protocol_status") or rec.get("protocol") or rec.get("proto")
        iface["protocol"] = status_text(proto) or iface["protocol"]
        description = rec.get("description") or rec.get("interface_description")
        iface["description"] = status_text(description) or iface["description"]
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
        enrich_interface(iface, rec)


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
            # "show power status" lists each PSU input (PS1-1) with only its input status
            status = status_text(rec.get("status")) or status_text(rec.get("input_status"))
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
    ``facts["errors"]`` and contributes nothing; the rest still fill the record. A
    template error is recorded with its line, and the records that were still read
    (the other template's, or the lines before and after) are used.
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
        if outcome.template_error is not None:
            # The output is kept (the other template's records, or the lines read);
            # the line the template stopped on is named for the expert.
            facts["errors"][key] = outcome.template_error
        try:
            normaliser(facts, outcome.records, text)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            # One unexpected record must not cost the device its other facts.
            facts["errors"][key] = f"normaliser error: {type(exc).__name__}: {exc}"
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
