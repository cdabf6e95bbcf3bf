"""Cisco NX-OS (``cisco_nxos``).

Forms read (train letters in any case; the CVE records write ``6.0(2)a6(1)``)::

    9.3(8)   9.3(10)   8.4(7)   8.4(2c)   10.2(5)M   10.3(4a)M   10.2(3)F   10.3(99w)
    7.0(3)I7(9)   6.0(2)U6(10)   6.0(2)A8(11b)   7.3(8)N1(1)   7.3(0)DX(1)   5.2(1)SV3(1.15)
    9.3.8   10.2.5.M   7.0.3.I7.9                      (dotted, as in image file names)

The parts: major, minor, maintenance release with an optional rebuild letter
(``4a``), then for the platform trains of 5.x-7.x the train letters and number (``I7``,
``U6``, ``N1``, ``DX``) with the train's own maintenance in parentheses (``(9)``, ``(11b)``,
``(1.15)``), and from 10.x the release type suffix ``M`` (maintenance) or ``F`` (feature).

Order: major, minor, TRAIN LETTERS, maintenance, its letter, train number, train
maintenance (and its ``.n`` part), its letter, suffix (none < F < M). The train letters
come before the maintenance so a platform train (``7.0(3)I*``, ``7.0(3)F*``) is one stretch
of the line: ``7.0(3)I4(9) < 7.0(3)I7(1) < 7.0(3)I7(10)``. A lettered maintenance is a
rebuild after its number: ``9.3(2) < 9.3(2a) < 9.3(3)``.

Train: ``major.minor`` (``9.3``, ``10.2``); with a platform train, everything up to the
train number (``7.0(3)I7``).
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word, word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "nxos"

_PREFIX = re.compile(r"^(?:Cisco\s+)?(?:NX-?OS|nxos)\s*[:.]?\s*(?=\S)", re.IGNORECASE)
_PAREN = re.compile(
    r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\((?P<maint>\d{1,3})(?P<ml>[a-z]{0,3})\)"
    r"(?:(?P<train>[a-z]{1,3})(?P<tn>\d{1,2})?"
    r"\((?P<tm>\d{1,3})(?:\.(?P<ts>\d{1,3}))?(?P<tl>[a-z]{0,3})\))?"
    r"(?:\.?(?P<suffix>[a-z]))?$",
    re.IGNORECASE,
)
_DOTTED = re.compile(
    r"^(?P<major>\d{1,2})\.(?P<minor>\d{1,2})\.(?P<maint>\d{1,3})(?P<ml>[a-z]{0,3})"
    r"(?:\.(?P<train>[a-z]{1,3})(?P<tn>\d{1,2})?\.(?P<tm>\d{1,3})(?P<ts>)(?P<tl>[a-z]{0,3}))?"
    r"(?:\.(?P<suffix>[a-z]))?$",
    re.IGNORECASE,
)


def parse(text: str) -> Version:
    """Read an NX-OS version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(_PREFIX.sub("", clean(SCHEME, text), count=1))
    found = _PAREN.match(folded) or _DOTTED.match(folded)
    if found is None:
        raise VersionError(
            SCHEME, text, "expected major.minor(maintenance)[TRAINn(m)][M|F], e.g. 9.3(8)"
        )
    major, minor, maint = int(found["major"]), int(found["minor"]), int(found["maint"])
    ml = found["ml"].lower()
    train = (found["train"] or "").upper()
    tn = int(found["tn"] or 0)
    tm = int(found["tm"] or 0)
    ts = int(found["ts"] or 0)
    tl = (found["tl"] or "").lower()
    suffix = (found["suffix"] or "").upper()
    base = f"{major}.{minor}({maint}{ml})"
    spelled = base
    line = f"{major}.{minor}"
    if train:
        line = f"{base}{train}{tn or ''}"
        spelled = f"{line}({tm}{f'.{ts}' if ts else ''}{tl})"
    spelled += suffix
    key = (major, minor, train, maint, ml, tn, tm, ts, tl, suffix)
    sort_text = (
        num(major) + num(minor) + word(train) + num(maint) + word(ml) + num(tn) + num(tm)
    ) + (num(ts) + word(tl) + word(suffix))
    return Version(SCHEME, text.strip(), spelled, key, sort_text, line)
