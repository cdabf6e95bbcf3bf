"""Which library documents fit a customer: the matching rule of exclusive packages.

Plain Python (no Django), so it is tested and benchmarked alone. docs/knowledge.md
states the rule; in short a document is proposed when

* it names a platform, and the customer runs a device of that platform (not
  decommissioned) whose model fits the document's series patterns and whose software
  version lies in the document's range, read by the platform's own version scheme —
  a device version the scheme cannot read counts as "maybe", and the document is
  proposed with that said, never silently left out — and, when the document names
  scenarios, the customer declared at least one of them; or
* it names no platform, and the customer declared at least one of its scenarios;

and the customer has not already received this edition (same revision, not updated
since): the no-resend rule, with a resend when the document was updated.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from netcare.lifecycle.versions import Version, VersionError, parse, scheme_for

__all__ = [
    "DeviceFacts",
    "DocumentFacts",
    "Match",
    "RangeError",
    "Received",
    "check_range",
    "in_range",
    "match_documents",
    "series_fits",
]


class RangeError(ValueError):
    """A version bound the platform's scheme cannot read; ``field`` names the bound."""

    def __init__(self, field: str, text: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.text = text
        self.reason = reason


@dataclass(frozen=True)
class DocumentFacts:
    """What matching needs of a document."""

    key: str
    platform: str = ""
    series: str = ""
    version_from: str = ""
    version_to: str = ""
    scenarios: tuple[str, ...] = ()
    revision: str = "1"
    updated: dt.date | None = None


@dataclass(frozen=True)
class DeviceFacts:
    """What matching needs of an installed device."""

    hostname: str
    platform: str
    model: str = ""
    version: str = ""


@dataclass(frozen=True)
class Received:
    """The edition of a document a customer last received."""

    revision: str
    updated: dt.date


@dataclass
class Match:
    """A document proposed for the customer and why (in zh and en); ``resent`` when the
    customer had an older edition; ``unknown_versions`` the devices whose version could
    not be read (proposed anyway)."""

    key: str
    devices: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    unknown_versions: list[str] = field(default_factory=list)
    resent: bool = False
    reason_zh: str = ""
    reason_en: str = ""


def check_range(platform: str, version_from: str, version_to: str) -> tuple[str, str]:
    """The sortable keys of a document's bounds; raises :class:`RangeError` naming the
    field when a bound cannot be read, the range is empty, or it has no platform."""
    if (version_from or version_to) and not platform:
        field_name = "version_from" if version_from else "version_to"
        raise RangeError(field_name, version_from or version_to, "a version range needs a platform")
    scheme = scheme_for(platform)
    keys: list[str] = []
    parsed: list[Version | None] = []
    for field_name, text in (("version_from", version_from), ("version_to", version_to)):
        if not text:
            keys.append("")
            parsed.append(None)
            continue
        try:
            version = parse(scheme, text)
        except VersionError as problem:
            raise RangeError(field_name, text, f"{problem.reason} ({scheme}: {text!r})") from None
        keys.append(version.sort_text)
        parsed.append(version)
    low, high = parsed
    if low is not None and high is not None and high < low:
        raise RangeError("version_to", version_to, f"{version_to!r} is older than {version_from!r}")
    return keys[0], keys[1]


def in_range(platform: str, version: str, version_from: str, version_to: str) -> bool | None:
    """Whether ``version`` lies in the inclusive range; None when the device version (or a
    bound) cannot be read by the platform's scheme. An open range holds every version."""
    if not version_from and not version_to:
        return True
    scheme = scheme_for(platform)
    try:
        current = parse(scheme, version)
        if version_from and current < parse(scheme, version_from):
            return False
        return not (version_to and current > parse(scheme, version_to))
    except (VersionError, TypeError):
        return None


def series_fits(series: str, model: str) -> bool:
    """A model fits comma-separated ``series`` patterns (``fnmatch``, case-blind; a
    pattern without a wildcard is a prefix: ``S6850`` fits ``S6850-56HF``)."""
    patterns = [p.strip().upper() for p in series.split(",") if p.strip()]
    if not patterns:
        return True
    name = model.upper()
    return any(
        fnmatch.fnmatchcase(name, p) if any(c in p for c in "*?[") else name.startswith(p)
        for p in patterns
    )


def _already_has(document: DocumentFacts, received: Received | None) -> bool:
    if received is None:
        return False
    newer = document.updated is not None and document.updated > received.updated
    return document.revision == received.revision and not newer


def match_documents(
    documents: Iterable[DocumentFacts],
    devices: Sequence[DeviceFacts],
    scenarios: Iterable[str],
    received: Mapping[str, Received] | None = None,
) -> list[Match]:
    """The documents to propose, in the order given, each with its reasons."""
    declared = set(scenarios)
    had = received or {}
    by_platform: dict[str, list[DeviceFacts]] = {}
    for device in devices:
        by_platform.setdefault(device.platform, []).append(device)
    found: list[Match] = []
    for document in documents:
        shared = sorted(declared & set(document.scenarios))
        if document.scenarios and not shared:
            continue
        hit = Match(key=document.key, scenarios=shared)
        if document.platform:
            for device in by_platform.get(document.platform, []):
                if not series_fits(document.series, device.model):
                    continue
                verdict = in_range(
                    device.platform, device.version, document.version_from, document.version_to
                )
                if verdict is False:
                    continue
                hit.devices.append(device.hostname)
                if verdict is None:
                    hit.unknown_versions.append(device.hostname)
            if not hit.devices:
                continue
        elif not shared:
            continue  # a platform-neutral document follows the declared scenarios only
        previous = had.get(document.key)
        if _already_has(document, previous):
            continue
        hit.resent = previous is not None
        hit.reason_zh, hit.reason_en = _reason(document, hit)
        found.append(hit)
    return found


def _names(hosts: list[str], limit: int = 4) -> str:
    shown = ", ".join(hosts[:limit])
    return shown + (f" (+{len(hosts) - limit})" if len(hosts) > limit else "")


def _reason(document: DocumentFacts, hit: Match) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    if hit.devices:
        where = document.platform + (f" {document.series}" if document.series else "")
        span = ""
        if document.version_from or document.version_to:
            span = f" {document.version_from or '…'} – {document.version_to or '…'}"
        zh.append(f"{len(hit.devices)} 台设备符合 {where}{span}：{_names(hit.devices)}")
        en.append(f"{len(hit.devices)} device(s) fit {where}{span}: {_names(hit.devices)}")
    if hit.unknown_versions:
        zh.append(f"版本无法识别，仍予推荐：{_names(hit.unknown_versions)}")
        en.append(f"version not understood, proposed anyway: {_names(hit.unknown_versions)}")
    if hit.scenarios:
        zh.append("场景：" + "、".join(hit.scenarios))
        en.append("scenarios: " + ", ".join(hit.scenarios))
    if hit.resent:
        zh.append(f"文档已更新（修订 {document.revision}），重新推送")
        en.append(f"document updated (revision {document.revision}): sent again")
    return "；".join(zh), "; ".join(en)
