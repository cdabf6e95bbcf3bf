"""Builders for the matcher tests: real-looking advisories and devices in one line each.

Version strings are the vendors' own (IOS ``15.2(4)E10``, IOS XE ``17.9.3``, Junos
``21.4R3-S5.4``, VRP ``V200R019C10SPC500``, EOS ``4.28.3M``, NX-OS ``9.3(8)``, Comware
``7.1.070, Release 6728P22``); advisory keys and ranges are modelled on public vendor
bulletins (cisco-sa-…, JSA…, huawei-sa-…).
"""

from __future__ import annotations

from typing import Any

from netcare.lifecycle.advisories.model import (
    Advisory,
    AffectedProduct,
    AffectedRange,
    Exploitation,
    FeatureCondition,
)
from netcare.lifecycle.matching.model import DeviceRecord

PRODUCT_NAMES = {
    "cisco_ios": ("Cisco", "Cisco IOS Software"),
    "cisco_xe": ("Cisco", "Cisco IOS XE Software"),
    "cisco_nxos": ("Cisco", "Cisco NX-OS Software"),
    "juniper_junos": ("Juniper Networks", "Junos OS"),
    "huawei_vrp": ("Huawei", "VRP"),
    "arista_eos": ("Arista", "EOS"),
    "hp_comware": ("HPE", "Comware"),
}


def rng(
    raw: str = "",
    *,
    status: str = "affected",
    exact: str | None = None,
    introduced: str | None = None,
    fixed: str | None = None,
    last: str | None = None,
    version_type: str = "",
) -> AffectedRange:
    return AffectedRange(
        raw=raw,
        status=status,  # type: ignore[arg-type]
        exact=exact,
        introduced=introduced,
        fixed=fixed,
        last_affected=last,
        version_type=version_type,
    )


def product(
    platform: str,
    *ranges: AffectedRange,
    models: tuple[str, ...] = (),
    default: str = "unaffected",
    fixed: tuple[str, ...] = (),
    problems: tuple[str, ...] = (),
    name: str | None = None,
) -> AffectedProduct:
    vendor, default_name = PRODUCT_NAMES.get(platform, ("?", platform))
    return AffectedProduct(
        vendor=vendor,
        product=name or default_name,
        platforms=(platform,),
        models=models,
        ranges=tuple(ranges),
        default_status=default,  # type: ignore[arg-type]
        fixed_versions=fixed,
        problems=problems,
    )


def advisory(
    key: str,
    *products: AffectedProduct,
    kind: str = "vulnerability",
    cves: tuple[str, ...] = (),
    cvss: float | None = None,
    severity: str = "unknown",
    feature: tuple[str, ...] | None = None,
    kev: bool = False,
    adp: str = "",
    epss: float | None = None,
    **extra: Any,
) -> Advisory:
    return Advisory(
        key=key,
        kind=kind,
        title=extra.pop("title", key),
        source_format=extra.pop("source_format", "vendor"),
        products=tuple(products),
        cves=cves,
        severity=severity,
        cvss_score=cvss,
        feature=FeatureCondition(any_of=feature) if feature is not None else None,
        exploitation=Exploitation(
            known_exploited=kev, adp_exploitation=adp, epss=epss, source="CISA KEV" if kev else ""
        ),
        **extra,
    )


def device(
    key: str,
    platform: str,
    version: str,
    model: str = "",
    features: frozenset[str] | set[str] | None = None,
) -> DeviceRecord:
    return DeviceRecord(
        key=key,
        platform=platform,
        version=version,
        model=model,
        features=frozenset(features) if features is not None else None,
    )
