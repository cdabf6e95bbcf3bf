"""Arista EOS (``arista_eos``).

Forms read (case-insensitive)::

    4.28.3M   4.30.1F   4.21.1.1F   4.22.2.1FX-CLI   4.23.0.1F   4.20.15M
    4.31.2F-35442176.4312F        (engineering build: the build is kept in ``raw`` only)
    EOS-4.28.3M                   Software image version: 4.28.3M

The parts: three or four numbers, the release type (``F`` feature, ``M`` maintenance,
``FX``, with ``-CLI``-style qualifiers) and an optional ``-<build>`` that starts with a
digit. A missing fourth number is 0 (``4.21.1F`` = ``4.21.1.0F``).

Order: the numbers, then the type word by word (none < ``F`` < ``FX`` < ``FX-CLI`` < ``M``);
the build is ignored. So ``4.21.1F < 4.21.1.1F < 4.21.2F`` and ``4.28.3M < 4.28.10M``.

Train: ``major.minor`` (``4.28``).
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word, word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "eos"

_PREFIX = re.compile(
    r"^(?:(?:Arista\s+)?EOS[-\s]+|Software\s+image\s+version\s*:\s*)(?=\d)", re.IGNORECASE
)
_VERSION = re.compile(
    r"^(?P<numbers>\d{1,3}\.\d{1,4}\.\d{1,4}(?:\.\d{1,4})?)"
    r"(?P<kind>[a-z]{1,4}(?:-[a-z]{1,10}){0,3})?(?:-(?P<build>\d[0-9a-z.]{0,40}))?$",
    re.IGNORECASE,
)


def parse(text: str) -> Version:
    """Read an EOS version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(_PREFIX.sub("", clean(SCHEME, text), count=1))
    found = _VERSION.match(folded)
    if found is None:
        raise VersionError(
            SCHEME, text, "expected three or four numbers and a type, e.g. 4.28.3M or 4.21.1.1F"
        )
    numbers = [int(part) for part in found["numbers"].split(".")]
    if len(numbers) == 3:
        numbers.append(0)
    kind = tuple(found["kind"].upper().split("-")) if found["kind"] else ()
    shown = numbers if numbers[3] else numbers[:3]
    spelled = ".".join(str(n) for n in shown) + "-".join(kind)
    key = (numbers[0], numbers[1], numbers[2], numbers[3], kind)
    sort_text = "".join(num(n) for n in numbers) + "".join(word(part) for part in kind)
    return Version(SCHEME, text.strip(), spelled, key, sort_text, f"{numbers[0]}.{numbers[1]}")
