"""Juniper Junos OS and Junos OS Evolved (``juniper_junos``).

Forms read (case-insensitive)::

    21.4R3-S5.4   18.4R2-S3   20.4R3-S1.3   19.1R1.6   21.2R3-S6.2   21.4R1   23.2R1-S1
    15.1X49-D200  12.3X48-D105  14.1X53-D47.4  15.1F6-S5   21.1B1   12.3R12-S15
    22.4R3-S2-EVO  21.2R3-S6-EVO      Junos: 21.4R3-S5.4      JUNOS 21.4R3-S5.4

The parts: ``major.minor``, the release type and number (``R3``; ``B`` beta, ``I``
internal, ``F`` feature, ``X49-D200`` special train 49, release D200), the service release
``-S5``, the build ``.4`` and ``-EVO`` for Junos OS Evolved.

Order: major, minor, Evolved, kind of train (main < F < X), X train number, stage
(I < B < R), release number, service release, build. So ``21.4R1 < 21.4R1-S1 < 21.4R2``,
``21.4R3-S5 < 21.4R3-S5.4 < 21.4R3-S6``, and each X train (``15.1X49``) and the Evolved line
(``22.4-EVO``) is its own stretch after the main ``15.1``/``22.4`` line.

Train: ``major.minor`` (``21.4``), ``15.1X49`` for an X train, ``15.1F`` for F, and
``-EVO`` added for Junos OS Evolved (``22.4-EVO``): a fix in Junos OS says nothing about
Evolved.
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "junos"

_PREFIX = re.compile(r"^(?:JUNOS(?:\s+Software\s+Release)?\s*:?\s*)(?=\d)", re.IGNORECASE)
_VERSION = re.compile(
    r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})"
    r"(?:(?P<kind>[RBIF])(?P<number>\d{1,3})|X(?P<x>\d{1,3})-?D(?P<d>\d{1,4}))"
    r"(?:-?S(?P<service>\d{1,3}))?(?:\.(?P<build>\d{1,4}))?(?P<evo>-?EVO)?$",
    re.IGNORECASE,
)
#: Stage 0 is the release line itself (``21.4``): the start of the line, before its
#: first internal, beta or main release — how Juniper's records bound a range
#: ("from 21.4 before 21.4R3-S5").
_STAGE = {"I": 1, "B": 2, "R": 3}
_LINE = re.compile(r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})(?P<evo>-?EVO)?$", re.IGNORECASE)
_MAIN, _FEATURE, _SPECIAL = 0, 1, 2


def parse(text: str) -> Version:
    """Read a Junos version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(_PREFIX.sub("", clean(SCHEME, text), count=1))
    line_only = _LINE.match(folded)
    if line_only is not None:
        return _line_start(text, line_only)
    found = _VERSION.match(folded)
    if found is None:
        raise VersionError(SCHEME, text, "expected e.g. 21.4R3-S5.4, 15.1X49-D200 or 22.4R3-S2-EVO")
    major, minor = int(found["major"]), int(found["minor"])
    evo = 1 if found["evo"] else 0
    if found["x"]:
        branch, x, stage, number = _SPECIAL, int(found["x"]), 0, int(found["d"])
        spelled = f"{major}.{minor}X{x}-D{number}"
        line = f"{major}.{minor}X{x}"
    else:
        kind = found["kind"].upper()
        number = int(found["number"])
        spelled = f"{major}.{minor}{kind}{number}"
        if kind == "F":
            branch, x, stage = _FEATURE, 0, 0
            line = f"{major}.{minor}F"
        else:
            branch, x, stage = _MAIN, 0, _STAGE[kind]
            line = f"{major}.{minor}"
    service = int(found["service"] or 0)
    build = int(found["build"] or 0)
    if service:
        spelled += f"-S{service}"
    if build:
        spelled += f".{build}"
    if evo:
        spelled += "-EVO"
        line += "-EVO"
    key = (major, minor, evo, branch, x, stage, number, service, build)
    sort_text = "".join(num(part) for part in key)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, line)


def _line_start(text: str, found: re.Match[str]) -> Version:
    """``21.4`` / ``21.4-EVO``: the release line's start, older than every release of it."""
    major, minor = int(found["major"]), int(found["minor"])
    evo = 1 if found["evo"] else 0
    spelled = f"{major}.{minor}" + ("-EVO" if evo else "")
    key = (major, minor, evo, _MAIN, 0, 0, 0, 0, 0)
    sort_text = "".join(num(part) for part in key)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, spelled)
