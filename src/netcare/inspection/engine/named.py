"""Named checks: what a rule needs that facts and regexes cannot say.

A ``python`` check (docs/rule-packs.md) names a function registered here. It receives
the device (:class:`Device`: its data, facts, outputs, platform and its configuration
tree parsed once) and returns the findings as ``(subject, evidence lines)`` pairs, or a
:class:`~netcare.inspection.engine.model.Text` saying why it could not be assessed.
Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hier_config import HConfig

from .configtree import config_tree, walk
from .model import DeviceData, Text

__all__ = ["REGISTRY", "Device", "Outcome", "register"]

Outcome = list[tuple[str, Sequence[str]]] | Text
NamedCheck = Callable[["Device"], Outcome]

#: name → function; a pack refers to a check by its name.
REGISTRY: dict[str, NamedCheck] = {}


def register(name: str) -> Callable[[NamedCheck], NamedCheck]:
    """Make a function available to packs as ``check: {kind: python, name: <name>}``."""

    def wrap(func: NamedCheck) -> NamedCheck:
        if name in REGISTRY:
            raise ValueError(f"named check {name!r} registered twice")
        REGISTRY[name] = func
        return func

    return wrap


@dataclass
class Device:
    """One device as the evaluator sees it: the data plus what is derived once from it
    (the configuration tree is parsed on first use and shared by every rule)."""

    data: DeviceData
    _tree: HConfig | None = field(default=None, repr=False)
    _tree_done: bool = field(default=False, repr=False)

    @property
    def facts(self) -> dict[str, Any]:
        return self.data.facts

    @property
    def outputs(self) -> dict[str, str]:
        return self.data.outputs

    @property
    def platform(self) -> str:
        return str(self.data.facts.get("platform") or "")

    @property
    def tree(self) -> HConfig | None:
        """The running configuration as a hier_config tree (None when not collected)."""
        if not self._tree_done:
            text = self.data.facts.get("config_text") or self.data.outputs.get("running_config")
            self._tree = config_tree(self.platform, text) if text else None
            self._tree_done = True
        return self._tree


def _missing(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


# --- spanning tree -------------------------------------------------------------------

# Cisco IOS/XE/EOS detail output: "VLAN0200" header, then "Root ID    Priority    24776".
_STP_BLOCK = re.compile(r"^(?:\w+:)?(VLAN\d+|MST\d+|MSTI? ?\d+)\s*$", re.M)
_STP_ROOT_PRIORITY = re.compile(r"Root ID\s+Priority\s+(\d+)")
# NX-OS "show spanning-tree root" table: "VLAN0001   1 1211.a111.1111   0 ...".
_STP_ROOT_TABLE = re.compile(
    r"^(VLAN\d+|MST\d+)\s+(\d+)\s+[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}\s", re.M
)
# Comware/VRP "display stp": "-------[CIST Global Info][Mode MSTP]-------" then
# "CIST Root/ERPC     :32768.0cda-41b3-4c3a / 0"; Junos "Root ID : 32768.00:19:..".
_STP_INSTANCE = re.compile(r"\[(CIST|MSTI\s*\d+|Instance\s*\d+)[^\]]*\]", re.I)
_STP_ROOT_DOTTED = re.compile(r"(?:Root/ERPC|Root ID|Root bridge ID)\s*:\s*(\d+)\.", re.I)

# A root left at the default priority (32768 plus the VLAN's sys-id-ext) was elected by
# the lowest MAC address: any switch plugged in with a lower one takes the root over.
_DEFAULT_LOW, _DEFAULT_HIGH = 32768, 32768 + 4095


def _stp_roots(text: str) -> list[tuple[str, int, str]]:
    """(instance, root priority, evidence line) for each spanning-tree instance shown."""
    roots: list[tuple[str, int, str]] = []
    for m in _STP_ROOT_TABLE.finditer(text):
        roots.append((m.group(1), int(m.group(2)), m.group(0).strip()))
    if roots:
        return roots
    for splitter, prio in ((_STP_BLOCK, _STP_ROOT_PRIORITY), (_STP_INSTANCE, _STP_ROOT_DOTTED)):
        heads = list(splitter.finditer(text))
        for n, head in enumerate(heads):
            end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
            found = prio.search(text, head.end(), end)
            if found:
                line = text[text.rfind("\n", 0, found.start()) + 1 : text.find("\n", found.end())]
                roots.append((head.group(1), int(found.group(1)), line.strip()))
        if roots:
            return roots
    found = _STP_ROOT_DOTTED.search(text)
    if found:
        roots.append(("CIST", int(found.group(1)), found.group(0)))
    return roots


@register("stp_root_not_pinned")
def stp_root_not_pinned(device: Device) -> Outcome:
    """Spanning-tree instances whose root bridge runs the default priority."""
    text = device.outputs.get("stp")
    if not text:
        return _missing("未采集生成树输出", "no spanning-tree output collected")
    roots = _stp_roots(text)
    if not roots:
        return _missing(
            "生成树输出中未找到根桥信息", "no root bridge shown in the spanning-tree output"
        )
    return [
        (instance, [line])
        for instance, priority, line in roots
        if _DEFAULT_LOW <= priority <= _DEFAULT_HIGH
    ]


# --- uplinks and ports ---------------------------------------------------------------

_TRUNK = re.compile(r"^(?:switchport mode trunk|port link-type trunk|port link-type hybrid)$")
_AGGREGATE = re.compile(
    r"^interface (?:Port-channel|port-channel|Bridge-Aggregation|Eth-Trunk|ae)\S*", re.I
)
_MEMBER = re.compile(r"^(?:channel-group|port link-aggregation group|eth-trunk|join eth-trunk)\b")
_SHUTDOWN = re.compile(r"^shutdown$")
_VIRTUAL = re.compile(
    r"^(?:vlan|vlanif|vlan-interface|loopback|null|tunnel|port-channel|bridge-aggregation|"
    r"eth-trunk|nve|mgmt|management|meth|inloopback|ae|lo|irb|vme|em|fxp|me|dialer|bdi|virtual)",
    re.I,
)


@register("single_uplink")
def single_uplink(device: Device) -> Outcome:
    """A switch that reaches the rest of the network over exactly one trunk link, with
    no link aggregation: one cable or one port failing cuts it off."""
    tree = device.tree
    if tree is None:
        return _missing("未采集运行配置", "no running configuration collected")
    if device.platform == "juniper_junos":
        return _missing("Junos 的上联判断尚未支持", "uplinks are not read on Junos yet")
    trunks: list[str] = []
    for section in walk(tree, [re.compile(r"^interface ")]):
        children = [c.text for c in section.children]
        if any(_SHUTDOWN.match(t) for t in children):
            continue
        if _AGGREGATE.match(section.text) or any(_MEMBER.match(t) for t in children):
            if any(_TRUNK.match(t) for t in children) or _AGGREGATE.match(section.text):
                return []  # an aggregated uplink: not single
            continue
        if any(_TRUNK.match(t) for t in children):
            trunks.append(section.text)
    if len(trunks) != 1:
        return []
    return [(trunks[0].removeprefix("interface ").strip(), [trunks[0]])]


def _link_down(item: dict[str, Any]) -> bool:
    """Enabled (not shut) but without link, whatever the vendor's spelling."""
    state = item.get("state")
    if state is not None:
        return bool(state == "down")
    status = str(item.get("status") or "").lower()
    return status in ("down", "notconnect", "not connected", "disabled") or (
        status.startswith("down") and "admin" not in status
    )


@register("unused_ports_enabled")
def unused_ports_enabled(device: Device) -> Outcome:
    """Physical ports left enabled with nothing connected: anyone can plug in there."""
    interfaces = device.facts.get("interfaces") or []
    if not interfaces:
        return _missing("未采集接口状态", "no interface status collected")
    down = sorted(
        str(item.get("name"))
        for item in interfaces
        if item.get("name") and not _VIRTUAL.match(str(item["name"])) and _link_down(item)
    )
    if not down:
        return []
    evidence = [f"{name}: down" for name in down[:19]]
    if len(down) > 19:
        evidence.append(f"… +{len(down) - 19}")
    return [("", evidence)]
