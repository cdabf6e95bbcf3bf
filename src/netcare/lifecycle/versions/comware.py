"""H3C / HPE Comware 5 and 7 (``hp_comware``).

Forms read (case-insensitive)::

    7.1.070, Release 6728P22        Version 7.1.070, Release 7585P05
    7.1.045-Release 2418P06         7.1.070, ESS 6728P01      7.1.070, Feature 3506
    5.20.99, Release 1115P16        5.20, Release 2208P01     Release 6728P22
    R6728P22   E6728P01   F3506     7.1.070-R6728P22          R2612P05H01
    Comware Software, Version 7.1.070, Release 6710     (``display version`` line)

Order: the four-digit release number, then the kind (Feature < ESS < Release), then the
patch ``Pnn``, then a hotfix ``Hnn``. The platform version (``7.1.070``) is kept in the
normalised text but does not order: advisories name ``R6728P22`` where the device prints
``7.1.070, Release 6728P22``, and the two must be the same version. Release numbers grow
within a product line; across lines they are only H3C's numbering.

Train: the release family, the first two digits of the release number (``67xx``).
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "comware"
KINDS = ("Feature", "ESS", "Release")
_KIND_OF_LETTER = {"F": 0, "E": 1, "R": 2}
_KIND_OF_WORD = {"feature": 0, "ess": 1, "release": 2}

_PREFIX = re.compile(r"^(?:(?:H3C|HPE?)\s+)?Comware\s+(?:Platform\s+)?Software,?\s*", re.IGNORECASE)
_VERSION = re.compile(
    r"^(?:(?:Software\s+)?Version\s*:?\s*)?"
    r"(?:(?P<platform>\d{1,2}\.\d{1,3}(?:\.\d{1,4})?)\s*(?:,\s*|-\s*|\s+))?"
    r"(?:(?P<word>Release|ESS|Feature)\s*|(?P<letter>[REF]))"
    r"(?P<release>\d{4})(?:P(?P<patch>\d{1,3}))?(?:H(?P<hotfix>\d{1,3}))?$",
    re.IGNORECASE,
)


def parse(text: str) -> Version:
    """Read a Comware version; raises :class:`VersionError` with the reason."""
    folded = _PREFIX.sub("", clean(SCHEME, text), count=1)
    found = _VERSION.match(folded)
    if found is None:
        raise VersionError(
            SCHEME,
            text,
            "expected a release such as '7.1.070, Release 6728P22', 'ESS 6728P01' or 'R6728P22'",
        )
    if found["word"]:
        kind = _KIND_OF_WORD[found["word"].lower()]
    else:
        kind = _KIND_OF_LETTER[found["letter"].upper()]
    release = int(found["release"])
    patch = int(found["patch"] or 0)
    hotfix = int(found["hotfix"] or 0)
    spelled = f"{KINDS[kind]} {release:04d}"
    if patch:
        spelled += f"P{patch:02d}"
    if hotfix:
        spelled += f"H{hotfix:02d}"
    if found["platform"]:
        spelled = f"{found['platform']}, {spelled}"
    key = (release, kind, patch, hotfix)
    sort_text = num(release) + num(kind) + num(patch) + num(hotfix)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, f"{release // 100:02d}xx")
