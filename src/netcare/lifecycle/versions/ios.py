"""Cisco IOS classic (``cisco_ios``): ``major.minor(release)TRAINmaintenance``.

Forms read::

    15.2(4)E10    12.2(55)SE12    15.0(2)SE11    12.4(24)T8    15.1(2)SY14    15.5(3)S10
    15.2(7)E7a    15.9(3)M4       12.2(33)SXJ10  15.2(2a)E1    15.2(7)E0a     12.4(25f)

The parts: major, minor, release number with an optional rebuild letter inside the
parentheses (``2a``), the train letters (``E``, ``SE``, ``SXJ``; none for mainline), the
maintenance number (none means 0) and a rebuild letter (``E10a``, ``E3k``).

Order: major, minor, TRAIN, release, release letter, maintenance, rebuild. The train
comes before the release so each train is one contiguous stretch of the version line: a
range ``15.2(1)E`` – ``15.2(7)E7`` never takes in ``15.2(4)M``. Between trains the order is
the train name's, which says nothing about age. A lettered release is a branch of its
release: ``15.2(2)E9 < 15.2(2a)E1 < 15.2(3)E``.

Train: ``major.minor`` + train letters (``15.2E``, ``12.2SE``; ``12.4`` for mainline).
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word, word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "ios"

_PATTERN = (
    r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\((?P<release>\d{1,3})(?P<rl>[a-z]{0,2})\)"
    r"(?P<train>[A-Z]{0,6})(?P<maint>\d{1,3})?(?P<rebuild>[a-z]{0,2})$"
)
_EXACT = re.compile(_PATTERN)
# Lower-case trains (``15.2(4)e10``) are not how IOS prints them, but people type them.
_ANY_CASE = re.compile(_PATTERN, re.IGNORECASE)
_LOOKS_XE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d")


def parse(text: str) -> Version:
    """Read an IOS version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(clean(SCHEME, text))
    found = _EXACT.match(folded) or _ANY_CASE.match(folded)
    if found is None:
        if _LOOKS_XE.match(folded):
            reason = "a dotted version is IOS XE (use the iosxe scheme), not IOS"
        else:
            reason = "expected major.minor(release)TRAIN[maintenance], e.g. 15.2(4)E10"
        raise VersionError(SCHEME, text, reason)
    train = found["train"].upper()
    maint = int(found["maint"] or 0)
    rebuild = found["rebuild"].lower()
    if not train and (found["maint"] or rebuild):
        raise VersionError(SCHEME, text, "a maintenance number needs a train (e.g. E10)")
    major, minor, release = int(found["major"]), int(found["minor"]), int(found["release"])
    letter = found["rl"].lower()
    spelled = f"{major}.{minor}({release}{letter}){train}"
    if maint or rebuild:
        spelled += f"{maint}{rebuild}"
    key = (major, minor, train, release, letter, maint, rebuild)
    sort_text = (
        num(major) + num(minor) + word(train) + num(release) + word(letter) + num(maint)
    ) + word(rebuild)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, f"{major}.{minor}{train}")
