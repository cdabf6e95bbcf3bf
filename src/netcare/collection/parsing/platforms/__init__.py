"""Per-platform facts normalisers that replace the generic one for a command key.

The generic normalisers in :mod:`..facts` read ntc-templates' common field names. A
platform whose output says more, or says it differently (NX-OS ``show system
resources``, Junos ``show chassis routing-engine``), registers its own function for that
key in ``platforms/<family>.py`` as ``NORMALISERS = {"cpu": _cpu, ...}``. Each function
takes ``(facts, records, raw_text)`` and fills ``facts`` in place, like the generic ones.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netcare.collection.parsing.facts import Facts

__all__ = ["Normaliser", "normaliser_for", "ntp_from_peers"]

Normaliser = Callable[["Facts", list[dict[str, Any]], str], None]

#: platform → module under this package holding its ``NORMALISERS``
_MODULES = {
    "cisco_nxos": "nxos",
    "juniper_junos": "junos",
    "arista_eos": "eos",
}


@functools.cache
def _registry(platform: str) -> dict[str, Normaliser]:
    name = _MODULES.get(platform)
    if name is None:
        return {}
    module = importlib.import_module(f"{__name__}.{name}")
    return dict(module.NORMALISERS)


def normaliser_for(platform: str, key: str) -> Normaliser | None:
    """The platform's own normaliser for a command key, or None to use the generic one."""
    return _registry(platform).get(key)


def ntp_from_peers(facts: Facts, peer: dict[str, Any] | None, remote: str, stratum: str) -> None:
    """NTP state from an ntpq-style peer table (NX-OS ``show ntp peer-status``, Junos
    ``show ntp associations``): the ``*`` peer is the source the clock follows, and the
    device's own stratum is one more than that peer's. No ``*`` peer: free-running."""
    facts["ntp"]["synchronized"] = peer is not None
    if peer is None:
        return
    value = peer.get(remote)
    facts["ntp"]["server"] = str(value or "").strip() or None
    level = peer.get(stratum)
    count = int(level.strip()) if isinstance(level, str) and level.strip().isdigit() else None
    facts["ntp"]["stratum"] = count + 1 if count is not None else None
