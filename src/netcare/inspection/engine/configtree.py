"""Running configurations as hier_config trees, one driver per NetCare platform.

Config checks and the hardening planner both need the configuration as a hierarchy
(``interface X`` with its children), not as text. hier_config knows each vendor's
indentation and idempotent commands; this module picks its driver for a NetCare platform
and smooths over what hier_config would refuse in real captures:

* Comware and VRP separate sections with ``#`` lines and print top-level commands
  indented by one space right after such a line (`` sysname sw1``); hier_config would
  nest them under the ``#``. They become top-level lines again here.
* Junos is read in ``display set`` form (``set system services ssh``), whatever form it
  was captured in, so a regex path reads the same on a brace or a set capture.
* A capture that repeats a section (two ``vlan 10`` blocks) is merged instead of refused.

Plain Python, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hier_config import HConfig, HConfigChild, Platform, get_hconfig, get_hconfig_driver
from hier_config.exceptions import DuplicateChildError
from hier_config.models import MatchRule, NegationSubRule
from hier_config.platforms.driver_base import HConfigDriverBase

from netcare.collection.parsing.junos_config import set_form

__all__ = [
    "DRIVERS",
    "compile_path",
    "config_tree",
    "driver_for",
    "find",
    "load",
    "normalise",
    "walk",
]

#: hier_config platform per NetCare platform.
DRIVERS: dict[str, Platform] = {
    "hp_comware": Platform.HP_COMWARE5,
    "huawei_vrp": Platform.HUAWEI_VRP,
    "cisco_ios": Platform.CISCO_IOS,
    "cisco_xe": Platform.CISCO_IOS,
    "cisco_nxos": Platform.CISCO_NXOS,
    "juniper_junos": Platform.JUNIPER_JUNOS,
    "arista_eos": Platform.ARISTA_EOS,
}

# Lines that are separators or end markers in Comware/VRP output, not configuration.
_SEPARATOR = re.compile(r"^\s*#")
_VRP_END = re.compile(r"^return\s*$")
# Banners printed above a Cisco-like configuration by the show command itself.
_CISCO_NOISE = re.compile(r"^(?:Building configuration|Current configuration|!Time:|!Command:)")

_driver_cache: dict[Platform, HConfigDriverBase] = {}


def _undo(*lineage: str, search: str, replace: str) -> NegationSubRule:
    """A negation rewritten to the vendor's ``undo`` form (applied to ``undo <line>``)."""
    return NegationSubRule(
        match_rules=tuple(MatchRule(re_search=level) for level in lineage),
        search=search,
        replace=replace,
    )


#: Comware and VRP take most settings back with a shorter ``undo`` than the line that
#: set them (the command references' "undo" forms): ``snmp-agent community read simple
#: public`` is removed by ``undo snmp-agent community public``, and ``undo info-center
#: loghost 10.1.1.1 facility local5`` is refused. Shared by both, as their syntax is here.
_UNDO_FORMS: tuple[NegationSubRule, ...] = (
    _undo(
        r"^snmp-agent community (?:read|write) ",
        search=r"^undo snmp-agent community (?:read|write) (?:simple )?(cipher )?(\S+).*$",
        replace=r"undo snmp-agent community \1\2",
    ),
    _undo(
        r"^info-center loghost ",
        search=r"^undo info-center loghost ((?:vpn-instance \S+ )?(?:ipv6 )?\S+).*$",
        replace=r"undo info-center loghost \1",
    ),
    _undo(
        r"^ntp-service unicast-(?:server|peer) ",
        search=(
            r"^undo (ntp-service unicast-(?:server|peer) (?:ipv6 )?\S+)"
            r"(?:.*?( vpn-instance \S+))?.*$"
        ),
        replace=r"undo \1\2",
    ),
    _undo(
        r"^snmp-agent target-host ",
        search=(
            r"^undo snmp-agent target-host (trap|inform) address udp-domain (\S+) "
            r"((?:udp-port \d+ )?(?:vpn-instance \S+ )?)?params securityname (\S+).*$"
        ),
        replace=r"undo snmp-agent target-host \1 address udp-domain \2 params securityname \4",
    ),
    _undo(r"^header \S+", search=r"^undo header (\S+).*$", replace=r"undo header \1"),
    _undo(r"^sysname ", search=r"^undo sysname .*$", replace="undo sysname"),
    _undo(r"^clock timezone ", search=r"^undo clock timezone .*$", replace="undo clock timezone"),
    _undo(
        r"^snmp-agent sys-info (?:contact|location) ",
        search=r"^undo snmp-agent sys-info (contact|location) .*$",
        replace=r"undo snmp-agent sys-info \1",
    ),
    _undo(
        r"^stp (?:instance \d+ )?priority \d+$",
        search=r"^undo stp (instance \d+ )?priority \d+$",
        replace=r"undo stp \1priority",
    ),
    _undo(r"^stp mode ", search=r"^undo stp mode .*$", replace="undo stp mode"),
    _undo(
        r"^(?:ssh|telnet) server (?:ipv6 )?acl ",
        search=r"^undo (ssh|telnet) server (ipv6 )?acl .*$",
        replace=r"undo \1 server \2acl",
    ),
    _undo(
        r"^(?:user-interface|line) ",
        r"^idle-timeout ",
        search=r"^undo idle-timeout .*$",
        replace="undo idle-timeout",
    ),
    _undo(
        r"^(?:user-interface|line) ",
        r"^acl (?:ipv6 )?\S+ (?:inbound|outbound)$",
        search=r"^undo acl (ipv6 )?\S+ (inbound|outbound)$",
        replace=r"undo acl \1\2",
    ),
    _undo(
        r"^local-user ",
        r"^password ",
        search=r"^undo password .*$",
        replace="undo password",
    ),
    _undo(
        r"^interface ",
        r"^description ",
        search=r"^undo description .*$",
        replace="undo description",
    ),
    _undo(
        r"^interface ",
        r"^port (?:access|link-type) ",
        search=r"^undo port (access vlan|link-type) .*$",
        replace=r"undo port \1",
    ),
)
_EXTRA_RULES = {Platform.HP_COMWARE5: _UNDO_FORMS, Platform.HUAWEI_VRP: _UNDO_FORMS}


def driver_for(platform: str) -> HConfigDriverBase:
    """The hier_config driver for a NetCare platform (generic IOS-like when unknown).

    Drivers are built once per process: hier_config builds a rule set per driver.
    """
    hp = DRIVERS.get(platform, Platform.CISCO_IOS)
    driver = _driver_cache.get(hp)
    if driver is None:
        driver = _driver_cache[hp] = get_hconfig_driver(hp)
        driver.rules.negation_sub.extend(_EXTRA_RULES.get(hp, ()))
    return driver


def _dedent_after_separators(text: str) -> str:
    """Comware/VRP: drop ``#`` and ``return`` lines; a line indented right after a ``#``
    in column 0 (before any unindented line) is a top-level command and loses its
    indentation. An indented `` #`` only separates the parts of the open section (``bgp``
    prints one before each ``ip vpn-instance``): it is dropped and the section stays open."""
    out: list[str] = []
    top_level = True  # no section opened since the last separator
    for line in text.splitlines():
        if not line.strip():
            continue
        if _SEPARATOR.match(line):
            if line[0] == "#":
                top_level = True
            continue
        if _VRP_END.match(line):
            continue
        if line[0] in " \t":
            out.append(line.lstrip() if top_level else line)
        else:
            top_level = False
            out.append(line)
    return "\n".join(out) + "\n"


def normalise(platform: str, text: str) -> str:
    """The configuration text as hier_config should read it for the platform."""
    if platform == "juniper_junos":
        # Whole-line ``#`` comments (RANCID headers) are no statements.
        body = "\n".join(line for line in text.splitlines() if not _SEPARATOR.match(line))
        return set_form(body)
    if platform in ("hp_comware", "huawei_vrp"):
        return _dedent_after_separators(text)
    return "\n".join(line for line in text.splitlines() if not _CISCO_NOISE.match(line)) + "\n"


def _lenient(driver: HConfigDriverBase, text: str) -> HConfig:
    """Indentation-only load that merges repeated sections (hier_config refuses them)."""
    tree = get_hconfig(driver)
    stack: list[tuple[int, HConfig | HConfigChild]] = [(-1, tree)]
    for raw in driver.config_preprocessor(text).splitlines():
        line = raw.rstrip()
        for rule in driver.rules.per_line_sub:
            line = re.sub(rule.search, rule.replace, line)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        while len(stack) > 1 and indent <= stack[-1][0]:
            stack.pop()
        child = stack[-1][1].add_child(" ".join(line.split()), return_if_present=True)
        stack.append((indent, child))
    return tree


@dataclass(frozen=True)
class _DriverRegexes:
    full_text: tuple[tuple[re.Pattern[str], str], ...]
    per_line: tuple[tuple[re.Pattern[str], str], ...]
    indent: tuple[tuple[re.Pattern[str], str], ...]


_regex_cache: dict[int, _DriverRegexes] = {}


def _regexes(driver: HConfigDriverBase) -> _DriverRegexes:
    found = _regex_cache.get(id(driver))
    if found is None:
        rules = driver.rules
        found = _regex_cache[id(driver)] = _DriverRegexes(
            full_text=tuple((re.compile(r.search), r.replace) for r in rules.full_text_sub),
            per_line=tuple((re.compile(r.search), r.replace) for r in rules.per_line_sub),
            indent=tuple(
                (re.compile(r.start_expression), r.end_expression) for r in rules.indent_adjust
            ),
        )
    return found


def _banner_ends(line: str, end_lines: set[str], end_contains: list[str]) -> bool:
    return line.startswith("^") or line in end_lines or any(c in line for c in end_contains)


def load(driver: HConfigDriverBase, text: str) -> HConfig:
    """What ``hier_config.get_hconfig(driver, text)`` returns, built with the driver's
    regexes compiled once instead of looked up per line (hier_config calls ``re.sub``
    with pattern strings: ~16 cache lookups per line, a quarter of an inspection).
    tests/inspection/engine/test_configtree.py proves the trees identical on every real
    configuration in tests/data. Raises what hier_config raises (a repeated section)."""
    compiled = _regexes(driver)
    config = HConfig(driver)
    for regex, replace in compiled.full_text:
        text = regex.sub(replace, text)
    text = driver.config_preprocessor(text)
    section: HConfig | HConfigChild = config
    recent: HConfig | HConfigChild = config
    indent_adjust = 0
    end_adjust: list[str] = []
    banner: list[str] = []
    end_lines = {"EOF", "%", "!"}
    end_contains: list[str] = []
    in_banner = False
    for raw in text.splitlines():
        if in_banner:
            if raw != "!":
                banner.append(raw)
            if _banner_ends(raw, end_lines, end_contains):
                in_banner = False
                recent = config.add_child("\n".join(banner))
                recent.real_indent_level = 0
                section = config
                banner = []
            continue
        if raw.startswith("banner ") and raw != "banner motd ##":
            in_banner = True
            banner.append(raw)
            words = raw.split()
            if len(words) > 2:
                end_contains.append(words[2])
                if words[2].startswith('"'):
                    end_contains.append('"')
                end_lines.add(words[2][:1])
                end_lines.add(words[2][:2])
            continue
        stripped = raw.lstrip()
        line = " " * (len(raw) - len(stripped)) + " ".join(raw.split())
        for regex, replace in compiled.per_line:
            line = regex.sub(replace, line)
        line = line.rstrip()
        if not line:
            continue
        body = line.lstrip()
        indent = len(line) - len(body) + indent_adjust
        while indent <= section.real_indent_level:
            section = section.parent
        if indent > recent.real_indent_level:
            section = recent
        recent = section.add_child(body)
        recent.real_indent_level = indent
        for start, end in compiled.indent:
            if start.search(body):
                indent_adjust += 1
                end_adjust.append(end)
                break
        if end_adjust and re.search(end_adjust[0], body):
            indent_adjust -= 1
            end_adjust.pop(0)
    if in_banner:
        raise ValueError("the configuration ends inside a banner")
    for child in tuple(config.all_children()):
        child.delete_sectional_exit()
    for callback in driver.rules.post_load_callbacks:
        callback(config)
    return config


def config_tree(platform: str, text: str) -> HConfig:
    """The running configuration ``text`` of a device of ``platform`` as a hier_config
    tree. Never raises on a real capture: what hier_config refuses is loaded leniently."""
    driver = driver_for(platform)
    body = normalise(platform, text)
    try:
        return load(driver, body)
    except (DuplicateChildError, ValueError):
        return _lenient(driver, body)


def compile_path(path: str | Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """``"^interface >> ^ip address"`` (or a list of regexes) as compiled regexes."""
    parts = path.split(" >> ") if isinstance(path, str) else list(path)
    return tuple(re.compile(p.strip()) for p in parts if p.strip())


def find(node: HConfig | HConfigChild, regex: re.Pattern[str]) -> list[HConfigChild]:
    """The direct children of ``node`` whose text (without indentation) matches."""
    return [child for child in node.children if regex.search(child.text)]


def walk(
    tree: HConfig | HConfigChild, path_regexes: Sequence[re.Pattern[str] | str] | str
) -> Iterator[HConfigChild]:
    """Every section reached by following ``path_regexes`` from ``tree`` down, one regex
    per level (``[^interface, ^ip address]`` yields each matching ``ip address`` line
    under each interface), in configuration order. An empty path yields nothing."""
    regexes = (
        compile_path(path_regexes)
        if isinstance(path_regexes, str)
        else tuple(re.compile(r) if isinstance(r, str) else r for r in path_regexes)
    )
    if not regexes:
        return
    level: list[HConfig | HConfigChild] = [tree]
    for regex in regexes[:-1]:
        level = [c for node in level for c in find(node, regex)]
    for node in level:
        yield from find(node, regexes[-1])


def section_lines(child: HConfigChild) -> list[str]:
    """The section as printed: its line and all its descendants, indented by depth."""
    return list(child.lines())
