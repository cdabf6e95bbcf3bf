"""Turn what a terminal recorded into the text a device meant to print.

Raw outputs reach us through SSH channels, SecureCRT/PuTTY/Xshell logs and archives that
field engineers zipped on Windows laptops. They carry:

* bytes in UTF-8 or, on Chinese H3C/Huawei devices, GB18030/GBK (banners, descriptions,
  ``display logbuffer`` of a device set to ``language-mode chinese``);
* CRLF or lone CR line ends;
* ANSI escape sequences: Comware and VRP erase their pager prompt with
  ``ESC[16D``/``ESC[42D`` (cursor back), 16/42 spaces and another cursor-back;
* backspaces: IOS erases `` --More-- `` with ten ``\\b``, ten spaces, ten ``\\b``;
* pager remnants that survived because the capture tool already dropped the escapes.

:func:`clean` undoes all of this, is idempotent and never raises. It emulates only the
cursor movements vendors use on a single line (back, forward, column, erase), which keeps
configuration indentation intact after a ``---- More ----`` was wiped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CleanText",
    "clean",
    "clean_text",
    "decode",
    "truncation_hints",
]

# Pager prompts: Comware/VRP "---- More ----", IOS/NX-OS/EOS "--More--", Junos "---(more 42%)---",
# VRP in Chinese "---- 更多 ----".
_PAGER = re.compile(
    r"[ \t]*(?:-{2,4}[ \t]*(?:More|MORE|more|更多)[ \t]*-{2,4}|-{3}\(more(?: \d{1,3}%)?\)-{3})"
)
# After a pager prompt that was NOT erased with escapes the spaces the vendor printed to
# blank it remain: VRP prints 42, Comware 16. Everything beyond is real indentation.
_ERASE_WIDTHS = (42, 16)
_PAGER_AT_END = re.compile("(?:" + _PAGER.pattern + r")\s*$")
# Whether a text holds a pager prompt at all. _PAGER's leading blanks make a search
# retry at every blank of column-aligned output (quadratic in a run of blanks); a prompt
# cannot be there without one of these words, which plain substring tests rule out.
_PAGER_WORDS = ("More", "MORE", "more", "更多")
_CSI = re.compile(r"\x1b\[([0-9;?]*)([@-~])")
_OTHER_ESC = re.compile(
    r"\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])"
)
# C0/C1 controls and Unicode line separators: never device text, and str.splitlines()
# would otherwise disagree with our line split.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_END = re.compile(r"\r*\n|\r")


@dataclass(frozen=True)
class CleanText:
    """A cleaned output and what we noticed while cleaning it.

    ``hints`` uses a stable vocabulary so callers can store and filter on it:
    ``undecodable_bytes``, ``ended_at_pager``, ``pager_removed``, ``config_without_end``,
    ``empty``.
    """

    text: str
    encoding: str
    hints: tuple[str, ...] = field(default_factory=tuple)


def decode(raw: bytes | str) -> tuple[str, str]:
    """Decode bytes as UTF-8, else GB18030 (a superset of GBK), else UTF-8 with replacement.

    Returns ``(text, encoding)``; encoding is ``utf-8``, ``gb18030`` or ``utf-8-replace``.
    A UTF-8 byte-order mark (Windows Notepad) is dropped.
    """
    if isinstance(raw, str):
        return raw, "str"
    data = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8-replace"


def _int_param(params: str, default: int = 1) -> int:
    first = params.split(";")[0].lstrip("?")
    return int(first) if first.isdigit() and int(first) > 0 else default


def _emulate(line: str) -> str:
    """Replay backspaces and single-line cursor escapes the way a terminal would."""
    buf: list[str] = []
    col = 0
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch == "\b":
            col = max(0, col - 1)
            i += 1
            continue
        if ch == "\x1b":
            m = _CSI.match(line, i)
            if m:
                params, final = m.group(1), m.group(2)
                if final == "D":
                    col = max(0, col - _int_param(params))
                elif final == "C":
                    col += _int_param(params)
                elif final == "G":
                    col = _int_param(params) - 1
                elif final == "K":
                    mode = params or "0"
                    if mode == "0":
                        del buf[col:]
                    elif mode == "1":
                        buf[: col + 1] = [" "] * min(col + 1, len(buf))
                    else:
                        buf = []
                i = m.end()
                continue
            m2 = _OTHER_ESC.match(line, i)
            i = m2.end() if m2 else i + 1
            continue
        if col < len(buf):
            buf[col] = ch
        else:
            buf.extend(" " * (col - len(buf)))
            buf.append(ch)
        col += 1
        i += 1
    return "".join(buf)


# _PAGER without its leading blanks: it matches somewhere exactly when _PAGER does.
_PAGER_PROBE = re.compile(_PAGER.pattern.removeprefix("[ \\t]*"))


def _has_pager(text: str) -> bool:
    return any(word in text for word in _PAGER_WORDS) and _PAGER_PROBE.search(text) is not None


def _split_lines(text: str) -> list[str]:
    # Without a CR, _LINE_END only ever matches "\n".
    return text.split("\n") if "\r" not in text else _LINE_END.split(text)


def _strip_pager(line: str) -> tuple[str, bool]:
    """Remove pager prompts from one line; say whether one was there."""
    if not any(word in line for word in _PAGER_WORDS):
        return line, False
    found = False
    while True:
        m = _PAGER.search(line)
        if not m:
            return line, found
        found = True
        rest = line[m.end() :]
        spaces = len(rest) - len(rest.lstrip(" "))
        for width in _ERASE_WIDTHS:
            if spaces >= width:
                rest = rest[width:]
                break
        else:
            rest = rest.lstrip(" ")
        line = line[: m.start()] + rest


def clean(raw: bytes | str) -> CleanText:
    """Decode and clean one raw output or session log; never raises, idempotent."""
    text, encoding = decode(raw)
    hints: list[str] = []
    if encoding == "utf-8-replace":
        hints.append("undecodable_bytes")
    if (
        "\x1b" not in text
        and "\b" not in text
        and _CONTROL.search(text) is None
        and not _has_pager(text)
    ):
        # Most outputs carry no escapes, controls or pager prompts: only line ends and
        # trailing blanks to normalise, which the per-line loop below would also do.
        lines = [line.rstrip() for line in _split_lines(text)]
        while lines and not lines[-1]:
            lines.pop()
        plain = "\n".join(lines)
        if plain:
            return CleanText(plain + "\n", encoding, tuple(hints))
        return CleanText("", encoding, (*hints, "empty"))
    out: list[str] = []
    pager_seen = False
    for line in _split_lines(text):
        if "\x1b" in line or "\b" in line:
            line = _emulate(line)
        line, had_pager = _strip_pager(line)
        if _CONTROL.search(line):
            line = _CONTROL.sub("", line)
            # removing stray controls may have joined a prompt the device split
            line, again = _strip_pager(line)
            had_pager = had_pager or again
        line = line.rstrip()
        if had_pager:
            pager_seen = True
            if not line:
                continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    if pager_seen:
        hints.append("pager_removed")
        if _ended_at_pager(text):
            hints.append("ended_at_pager")
    cleaned = "\n".join(out)
    if cleaned:
        cleaned += "\n"
    else:
        hints.append("empty")
    return CleanText(cleaned, encoding, tuple(hints))


def _ended_at_pager(text: str) -> bool:
    """True when the capture stopped while the device was waiting at a pager prompt."""
    tail = text.rstrip(" \t\r\n\b")
    tail = _CSI.sub("", tail).rstrip(" \b")
    return _PAGER_AT_END.search(tail[-60:]) is not None


def clean_text(raw: bytes | str) -> str:
    """Shortcut for :func:`clean` when only the text matters."""
    return clean(raw).text


_CONFIG_END = {
    "hp_comware": re.compile(r"^\s*return\s*$"),
    "huawei_vrp": re.compile(r"^\s*return\s*$"),
    "cisco_ios": re.compile(r"^\s*end\s*$"),
    "cisco_xe": re.compile(r"^\s*end\s*$"),
    "arista_eos": re.compile(r"^\s*end\s*$"),
}


def truncation_hints(
    text: str, *, platform: str | None = None, key: str | None = None
) -> list[str]:
    """Signs that an output was cut short, for a cleaned text.

    A running configuration of Comware/VRP ends with ``return`` and of IOS/EOS with
    ``end``; a capture that stopped at a pager prompt leaves ``ended_at_pager`` from
    :func:`clean`. NX-OS and Junos configurations have no end marker, so none is checked.
    """
    hints: list[str] = []
    if not text.strip():
        return ["empty"]
    if key == "running_config" and platform in _CONFIG_END:
        last = next((ln for ln in reversed(text.splitlines()) if ln.strip()), "")
        if not _CONFIG_END[platform].match(last):
            hints.append("config_without_end")
    return hints
