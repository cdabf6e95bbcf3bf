"""Which NetCare platforms and models an advisory's product name means.

Vendors name the same software many ways ("Cisco IOS XE Software", "IOS XE", a CPE
``cpe:2.3:o:cisco:ios_xe``), and some name hardware instead of software ("Huawei S5700",
"H3C S6800", "Cisco Catalyst 9300 Series Switches"). The rules are data
(``lifecycle/data/products.yaml``), tried in order; a name no rule knows maps to no
platform — the advisory then concerns no device, which the import summary says — and is
never guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from netcare.lifecycle.advisories.errors import AdvisoryFormatError

__all__ = ["PLATFORMS", "PRODUCTS_PATH", "ProductMap", "ProductMatch", "load_product_map"]

PRODUCTS_PATH = Path(__file__).resolve().parent.parent / "data" / "products.yaml"

#: The platforms of DESIGN.md.
PLATFORMS: tuple[str, ...] = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)


@dataclass(frozen=True)
class ProductMatch:
    """What a product name maps to; ``known`` is False when no rule matched."""

    platforms: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    known: bool = False


@dataclass(frozen=True)
class _Rule:
    vendor: str
    pattern: re.Pattern[str]
    platforms: tuple[str, ...]
    models: tuple[str, ...]


@dataclass(frozen=True)
class _ModelRule:
    pattern: re.Pattern[str]
    models: tuple[str, ...]


class ProductMap:
    """Maps advisory vendor/product names (or a CPE or purl) to platforms and models."""

    def __init__(
        self,
        vendors: dict[str, tuple[re.Pattern[str], ...]],
        rules: tuple[_Rule, ...],
        platform_models: dict[str, tuple[_ModelRule, ...]],
    ) -> None:
        self._vendors = vendors
        self._rules = rules
        self._platform_models = platform_models

    def vendor_of(self, *names: str) -> str:
        """The canonical vendor (``cisco``, ``huawei``, ``h3c``, ``juniper``, ``arista``)
        the first recognisable name spells, else ``""``."""
        for name in names:
            text = _clean(name)
            for vendor, patterns in self._vendors.items():
                if any(p.search(text) for p in patterns):
                    return vendor
        return ""

    def lookup(self, vendor: str, product: str, *, cpe: str = "", purl: str = "") -> ProductMatch:
        """Platforms and models of a product. The vendor is read from ``vendor``, else
        from the product name itself; a CPE or purl is tried when the name says
        nothing."""
        found = self._lookup_name(vendor, product)
        if found.known:
            return found
        for identifier in (cpe, purl):
            parts = _identifier_parts(identifier)
            if parts:
                found = self._lookup_name(*parts)
                if found.known:
                    return found
        return ProductMatch()

    def _lookup_name(self, vendor: str, product: str) -> ProductMatch:
        canonical = self.vendor_of(vendor, product)
        if not canonical:
            return ProductMatch()
        name = _clean(product)
        for rule in self._rules:
            if rule.vendor != canonical:
                continue
            match = rule.pattern.search(name)
            if match is None:
                continue
            model = (match.groupdict().get("model") or "").replace(" ", "").upper()
            models = tuple(
                m.replace("{model}", model) for m in rule.models if model or "{" not in m
            )
            return ProductMatch(rule.platforms, models, known=True)
        return ProductMatch()

    def models_for_platforms(self, vendor: str, names: list[str]) -> tuple[str, ...]:
        """Model patterns a CVE record's ``platforms`` list names (``EX Series`` →
        ``EX*``), only when every entry maps — one unmapped entry (``vEOS-lab``) means the
        list cannot narrow the models, so all models stay concerned."""
        rules = self._platform_models.get(self.vendor_of(vendor), ())
        models: list[str] = []
        for name in names:
            text = _clean(name)
            for rule in rules:
                match = rule.pattern.search(text)
                if match:
                    model = (match.groupdict().get("model") or "").upper()
                    models.extend(m.replace("{model}", model) for m in rule.models)
                    break
            else:
                return ()
        return tuple(dict.fromkeys(models))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip().lower()


def _identifier_parts(identifier: str) -> tuple[str, str] | None:
    """(vendor, product) of a CPE 2.2/2.3 or a purl."""
    text = identifier.strip()
    if text.startswith("cpe:2.3:"):
        parts = text.split(":")
        return (parts[3], parts[4]) if len(parts) > 4 else None
    if text.startswith("cpe:/"):
        parts = text[5:].split(":")
        return (parts[1], parts[2]) if len(parts) > 2 else None
    if text.startswith("pkg:"):
        path = text[4:].split("@", 1)[0].split("?", 1)[0]
        pieces = path.split("/")
        return (pieces[-2], pieces[-1]) if len(pieces) >= 3 else None
    return None


def _compile(pattern: Any, where: str, path: Path) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise AdvisoryFormatError(path, where, "expected a regex")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise AdvisoryFormatError(path, where, f"bad regex: {exc}") from None


def parse_product_map(data: Any, path: Path = PRODUCTS_PATH) -> ProductMap:
    """A ProductMap from the YAML structure; errors name the entry."""
    if not isinstance(data, dict):
        raise AdvisoryFormatError(path, "(top)", "expected a mapping")
    vendors: dict[str, tuple[re.Pattern[str], ...]] = {}
    for vendor, patterns in (data.get("vendors") or {}).items():
        if not isinstance(patterns, list) or not patterns:
            raise AdvisoryFormatError(path, f"vendors.{vendor}", "expected a list of regexes")
        vendors[str(vendor)] = tuple(
            _compile(p, f"vendors.{vendor}[{i}]", path) for i, p in enumerate(patterns)
        )
    rules: list[_Rule] = []
    for i, item in enumerate(data.get("products") or []):
        where = f"products[{i}]"
        if not isinstance(item, dict) or item.get("vendor") not in vendors:
            raise AdvisoryFormatError(path, where, "needs a vendor named under 'vendors'")
        platforms = tuple(item.get("platforms") or ())
        unknown = [p for p in platforms if p not in PLATFORMS]
        if unknown:
            raise AdvisoryFormatError(path, f"{where}.platforms", f"unknown platform {unknown}")
        rules.append(
            _Rule(
                vendor=str(item["vendor"]),
                pattern=_compile(item.get("match"), f"{where}.match", path),
                platforms=platforms,
                models=tuple(str(m) for m in item.get("models") or ()),
            )
        )
    platform_models: dict[str, tuple[_ModelRule, ...]] = {}
    for vendor, items in (data.get("platform_models") or {}).items():
        platform_models[str(vendor)] = tuple(
            _ModelRule(
                _compile(entry.get("match"), f"platform_models.{vendor}[{i}]", path),
                tuple(str(m) for m in entry.get("models") or ()),
            )
            for i, entry in enumerate(items or [])
            if isinstance(entry, dict)
        )
    return ProductMap(vendors, tuple(rules), platform_models)


def load_product_map(path: Path | None = None) -> ProductMap:
    """The product map from ``path`` (default: NetCare's ``products.yaml``, cached)."""
    if path is None:
        return _default_map()
    return _read(path)


def _read(path: Path) -> ProductMap:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AdvisoryFormatError(path, "(yaml)", str(exc).splitlines()[0]) from None
    return parse_product_map(data, path)


@functools.cache
def _default_map() -> ProductMap:
    return _read(PRODUCTS_PATH)
