"""Version-range text → :class:`AffectedRange` objects, without parsing any version.

Two spellings are read:

* ``vers:`` URIs (the package-url "vers" spec, used by CSAF ``product_version_range``):
  ``vers:cisco/>=15.2|<15.2(7)E5``, ``vers:intdot/>2.1.0|<4.2.0``, ``vers:generic/*``.
  The spec writes constraints sorted by version, so a lower bound followed by an upper
  bound is one range, and no version needs comparing here.
* NetCare's vendor-file syntax and CSAF's free "vls" form: constraints separated by
  spaces (``>=V200R019C00 <V200R019C10SPC500``, ``< V8.18.13``, ``=V200R020C00``, a bare
  version, ``*``), written in ascending order like ``vers:``.

``>`` sets ``introduced_exclusive``; ``!=`` splits the range it falls in into the part
below (``fixed`` = the excluded version) and the part above (an exclusive lower bound);
a list of only ``!=`` means every version but those. The ``univers`` package reads
``vers:`` too, but knows no Cisco, Huawei or H3C scheme and is not a NetCare dependency;
this small reader only has to split bounds, which needs no version order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from netcare.lifecycle.advisories.model import AffectedRange, RangeStatus

__all__ = ["ParsedRanges", "parse_constraints", "parse_vers"]

_TOKEN = re.compile(r"(<=|>=|!=|==|=<|=>|<|>|=)?\s*([^\s|<>=!]+)")


@dataclass
class ParsedRanges:
    """Ranges read from one text; ``problems`` say what could not be read (in words)."""

    ranges: list[AffectedRange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    version_type: str = ""


def parse_vers(text: str, *, status: RangeStatus = "affected") -> ParsedRanges:
    """A ``vers:<scheme>/<constraints>`` URI as ranges (``version_type`` = the scheme)."""
    body = text.strip()
    match = re.fullmatch(r"vers:([a-z0-9.+-]*)/(.*)", body, re.IGNORECASE | re.DOTALL)
    if not match:
        return ParsedRanges(problems=[f"not a vers: range: {text!r}"])
    scheme, constraints = match[1].lower(), match[2].strip()
    if not scheme:
        return ParsedRanges(problems=[f"vers: range without a scheme: {text!r}"])
    parts = [p.strip() for p in constraints.split("|")]
    if not constraints or any(not p for p in parts):
        return ParsedRanges(problems=[f"empty constraint in {text!r}"], version_type=scheme)
    parsed = _build(parts, raw=body, version_type=scheme, status=status)
    parsed.version_type = scheme
    return parsed


def parse_constraints(
    text: str, *, raw: str | None = None, version_type: str = "", status: RangeStatus = "affected"
) -> ParsedRanges:
    """Space- or ``|``-separated constraints (``>=A <B``, ``< V8.18.13``, ``=A``, ``A``,
    ``*``) as ranges; ``vers:`` text is handed to :func:`parse_vers`."""
    body = text.strip()
    if body.lower().startswith("vers:"):
        return parse_vers(body, status=status)
    if not body:
        return ParsedRanges(problems=["empty range"], version_type=version_type)
    parts: list[str] = []
    position = 0
    for token in _TOKEN.finditer(body):
        gap = body[position : token.start()].strip(" |,")
        if gap:
            return ParsedRanges(problems=[f"cannot read {gap!r} in {body!r}"])
        parts.append((token[1] or "") + token[2])
        position = token.end()
    if body[position:].strip(" |,"):
        return ParsedRanges(problems=[f"cannot read {body[position:]!r} in {body!r}"])
    return _build(parts, raw=raw or body, version_type=version_type, status=status)


def _split(part: str) -> tuple[str, str]:
    match = _TOKEN.fullmatch(part.strip())
    if not match:
        return "?", part
    op = {"==": "=", "=<": "<=", "=>": ">="}.get(match[1] or "", match[1] or "")
    return op, match[2]


def _build(parts: list[str], *, raw: str, version_type: str, status: RangeStatus) -> ParsedRanges:
    out = ParsedRanges(version_type=version_type)
    constraints = [_split(p) for p in parts]
    bad = [p for (op, _), p in zip(constraints, parts, strict=True) if op == "?"]
    if bad:
        out.problems.append(f"cannot read constraint {bad[0]!r} in {raw!r}")
        return out

    def add(
        *,
        exact: str | None = None,
        introduced: str | None = None,
        introduced_exclusive: bool = False,
        fixed: str | None = None,
        last_affected: str | None = None,
    ) -> None:
        out.ranges.append(
            AffectedRange(
                raw=raw,
                status=status,
                exact=exact,
                introduced=introduced,
                introduced_exclusive=introduced_exclusive,
                fixed=fixed,
                last_affected=last_affected,
                version_type=version_type,
            )
        )

    if any(v == "*" for _, v in constraints):
        if len(constraints) > 1:
            out.problems.append(f"'*' (every version) combined with other constraints: {raw!r}")
        else:
            add()
        return out
    excluded_only = all(op == "!=" for op, _ in constraints)
    if excluded_only:
        lower: str | None = None
        for _, version in constraints:
            add(introduced=lower, introduced_exclusive=lower is not None, fixed=version)
            lower = version
        add(introduced=lower, introduced_exclusive=True)
        return out
    low: str | None = None
    low_exclusive = False
    is_open = False
    for op, version in constraints:
        if op in ("", "="):
            if is_open:
                out.problems.append(f"a single version {version!r} inside an open range: {raw!r}")
                return out
            add(exact=version)
        elif op in (">=", ">"):
            if is_open:
                out.problems.append(f"two lower bounds in a row ({low!r}, {version!r}): {raw!r}")
                return out
            low, low_exclusive, is_open = version, op == ">", True
        elif op in ("<", "<="):
            add(
                introduced=low if is_open else None,
                introduced_exclusive=low_exclusive if is_open else False,
                fixed=version if op == "<" else None,
                last_affected=version if op == "<=" else None,
            )
            low, low_exclusive, is_open = None, False, False
        elif op == "!=" and is_open:
            # Sorted constraints put the excluded version inside the open range: keep
            # the part below it and reopen just above it.
            add(introduced=low, introduced_exclusive=low_exclusive, fixed=version)
            low, low_exclusive = version, True
        # A "!=" outside every range excludes a version that is not included anyway.
    if is_open:
        add(introduced=low, introduced_exclusive=low_exclusive)
    return out
