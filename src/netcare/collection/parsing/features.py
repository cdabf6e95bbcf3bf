"""Which features a device uses, read from its running configuration.

The rules are data (``data/features.yaml``): per feature and per configuration dialect,
regexes that switch it on and, where a vendor writes the negation as its own statement
(VRP ``telnet server disable``, NX-OS ``no feature ssh``), regexes that switch it off.
Negations written as ``undo …``/``no …`` need no rule: every positive pattern is anchored
at the start of a line, so ``undo telnet server enable`` and ``no ip http server`` never
match ``telnet server enable`` or ``ip http server``.

Junos configurations are read in ``display set`` form (a hierarchical one is converted
first, see :mod:`.junos_config`); ``deactivate`` statements remove
the ``set`` lines beneath the deactivated path, because Junos ignores them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from netcare.collection.parsing import junos_config

__all__ = [
    "DIALECTS",
    "FEATURE_NAMES",
    "FeatureRule",
    "detect_features",
    "dialect_for",
    "feature_rules",
    "validate_feature_rules",
]

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "features.yaml"

DIALECTS: tuple[str, ...] = ("comware", "vrp", "ios", "nxos", "eos", "junos")
_PLATFORM_DIALECT = {
    "hp_comware": "comware",
    "huawei_vrp": "vrp",
    "cisco_ios": "ios",
    "cisco_xe": "ios",
    "cisco_nxos": "nxos",
    "arista_eos": "eos",
    "juniper_junos": "junos",
}


@dataclass(frozen=True)
class FeatureRule:
    """How one feature is recognised in each dialect."""

    name: str
    meaning: str
    on: dict[str, tuple[re.Pattern[str], ...]]
    off: dict[str, tuple[re.Pattern[str], ...]]
    default_on: frozenset[str]


def dialect_for(platform: str) -> str:
    """The configuration dialect of a platform (``cisco_xe`` writes IOS syntax)."""
    try:
        return _PLATFORM_DIALECT[platform]
    except KeyError:
        raise KeyError(f"unknown platform {platform!r}") from None


def validate_feature_rules(data: object) -> list[str]:
    """Schema errors of the feature rule file (empty when valid)."""
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return ["top level must be a mapping with a 'features' list"]
    errors: list[str] = []
    names: set[str] = set()
    for i, item in enumerate(data["features"]):
        if not isinstance(item, dict):
            errors.append(f"[{i}] must be a mapping")
            continue
        name = item.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            errors.append(f"[{i}] name must be snake_case")
        elif name in names:
            errors.append(f"[{i}] duplicate feature {name}")
        else:
            names.add(name)
        if not isinstance(item.get("meaning"), str):
            errors.append(f"{name}: meaning missing")
        match = item.get("match")
        if not isinstance(match, dict) or set(match) != set(DIALECTS):
            errors.append(f"{name}: 'match' must list every dialect {DIALECTS}")
        for part in ("match", "unless"):
            for dialect, patterns in (item.get(part) or {}).items():
                if dialect not in DIALECTS:
                    errors.append(f"{name}.{part}: unknown dialect {dialect}")
                for pattern in patterns or []:
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        errors.append(f"{name}.{part}.{dialect}: bad regex {pattern!r}: {exc}")
        for dialect in item.get("default_on", []):
            if dialect not in DIALECTS:
                errors.append(f"{name}.default_on: unknown dialect {dialect}")
    return errors


def _compile(patterns: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.M | re.I) for p in patterns or [])


@functools.lru_cache(maxsize=1)
def feature_rules() -> tuple[FeatureRule, ...]:
    """The rules, loaded and compiled once; raises ValueError on a broken rule file."""
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    errors = validate_feature_rules(data)
    if errors:
        raise ValueError("; ".join(errors))
    return tuple(
        FeatureRule(
            name=item["name"],
            meaning=item["meaning"],
            on={d: _compile(item["match"].get(d)) for d in DIALECTS},
            off={d: _compile((item.get("unless") or {}).get(d)) for d in DIALECTS},
            default_on=frozenset(item.get("default_on", [])),
        )
        for item in data["features"]
    )


FEATURE_NAMES: tuple[str, ...] = tuple(rule.name for rule in feature_rules())


def _junos_active(config: str) -> str:
    """Drop ``set`` lines under a ``deactivate``d path, as Junos does."""
    inactive = [
        line[len("deactivate ") :].strip()
        for line in config.splitlines()
        if line.startswith("deactivate ")
    ]
    if not inactive:
        return config
    kept = [
        line
        for line in config.splitlines()
        if not any(line.startswith(f"set {path} ") or line == f"set {path}" for path in inactive)
    ]
    return "\n".join(kept) + "\n"


def _last_position(patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    last = -1
    for pattern in patterns:
        for m in pattern.finditer(text):
            last = max(last, m.start())
    return last


def detect_features(platform: str, config: str) -> list[str]:
    """Sorted feature names in use according to a running configuration.

    An empty or missing configuration yields an empty list: nothing is assumed on,
    not even defaults, because we cannot tell a device from an empty file.
    """
    dialect = dialect_for(platform)
    if not config.strip():
        return []
    # Junos arrives hierarchical (``show configuration``) or flat (``| display set``).
    text = _junos_active(junos_config.set_form(config)) if dialect == "junos" else config
    text = text.replace("\r\n", "\n")
    found: list[str] = []
    for rule in feature_rules():
        on_at = _last_position(rule.on[dialect], text)
        off_at = _last_position(rule.off[dialect], text)
        if on_at < 0 and dialect in rule.default_on:
            on_at = 0 if off_at < 0 else -1
        if on_at >= 0 and on_at > off_at:
            found.append(rule.name)
    return sorted(found)
