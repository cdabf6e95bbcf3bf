"""Cisco IOS XE (``cisco_xe``): ``major.minor.patch[rebuild]`` and the old 3.x trains.

Forms read::

    17.9.4a   16.12.10a   17.3.4b   16.12.1z1   17.9.1x1   17.11.99SW
    17.06.05  16.09.05                       (zero padded, as ``show version`` prints)
    3.6.6E    3.16.10S    03.16.10.S   3.2.0SE   3.16.4gS     (3.x with its train)
    Cisco IOS XE Software, Version 17.09.04a

Normalised without padding (``17.06.05`` → ``17.6.5``). Order for 16.x and later: major,
minor, patch, rebuild letters, rebuild number, then an upper-case tag (``SW``); so
``17.9.4 < 17.9.4a < 17.9.4b < 17.9.5`` and ``16.12.1z < 16.12.1z1 < 16.12.1z2``. For
2.x and 3.x the upper-case suffix is the train and comes right after the major, so
each train (``3.x E``, ``3.x S``) is one stretch of the line: ``3.6.6E`` and ``3.6.6S`` are
different products. Majors 4 to 15 do not exist in IOS XE (their IOS daemon versions
such as ``15.5(3)S10`` belong to the ios scheme).

Train: ``major.minor`` (``17.9``); for 3.x ``major.minor`` + train (``3.16S``).
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word, word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "iosxe"

_PREFIX = re.compile(r"^Cisco\s+IOS[\s-]XE\s+Software,?\s*", re.IGNORECASE)
_VERSION = re.compile(
    r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,3})\.(?P<patch>\d{1,3})"
    r"(?:(?P<rebuild>[a-z]{1,3})(?P<rn>\d{1,3})?)?(?:\.?(?P<upper>[A-Z]{1,4}))?$"
)


def parse(text: str) -> Version:
    """Read an IOS XE version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(_PREFIX.sub("", clean(SCHEME, text), count=1))
    found = _VERSION.match(folded)
    if found is None:
        if "(" in folded:
            reason = "a version with parentheses is classic IOS (use the ios scheme)"
        else:
            reason = "expected major.minor.patch[rebuild], e.g. 17.9.4a or 3.16.10S"
        raise VersionError(SCHEME, text, reason)
    major, minor, patch = int(found["major"]), int(found["minor"]), int(found["patch"])
    if 4 <= major <= 15:
        raise VersionError(SCHEME, text, "IOS XE goes from 3.x to 16.x; no major 4-15")
    rebuild = found["rebuild"] or ""
    number = int(found["rn"] or 0)
    upper = found["upper"] or ""
    if major >= 16 and len(upper) == 1 and not rebuild:
        # ``17.9.4A``: a rebuild letter typed in capitals, not a tag.
        rebuild, upper = upper.lower(), ""
    train, tag = (upper, "") if major < 16 else ("", upper)
    spelled = f"{major}.{minor}.{patch}{rebuild}{number or ''}{upper}"
    key = (major, train, minor, patch, rebuild, number, tag)
    sort_text = (
        num(major) + word(train) + num(minor) + num(patch) + word(rebuild) + num(number)
    ) + word(tag)
    line = f"{major}.{minor}" if major >= 16 else f"{major}.{minor}{train}"
    return Version(SCHEME, text.strip(), spelled, key, sort_text, line)
