"""The inspection command set per platform, kept as data in ``data/commands/<platform>.yaml``.

Field engineers type commands the way the CLI lets them: ``dis cur``, ``disp int br``,
``sh run``, ``show running-config | no-more``. :func:`resolve` maps any such spelling to
the command-set entry, so an archive of hand-typed sessions lands on the same keys as the
SSH collector's outputs.

Abbreviation follows the vendors' own rule: every typed word is a prefix of the word at
the same position of the full command, and the word counts are equal. When two entries
fit (``dis int`` is a prefix of ``display interface`` only, but ``sh int`` fits IOS
``show interfaces`` and nothing else) the exact alias wins; a remaining tie is ambiguous
and answers None, as the device itself would answer "% Ambiguous command".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "KEYS",
    "PLATFORMS",
    "CommandEntry",
    "command_set",
    "key_for",
    "load_command_set",
    "resolve",
    "validate_command_data",
]

PLATFORMS: tuple[str, ...] = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)

# The fixed key vocabulary. Facts and inspection rules read outputs by these keys.
KEYS: tuple[str, ...] = (
    "version",
    "inventory",
    "modules",
    "power",
    "fans",
    "environment",
    "temperature",
    "cpu",
    "memory",
    "interfaces",
    "interface_errors",
    "logs",
    "alarms",
    "clock",
    "ntp",
    "running_config",
    "stack",
    "stp",
    "license",
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "commands"

# Output modifiers that leave the output whole. Any other pipe (include, begin, exclude,
# section, match) filters lines, so the output is not what the key promises.
_HARMLESS_PIPES = re.compile(r"\s*\|\s*(?:no-more|no-more\s*)$", re.IGNORECASE)


@dataclass(frozen=True)
class CommandEntry:
    """One inspection command: key, canonical command, accepted spellings, parser.

    ``parser`` is ``ntc`` / ``ntc:<command>`` (ntc-templates' index), ``own:<file>``
    (``data/templates``) or ``none`` (kept raw, e.g. configurations), or None to let
    :mod:`templates` find one.
    """

    platform: str
    key: str
    command: str
    aliases: tuple[str, ...] = ()
    parser: str | None = None


def _norm(command: str) -> str:
    return " ".join(command.lower().split())


def validate_command_data(platform: str, data: object) -> list[str]:
    """Schema errors of one platform's command YAML (empty list when valid)."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("commands"), list):
        return [f"{platform}: top level must be a mapping with a 'commands' list"]
    if data.get("platform") != platform:
        errors.append(f"{platform}: 'platform' must be {platform!r}")
    seen: set[str] = set()
    for i, item in enumerate(data["commands"]):
        where = f"{platform}[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        unknown = set(item) - {"key", "command", "aliases", "parser"}
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}")
        key = item.get("key")
        if key not in KEYS:
            errors.append(f"{where}: key {key!r} not in the key vocabulary")
        elif key in seen:
            errors.append(f"{where}: duplicate key {key!r}")
        else:
            seen.add(key)
        if not isinstance(item.get("command"), str) or not item["command"].strip():
            errors.append(f"{where}: command must be a non-empty string")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            errors.append(f"{where}: aliases must be a list of strings")
        parser = item.get("parser")
        if parser is not None and not (
            isinstance(parser, str) and re.fullmatch(r"ntc(:.+)?|own:\S+\.textfsm|none", parser)
        ):
            errors.append(
                f"{where}: parser {parser!r} must be ntc[:cmd], own:<file>.textfsm or none"
            )
    for key in ("version", "running_config"):
        if key not in seen:
            errors.append(f"{platform}: missing mandatory key {key!r}")
    return errors


def load_command_set(platform: str, path: Path | None = None) -> tuple[CommandEntry, ...]:
    """Read and check one platform's YAML; raises ValueError listing schema errors."""
    source = path or DATA_DIR / f"{platform}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    errors = validate_command_data(platform, data)
    if errors:
        raise ValueError("; ".join(errors))
    return tuple(
        CommandEntry(
            platform=platform,
            key=item["key"],
            command=_norm(item["command"]),
            aliases=tuple(_norm(a) for a in item.get("aliases", [])),
            parser=item.get("parser"),
        )
        for item in data["commands"]
    )


@functools.lru_cache(maxsize=len(PLATFORMS))
def command_set(platform: str) -> tuple[CommandEntry, ...]:
    """The platform's inspection commands, in the order a collector should run them."""
    if platform not in PLATFORMS:
        raise KeyError(f"unknown platform {platform!r}; use one of {', '.join(PLATFORMS)}")
    return load_command_set(platform)


def _is_abbreviation(typed: list[str], full: list[str]) -> bool:
    return len(typed) == len(full) and all(
        f.startswith(t) for t, f in zip(typed, full, strict=True)
    )


@functools.lru_cache(maxsize=8192)
def resolve(platform: str, typed: str) -> CommandEntry | None:
    """The command-set entry for a key or a typed command (abbreviated or full), or None."""
    if platform not in PLATFORMS:
        return None
    entries = command_set(platform)
    text = _norm(typed)
    for _ in range(2):
        for entry in entries:
            if text == entry.key or text == entry.command or text in entry.aliases:
                return entry
        text = _HARMLESS_PIPES.sub("", text)
    if "|" in text or not text:
        return None
    words = text.split()
    matches = [
        entry
        for entry in entries
        if any(_is_abbreviation(words, cand.split()) for cand in (entry.command, *entry.aliases))
    ]
    return matches[0] if len(matches) == 1 else None


def key_for(platform: str, typed: str) -> str | None:
    """The command key (``version``, ``running_config``…) a typed command stands for."""
    entry = resolve(platform, typed)
    return entry.key if entry else None
