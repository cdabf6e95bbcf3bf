"""What ``netcare inspect`` reads: device folders, session logs, configurations, kit zips.

Field engineers bring outputs in every shape; the engine wants one :class:`DeviceData`
per device. The shapes understood here:

* a device folder with one file per command: named by command key
  (``running_config.txt``, ``version.txt``) or by the command as typed
  (``show_running-config.txt``, ``display current-configuration.txt``);
* a single configuration file (the platform recognised from its content);
* a terminal session log (prompts and commands interleaved with the outputs);
* a folder of any of these, nested as deep as wanted, or the collection kit's zip
  (``manifest.json`` attributes every file) or any zip/tar of such files.

Files named ``<device>_<command>.txt`` side by side, sessions and kit archives go
through ``collection.bundles`` (the same recognition the web import uses); the platform
comes from the version banner, else the folder's name when it is a platform
(``cisco_ios/edge-1``), else the configuration's dialect. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC
from pathlib import Path, PurePosixPath
from typing import Any

from netcare.collection import archives, bundles
from netcare.collection.parsing import commands, recognise
from netcare.collection.parsing.facts import build_facts
from netcare.collection.parsing.hygiene import clean_text, decode

from .evaluate import clock_time
from .model import DeviceData

__all__ = ["config_platform", "device_data", "read_device", "read_path"]

_SKIP = re.compile(r"(^|/)(ORIGIN|README)\.md$|(^|/)\.|\.(md|yaml|yml|json|docx|xlsx|pdf)$", re.I)
_SUFFIXES = {".txt", ".log", ".cfg", ".conf", ".out", ".text"}

# Dialect marks of a running configuration, the most telling first.
_CONFIG_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "juniper_junos",
        re.compile(r"^(?:set system host-name |system \{|version \d+\.\d+[A-Z]\d*[^\n]*;)", re.M),
    ),
    (
        "cisco_nxos",
        re.compile(r"^(?:feature \S+|!Command: show running-config|switchname |vdc \S+ id )", re.M),
    ),
    (
        "arista_eos",
        re.compile(
            r"^(?:! device: |!RANCID-CONTENT-TYPE: arista|management api http-commands"
            r"|transceiver qsfp default-mode|interface Vxlan\d"
            r"|service routing protocols model|daemon TerminAttr)",
            re.M,
        ),
    ),
    (
        "huawei_vrp",
        re.compile(
            r"^(?:!Software Version V\d{3}R|interface (?:Vlanif|Eth-Trunk|GE\d|MEth)"
            r"|\s*undo http server enable)",
            re.M,
        ),
    ),
    (
        "hp_comware",
        re.compile(
            r"^(?:\s*version \d\.\d+\.?\d*, (?:Release|ESS|Feature)"
            r"|interface (?:Vlan-interface|Bridge-Aggregation|Ten-GigabitEthernet"
            r"|M-GigabitEthernet)|\s*port link-mode bridge|\s*irf )",
            re.M,
        ),
    ),
    ("cisco_xe", re.compile(r"^version (?:1[6-9]|[2-9]\d)\.", re.M)),
    ("cisco_ios", re.compile(r"^(?:version 1[0-5]\.|hostname \S+|line vty )", re.M)),
)


def config_platform(text: str) -> str | None:
    """The platform whose configuration dialect ``text`` is written in, or None."""
    head = text[: 256 * 1024]
    for platform, mark in _CONFIG_MARKS:
        if mark.search(head):
            return platform
    return None


def _stem_key(name: str) -> str:
    stem = PurePosixPath(name).name
    suffix = PurePosixPath(stem).suffix.lower()
    return stem[: -len(suffix)] if suffix in _SUFFIXES else stem


def _key_for(platform: str | None, stem: str) -> str | None:
    """A file stem as a command key: the key itself, or a typed command for the platform."""
    lowered = stem.strip().lower()
    if lowered in commands.KEYS:
        return lowered
    if platform not in commands.PLATFORMS:
        return None
    for typed in (stem.replace("_", " "), stem):
        key = commands.key_for(platform, " ".join(typed.split()))
        if key:
            return key
    return None


def _platform_of(texts: dict[str, str], hint: str | None) -> str | None:
    """The platform from the version banner, any output's banner, the hint (a folder
    named after a platform: someone said so), then the configuration's dialect."""
    by_stem = sorted(texts.items(), key=lambda kv: (_key_for(None, kv[0]) != "version", kv[0]))
    for _, text in by_stem:
        found = recognise.platform_of(text[:65536])
        if found:
            return found
    if hint in commands.PLATFORMS:
        return hint
    for stem, text in texts.items():
        if _key_for(None, stem) in ("running_config", None):
            found = config_platform(text)
            if found:
                return found
    return None


def device_data(
    key: str, platform: str, outputs: dict[str, str], fallback_name: str = ""
) -> DeviceData:
    """Facts from the outputs (keyed by command key) and the device's own clock."""
    facts = dict(build_facts(platform, outputs))
    clock = clock_time(clean_text(outputs["clock"])) if "clock" in outputs else None
    name = facts.get("hostname") or key or fallback_name
    return DeviceData(
        key=str(name),
        facts=facts,
        outputs={k: clean_text(v) for k, v in outputs.items()},
        collected_at=clock.replace(tzinfo=UTC) if clock else None,
    )


def _folder_hint(path: PurePosixPath | Path) -> str | None:
    for part in reversed(path.parts):
        if part in commands.PLATFORMS:
            return part
    return None


def _from_files(name: str, files: dict[str, str], hint: str | None) -> DeviceData | None:
    """One device from its files (stem → text); None when nothing is recognised."""
    if len(files) == 1:
        ((stem, text),) = files.items()
        if _key_for(None, stem) is None and _key_for(hint, stem) is None:
            single = _single_file(stem, text, hint)
            if single is not None:
                return single
    platform = _platform_of(files, hint)
    if platform is None:
        return None
    outputs: dict[str, str] = {}
    for stem, text in sorted(files.items()):
        key = _key_for(platform, stem)
        if key and key not in outputs:
            outputs[key] = text
    if not outputs:
        return None
    return device_data(name, platform, outputs, fallback_name=name)


def _single_file(stem: str, text: str, hint: str | None) -> DeviceData | None:
    """A file that is a whole session log, or one running configuration."""
    body = clean_text(text)
    platform = recognise.platform_of(body[:65536], cleaned=True) or hint or config_platform(body)
    chunks = recognise.split_session(body, platform)
    keyed = [c for c in chunks if c.key]
    if platform in commands.PLATFORMS and keyed:
        outputs: dict[str, str] = {}
        for chunk in keyed:
            assert chunk.key is not None
            outputs.setdefault(chunk.key, chunk.output)
        host = next((c.hostname for c in chunks if c.hostname), None) or stem
        return device_data(host, str(platform), outputs, fallback_name=stem)
    platform = platform or config_platform(body)
    if platform in commands.PLATFORMS:
        return device_data(stem, str(platform), {"running_config": text}, fallback_name=stem)
    return None


def _read_text(path: Path) -> str:
    return decode(path.read_bytes())[0]


def read_device(path: Path, platform: str | None = None) -> DeviceData:
    """One device: a folder of per-command files, or a single configuration or session
    file. ``platform`` overrides recognition. ValueError when nothing is recognised."""
    path = Path(path)
    hint = platform or _folder_hint(path.resolve())
    if path.is_dir():
        files = {
            _stem_key(p.name): _read_text(p)
            for p in sorted(path.iterdir())
            if p.is_file() and not _SKIP.search(p.name)
        }
        data = _from_files(path.name, files, hint) if files else None
    else:
        data = _single_file(_stem_key(path.name), _read_text(path), hint)
    if data is None:
        raise ValueError(f"{path}: no device output recognised (platform unknown or no command)")
    return data


# --- many devices --------------------------------------------------------------------


def _members(path: Path) -> list[archives.Member]:
    if path.is_dir():
        return list(archives.iter_folder(path))
    if archives.archive_kind(path) != "not_archive":
        return list(archives.iter_members(path))
    return [archives.Member(path.name, path.read_bytes())]


def _is_device_folder(names: list[str]) -> bool:
    """Files named by command key or typed command only (no device name in them)."""
    known = 0
    for name in names:
        stem = _stem_key(name)
        if _key_for(None, stem):
            known += 1
            continue
        device, command, _ = bundles.command_from_name(stem + ".txt")
        if command is not None and device is None:
            known += 1
    return known > 0 and known * 2 >= len(names)


def _bundle_devices(
    members: Iterable[archives.Member], manifest: dict[str, dict[str, Any]] | None
) -> list[DeviceData]:
    """Loose ``<device>_<command>`` files, session logs and kit files via collection.bundles."""
    items: list[bundles.Item] = []
    leftovers: list[archives.Member] = []
    for member in members:
        _, found = bundles.read_file(member.name, member.data, manifest)
        if found:
            items.extend(found)
        else:
            leftovers.append(member)
    devices: list[DeviceData] = []
    for sketch, group_items in bundles.group(items).values():
        platform, _ = sketch.decide(_folder_hint(PurePosixPath(group_items[0].source)))
        if platform is None:
            texts = {i.command: i.text for i in group_items}
            platform = _platform_of(texts, None)
        if platform is None:
            continue
        outputs = bundles.outputs_for_facts(platform, group_items)
        if outputs:
            devices.append(device_data(sketch.hostname, platform, outputs, sketch.hostname))
    for member in leftovers:
        text = decode(member.data)[0]
        single = _single_file(
            _stem_key(member.name), text, _folder_hint(PurePosixPath(member.name))
        )
        if single is not None:
            devices.append(single)
    return devices


def read_path(path: Path) -> list[DeviceData]:
    """Every device under ``path`` (folder, device folder, session log, configuration,
    zip or tar), sorted by device key. Unrecognised files are skipped."""
    path = Path(path)
    root_hint = _folder_hint(path.resolve())
    members = [
        m for m in _members(path) if not _SKIP.search(m.name) or m.name.endswith(bundles.MANIFEST)
    ]
    manifest_member = next((m for m in members if m.name == bundles.MANIFEST), None)
    manifest = None
    if manifest_member is not None:
        manifest = bundles.manifest_files(bundles.read_manifest(manifest_member.data))
        return _unique(_bundle_devices(members, manifest))
    by_folder: dict[str, list[archives.Member]] = {}
    for member in members:
        by_folder.setdefault(str(PurePosixPath(member.name).parent), []).append(member)
    devices: list[DeviceData] = []
    loose: list[archives.Member] = []
    for folder, group_members in sorted(by_folder.items()):
        names = [m.name for m in group_members]
        alone = folder == "." and path.is_dir() and len(by_folder) == 1
        if (folder != "." or alone) and _is_device_folder(names):
            files = {_stem_key(m.name): decode(m.data)[0] for m in group_members}
            name = PurePosixPath(folder).name if folder != "." else path.name
            hint = _folder_hint(PurePosixPath(folder)) or root_hint
            data = _from_files(name, files, hint)
            if data is not None:
                devices.append(data)
                continue
        loose.extend(group_members)
    if loose:
        devices.extend(_bundle_devices(loose, None))
    return _unique(devices)


def _unique(devices: list[DeviceData]) -> list[DeviceData]:
    """Sorted by key; a key seen twice (two devices both called ``Switch``) gets ``#2``,
    ``#3``… in reading order, so every result and score stays tied to one device."""
    seen: dict[str, int] = {}
    out: list[DeviceData] = []
    for data in devices:
        n = seen[data.key] = seen.get(data.key, 0) + 1
        out.append(data if n == 1 else replace(data, key=f"{data.key}#{n}"))
    return sorted(out, key=lambda d: d.key)
