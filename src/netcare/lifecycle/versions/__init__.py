"""Vendor version schemes: parse, normalise and totally order software versions.

Version strings are never compared as text (``15.2(4)E10`` > ``15.2(4)E9``; Junos
``21.4R3-S5.4`` > ``21.4R3``): each platform has one scheme (DESIGN.md), each scheme turns
a string into a :class:`Version` whose ``key`` orders releases the way the vendor does and
whose ``sort_text`` orders the same way as plain text, for a database column. Each scheme
lives in its own module (``ios.py``, ``junos.py``, …); docs/version-schemes.md states the
forms each one reads, its order and its ``train``.

The public contract (other engines, the app and the CLI use only this):
``SCHEMES``, ``PLATFORM_SCHEME``, ``scheme_for``, ``parse``, ``try_parse``, ``compare``,
``Version``, ``VersionError``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from netcare.lifecycle.versions import comware, eos, generic, ios, iosxe, junos, nxos, vrp
from netcare.lifecycle.versions.model import Version, VersionError

__all__ = [
    "PLATFORM_SCHEME",
    "SCHEMES",
    "Version",
    "VersionError",
    "compare",
    "parse",
    "scheme_for",
    "try_parse",
]

#: Every scheme, in DESIGN.md's order; ``generic`` reads dotted numbers with suffixes.
SCHEMES: tuple[str, ...] = ("comware", "vrp", "ios", "iosxe", "nxos", "junos", "eos", "generic")

#: Platform (DESIGN.md vocabulary) → its version scheme.
PLATFORM_SCHEME: dict[str, str] = {
    "hp_comware": "comware",
    "huawei_vrp": "vrp",
    "cisco_ios": "ios",
    "cisco_xe": "iosxe",
    "cisco_nxos": "nxos",
    "juniper_junos": "junos",
    "arista_eos": "eos",
}

_READERS: dict[str, Callable[[str], Version]] = {
    "comware": comware.parse,
    "vrp": vrp.parse,
    "ios": ios.parse,
    "iosxe": iosxe.parse,
    "nxos": nxos.parse,
    "junos": junos.parse,
    "eos": eos.parse,
    "generic": generic.parse,
}


def scheme_for(platform: str) -> str:
    """The scheme of a platform; ``generic`` for a platform NetCare has no scheme for."""
    return PLATFORM_SCHEME.get(platform, "generic")


@functools.lru_cache(maxsize=65536)
def _read(scheme: str, text: str) -> Version | VersionError:
    # Failures are cached too: a fleet repeats the same unreadable string many times,
    # and the matcher asks once per device.
    reader = _READERS.get(scheme)
    if reader is None:
        return VersionError(scheme, text, "unknown scheme")
    try:
        return reader(text)
    except VersionError as problem:
        return problem


def parse(scheme: str, text: str) -> Version:
    """Parse ``text`` by ``scheme``; raises :class:`VersionError` with the reason.

    Results are cached (the matcher reads the same few hundred strings for every one of
    many devices); the returned Version is immutable.
    """
    if not isinstance(text, str):
        raise VersionError(scheme, repr(text), "not a string")
    found = _read(scheme, text)
    if isinstance(found, VersionError):
        raise VersionError(found.scheme, found.text, found.reason)
    return found


def try_parse(scheme: str, text: str) -> Version | None:
    """:func:`parse`, or None when the string cannot be read."""
    try:
        return parse(scheme, text)
    except VersionError:
        return None


def compare(scheme: str, a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, the same as, or newer than ``b``."""
    va, vb = parse(scheme, a), parse(scheme, b)
    return (va > vb) - (va < vb)
