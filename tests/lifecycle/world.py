"""Lifecycle objects for the test world (rows only, as the services leave them; conftest
runs inventory's extension first, so each customer has its Comware core switch).

Per customer: a target release, an exposure of its switch, a version assessment with
the switch's risk score, and a risk notice. Shared vendor data belongs to no customer:
"own" and "foreign" are just two rows each of releases, advisories, imports and feeds,
named without any customer's name (a choice list may show them to every staff member).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The world's switches run this (inventory's world); the fixed release is newer.
RUNNING = "7.1.070, Release 7585P05"
FIXED = "7.1.070, Release 7595P01"


def _range(fixed: str) -> dict[str, Any]:
    return {
        "raw": f"< {fixed}",
        "status": "affected",
        "exact": None,
        "introduced": None,
        "fixed": fixed,
        "last_affected": None,
        "version_type": "",
    }


def comware_products(fixed: str = FIXED) -> list[dict[str, Any]]:
    """``Advisory.products`` as the readers store it: Comware 7 before ``fixed``."""
    return [
        {
            "vendor": "H3C",
            "product": "Comware 7",
            "platforms": ["hp_comware"],
            "models": [],
            "ranges": [_range(fixed)],
            "default_status": "unaffected",
            "fixed_versions": [fixed],
            "problems": [],
        }
    ]


def _key(version: str) -> str:
    from netcare.lifecycle import versions

    parsed = versions.try_parse(versions.scheme_for("hp_comware"), version)
    return parsed.sort_text if parsed else ""


def _shared(world: Any, admin: Any) -> None:
    from netcare.inventory.models import Platform
    from netcare.lifecycle.models import Advisory, AdvisoryImport, Feed, Release

    comware = Platform.objects.get(slug="hp_comware")
    releases = {
        "own": Release.objects.create(
            platform=comware,
            version=RUNNING,
            version_key=_key(RUNNING),
            release_date=dt.date(2023, 3, 10),
            end_of_sale=dt.date(2026, 6, 30),
            end_of_support=dt.date(2028, 6, 30),
        ),
        "foreign": Release.objects.create(
            platform=comware,
            version=FIXED,
            version_key=_key(FIXED),
            release_date=dt.date(2025, 9, 1),
            recommended=True,
        ),
    }
    imports = {
        "own": AdvisoryImport.objects.create(
            source="comware-ssh.json",
            state=AdvisoryImport.State.DONE,
            counts={"created": 1, "updated": 0, "unchanged": 0, "files": 1},
            created_by=admin,
        ),
        "foreign": AdvisoryImport.objects.create(
            source="broken.json",
            state=AdvisoryImport.State.REFUSED,
            error="Refused, nothing was imported — broken.json: document: not JSON",
            created_by=admin,
        ),
    }
    advisories = {
        "own": Advisory.objects.create(
            key="TEST-COMWARE-SSH-01",
            kind=Advisory.Kind.VULNERABILITY,
            title="Comware SSH server denial of service (test advisory)",
            summary="A crafted SSH packet can restart the SSH process.",
            source_format="csaf",
            cves=["CVE-2099-0001"],
            severity="high",
            cvss_score=7.5,
            cvss_vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
            published=dt.date(2026, 2, 1),
            workaround="Limit SSH access with an ACL on the VTY lines.",
            recommended_release=FIXED,
            products=comware_products(),
            platforms=["hp_comware"],
            content_hash="world-own",
            last_import=imports["own"],
        ),
        "foreign": Advisory.objects.create(
            key="TEST-COMWARE-BGP-02",
            kind=Advisory.Kind.BUG,
            title="Comware BGP route refresh leak (test advisory)",
            source_format="vendor",
            severity="medium",
            published=dt.date(2026, 1, 15),
            products=comware_products(),
            platforms=["hp_comware"],
            feature_any_of=["bgp"],
            feature_text="BGP configured",
            feature_source="vendor",
            content_hash="world-foreign",
        ),
    }
    feeds = {
        "own": Feed.objects.create(
            name="KEV catalog", kind=Feed.Kind.KEV, location="/srv/netcare/feeds/kev"
        ),
        "foreign": Feed.objects.create(
            name="Vendor bulletins",
            kind=Feed.Kind.ADVISORIES,
            location="/srv/netcare/feeds/bulletins",
            enabled=False,
        ),
    }
    for kind, rows in (
        ("release", releases),
        ("advisory_import", imports),
        ("advisory", advisories),
        ("advisory_feed", feeds),
    ):
        world.objects[kind] = dict(rows)


def _per_customer(world: Any, admin: Any, which: str) -> None:
    from netcare.inventory.models import Platform
    from netcare.lifecycle.models import (
        Exposure,
        RiskNotice,
        RiskScore,
        TargetRelease,
        VersionAssessment,
    )

    device = world.obj("device", which)
    customer = device.customer
    advisory = world.obj("advisory", which)
    comware = Platform.objects.get(slug="hp_comware")
    target = TargetRelease.objects.create(
        customer=customer,
        platform=comware,
        release=FIXED,
        reason="fixes the SSH denial of service",
        set_by=admin,
    )
    vulnerable = advisory.feature_any_of == []
    exposure = Exposure.objects.create(
        customer=customer,
        device=device,
        advisory=advisory,
        status="vulnerable" if vulnerable else "potentially_vulnerable",
        reason="in_range" if vulnerable else "feature_unknown",
        detail_zh=f"版本 {RUNNING} 在受影响范围 < {FIXED} 内",
        detail_en=f"version {RUNNING} is in the affected range < {FIXED}",
        matched_range=f"< {FIXED}",
        fixed=[FIXED],
        version=RUNNING,
    )
    assessment = VersionAssessment.objects.create(
        customer=customer,
        period="2026-Q1",
        score=42.5,
        level="medium",
        versions=[
            {
                "platform": "hp_comware",
                "version": RUNNING,
                "known": True,
                "devices": 1,
                "vulnerabilities": 1 if vulnerable else 0,
                "bugs": 0 if vulnerable else 1,
                "bulletins": 0,
                "end_of_support": "2028-06-30",
                "risk": 42.5,
                "level": "medium",
            }
        ],
        recommendations=[
            {
                "platform": "hp_comware",
                "version": RUNNING,
                "target": FIXED,
                "path": [FIXED],
                "devices": [device.hostname],
                "advisories": [advisory.key],
                "workarounds": [{"advisory": advisory.key, "text": "ACL on the VTY lines"}],
                "zh": "适用公告 1 条；未运行目标版本",
                "en": "1 applicable advisories; not on the target release",
            }
        ],
        created_by=admin,
    )
    score = RiskScore.objects.create(
        customer=customer,
        assessment=assessment,
        device=device,
        platform="hp_comware",
        version=RUNNING,
        value=42.5,
        level="medium",
        points=[
            {
                "factor": "vulnerability",
                "advisory": advisory.key,
                "points": 37.5,
                "zh": "适用漏洞（CVSS 7.5）",
                "en": "applicable vulnerability (CVSS 7.5)",
            },
            {
                "factor": "behind_target",
                "advisory": None,
                "points": 5.0,
                "zh": "落后目标版本 1 个版本",
                "en": "1 release behind the target",
            },
        ],
    )
    notice = RiskNotice.objects.create(
        customer=customer,
        advisory=advisory,
        impact="The SSH process may restart.",
        proposal="Upgrade in the next window; meanwhile limit SSH with an ACL.",
        created_by=admin,
    )
    built = {
        "target_release": target,
        "exposure": exposure,
        "version_assessment": assessment,
        "risk_score": score,
        "risk_notice": notice,
    }
    for kind, obj in built.items():
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    _shared(world, admin)
    for which in ("own", "foreign"):
        _per_customer(world, admin, which)
