"""Which device, vendor and command each collected file holds (plain Python, no Django).

Field engineers save what they collected in one of two shapes, and the kit in a third:

* one file per device per command: ``ECCB-CORE-01/display_version.txt``,
  ``ECCB-CORE-01_dis cur.log``, ``10.1.1.1/show_running-config.txt``;
* one terminal session log per device (SecureCRT, PuTTY, Xshell), prompts and
  commands interleaved with the outputs: ``ECCB-CORE-01.log``;
* the kit's archive: ``<hostname>/<command>.txt`` files described by ``manifest.json``.

:func:`read_file` turns one file into :class:`Item` s (one per command output) and a
:class:`FileReport` saying what was recognised or why not. Items are grouped per device
by :class:`DeviceSketch`, which decides the platform from the version banner (the
surest sign), else from the caller's hint (the inventory), else from the command
vocabulary when it is unambiguous; only then can typed commands be mapped to keys, since
``dis cur`` means the same on Comware and VRP but ``sh int`` differs between IOS and EOS.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from netcare.collection.parsing import commands, recognise
from netcare.collection.parsing.hygiene import CleanText, clean, decode
from netcare.collection.parsing.templates import detect_error

__all__ = [
    "MANIFEST",
    "DeviceSketch",
    "FileReport",
    "Item",
    "command_from_name",
    "group",
    "read_file",
]

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "netcare-collection/1"

# Files that are never device output: skipped with a note rather than "unrecognised".
_IGNORED_NAMES = re.compile(
    r"(^|/)(\.DS_Store|Thumbs\.db|desktop\.ini|__MACOSX/.*|\._.*)$", re.IGNORECASE
)
_DOC_SUFFIXES = {".doc", ".docx", ".xls", ".xlsx", ".pdf", ".png", ".jpg", ".jpeg", ".csv"}
_STRIP_SUFFIXES = {".txt", ".log", ".cfg", ".conf", ".out", ".text", ".dat"}
_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_SEPARATORS = " _-.#@+=,;"


def _file_key(text: str) -> str:
    """A command as a file name word list: lower case, runs of non-alphanumerics → ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


@functools.lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """File-name spelling → ((platform, command), …) over every platform's command set."""
    index: dict[str, list[tuple[str, str]]] = {}
    for platform in commands.PLATFORMS:
        for entry in commands.command_set(platform):
            for spelling in (entry.command, *entry.aliases, entry.key):
                key = _file_key(spelling)
                pairs = index.setdefault(key, [])
                if (platform, entry.command) not in pairs:
                    pairs.append((platform, entry.command))
    return {k: tuple(v) for k, v in index.items()}


def command_from_name(path: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(device part, command, platforms the command belongs to) read from a file path.

    The command is the longest tail of the file name that spells a known command
    (``ECCB-CORE-01_display_cpu-usage`` → ``display cpu-usage``); what comes before it is
    the device, else the folder's name. (None, None, ()) when no command is named.
    """
    pure = PurePosixPath(path)
    stem = pure.name
    suffix = pure.suffix.lower()
    if suffix in _STRIP_SUFFIXES:
        stem = stem[: -len(suffix)]
    words = [w for w in re.split(r"[^A-Za-z0-9]+", stem) if w]
    index = _name_index()
    for start in range(len(words)):
        key = "_".join(words[start:]).lower()
        if key in index:
            pairs = index[key]
            command = pairs[0][1]
            device = _device_prefix(stem, words[start]) if start else None
            if not device and len(pure.parts) > 1:
                device = pure.parts[-2]
            return device or None, command, tuple(p for p, _ in pairs)
    # Then a command followed by the device: display_version_SW-01.txt
    for end in range(len(words) - 1, 0, -1):
        key = "_".join(words[:end]).lower()
        if key in index:
            pairs = index[key]
            tail = _device_suffix(stem, words[end - 1], words[end])
            return tail or None, pairs[0][1], tuple(p for p, _ in pairs)
    return None, None, ()


def _device_suffix(stem: str, last_command_word: str, first_device_word: str) -> str:
    lowered = stem.lower()
    position = lowered.find(last_command_word.lower())
    position = lowered.find(first_device_word.lower(), position + len(last_command_word))
    return stem[position:].strip(_SEPARATORS) if position >= 0 else ""


def _device_prefix(stem: str, first_command_word: str) -> str:
    position = stem.lower().rfind(first_command_word.lower())
    while position > 0:
        head = stem[:position]
        # the command starts at a word boundary; a device name may end with the same
        # letters (SW-DIS_dis_cur), so take the last boundary-aligned occurrence
        if head[-1] in _SEPARATORS:
            return head.rstrip(_SEPARATORS)
        position = stem.lower().rfind(first_command_word.lower(), 0, position)
    return ""


@dataclass(frozen=True)
class Item:
    """One command's output found in a file, not yet tied to a key.

    ``text`` is the decoded output as received (a session chunk: the cleaned slice of
    the log between its prompts). ``host`` is where the device name came from the file
    (prompt, name or folder); ``banner`` the platform the text's version banner shows.
    """

    host: str
    command: str
    text: str
    encoding: str
    hints: tuple[str, ...]
    source: str
    sha256: str
    size: int
    error: str | None
    banner: str | None
    content_hostname: str | None = None
    platform: str | None = None  # given by a kit manifest
    key: str | None = None  # given by a kit manifest
    complete: bool = True


@dataclass
class FileReport:
    """What one file of an upload turned out to be (for the per-file report)."""

    path: str
    status: str  # output | session | manifest | ignored | unrecognised
    reason: str = ""
    hosts: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    encoding: str = ""
    hints: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "hosts": self.hosts,
            "commands": self.commands,
            "encoding": self.encoding,
            "hints": self.hints,
        }


#: Version banners and prompts show in the first lines; scanning a 1 MB interface
#: dump for them with seven regexes costs more than parsing it.
_HEAD = 64 * 1024
_PROMPT_SCAN_LINES = 400


def _banner(text: str) -> str | None:
    """The platform a clean text's head shows (a whole clean text needs no re-cleaning)."""
    return recognise.platform_of(text[:_HEAD], cleaned=len(text) <= _HEAD)


def _head_hostname(text: str) -> str | None:
    return recognise.hostname(text[:_HEAD], cleaned=len(text) <= _HEAD)


def _has_prompt(text: str) -> bool:
    """Whether a prompt line shows near the top of a clean text (else no session log)."""
    # A clean text's only line break is "\n"; only the head is split, not 1 MB.
    for line in text.split("\n", _PROMPT_SCAN_LINES)[:_PROMPT_SCAN_LINES]:
        if recognise.hostname_from_prompt(line) and line.strip()[-1:] not in ("#", ">"):
            return True
    return False


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _config_hostname(text: str) -> str | None:
    m = re.search(r"^\s*(?:sysname|hostname|switchname|set system host-name)\s+(\S+)", text, re.M)
    return m.group(1).strip('"') if m else None


def read_file(
    path: str, data: bytes, manifest: dict[str, dict[str, Any]] | None = None
) -> tuple[FileReport, list[Item]]:
    """Recognise one file: its report and the command outputs it holds.

    ``manifest`` (path → entry of a kit manifest) attributes kit files exactly.
    """
    if _IGNORED_NAMES.search(path):
        return FileReport(path, "ignored", "operating-system metadata file"), []
    if PurePosixPath(path).name == MANIFEST:
        return FileReport(path, "manifest", "collection kit manifest"), []
    if _looks_binary(data) or PurePosixPath(path).suffix.lower() in _DOC_SUFFIXES:
        return FileReport(path, "unrecognised", "not a text file of device output"), []
    # Decoded once: cleaning the decoded text gives what clean(data) gives, less the
    # undecodable-bytes hint that only the bytes can tell.
    text, encoding = decode(data)
    cleaned_text = clean(text)
    hints = ("undecodable_bytes",) if encoding == "utf-8-replace" else ()
    cleaned = CleanText(cleaned_text.text, encoding, hints + cleaned_text.hints)
    report = FileReport(path, "output", encoding=encoding, hints=list(cleaned.hints))
    if not cleaned.text.strip():
        report.status, report.reason = "unrecognised", "empty file"
        return report, []
    banner = _banner(cleaned.text)
    if manifest is not None and path in manifest:
        entry = manifest[path]
        host = str(entry["hostname"])
        item = Item(
            host=host,
            command=str(entry["command"]),
            text=text,
            encoding=encoding,
            hints=cleaned.hints,
            source=path,
            sha256=_sha(data),
            size=len(data),
            error=detect_error(cleaned.text),
            banner=banner,
            platform=str(entry.get("platform") or "") or None,
            key=str(entry.get("key") or "") or None,
            complete=bool(entry.get("complete", True)),
        )
        report.hosts, report.commands = [host], [item.command]
        return report, [item]

    chunks = recognise.split_session(cleaned.text, banner) if _has_prompt(cleaned.text) else []
    if chunks:
        items = _session_items(path, chunks, cleaned.encoding, cleaned.hints, banner)
        if items:
            report.status = "session" if len(items) > 1 else "output"
            report.hosts = sorted({i.host for i in items})
            report.commands = [i.command for i in items]
            return report, items

    device: str | None
    command: str | None
    device, command, _ = command_from_name(path)
    body = text
    if command is None:
        # Some tools write the command as the first line, without a prompt.
        first, _, rest = cleaned.text.lstrip("\n").partition("\n")
        if first.strip() and _file_key(first) in _name_index():
            command, body = " ".join(first.split()), rest
            device = (
                PurePosixPath(path).stem
                if len(PurePosixPath(path).parts) == 1
                else (PurePosixPath(path).parts[-2])
            )
    if command is None:
        report.status = "unrecognised"
        report.reason = "no known command in the file name or content, and no prompts"
        return report, []
    head = cleaned.text[:_HEAD]
    content_host = _config_hostname(head) or _head_hostname(cleaned.text)
    named = device or content_host
    if not named:
        report.status = "unrecognised"
        report.reason = "the device is not named by the folder, the file name or the output"
        return report, []
    item = Item(
        host=named,
        command=command,
        text=body,
        encoding=encoding,
        hints=cleaned.hints,
        source=path,
        sha256=_sha(data),
        size=len(data),
        error=detect_error(cleaned.text if body is text else clean(body).text),
        banner=banner,
        content_hostname=content_host,
    )
    report.hosts, report.commands = [named], [command]
    return report, [item]


def _session_items(
    path: str,
    chunks: list[recognise.SessionChunk],
    encoding: str,
    hints: tuple[str, ...],
    banner: str | None,
) -> list[Item]:
    items: list[Item] = []
    for chunk in chunks:
        if not chunk.hostname:
            continue
        raw = chunk.output.encode("utf-8")
        chunk_banner = _banner(chunk.output) if chunk.output else None
        items.append(
            Item(
                host=chunk.hostname,
                command=chunk.command,
                text=chunk.output,
                encoding=encoding,
                hints=hints,
                source=path,
                sha256=_sha(raw),
                size=len(raw),
                error=detect_error(chunk.output),
                banner=chunk_banner or banner,
                content_hostname=chunk.hostname,
            )
        )
    return items


def _is_version_command(command: str) -> bool:
    return any(commands.key_for(p, command) == "version" for p in commands.PLATFORMS)


@dataclass
class DeviceSketch:
    """What is known about one device of an upload, without holding its outputs.

    Feed it items with :meth:`add`; :meth:`decide` picks the platform and the name.
    """

    host: str
    commands: list[str] = field(default_factory=list)
    version_banners: list[str] = field(default_factory=list)
    other_banners: list[str] = field(default_factory=list)
    content_names: list[str] = field(default_factory=list)
    given_platform: str | None = None

    def add(self, item: Item) -> None:
        self.commands.append(item.command)
        if item.platform:
            self.given_platform = item.platform
        if item.banner:
            if _is_version_command(item.command):
                self.version_banners.append(item.banner)
            else:
                self.other_banners.append(item.banner)
        if item.content_hostname:
            self.content_names.append(item.content_hostname)

    def decide(self, hint: str | None = None) -> tuple[str | None, str]:
        """(platform, how): ``manifest``, ``banner``, ``inventory``, ``commands`` or ``""``."""
        if self.given_platform in commands.PLATFORMS:
            return self.given_platform, "manifest"
        if self.version_banners:
            return _most_common(self.version_banners), "banner"
        if hint in commands.PLATFORMS:
            return hint, "inventory"
        if self.other_banners:
            return _most_common(self.other_banners), "banner"
        fits = [
            p
            for p in commands.PLATFORMS
            if self.commands and all(commands.resolve(p, c) for c in self.commands)
        ]
        if len(fits) == 1:
            return fits[0], "commands"
        return None, ""

    @property
    def hostname(self) -> str:
        """The device's own name when an output shows it, else the name the files gave."""
        if self.content_names:
            return _most_common(self.content_names)
        return self.host

    @property
    def address(self) -> str:
        return self.host if _IP.match(self.host) else ""


def _most_common(values: list[str]) -> str:
    return max(dict.fromkeys(values), key=values.count)


def key_of(platform: str | None, item: Item) -> str | None:
    """The command key of an item once its device's platform is known."""
    if item.key:
        return item.key
    if platform not in commands.PLATFORMS:
        return None
    return commands.key_for(platform, item.command)


def group(items: Iterable[Item]) -> dict[str, tuple[DeviceSketch, list[Item]]]:
    """Items per device (by name, case-insensitive), in the order they came."""
    devices: dict[str, tuple[DeviceSketch, list[Item]]] = {}
    for item in items:
        slot = devices.setdefault(item.host.lower(), (DeviceSketch(item.host), []))
        slot[0].add(item)
        slot[1].append(item)
    return devices


def outputs_for_facts(platform: str, items: Iterable[Item]) -> dict[str, str]:
    """key → text for ``build_facts``: per key the last output that is not an error."""
    outputs: dict[str, str] = {}
    for item in items:
        key = key_of(platform, item)
        if key is None:
            continue
        if item.error is None or key not in outputs:
            outputs[key] = item.text
    return outputs


def read_manifest(data: bytes) -> dict[str, Any]:
    """A kit manifest, checked for the fields the import relies on (ValueError if not)."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"manifest.json is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"manifest.json is not a {MANIFEST_FORMAT} manifest")
    devices = manifest.get("devices")
    if not isinstance(devices, list):
        raise ValueError("manifest.json has no device list")
    for device in devices:
        if not isinstance(device, dict) or not device.get("hostname"):
            raise ValueError("manifest.json names a device without a hostname")
        for entry in device.get("files", []):
            if not isinstance(entry, dict) or not entry.get("path") or not entry.get("sha256"):
                raise ValueError("manifest.json lists a file without path or sha256")
    return manifest


def manifest_files(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """path → {hostname, platform, command, key, sha256, complete} for every listed file."""
    files: dict[str, dict[str, Any]] = {}
    for device in manifest["devices"]:
        for entry in device.get("files", []):
            files[str(entry["path"])] = {
                "hostname": device["hostname"],
                "platform": device.get("platform"),
                **entry,
            }
    return files
