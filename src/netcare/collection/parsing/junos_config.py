"""Junos configurations in ``display set`` form, whatever form they were captured in.

Field engineers and archives hand us ``show configuration`` as the device prints it:
curly braces, ``;`` leaves, ``[ a b ]`` lists, quoted strings, ``/* annotations */``,
``## SECRET-DATA`` and ``## Last changed`` comments, ``inactive:`` statements and the
``{master:0}`` prompt line. Feature rules and the hostname read ``display set`` lines
(``set system host-name r1``), so :func:`set_form` flattens the hierarchy the way the
device's own ``| display set`` does:

* each leaf becomes one ``set <path> <statement>`` line;
* a list ``[ a b ]`` becomes one line per item;
* an ``inactive:`` statement keeps its ``set`` lines and adds ``deactivate <path>``
  after them, exactly as Junos prints it;
* an empty block (``ssh { }``) still says it exists: ``set system services ssh``.

Text already in set form passes through unchanged. Plain Python, no Django.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["is_set_form", "set_form"]

# Lines the CLI adds around the configuration, not part of it.
_PROMPT_LINE = re.compile(
    r"^\s*(?:\{(?:master|backup|primary|secondary|linecard)(?::\d+)?\}"
    r"|\S+@\S+[>#%].*|-{10,})\s*$",
    re.IGNORECASE,
)
_FLAT_VERB = re.compile(r"^\s*(?:set|deactivate|activate|delete|protect|unprotect)\s")
# Prefixes Junos prints before a statement; only ``inactive:`` changes its meaning.
_MARKERS = ("inactive:", "protect:", "replace:", "active:")


def is_set_form(text: str) -> bool:
    """True when the configuration has no brace structure, only flat statements."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")) or _PROMPT_LINE.match(line):
            continue
        if _FLAT_VERB.match(line):
            continue
        return False
    return True


def _tokens(text: str) -> Iterator[str]:
    """Words, quoted strings (quotes kept), and the punctuation ``{ } ; [ ]``.

    A quote only opens a string at the start of a word (``foo bar";`` is the literal
    word ``bar"``, as Junos itself reads it); ``#`` at the start of a word and ``/* */``
    are comments. A line that is a flat ``set`` statement at the top level is yielded
    whole, prefixed with ``\\0`` so the parser can tell it from words.
    """
    i, n = 0, len(text)
    at_line_start = True
    depth = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            at_line_start = True
            i += 1
            continue
        if ch in " \t\r":
            i += 1
            continue
        if at_line_start:
            end = text.find("\n", i)
            end = n if end < 0 else end
            line = text[i:end]
            if _PROMPT_LINE.match(line):
                i = end
                continue
            if depth == 0 and _FLAT_VERB.match(line):
                yield "\0" + line.strip()
                i = end
                continue
        at_line_start = False
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif ch in "{};[]":
            depth += {"{": 1, "}": -1}.get(ch, 0)
            yield ch
            i += 1
        elif ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            yield text[i : j + 1]
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n{};[]":
                j += 1
            yield text[i:j]
            i = j


@dataclass
class _Block:
    path: list[str]
    inactive: bool
    has_children: bool = False


@dataclass
class _Statement:
    words: list[str] = field(default_factory=list)
    lists: dict[int, list[str]] = field(default_factory=dict)
    inactive: bool = False

    def flat(self) -> list[str]:
        """One word sequence per item of each ``[ ]`` list (usually one list)."""
        choices = [self.lists.get(i, [w]) for i, w in enumerate(self.words)]
        return [" ".join(words) for words in itertools.product(*choices)]

    def head(self) -> str:
        """The words before the first list: what ``deactivate`` names."""
        first = min(self.lists, default=len(self.words))
        return " ".join(self.words[:first])


def _flatten(text: str) -> list[str]:
    lines: list[str] = []
    stack: list[_Block] = []
    stmt = _Statement()
    in_list: list[str] | None = None

    def path() -> str:
        return " ".join(word for block in stack for word in block.path)

    def emit(body: str) -> None:
        prefix = path()
        lines.append(f"set {prefix} {body}".rstrip() if prefix else f"set {body}")

    for piece in _tokens(text):
        if piece.startswith("\0"):
            lines.append(piece[1:])
        elif in_list is not None:
            if piece == "]":
                stmt.lists[len(stmt.words)] = in_list
                stmt.words.append(in_list[0] if in_list else "")
                in_list = None
            else:
                in_list.append(piece)
        elif piece == "[":
            in_list = []
        elif piece == ";":
            if stmt.words:
                if stack:
                    stack[-1].has_children = True
                for body in stmt.flat():
                    emit(body)
                if stmt.inactive:
                    lines.append(f"deactivate {(path() + ' ' + stmt.head()).strip()}")
            stmt = _Statement()
        elif piece == "{":
            if stack:
                stack[-1].has_children = True
            stack.append(_Block(stmt.words, stmt.inactive))
            stmt = _Statement()
        elif piece == "}":
            if not stack:
                continue
            block = stack[-1]
            if not block.has_children:
                lines.append(f"set {path()}")
            stack.pop()
            if block.inactive:
                prefix = path()
                lines.append(f"deactivate {(prefix + ' ' + ' '.join(block.path)).strip()}")
            stmt = _Statement()
        elif piece in _MARKERS and not stmt.words:
            stmt.inactive = stmt.inactive or piece == "inactive:"
        else:
            stmt.words.append(piece)
    return lines


def set_form(text: str) -> str:
    """``show configuration`` output as ``display set`` lines (unchanged if already so)."""
    if is_set_form(text):
        return text
    return "\n".join(_flatten(text)) + "\n"
