"""Version assessment (版本评估): a risk coefficient per device and per version, with
the points that make it, upgrade recommendations and hardening advice.

The matcher runs first (so the assessment and the exposures page agree), then the risk
score (``lifecycle.matching.risk``) turns each device's applicable advisories, known
exploitation, end-of-support dates and distance behind its target release into points;
every point names its advisory or lifecycle fact, so an expert can explain every number.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from netcare.core.access import recorded_user, require
from netcare.core.audit import acting_as
from netcare.customers.models import Customer
from netcare.inventory.models import Device
from netcare.lifecycle import versions
from netcare.lifecycle.matching import matcher, risk
from netcare.lifecycle.matching import targets as target_engine
from netcare.lifecycle.models import Release, RiskScore, VersionAssessment
from netcare.lifecycle.services import exposures as exposure_services
from netcare.lifecycle.services.targets import resolve_targets

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["catalog_index", "do_assess", "release_of"]

APPLICABLE = ("vulnerable", "potentially_vulnerable")


def catalog_index(platforms: set[str]) -> dict[str, list[Release]]:
    """The catalog of these platforms, per platform, in release order."""
    found: dict[str, list[Release]] = defaultdict(list)
    rows = Release.objects.filter(platform__slug__in=sorted(platforms)).select_related("platform")
    for row in rows:
        found[row.platform.slug].append(row)
    for slug, rows_ in found.items():
        scheme = versions.scheme_for(slug)
        rows_.sort(key=lambda r, s=scheme: _sort_key(s, r.version))  # type: ignore[misc]
    return found


def _sort_key(scheme: str, version: str) -> tuple[int, Any]:
    parsed = versions.try_parse(scheme, version)
    return (0, parsed.key) if parsed is not None else (1, version)


def release_of(catalog: list[Release], scheme: str, version: str) -> Release | None:
    """The catalog entry of a version (same version by the scheme, not by text)."""
    parsed = versions.try_parse(scheme, version)
    if parsed is None:
        return None
    for row in catalog:
        if versions.try_parse(scheme, row.version) == parsed:
            return row
    return None


def _point(p: Any) -> dict[str, Any]:
    return {
        "factor": p.factor,
        "advisory": p.advisory,
        "points": round(float(p.points), 2),
        "zh": p.why.zh,
        "en": p.why.en,
    }


def do_assess(customer: Customer, *, actor: Actor, period: str = "") -> VersionAssessment:
    """Assess the customer's versions now: exposures matched again, a risk score per
    device (stored with its points), per-version rows and upgrade recommendations."""
    require(actor, "assess_versions", customer.pk)
    today = timezone.localdate()
    devices = list(
        Device.objects.filter(customer=customer)
        .exclude(status=Device.Status.DECOMMISSIONED)
        .select_related("platform", "site")
        .order_by("hostname")
    )
    records = exposure_services.device_records(devices)
    advisories = exposure_services.engine_advisories({d.platform.slug for d in devices})
    found = matcher.match(records, list(advisories.values()))
    exposure_services.do_match(customer)
    by_device: dict[str, list[Any]] = defaultdict(list)
    for item in found:
        by_device[item.device].append(item)
    targets = resolve_targets(customer, records)
    catalog = catalog_index({d.platform.slug for d in devices})
    scores: list[tuple[Device, Any, Any]] = []
    for device, record in zip(devices, records, strict=True):
        scheme = versions.scheme_for(record.platform)
        entries = catalog.get(record.platform, [])
        entry = release_of(entries, scheme, record.version)
        target = targets[record.key].release
        behind = (
            target_engine.releases_behind(
                scheme, [r.version for r in entries], record.version, target
            )
            if target
            else None
        )
        facts = risk.LifecycleFacts(
            end_of_sale=entry.end_of_sale if entry else None,
            end_of_support=entry.end_of_support if entry else None,
            target=target,
            releases_behind=behind,
        )
        score = risk.score_device(record, by_device.get(record.key, []), advisories, facts, today)
        scores.append((device, record, score))
    with transaction.atomic(), acting_as(actor):
        assessment = VersionAssessment.objects.create(
            customer=customer,
            period=period or f"{today:%Y}-Q{(today.month - 1) // 3 + 1}",
            created_by=recorded_user(actor),
        )
        RiskScore.objects.bulk_create(
            [
                RiskScore(
                    customer=customer,
                    assessment=assessment,
                    device=device,
                    platform=record.platform,
                    version=record.version[:120],
                    value=round(float(score.value), 2),
                    level=score.level,
                    points=[_point(p) for p in score.points],
                )
                for device, record, score in scores
            ]
        )
        values = [float(s.value) for _, _, s in scores]
        assessment.score = round(max(values), 2) if values else 0.0
        assessment.level = risk.level_of(assessment.score) if values else "low"
        assessment.versions = _versions(scores, by_device, advisories, catalog)
        assessment.recommendations = _recommendations(
            scores, targets, catalog, by_device, advisories
        )
        assessment.save(update_fields=["score", "level", "versions", "recommendations"])
    return assessment


def _versions(
    scores: list[tuple[Device, Any, Any]],
    by_device: dict[str, list[Any]],
    advisories: dict[str, Any],
    catalog: dict[str, list[Release]],
) -> list[dict[str, Any]]:
    """Per (platform, version): devices, applicable advisories by kind, end of support
    and the risk coefficient (the highest of its devices: a version is as risky as its
    most exposed device)."""
    groups: dict[tuple[str, str], list[tuple[Device, Any, Any]]] = defaultdict(list)
    for item in scores:
        groups[(item[1].platform, item[1].version)].append(item)
    rows = []
    for (platform, version), items in sorted(groups.items()):
        kinds: dict[str, set[str]] = defaultdict(set)
        for _device, record, _score in items:
            for exposure in by_device.get(record.key, []):
                if str(exposure.status) in APPLICABLE:
                    kinds[advisories[exposure.advisory].kind].add(exposure.advisory)
        scheme = versions.scheme_for(platform)
        entry = release_of(catalog.get(platform, []), scheme, version)
        value = max(float(s.value) for _, _, s in items)
        rows.append(
            {
                "platform": platform,
                "version": version,
                "known": versions.try_parse(scheme, version) is not None,
                "devices": len(items),
                "vulnerabilities": len(kinds["vulnerability"]),
                "bugs": len(kinds["bug"]),
                "bulletins": len(kinds["bulletin"] | kinds["field_notice"] | kinds["eol"]),
                "end_of_support": entry.end_of_support.isoformat()
                if entry and entry.end_of_support
                else None,
                "risk": round(value, 2),
                "level": risk.level_of(value),
            }
        )
    return rows


def _recommendations(
    scores: list[tuple[Device, Any, Any]],
    targets: dict[str, Any],
    catalog: dict[str, list[Release]],
    by_device: dict[str, list[Any]],
    advisories: dict[str, Any],
) -> list[dict[str, Any]]:
    """Upgrade recommendations per (platform, version) that is off track or exposed, and
    hardening advice (the workarounds) for what cannot be upgraded at once."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for device, record, _score in scores:
        scheme = versions.scheme_for(record.platform)
        applicable = [e for e in by_device.get(record.key, []) if str(e.status) in APPLICABLE]
        target = targets[record.key].release
        off = targets[record.key].off_track
        if not applicable and not off:
            continue
        key = (record.platform, record.version)
        row = out.setdefault(
            key,
            {
                "platform": record.platform,
                "version": record.version,
                "target": target,
                "path": _path(catalog.get(record.platform, []), scheme, record.version, target),
                "devices": [],
                "advisories": sorted({e.advisory for e in applicable}),
                "workarounds": {},
                "zh": "",
                "en": "",
            },
        )
        row["devices"].append(device.hostname)
        for exposure in applicable:
            advisory = advisories[exposure.advisory]
            if advisory.workaround:
                row["workarounds"][advisory.key] = advisory.workaround
        reasons_en, reasons_zh = [], []
        if row["advisories"]:
            reasons_en.append(f"{len(row['advisories'])} applicable advisories")
            reasons_zh.append(f"适用公告 {len(row['advisories'])} 条")
        if off:
            reasons_en.append("not on the target release")
            reasons_zh.append("未运行目标版本")
        row["en"] = "; ".join(reasons_en)
        row["zh"] = "；".join(reasons_zh)
    return [
        {**row, "workarounds": [{"advisory": k, "text": v} for k, v in row["workarounds"].items()]}
        for _key, row in sorted(out.items())
    ]


def _path(catalog: list[Release], scheme: str, current: str, target: str | None) -> list[str]:
    """Upgrade hops from the current release to the target: through each recommended
    catalog release of a newer train on the way (vendors support upgrades within and
    to the next train), else straight to the target."""
    if not target:
        return []
    now, goal = versions.try_parse(scheme, current), versions.try_parse(scheme, target)
    if now is None or goal is None or not now < goal:
        return [target] if goal is not None and now is None else []
    hops: list[str] = []
    train = getattr(now, "train", "")
    for row in catalog:
        parsed = versions.try_parse(scheme, row.version)
        if parsed is None or not (now < parsed < goal) or not row.recommended:
            continue
        if getattr(parsed, "train", "") not in ("", train, getattr(goal, "train", "")):
            hops.append(row.version)
            train = getattr(parsed, "train", "")
    return [*hops, target]
