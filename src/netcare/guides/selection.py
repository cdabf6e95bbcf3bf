"""The daily-maintenance check library and which of its checks a customer's guide holds.

The library is data (``data/checks/*.yaml``, one file per platform family plus
``common``): each check names the platforms it is written for, the configured feature
it needs (``collection/data/features.yaml`` names, or none), how often it is done, the
command in that platform's own syntax, what normal looks like, what to do when it is not,
the risk of doing it wrong, topic tags (to pick library documents) and the inspection
rules whose findings it watches. Reading a file checks every field and names the file,
the check id and the field of each mistake, so an author sees all of a file's problems
at once.

Selection is pure: from the customer's devices (platform, model, features in use — or
unknown when no configuration was collected) and its open inspection findings, the
checks that apply, grouped by frequency; checks that watch a rule with an open finding
on one of their devices come first, worst severity first. A device whose features are
unknown gets only the checks that need no feature, and the guide says so: a BGP check is
never given to a device that is not known to run BGP. Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from netcare.core.text import Text

__all__ = [
    "CHECKS_DIR",
    "FREQUENCIES",
    "PLATFORMS",
    "PLATFORM_NAMES",
    "CheckItem",
    "DeviceProfile",
    "LibraryError",
    "Risk",
    "SelectedCheck",
    "Selection",
    "applies",
    "library",
    "read_library",
    "select",
    "severity_rank",
    "validate_file",
]

CHECKS_DIR = Path(__file__).resolve().parent / "data" / "checks"

FREQUENCIES: tuple[str, ...] = ("daily", "weekly", "monthly")
FREQUENCY_NAMES: Mapping[str, Text] = {
    "daily": Text("每日", "Daily"),
    "weekly": Text("每周", "Weekly"),
    "monthly": Text("每月", "Monthly"),
}
#: The platform vocabulary of inventory, collection and inspection, in report order.
PLATFORMS: tuple[str, ...] = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)
PLATFORM_NAMES: Mapping[str, Text] = {
    "hp_comware": Text("H3C Comware", "H3C Comware"),
    "huawei_vrp": Text("华为 VRP", "Huawei VRP"),
    "cisco_ios": Text("Cisco IOS", "Cisco IOS"),
    "cisco_xe": Text("Cisco IOS-XE", "Cisco IOS-XE"),
    "cisco_nxos": Text("Cisco NX-OS", "Cisco NX-OS"),
    "juniper_junos": Text("Juniper Junos", "Juniper Junos"),
    "arista_eos": Text("Arista EOS", "Arista EOS"),
}
#: Finding severities, worst first (inspection's vocabulary).
SEVERITY_ORDER: tuple[str, ...] = ("critical", "major", "minor", "info")

_FILE_KEYS = {"library", "items"}
_ITEM_KEYS = {
    "id",
    "title",
    "platforms",
    "models",
    "feature",
    "frequency",
    "command",
    "normal",
    "action",
    "risk",
    "tags",
    "watches",
}
_REQUIRED = (
    "id",
    "title",
    "platforms",
    "feature",
    "frequency",
    "command",
    "normal",
    "action",
    "risk",
    "tags",
    "watches",
)
_TEXT_KEYS = ("title", "normal", "action", "risk")
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_TAG = re.compile(r"^[a-z][a-z0-9_-]*$")


class LibraryError(ValueError):
    """A check file that does not follow the schema; ``problems`` lists every mistake as
    ``file: check id: field: what is wrong``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class CheckItem:
    """One check an operator does on a device, as the library states it."""

    id: str
    title: Text
    platforms: tuple[str, ...]
    feature: str | None
    frequency: str
    command: str
    normal: Text
    action: Text
    risk: Text
    tags: tuple[str, ...]
    watches: tuple[str, ...]
    models: tuple[re.Pattern[str], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class DeviceProfile:
    """What selection knows of a device: ``features`` is None when no configuration
    was collected (features unknown), else the features in use."""

    key: str
    hostname: str
    platform: str
    model: str = ""
    features: frozenset[str] | None = None


@dataclass(frozen=True)
class Risk:
    """An inspection rule with open findings on some of the customer's devices."""

    rule_id: str
    title: Text
    severity: str
    devices: frozenset[str]  # device keys


@dataclass(frozen=True)
class SelectedCheck:
    """A check of the guide: the devices it is done on and the risks it watches."""

    item: CheckItem
    devices: tuple[str, ...]  # hostnames, sorted
    risks: tuple[Risk, ...] = ()

    @property
    def watched(self) -> bool:
        return bool(self.risks)

    @property
    def worst(self) -> int:
        """Rank of the worst severity watched (0 = critical); len(SEVERITY_ORDER) if none."""
        ranks = [severity_rank(r.severity) for r in self.risks]
        return min(ranks) if ranks else len(SEVERITY_ORDER)


@dataclass(frozen=True)
class Selection:
    """The checks of one customer's guide, in guide order (watched first)."""

    checks: tuple[SelectedCheck, ...]
    platforms: tuple[str, ...]
    features: tuple[str, ...]
    unknown_features: tuple[str, ...]  # hostnames whose features are unknown
    uncovered: tuple[str, ...]  # hostnames on a platform without any check
    device_count: int

    def by_frequency(self, frequency: str) -> list[SelectedCheck]:
        return [c for c in self.checks if c.item.frequency == frequency]

    def by_platform(self, platform: str) -> list[SelectedCheck]:
        """Checks of one platform family (a check shared by several is listed in each)."""
        return [c for c in self.checks if platform in c.item.platforms]

    @property
    def watched(self) -> list[SelectedCheck]:
        return [c for c in self.checks if c.watched]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({t for c in self.checks for t in c.item.tags}))


def severity_rank(severity: str) -> int:
    """0 for critical; unknown severities rank last."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


# --- reading the library ------------------------------------------------------------------


def _text_problems(value: object) -> str | None:
    if not isinstance(value, dict) or set(value) != {"zh", "en"}:
        return "must be a mapping with exactly zh and en"
    if not all(isinstance(v, str) and v.strip() for v in value.values()):
        return "zh and en must both be non-empty text"
    return None


def _list_of_text(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def validate_file(
    data: object,
    filename: str,
    *,
    features: Collection[str] | None = None,
    rules: Collection[str] | None = None,
) -> list[str]:
    """Every schema mistake of one parsed check file (empty when valid).

    ``features`` (known feature names) and ``rules`` (known inspection rule ids), when
    given, are checked too."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return [f"{filename}: top level must be a mapping with 'library' and 'items'"]
    for key in sorted(set(data) - _FILE_KEYS):
        problems.append(f"{filename}: unknown top-level key {key!r}")
    library_name = data.get("library")
    if not isinstance(library_name, str) or library_name != Path(filename).stem:
        problems.append(f"{filename}: library must be the file's name ({Path(filename).stem!r})")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return [*problems, f"{filename}: items must be a non-empty list"]
    seen: set[str] = set()
    for index, raw in enumerate(items):
        if not isinstance(raw, dict):
            problems.append(f"{filename}: item {index}: must be a mapping")
            continue
        raw_id = raw.get("id")
        item_id = raw_id if isinstance(raw_id, str) else f"#{index}"
        where = f"{filename}: {item_id}"
        problems.extend(_item_problems(raw, where, library_name, features, rules))
        if item_id in seen:
            problems.append(f"{where}: id: duplicate id")
        seen.add(item_id)
    return problems


def _item_problems(
    raw: Mapping[str, Any],
    where: str,
    library_name: object,
    features: Collection[str] | None,
    rules: Collection[str] | None,
) -> list[str]:
    found: list[str] = []

    def bad(field: str, what: str) -> None:
        found.append(f"{where}: {field}: {what}")

    for key in sorted(set(raw) - _ITEM_KEYS):
        bad(key, "unknown field")
    for key in _REQUIRED:
        if key not in raw:
            bad(key, "missing")
    item_id = raw.get("id")
    if "id" in raw and (not isinstance(item_id, str) or not _ID.match(item_id)):
        bad("id", "must look like <library>.<name> in lower case")
    elif isinstance(item_id, str) and item_id.split(".")[0] != library_name:
        bad("id", f"must start with the library name {library_name!r}")
    for key in _TEXT_KEYS:
        if key in raw and (problem := _text_problems(raw[key])):
            bad(key, problem)
    platforms = raw.get("platforms")
    if "platforms" in raw:
        if not _list_of_text(platforms) or not platforms:
            bad("platforms", "must be a non-empty list of platform names")
        else:
            for name in platforms:
                if name not in PLATFORMS:
                    bad(
                        "platforms", f"unknown platform {name!r}; use one of {', '.join(PLATFORMS)}"
                    )
    models = raw.get("models", [])
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
        bad("models", "must be a list of regular expressions")
    else:
        for pattern in models:
            try:
                re.compile(pattern)
            except re.error as exc:
                bad("models", f"{pattern!r} is not a regular expression: {exc}")
    feature = raw.get("feature")
    if feature is not None:
        if not isinstance(feature, str) or not feature.strip():
            bad("feature", "must be a feature name or null")
        elif features is not None and feature not in features:
            bad("feature", f"unknown feature {feature!r} (collection/data/features.yaml)")
    if "frequency" in raw and raw.get("frequency") not in FREQUENCIES:
        bad("frequency", f"must be one of {', '.join(FREQUENCIES)}")
    command = raw.get("command")
    if "command" in raw and (not isinstance(command, str) or not command.strip()):
        bad("command", "must be the command in the platform's syntax")
    elif isinstance(command, str) and "\n" in command.strip():
        bad("command", "must be one line")
    tags = raw.get("tags")
    if "tags" in raw:
        if not _list_of_text(tags) or not tags:
            bad("tags", "must be a non-empty list of topic keywords")
        elif not all(_TAG.match(t) for t in tags):
            bad("tags", "keywords are lower case letters, digits, '-' and '_'")
    watches = raw.get("watches")
    if "watches" in raw:
        if not isinstance(watches, list) or not all(isinstance(w, str) for w in watches):
            bad("watches", "must be a list of inspection rule ids (may be empty)")
        elif rules is not None:
            for rule_id in watches:
                if rule_id not in rules:
                    bad("watches", f"no inspection rule {rule_id!r}")
    return found


def _text(value: Mapping[str, str]) -> Text:
    return Text(value["zh"].strip(), value["en"].strip())


def _item(raw: Mapping[str, Any], source: str) -> CheckItem:
    return CheckItem(
        id=raw["id"],
        title=_text(raw["title"]),
        platforms=tuple(raw["platforms"]),
        feature=raw.get("feature") or None,
        frequency=raw["frequency"],
        command=raw["command"].strip(),
        normal=_text(raw["normal"]),
        action=_text(raw["action"]),
        risk=_text(raw["risk"]),
        tags=tuple(raw["tags"]),
        watches=tuple(raw["watches"]),
        models=tuple(re.compile(m, re.IGNORECASE) for m in raw.get("models", [])),
        source=source,
    )


def read_library(
    directory: Path = CHECKS_DIR,
    *,
    features: Collection[str] | None = None,
    rules: Collection[str] | None = None,
) -> tuple[CheckItem, ...]:
    """Every check of the ``*.yaml`` files of ``directory``, schema-checked; raises
    ``LibraryError`` listing every mistake of every file (ids unique across files)."""
    problems: list[str] = []
    items: list[CheckItem] = []
    owner: dict[str, str] = {}
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise LibraryError([f"{directory}: no check files (*.yaml)"])
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}: not valid YAML: {exc}")
            continue
        found = validate_file(data, path.name, features=features, rules=rules)
        if found:
            problems.extend(found)
            continue
        for raw in data["items"]:
            if raw["id"] in owner:
                problems.append(f"{path.name}: {raw['id']}: id: also in {owner[raw['id']]}")
                continue
            owner[raw["id"]] = path.name
            items.append(_item(raw, path.name))
    if problems:
        raise LibraryError(problems)
    return tuple(items)


@lru_cache(maxsize=1)
def library() -> tuple[CheckItem, ...]:
    """The bundled library, read once (feature names checked against collection's)."""
    from netcare.collection.parsing.features import FEATURE_NAMES

    return read_library(CHECKS_DIR, features=FEATURE_NAMES)


# --- selection -----------------------------------------------------------------------------


def applies(item: CheckItem, device: DeviceProfile) -> bool:
    """Whether a check is done on a device: its platform, its model (when the check
    names models), and the feature it needs in use (never when features are unknown)."""
    if device.platform not in item.platforms:
        return False
    if item.models and not any(p.search(device.model or "") for p in item.models):
        return False
    if item.feature is None:
        return True
    return device.features is not None and item.feature in device.features


def select(
    items: Iterable[CheckItem],
    devices: Iterable[DeviceProfile],
    risks: Iterable[Risk] = (),
) -> Selection:
    """The guide's checks for these devices, watched checks first.

    Within a frequency the order is: checks watching an open finding on one of their
    devices (worst severity first, then most devices), then the others by platform
    family and id.
    """
    devices = list(devices)
    risks = list(risks)
    chosen: list[SelectedCheck] = []
    for item in items:
        on = [d for d in devices if applies(item, d)]
        if not on:
            continue
        keys = {d.key for d in on}
        watched = tuple(
            sorted(
                (r for r in risks if r.rule_id in item.watches and r.devices & keys),
                key=lambda r: (severity_rank(r.severity), r.rule_id),
            )
        )
        chosen.append(SelectedCheck(item, tuple(sorted({d.hostname for d in on})), watched))

    def order(check: SelectedCheck) -> tuple[Any, ...]:
        platform = min(
            (PLATFORMS.index(p) for p in check.item.platforms if p in PLATFORMS), default=99
        )
        return (
            FREQUENCIES.index(check.item.frequency),
            0 if check.watched else 1,
            check.worst,
            -len(check.devices) if check.watched else 0,
            platform,
            check.item.id,
        )

    platforms = sorted({d.platform for d in devices}, key=_platform_rank)
    covered = {p for c in chosen for p in c.item.platforms}
    return Selection(
        checks=tuple(sorted(chosen, key=order)),
        platforms=tuple(platforms),
        features=tuple(sorted({f for d in devices for f in d.features or ()})),
        unknown_features=tuple(sorted(d.hostname for d in devices if d.features is None)),
        uncovered=tuple(sorted(d.hostname for d in devices if d.platform not in covered)),
        device_count=len(devices),
    )


def _platform_rank(platform: str) -> int:
    return PLATFORMS.index(platform) if platform in PLATFORMS else len(PLATFORMS)
