"""TextFSM parsing with ntc-templates and our own templates, compiled once per process.

``ntc_templates.parse.parse_output`` builds a new ``CliTable`` on every call: it re-reads
and re-compiles the ~1,000-row index and re-compiles the template. Parsing a site's
worth of outputs that way spends most of its time in ``re.compile``. Here the index is
read once, each (platform, command) lookup is cached, and each template file is compiled
into one :class:`~netcare.collection.parsing.fsm.FastTextFSM` (textfsm's results, less
Python per line) that is ``Reset()`` and reused under a lock.

Own templates live in ``collection/data/templates/<platform>_<command_with_underscores>.textfsm``
and win over ntc-templates for the same command: we add one where ntc has none (Comware
``display version``) or where its fields miss what the inspection needs (Comware
``display interface`` without error counters).

Vendor error answers are detected before parsing: a template would otherwise happily
return zero rows (or garbage) for ``% Invalid input detected at '^' marker.``
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import textfsm
from textfsm import clitable

from netcare.collection.parsing import commands
from netcare.collection.parsing.fsm import FastTextFSM
from netcare.collection.parsing.hygiene import clean_text

__all__ = [
    "CommandError",
    "ParseOutcome",
    "TemplateNotFound",
    "TemplateRef",
    "compile_count",
    "detect_error",
    "parse",
    "parse_outcome",
    "template_for",
]

Record = dict[str, str | list[str]]

OWN_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"

# cisco_xe has no rows of its own in ntc-templates' index: IOS-XE output is IOS output.
_NTC_PLATFORM = {"cisco_xe": "cisco_ios"}

# Error answers, matched at the start of a line. IOS/EOS/NX-OS use "% ...", Comware
# "% Unrecognized command found at '^' position.", VRP 8 "Error: ...", Junos "syntax
# error" / "error: ..." / "unknown command.".
_ERROR_LINE = re.compile(
    r"^\s*(?:"
    r"%\s*(?:Invalid (?:input|command)|Incomplete command|Ambiguous command|Unrecognized command"
    r"|Wrong parameter|Too many parameters|Unknown command|Permission denied"
    r"|Authorization failed|This command is not authorized|Command authorization failed"
    r"|Command rejected|Bad command)"
    r"|Error:\s*(?:Unrecognized command|Wrong parameter|Incomplete command|Too many parameters"
    r"|Ambiguous command|Permission denied|You do not have permission|Failed to)"
    r"|syntax error(?:,|\.|$)|error: (?:syntax error|unknown command|permission denied)"
    r"|unknown command\.?$"
    r")",
    re.IGNORECASE,
)
# Only the head of an output is searched: an error answer is short, and a log buffer may
# quote "% Invalid input" from an earlier session.
_ERROR_HEAD_LINES = 6
_ERROR_HEAD_CHARS = 4096


class TemplateNotFound(LookupError):
    """No own or ntc-templates template parses this platform + command."""


class CommandError(ValueError):
    """The device answered the command with an error instead of data."""

    def __init__(self, platform: str, command: str, message: str) -> None:
        super().__init__(f"{platform}: {command!r} answered {message!r}")
        self.platform = platform
        self.command = command
        self.message = message


@dataclass(frozen=True)
class TemplateRef:
    """Which template parses a command: ``source`` is ``own`` or ``ntc``."""

    source: str
    path: Path


@dataclass
class ParseOutcome:
    """Records, or the vendor error that replaced them, and the template used."""

    records: list[Record] = field(default_factory=list)
    error: str | None = None
    template: TemplateRef | None = None


def detect_error(text: str) -> str | None:
    """The vendor error line if ``text`` is an error answer, else None."""
    seen = 0
    # The head is enough unless it holds fewer than _ERROR_HEAD_LINES whole lines; its
    # last piece may be a cut line, so it is left out (a 1 MB output is not split).
    head = text[:_ERROR_HEAD_CHARS]
    lines = head.splitlines()
    if len(head) < len(text):
        lines = lines[:-1]
        if sum(1 for line in lines if line.strip()) < _ERROR_HEAD_LINES:
            lines = text.splitlines()
    for line in lines:
        if not line.strip():
            continue
        if _ERROR_LINE.match(line):
            return line.strip()
        seen += 1
        if seen >= _ERROR_HEAD_LINES:
            break
    return None


def _ntc_dir() -> Path:
    import ntc_templates

    env = os.environ.get("NTC_TEMPLATES_DIR")
    return Path(env) if env else Path(ntc_templates.__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _ntc_index() -> clitable.IndexTable:
    """ntc-templates' index, read and its command regexes compiled once per process."""
    table = clitable.CliTable("index", str(_ntc_dir()))
    return table.index


def _underscored(command: str) -> str:
    return re.sub(r"\s+", "_", command.strip().lower())


@functools.lru_cache(maxsize=4096)
def template_for(platform: str, command: str) -> TemplateRef | None:
    """Resolve a typed or canonical command to one template (cached per pair).

    Order: the command set's explicit parser, an own template named after the canonical
    command, then ntc-templates' index (with ``cisco_xe`` read as ``cisco_ios``).
    """
    entry = commands.resolve(platform, command)
    canonical = entry.command if entry else " ".join(command.split())
    if entry is not None and entry.parser is not None:
        kind, _, name = entry.parser.partition(":")
        if kind == "none":
            return None
        if kind == "own":
            return TemplateRef("own", OWN_TEMPLATE_DIR / name)
        if kind == "ntc":
            canonical = name or canonical
    for plat in dict.fromkeys((platform, _NTC_PLATFORM.get(platform, platform))):
        own = OWN_TEMPLATE_DIR / f"{plat}_{_underscored(canonical)}.textfsm"
        if own.is_file():
            return TemplateRef("own", own)
    ntc_platform = _NTC_PLATFORM.get(platform, platform)
    index = _ntc_index()
    row = index.GetRowMatch({"Platform": ntc_platform, "Command": canonical})
    if not row:
        return None
    # A few rows join several templates ("a.textfsm:b.textfsm"); the first carries the
    # fields the inspection reads, so only it is used.
    first = index.index[row]["Template"].split(":")[0].strip()
    return TemplateRef("ntc", _ntc_dir() / first)


_COMPILES: dict[str, int] = {}
_COMPILES_LOCK = threading.Lock()


class _Compiled:
    """One compiled TextFSM reused across calls; Reset() clears its per-parse state."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            self.fsm = FastTextFSM(handle)
        self.header = [h.lower() for h in self.fsm.header]
        self.lock = threading.Lock()
        with _COMPILES_LOCK:
            _COMPILES[str(path)] = _COMPILES.get(str(path), 0) + 1

    def parse(self, text: str) -> list[Record]:
        with self.lock:
            self.fsm.Reset()
            rows = self.fsm.ParseText(text)
        return [dict(zip(self.header, row, strict=True)) for row in rows]


@functools.lru_cache(maxsize=1024)
def _compiled(path: Path) -> _Compiled:
    return _Compiled(path)


def compile_count(path: Path | None = None) -> int:
    """How many times a template (or all templates) was compiled in this process."""
    with _COMPILES_LOCK:
        if path is None:
            return sum(_COMPILES.values())
        return _COMPILES.get(str(path), 0)


def parse_outcome(platform: str, command: str, text: str, *, cleaned: bool = False) -> ParseOutcome:
    """Parse without raising for vendor errors; still raises TemplateNotFound."""
    body = text if cleaned else clean_text(text)
    ref = template_for(platform, command)
    error = detect_error(body)
    if error is not None:
        return ParseOutcome([], error, ref)
    if ref is None:
        raise TemplateNotFound(f"no template for {platform} {command!r}")
    try:
        records = _compiled(ref.path).parse(body)
    except textfsm.TextFSMError as exc:
        # ntc templates end with "^. -> Error" so an unexpected line aborts the parse;
        # report it as an error result rather than crash a whole archive import.
        return ParseOutcome([], f"template error: {exc}", ref)
    return ParseOutcome(records, None, ref)


def parse(platform: str, command: str, text: str, *, cleaned: bool = False) -> list[Record]:
    """Parse one command output into records with ntc-templates' lower-case field names.

    ``command`` may be typed as a field engineer would (``dis ver``) or be a command key
    (``version``). Raises :class:`CommandError` when the device answered with an error,
    :class:`TemplateNotFound` when nothing parses this command.
    """
    outcome = parse_outcome(platform, command, text, cleaned=cleaned)
    if outcome.error is not None:
        raise CommandError(platform, command, outcome.error)
    return outcome.records


def known_templates(platforms: Iterable[str]) -> dict[tuple[str, str], TemplateRef | None]:
    """Template per (platform, command key) of the command sets, for docs and reports."""
    result: dict[tuple[str, str], TemplateRef | None] = {}
    for platform in platforms:
        for entry in commands.command_set(platform):
            result[(platform, entry.key)] = template_for(platform, entry.command)
    return result
