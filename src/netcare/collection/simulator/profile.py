"""Simulated device profiles: the on-disk device directory format and its loader.

One folder per device holds ``device.yaml`` and one text file per command. The format is
documented in ``docs/simulator.md``; this module is its single reader, and it rejects
unknown keys so that a typo in a behaviour never silently yields a well-behaved device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PLATFORMS = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)

DEVICE_FILE = "device.yaml"
OUTPUT_SUFFIX = ".txt"

_TOP_KEYS = {
    "hostname",
    "platform",
    "username",
    "password",
    "enable_secret",
    "vrp8",
    "port",
    "banner",
    "page_length",
    "outputs_from",
    "behaviour",
}
_BEHAVIOUR_KEYS = {
    "refuse_password",
    "hang_at_login",
    "hang_on",
    "disconnect_on",
    "disconnect_after_lines",
    "slow",
    "sticky_paging",
}


class ProfileError(ValueError):
    """A device directory that does not follow the documented format."""


def command_key(command: str) -> str:
    """Return the file stem a command's recorded output is stored under.

    Lower-cased, every run of characters other than ``a-z0-9`` becomes one ``_``:
    ``display version`` → ``display_version``, ``show running-config`` →
    ``show_running_config``. Devices accept abbreviations, so the key is also what an
    abbreviated command is matched against, word by word (see ``DeviceProfile.find``).
    """
    return re.sub(r"[^a-z0-9]+", "_", command.strip().lower()).strip("_")


@dataclass(frozen=True)
class SlowOutput:
    """Send the output in chunks of ``lines`` lines with ``delay`` seconds between them."""

    lines: int = 5
    delay: float = 0.1


@dataclass(frozen=True)
class Behaviour:
    """Deliberate misbehaviour of one simulated device, for tests and demos."""

    refuse_password: bool = False
    hang_at_login: bool = False
    hang_on: tuple[str, ...] = ()
    disconnect_on: str = ""
    disconnect_after_lines: int = 5
    slow: SlowOutput | None = None
    sticky_paging: bool = False

    def hangs_on(self, key: str) -> bool:
        """Whether the command with this key is accepted and then never answered."""
        return "*" in self.hang_on or key in self.hang_on


@dataclass(frozen=True)
class DeviceProfile:
    """One simulated device: identity, credentials, recorded outputs and behaviour."""

    name: str
    hostname: str
    platform: str
    username: str
    password: str = field(repr=False)
    outputs: dict[str, str] = field(repr=False)
    enable_secret: str = field(default="", repr=False)
    vrp8: bool = False
    port: int | None = None
    banner: str = ""
    page_length: int = 24
    behaviour: Behaviour = field(default_factory=Behaviour)

    def find(self, command: str) -> str | None:
        """Return the output key for a command, accepting unambiguous abbreviations.

        Network CLIs accept any unique prefix of each word (``disp ver``), so a command
        matches a recorded one when it has the same number of words and each word is a
        prefix of the recorded word. An ambiguous abbreviation matches nothing, as on
        the device.
        """
        key = command_key(command)
        if key in self.outputs:
            return key
        words = key.split("_")
        matches = [
            known
            for known in self.outputs
            if len(known.split("_")) == len(words)
            and all(k.startswith(w) for w, k in zip(words, known.split("_"), strict=True))
        ]
        return matches[0] if len(matches) == 1 else None

    def known_prefix_words(self, command: str) -> int:
        """How many leading words of a command match some recorded command.

        Used to place the ``^`` of the vendor's error answer under the first word the
        device would not understand.
        """
        words = command.split()
        best = 0
        for known in self.outputs:
            known_words = known.split("_")
            count = 0
            for word, known_word in zip(words, known_words, strict=False):
                if not known_word.startswith(command_key(word) or "\0"):
                    break
                count += 1
            best = max(best, count)
        return best


def _read_outputs(folder: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    for path in sorted(folder.glob(f"*{OUTPUT_SUFFIX}")):
        text = path.read_text(encoding="utf-8")
        outputs[command_key(path.stem)] = text.replace("\r\n", "\n")
    return outputs


def _behaviour(raw: Any, where: Path) -> Behaviour:
    if raw is None:
        return Behaviour()
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: 'behaviour' must be a mapping")
    unknown = set(raw) - _BEHAVIOUR_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown behaviour keys {sorted(unknown)}")
    hang_on = raw.get("hang_on", [])
    if isinstance(hang_on, str):
        hang_on = [hang_on]
    slow_raw = raw.get("slow")
    slow = None
    if slow_raw:
        slow_map = slow_raw if isinstance(slow_raw, dict) else {}
        slow = SlowOutput(
            lines=int(slow_map.get("lines", 5)), delay=float(slow_map.get("delay", 0.1))
        )
    disconnect_on = raw.get("disconnect_on", "")
    return Behaviour(
        refuse_password=bool(raw.get("refuse_password", False)),
        hang_at_login=bool(raw.get("hang_at_login", False)),
        hang_on=tuple("*" if c == "*" else command_key(c) for c in hang_on),
        disconnect_on=command_key(disconnect_on) if disconnect_on else "",
        disconnect_after_lines=int(raw.get("disconnect_after_lines", 5)),
        slow=slow,
        sticky_paging=bool(raw.get("sticky_paging", False)),
    )


def load_device(folder: Path) -> DeviceProfile:
    """Load one device directory; raise ``ProfileError`` naming the file and key on error."""
    where = folder / DEVICE_FILE
    try:
        raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{where}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{where}: expected a mapping")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("hostname", "platform", "username", "password"):
        if not raw.get(key):
            raise ProfileError(f"{where}: '{key}' is required")
    platform = str(raw["platform"])
    if platform not in PLATFORMS:
        raise ProfileError(f"{where}: platform {platform!r} is not one of {PLATFORMS}")

    outputs: dict[str, str] = {}
    if raw.get("outputs_from"):
        # Shared recordings keep ~60 demo devices from needing 60 copies of each file;
        # the device's own files override the shared ones.
        outputs.update(_read_outputs((folder / str(raw["outputs_from"])).resolve()))
    outputs.update(_read_outputs(folder))
    port = raw.get("port")
    return DeviceProfile(
        name=folder.name,
        hostname=str(raw["hostname"]),
        platform=platform,
        username=str(raw["username"]),
        password=str(raw["password"]),
        outputs=outputs,
        enable_secret=str(raw.get("enable_secret") or ""),
        vrp8=bool(raw.get("vrp8", False)),
        port=int(port) if port is not None else None,
        banner=str(raw.get("banner") or ""),
        page_length=int(raw.get("page_length", 24)),
        behaviour=_behaviour(raw.get("behaviour"), where),
    )


def load_devices(directory: Path) -> list[DeviceProfile]:
    """Load every device folder (one holding ``device.yaml``) under ``directory``, by name."""
    folders = sorted(p for p in directory.iterdir() if (p / DEVICE_FILE).is_file())
    if not folders:
        raise ProfileError(f"{directory}: no device folders (with {DEVICE_FILE}) found")
    return [load_device(folder) for folder in folders]
