"""Shared helpers of the scheme readers: input clean-up and the ``sort_text`` alphabet.

``sort_text`` is built from two self-delimiting pieces, so concatenating fields keeps
the order of the key tuple they come from:

* :func:`num` writes a non-negative integer as its digit count and its digits
  (``7`` → ``17``, ``10`` → ``210``): more digits sort later, equal counts compare digit
  by digit, and no encoding is a prefix of another.
* :func:`word` writes letters in lower case followed by ``0``: ``0`` sorts before every
  letter, so a word that is a prefix of another sorts first, as in the key.

Only ``0-9a-z`` ever appear, so byte order and the usual database collations agree.
"""

from __future__ import annotations

import re

from netcare.lifecycle.versions.model import VersionError

__all__ = ["MAX_LENGTH", "clean", "num", "strip_version_word", "word"]

#: Longer input is not a version string (and would not fit the catalog column).
MAX_LENGTH = 200

_VERSION_WORD = re.compile(r"^(?:software\s+)?(?:version|ver\.?)\s*[:=]?\s*", re.IGNORECASE)
_LEADING_V = re.compile(r"^v(?=\d)", re.IGNORECASE)


def clean(scheme: str, text: str) -> str:
    """``text`` with surrounding and repeated whitespace folded; refuses empty or
    overlong input with the reason."""
    if not isinstance(text, str):
        raise VersionError(scheme, repr(text), "not a string")
    folded = " ".join(text.split())
    if not folded:
        raise VersionError(scheme, text, "empty")
    if len(folded) > MAX_LENGTH:
        raise VersionError(scheme, text[:60] + "…", f"longer than {MAX_LENGTH} characters")
    return folded


def strip_version_word(text: str, *, leading_v: bool = True) -> str:
    """Drop the ``Version``/``Ver.`` word vendors print before a version and, unless the
    scheme's own format starts with it (VRP), a bare ``V`` before a digit."""
    text = _VERSION_WORD.sub("", text, count=1)
    if leading_v:
        text = _LEADING_V.sub("", text, count=1)
    return text


def num(value: int) -> str:
    """Order-preserving, self-delimiting text of a non-negative integer below 10**9."""
    digits = str(value)
    return f"{len(digits)}{digits}"


def word(letters: str) -> str:
    """Order-preserving, self-delimiting text of a run of ASCII letters."""
    return f"{letters.lower()}0"
