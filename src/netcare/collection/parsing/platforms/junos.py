"""Junos facts normalisers that differ from the generic ones (none yet)."""

from __future__ import annotations

from netcare.collection.parsing.platforms import Normaliser

NORMALISERS: dict[str, Normaliser] = {}
