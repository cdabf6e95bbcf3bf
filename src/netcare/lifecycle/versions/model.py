"""The parsed-version value and the error every scheme raises.

Kept apart from ``__init__`` so each scheme module can build a :class:`Version` without
importing the package that imports it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Version", "VersionError"]


class VersionError(ValueError):
    """A version string the scheme cannot read; the message names scheme and string."""

    def __init__(self, scheme: str, text: str, reason: str) -> None:
        super().__init__(f"{scheme}: cannot read version {text!r}: {reason}")
        self.scheme = scheme
        self.text = text
        self.reason = reason


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class Version:
    """A parsed version. Ordering and equality use ``key`` and hold only within one scheme
    (comparing two schemes raises TypeError). ``normalised`` is the canonical spelling
    (parsing it again gives an equal Version).

    ``sort_text`` holds only ``0-9`` and ``a-z`` and orders as plain text exactly as
    ``key`` orders, so a database column sorts releases (any collation that orders digits
    before letters, as the C and ICU/glibc locales do). ``train`` is the release line a
    "fixed in the same train" statement refers to (docs/version-schemes.md); equal
    versions have equal trains.
    """

    scheme: str
    raw: str
    normalised: str
    key: tuple[Any, ...] = field(repr=False)
    sort_text: str = field(repr=False, default="")
    train: str = ""

    def _same(self, other: object) -> Version:
        if not isinstance(other, Version) or other.scheme != self.scheme:
            raise TypeError(f"cannot compare {self.scheme} version with {other!r}")
        return other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self.scheme == other.scheme and self.key == other.key

    def __hash__(self) -> int:
        return hash((self.scheme, self.key))

    def __lt__(self, other: object) -> bool:
        return self.key < self._same(other).key

    def __str__(self) -> str:
        return self.normalised
