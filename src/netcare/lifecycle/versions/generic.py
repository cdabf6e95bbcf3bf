"""The ``generic`` scheme: dotted numbers with letter suffixes, for platforms without a
vendor scheme of their own (``2.4.1``, ``7.4.4a``, ``1.2-rc1``, ``V5.1``).

A version is its runs of digits and of letters, separators ignored. Runs compare one by
one: numbers as numbers, letters as lower-case text, a letter run before a number run
in the same place, and a version that is a prefix of another before it — so
``1.2 < 1.2a < 1.2b3 < 1.2.1 < 1.10``: a letter after a number reads as a rebuild of that
number, which is how network vendors use it.
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions._text import clean, num, strip_version_word, word
from netcare.lifecycle.versions.model import Version, VersionError

SCHEME = "generic"
_PART = re.compile(r"\d+|[A-Za-z]+")
_ALLOWED = re.compile(r"[0-9A-Za-z._+\-() ]+")
_MAX_PARTS = 24
_MAX_DIGITS = 9


def parse(text: str) -> Version:
    """Read a generic version; raises :class:`VersionError` with the reason."""
    folded = strip_version_word(clean(SCHEME, text))
    if not _ALLOWED.fullmatch(folded):
        raise VersionError(SCHEME, text, "only digits, letters and . - _ + ( ) are allowed")
    parts: list[str] = []
    for part in _PART.findall(folded):
        if parts and part.isalpha() and parts[-1].isalpha():
            parts[-1] += part  # "1.a.b" and "1ab" are one letter run, as normalised writes it
        else:
            parts.append(part)
    if not parts or not parts[0].isdigit():
        raise VersionError(SCHEME, text, "a version starts with a number")
    if len(parts) > _MAX_PARTS:
        raise VersionError(SCHEME, text, f"more than {_MAX_PARTS} parts")
    key: list[tuple[int, int | str]] = []
    spelled: list[str] = []
    coded: list[str] = []
    previous_number = False
    for part in parts:
        if part.isdigit():
            value = int(part)
            if len(str(value)) > _MAX_DIGITS:
                raise VersionError(SCHEME, text, f"a number longer than {_MAX_DIGITS} digits")
            key.append((1, value))
            spelled.append(("." if previous_number else "") + str(value))
            # A number starts with its digit count (1-9); a letter run with "0", so a
            # letter run sorts before a number in the same place, as in the key.
            coded.append(num(value))
            previous_number = True
        else:
            letters = part.lower()
            key.append((0, letters))
            spelled.append(letters)
            coded.append("0" + word(letters)[:-1])
            previous_number = False
    numbers = [str(v) for kind, v in key[:2] if kind == 1]
    train = ".".join(numbers) if len(numbers) == 2 else numbers[0]
    return Version(SCHEME, text.strip(), "".join(spelled), tuple(key), "".join(coded), train)
