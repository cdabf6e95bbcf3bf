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

Where an own template parses a command ntc-templates also parses, both run and the
records carry every ntc field with ntc's value, plus ours (:func:`merge_records`): the
inspection may read either, and nothing ntc users rely on goes missing.

A template that stops on a line it does not know (textfsm's ``State Error``) never loses
the output: the other template for the command is tried, then the lines the template
could read; the outcome names the line in ``template_error`` and keeps the records.

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
from netcare.collection.parsing.fsm import FastTextFSM, LineError
from netcare.collection.parsing.hygiene import clean_text

__all__ = [
    "CommandError",
    "ParseOutcome",
    "TemplateNotFound",
    "TemplateRef",
    "alternatives_for",
    "compile_count",
    "detect_error",
    "merge_records",
    "parse",
    "parse_outcome",
    "reference_for",
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
    """Which template parses a command: ``source`` is ``own`` or ``ntc``.

    ``joined`` are further ntc templates whose columns ntc-templates adds to the first
    one's records (``show switch detail`` and its stack ports), matched on Key values.
    """

    source: str
    path: Path
    joined: tuple[Path, ...] = ()


@dataclass
class ParseOutcome:
    """Records, or the vendor error that replaced them, and the template used.

    ``template_error`` names the first line a template stopped on ("template error at
    line 12: ..."); the records are then those of the fallback (``fallback``:
    ``reference`` or ``lines_read``), still usable. ``fallback`` is ``alias`` when the
    output was another accepted spelling's (``show power status`` under the power key)
    and that spelling's template (``template``) read it whole. ``reference`` is
    ntc-templates' template when an own one was merged with it.
    """

    records: list[Record] = field(default_factory=list)
    error: str | None = None
    template: TemplateRef | None = None
    template_error: str | None = None
    fallback: str | None = None
    reference: TemplateRef | None = None


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
    return _ntc_ref(index, row)


def _ntc_ref(index: clitable.IndexTable, row: int) -> TemplateRef:
    """The template(s) of an index row: a few join several ("a.textfsm:b.textfsm")."""
    names = [name.strip() for name in index.index[row]["Template"].split(":")]
    return TemplateRef("ntc", _ntc_dir() / names[0], tuple(_ntc_dir() / n for n in names[1:]))


def _matches_whole(index: clitable.IndexTable, row: int, command: str) -> bool:
    """Whether the row's command pattern covers all of ``command``, not a prefix of it
    (ntc's index matches prefixes: ``display cpu-usage`` would find ``dir``)."""
    for compiled in index.compiled:
        if compiled.row == row:
            return bool(compiled["Command"].fullmatch(command))
    return False


@functools.lru_cache(maxsize=4096)
def reference_for(platform: str, command: str) -> TemplateRef | None:
    """ntc-templates' own template for exactly this command, when ours parses it.

    ntc's index matches command prefixes (``display cpu-usage`` finds ``dir``), so only a
    row whose command pattern covers the whole command counts as the reference.
    """
    ref = template_for(platform, command)
    if ref is None or ref.source != "own":
        return None
    entry = commands.resolve(platform, command)
    canonical = entry.command if entry else " ".join(command.split())
    ntc_platform = _NTC_PLATFORM.get(platform, platform)
    index = _ntc_index()
    row = index.GetRowMatch({"Platform": ntc_platform, "Command": canonical})
    if not row or not _matches_whole(index, row, canonical):
        return None
    return _ntc_ref(index, row)


@functools.lru_cache(maxsize=4096)
def alternatives_for(platform: str, command: str) -> tuple[TemplateRef, ...]:
    """Further templates for the command's output, tried when its own stops or reads
    nothing: ntc's reference for an own template, then ntc's templates of the spellings
    the command set accepts for the same key (an IOS ``show power status`` is filed
    under the power key, whose template reads ``show environment power all``)."""
    primary = template_for(platform, command)
    found: list[TemplateRef] = []
    reference = reference_for(platform, command)
    if reference is not None:
        found.append(reference)
    entry = commands.resolve(platform, command)
    ntc_platform = _NTC_PLATFORM.get(platform, platform)
    index = _ntc_index()
    for alias in entry.aliases if entry else ():
        row = index.GetRowMatch({"Platform": ntc_platform, "Command": alias})
        if not row or not _matches_whole(index, row, alias):
            continue
        ref = _ntc_ref(index, row)
        if ref != primary and ref not in found:
            found.append(ref)
    return tuple(found)


_COMPILES: dict[str, int] = {}
_COMPILES_LOCK = threading.Lock()


class _Compiled:
    """One compiled TextFSM reused across calls; Reset() clears its per-parse state."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            self.fsm = FastTextFSM(handle)
        self.header = [h.lower() for h in self.fsm.header]
        self.keys = [k.lower() for k in self.fsm.GetValuesByAttrib("Key")]
        self.lock = threading.Lock()
        with _COMPILES_LOCK:
            _COMPILES[str(path)] = _COMPILES.get(str(path), 0) + 1

    def parse(self, text: str) -> list[Record]:
        with self.lock:
            self.fsm.Reset()
            rows = self.fsm.ParseText(text)
        return [dict(zip(self.header, row, strict=True)) for row in rows]

    def parse_lenient(self, text: str) -> tuple[list[Record], list[LineError]]:
        """Records of the lines this template can read, and the lines it skipped."""
        with self.lock:
            self.fsm.Reset()
            rows, problems = self.fsm.ParseLenient(text)
        return [dict(zip(self.header, row, strict=True)) for row in rows], problems


@functools.lru_cache(maxsize=1024)
def _compiled(path: Path) -> _Compiled:
    return _Compiled(path)


def compile_count(path: Path | None = None) -> int:
    """How many times a template (or all templates) was compiled in this process."""
    with _COMPILES_LOCK:
        if path is None:
            return sum(_COMPILES.values())
        return _COMPILES.get(str(path), 0)


def _key_field(ntc: list[Record], own: list[Record]) -> str | None:
    """A field both record lists fill with unique values (an interface name, a slot)."""
    if not ntc or not own:
        return None
    for name in ntc[0]:
        if name not in own[0]:
            continue
        left = [str(r.get(name) or "") for r in ntc]
        right = [str(r.get(name) or "") for r in own]
        unique = len(set(left)) == len(left) and len(set(right)) == len(right)
        if all(left) and all(right) and unique:
            return name
    return None


def merge_records(ntc: list[Record], own: list[Record]) -> list[Record]:
    """ntc's records with every ntc field and value, plus the fields only ours has.

    Records pair up on a field both fill with unique values (else by position when the
    counts agree); an own record ntc did not return is kept after ntc's with the ntc
    fields blank, so no fact is lost.  Where a field has the same name in both, ntc's
    value is returned (ntc users get what they know; our normalisers read our names).
    """
    if not ntc:
        return own
    ntc_fields = list(ntc[0])
    extra = [name for name in (own[0] if own else {}) if name not in ntc[0]]
    blank_own: dict[str, str | list[str]] = dict.fromkeys(extra, "")
    key = _key_field(ntc, own)
    if key is not None:
        by_key = {str(r[key]): r for r in own}
        paired = [by_key.pop(str(r[key]), {}) for r in ntc]
        rest = list(by_key.values())
    elif len(ntc) == len(own):
        paired, rest = list(own), []
    else:
        # Shaped differently (ntc's one wide row against our one row per part):
        # both kept, ours after ntc's.
        paired, rest = [{} for _ in ntc], list(own)
    merged: list[Record] = []
    for theirs, ours in zip(ntc, paired, strict=True):
        record = {**blank_own, **{k: v for k, v in ours.items() if k in blank_own}}
        merged.append({**theirs, **record})
    for ours in rest:
        merged.append({**dict.fromkeys(ntc_fields, ""), **ours})
    return merged


def _join(
    records: list[Record], header: list[str], keys: list[str], more: _Compiled, body: str
) -> None:
    """Add the columns of ``more`` to ``records`` as textfsm's CliTable does: on equal
    Key values when the first template has keys, else row by row; "" where unmatched."""
    columns = [name for name in more.header if name not in header]
    if not columns:
        return
    more_records = more.parse(body)
    for record in records:
        record.update(dict.fromkeys(columns, ""))
    if not keys:
        for record, other in zip(records, more_records, strict=False):
            record.update({name: other[name] for name in columns})
        return
    for record in records:
        for other in more_records:
            if all(record.get(k) == other.get(k) for k in keys):
                record.update({name: other[name] for name in columns})
                break


def _strict(ref: TemplateRef, body: str) -> tuple[list[Record] | None, str | None]:
    """Records, or None and the error naming the line the template stopped on."""
    compiled = _compiled(ref.path)
    try:
        records = compiled.parse(body)
        for path in ref.joined:
            _join(records, compiled.header, compiled.keys, _compiled(path), body)
    except textfsm.TextFSMError as exc:
        _, problems = compiled.parse_lenient(body)
        return None, str(problems[0]) if problems else f"template error: {exc}"
    return records, None


def _lenient(ref: TemplateRef, body: str) -> list[Record]:
    return _compiled(ref.path).parse_lenient(body)[0]


def parse_outcome(platform: str, command: str, text: str, *, cleaned: bool = False) -> ParseOutcome:
    """Parse without raising for vendor errors; still raises TemplateNotFound.

    A template error keeps the output: ntc-templates' template when ours stopped (and
    ours when ntc's did), else the lines the template could read.
    """
    body = text if cleaned else clean_text(text)
    ref = template_for(platform, command)
    error = detect_error(body)
    if error is not None:
        return ParseOutcome([], error, ref)
    if ref is None:
        raise TemplateNotFound(f"no template for {platform} {command!r}")
    reference = reference_for(platform, command)
    records, problem = _strict(ref, body)
    theirs: list[Record] | None = None
    if reference is not None:
        theirs, _ = _strict(reference, body)
    if records is not None and (records or not body.strip()):
        merged = merge_records(theirs, records) if theirs is not None else records
        return ParseOutcome(merged, None, ref, reference=reference)
    # Ours stopped, or read nothing of a non-empty output: another template for the
    # same key may know this layout.
    for other in alternatives_for(platform, command):
        if other == reference:
            if theirs:
                return ParseOutcome(theirs, None, ref, problem, "reference", reference)
            continue
        found = _strict(other, body)[0]
        if found:
            # The output of another spelling of the command (its own template reads it
            # whole): nothing is wrong with it, so no error is recorded.
            return ParseOutcome(found, None, other, None, "alias", reference)
    if records is not None:
        return ParseOutcome(records, None, ref, reference=reference)
    return ParseOutcome(_lenient(ref, body), None, ref, problem, "lines_read", reference)


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
