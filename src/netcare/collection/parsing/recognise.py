"""Recognise vendor, platform, OS generation and hostname in collected text.

Archives arrive as whatever the engineer saved: one file per command, or one terminal
log holding a whole session. The prompt tells the vendor family (``<H3C>`` and
``[~HUAWEI]`` are VRP/Comware, ``Router#`` IOS-like, ``user@host>`` Junos) and the
version banner tells the platform exactly. Comware 5 and 7, VRP 5 and 8 share platform
names but differ in commands and output, so the generation is read from the banner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netcare.collection.parsing import commands
from netcare.collection.parsing.hygiene import clean_text

__all__ = [
    "Recognition",
    "SessionChunk",
    "hostname",
    "hostname_from_prompt",
    "platform_of",
    "recognise",
    "split_session",
]

# Banner fingerprints, checked in order: the more specific first (IOS-XE before IOS,
# NX-OS before IOS since NX-OS banners also say "Cisco").
_BANNERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cisco_xe", re.compile(r"Cisco IOS[ -]XE Software|IOS-XE ROMMON|\(X86_64_LINUX_IOSD", re.I)),
    ("cisco_nxos", re.compile(r"Cisco Nexus Operating System|NX-OS|\bNXOS\b", re.I)),
    ("cisco_ios", re.compile(r"Cisco IOS Software|Cisco Internetwork Operating System", re.I)),
    ("juniper_junos", re.compile(r"^\s*JUNOS |Junos:\s*\d|JUNOS Software Release", re.I | re.M)),
    ("arista_eos", re.compile(r"Arista\s+\S+|^Software image version:\s*\d", re.M)),
    ("huawei_vrp", re.compile(r"Huawei Versatile Routing Platform|VRP \(R\) software", re.I)),
    ("hp_comware", re.compile(r"Comware (?:Platform )?Software|Comware Software, Version", re.I)),
)
# Literals, one of which each banner's every alternative holds (lower case when the
# banner ignores case). Absent from an ASCII text, they rule a banner out without the
# case-insensitive search, which is slow; ASCII case folding is exactly str.lower().
_BANNER_WORDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "cisco_xe": (("xe software", "ios-xe rommon", "(x86_64_linux_iosd"), True),
    "cisco_nxos": (("cisco nexus operating system", "nx-os", "nxos"), True),
    "cisco_ios": (("cisco ios software", "cisco internetwork operating system"), True),
    "juniper_junos": (("junos",), True),
    "arista_eos": (("Arista", "Software image version:"), False),
    "huawei_vrp": (("huawei versatile routing platform", "vrp (r) software"), True),
    "hp_comware": (("comware",), True),
}
_COMWARE_VERSION = re.compile(r"Software,\s+Version\s+(\d+)\.(\d+)")
_VRP_VERSION = re.compile(r"VRP \(R\) software, Version\s+(\d+)\.(\d+)", re.I)
_VRP_PRODUCT = re.compile(r"\bV(\d)00R\d{3}C\d{2}")

# Prompts. Comware/VRP user view <name>, system view [name] / [~name] / [*name] (VRP 8
# marks uncommitted changes with ~ and *), view names like [name-GigabitEthernet0/0/1].
_PROMPT_ANGLE = re.compile(r"^<(?P<host>[^<>\s]{1,64})>")
_PROMPT_SQUARE = re.compile(r"^\[[~*]?(?P<host>[^\[\]\s-]{1,64})(?:-[^\]]*)?\]")
_PROMPT_JUNOS = re.compile(r"^(?:\{\w+(?::\d+)?\}\s*)?(?P<user>[\w.-]+)@(?P<host>[\w.-]+)[>#%]")
# IOS/NX-OS/EOS: "Router#", "switch>", "sw1(config-if)#"; never a bare "#" comment.
_PROMPT_CISCO = re.compile(r"^(?P<host>[A-Za-z0-9][\w.-]{0,62})(?:\([\w./-]+\))?[#>]")

_PROMPT_LINE = re.compile(
    r"^(?P<prompt>"
    r"<[^<>\s]{1,64}>"
    r"|\[[~*]?[^\[\]\s]{1,80}\]"
    r"|(?:\{\w+(?::\d+)?\}\s*)?[\w.-]+@[\w.-]+[>#%]"
    r"|[A-Za-z0-9][\w.-]{0,62}(?:\([\w./-]+\))?[#>]"
    r")\s?(?P<command>.*)$"
)


@dataclass(frozen=True)
class Recognition:
    """What a text says about the device; any part may be None when not shown."""

    platform: str | None
    os_family: str | None
    os_major: int | None
    hostname: str | None


@dataclass(frozen=True)
class SessionChunk:
    """One command typed at a prompt and the output that followed it."""

    prompt: str
    hostname: str | None
    command: str
    output: str
    key: str | None = None


_OS_FAMILY = {
    "hp_comware": "comware",
    "huawei_vrp": "vrp",
    "cisco_ios": "ios",
    "cisco_xe": "iosxe",
    "cisco_nxos": "nxos",
    "juniper_junos": "junos",
    "arista_eos": "eos",
}


def os_major(platform: str, text: str) -> int | None:
    """Comware 5/7 from ``Version 5.20``/``7.1.070``; VRP 5/8 from ``Version 8.180`` or
    the product version ``V800R011``; the leading number elsewhere."""
    if platform == "hp_comware":
        m = _COMWARE_VERSION.search(text)
        return int(m.group(1)) if m else None
    if platform == "huawei_vrp":
        m = _VRP_VERSION.search(text)
        if m:
            return int(m.group(1))
        p = _VRP_PRODUCT.search(text)
        return 8 if p and p.group(1) == "8" else (5 if p else None)
    return None


def hostname_from_prompt(line: str) -> str | None:
    """The device name a prompt line shows, or None when the line is not a prompt."""
    stripped = line.strip()
    for pattern in (_PROMPT_ANGLE, _PROMPT_SQUARE, _PROMPT_JUNOS, _PROMPT_CISCO):
        m = pattern.match(stripped)
        if m:
            return m.group("host")
    return None


def _platform_from_prompts(text: str) -> str | None:
    for line in text.splitlines()[:400]:
        s = line.strip()
        if _PROMPT_ANGLE.match(s) or _PROMPT_SQUARE.match(s):
            # VRP 8 system view shows "[~HUAWEI]"; otherwise only the banner can tell.
            return "huawei_vrp" if s.startswith(("[~", "[*")) else None
        if _PROMPT_JUNOS.match(s):
            return "juniper_junos"
    return None


# _PROMPT_LINE over a whole text at once: the first prompt of each line after its
# leading blanks, as ``line.strip()`` would leave it (a prompt holds no blanks, so the
# trailing ones do not matter). Clean text holds no line separator but "\n".
_PROMPT_LINES = re.compile(r"^[^\S\n]*" + _PROMPT_LINE.pattern[1:], re.M)
_UPTIME_HOST = re.compile(r"^(\S+) uptime is ", re.M)


def _banner_platform(body: str) -> str | None:
    lowered = body.lower() if body.isascii() else None
    for name, rx in _BANNERS:
        words, folded = _BANNER_WORDS[name]
        haystack = lowered if folded else body
        if haystack is not None and not any(word in haystack for word in words):
            continue
        if rx.search(body):
            return name
    return None


def platform_of(text: str, *, cleaned: bool = False) -> str | None:
    """The platform of :func:`recognise`, without looking for the hostname."""
    body = text if cleaned else clean_text(text)
    return _banner_platform(body) or _platform_from_prompts(body)


def hostname(text: str, *, cleaned: bool = False) -> str | None:
    """The hostname of :func:`recognise`: the first prompt's, else an IOS/IOS-XE banner's
    ``<name> uptime is`` line. ``cleaned`` says ``text`` is already clean."""
    body = text if cleaned else clean_text(text)
    for m in _PROMPT_LINES.finditer(body):
        found = hostname_from_prompt(m.group("prompt"))
        if found:
            return found
    uptime = _UPTIME_HOST.search(body)
    # Only the banner tells IOS from the rest, and it is only worth reading when the
    # uptime line is there.
    if uptime is not None and _banner_platform(body) in ("cisco_ios", "cisco_xe"):
        return uptime.group(1)
    return None


def recognise(text: str) -> Recognition:
    """Guess platform, OS generation and hostname from a version output or a session log."""
    body = clean_text(text)
    platform = platform_of(body, cleaned=True)
    return Recognition(
        platform=platform,
        os_family=_OS_FAMILY.get(platform) if platform else None,
        os_major=os_major(platform, body) if platform else None,
        hostname=hostname(body, cleaned=True),
    )


def split_session(text: str, platform: str | None = None) -> list[SessionChunk]:
    """Split a terminal log into (prompt, command, output) chunks.

    A prompt line that carries no command (an engineer pressing Enter) closes the
    previous chunk without opening a new one. Text before the first prompt (login
    banner) is dropped. Prompts are only trusted when the same prompt text recurs or
    the command resolves for the platform, so an output line such as ``Gi0/1#`` in a
    description does not split an output.
    """
    body = clean_text(text)
    lines = body.splitlines()
    candidates: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        m = _PROMPT_LINE.match(line)
        if m:
            candidates.append((i, m.group("prompt"), m.group("command").strip()))
    counts: dict[str, int] = {}
    for _, prompt, _ in candidates:
        host = hostname_from_prompt(prompt) or prompt
        counts[host] = counts.get(host, 0) + 1
    plat = platform or recognise(body).platform
    prompts = [
        (i, prompt, cmd)
        for i, prompt, cmd in candidates
        if counts[hostname_from_prompt(prompt) or prompt] > 1
        or (plat is not None and cmd and commands.resolve(plat, cmd) is not None)
    ]
    chunks: list[SessionChunk] = []
    for n, (i, prompt, cmd) in enumerate(prompts):
        end = prompts[n + 1][0] if n + 1 < len(prompts) else len(lines)
        if not cmd:
            continue
        output = "\n".join(lines[i + 1 : end]).strip("\n")
        key = commands.key_for(plat, cmd) if plat in commands.PLATFORMS else None
        chunks.append(
            SessionChunk(
                prompt=prompt,
                hostname=hostname_from_prompt(prompt),
                command=cmd,
                output=output + "\n" if output else "",
                key=key,
            )
        )
    return chunks
