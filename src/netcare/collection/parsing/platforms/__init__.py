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

__all__ = ["Normaliser", "normaliser_for"]

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
