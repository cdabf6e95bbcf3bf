"""Exposures: every device of a customer matched against the advisories of its platform.

The matcher (``lifecycle.matching``) decides; this module feeds it the devices (version,
model, and the features derived from the last collected configuration — unknown when no
configuration was collected) and the stored advisories, then writes the difference:
new exposures, changed statuses (each change kept with its time), and exposures that
no longer apply. Staff hear first: the customer's RAM and ASM are told of exposures
that became vulnerable or potentially vulnerable; customers hear through a risk notice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.collection.models import Fact
from netcare.customers.models import Customer, Membership, Role
from netcare.inventory.models import Device
from netcare.lifecycle.matching import matcher
from netcare.lifecycle.matching.model import DeviceRecord
from netcare.lifecycle.models import Advisory, Exploitation, Exposure, ExposureChange
from netcare.lifecycle.services.imports import to_engine

__all__ = ["device_records", "do_match", "engine_advisories", "match_everywhere"]

APPLICABLE = (Exposure.Status.VULNERABLE, Exposure.Status.POTENTIALLY_VULNERABLE)


def device_records(devices: Iterable[Device]) -> list[DeviceRecord]:
    """The matcher's view of devices: key is the device id as text."""
    devices = list(devices)
    facts = {
        f.device_id: f.facts
        for f in Fact.objects.filter(device_id__in=[d.pk for d in devices]).only(
            "device_id", "facts"
        )
    }
    records = []
    for device in devices:
        data = facts.get(device.pk) or {}
        features = frozenset(data.get("features") or ()) if data.get("config_text") else None
        records.append(
            DeviceRecord(
                key=str(device.pk),
                platform=device.platform.slug,
                version=device.software_version or str(data.get("os_version") or ""),
                model=device.model or str(data.get("model") or ""),
                vendor=str(data.get("vendor") or ""),
                features=features,
            )
        )
    return records


def engine_advisories(platforms: Iterable[str] | None = None) -> dict[str, Any]:
    """Stored advisories in the engine's shape, by key (of these platforms if given)."""
    rows = list(Advisory.objects.all())
    if platforms is not None:
        wanted = set(platforms)
        rows = [r for r in rows if wanted & set(r.platforms)]
    cves = {c for r in rows for c in r.cves}
    signals = {e.cve: e for e in Exploitation.objects.filter(cve__in=sorted(cves))}
    return {r.key: to_engine(r, signals) for r in rows}


def do_match(customer: Customer, *, notify_staff: bool = True) -> dict[str, int]:
    """Match every active device of the customer against every advisory of its
    platforms and store the outcome; counts by status and of new applicable ones."""
    devices = list(
        Device.objects.filter(customer=customer)
        .exclude(status=Device.Status.DECOMMISSIONED)
        .select_related("platform")
    )
    records = device_records(devices)
    advisories = engine_advisories({d.platform.slug for d in devices})
    found = matcher.match(records, list(advisories.values()))
    ids = {a.key: a.pk for a in Advisory.objects.filter(key__in=list(advisories)).only("key")}
    versions = {str(d.pk): d.software_version for d in devices}
    with transaction.atomic():
        new_applicable = _store(customer, found, ids, versions)
    if notify_staff and new_applicable:
        _tell_staff(customer, new_applicable)
    counts = Counter(str(e.status) for e in found)
    return {**{s: counts.get(s, 0) for s in Exposure.Status.values}, "new": len(new_applicable)}


def _store(
    customer: Customer, found: list[Any], ids: dict[str, int], versions: dict[str, str]
) -> list[Exposure]:
    """Write the difference; the exposures that became applicable now."""
    now = timezone.now()
    existing = {(e.device_id, e.advisory_id): e for e in Exposure.objects.filter(customer=customer)}
    seen: set[tuple[int, int]] = set()
    created: list[Exposure] = []
    changes: list[ExposureChange] = []
    updated: list[Exposure] = []
    became: list[Exposure] = []
    for item in found:
        key = (int(item.device), ids[item.advisory])
        seen.add(key)
        values = {
            "status": str(item.status),
            "reason": item.reason,
            "detail_zh": item.detail.zh,
            "detail_en": item.detail.en,
            "matched_range": item.range[:300],
            "fixed": list(item.fixed),
            "version": versions.get(item.device, "")[:120],
        }
        row = existing.get(key)
        if row is None and item.reason == "version_not_in_range":
            # The bulk of device × advisory pairs of a platform: a version no range names.
            # Not stored (a 2,000-device fleet × 20,000 advisories would be millions of
            # rows); an exposure that was ever stored keeps its row and its history.
            continue
        if row is None:
            row = Exposure(
                customer=customer, device_id=key[0], advisory_id=key[1], since=now, checked=now
            )
            for name, value in values.items():
                setattr(row, name, value)
            created.append(row)
            if row.status in APPLICABLE:
                became.append(row)
            continue
        before = row.status
        for name, value in values.items():
            setattr(row, name, value)
        row.checked = now
        if before != row.status:
            row.since = now
            changes.append(
                ExposureChange(
                    customer=customer, exposure=row, before=before, after=row.status, at=now
                )
            )
            if row.status in APPLICABLE and before not in APPLICABLE:
                became.append(row)
        updated.append(row)
    Exposure.objects.bulk_create(created, batch_size=500)
    for row in created:
        changes.append(
            ExposureChange(customer=customer, exposure=row, before="", after=row.status, at=now)
        )
    if updated:
        Exposure.objects.bulk_update(
            updated,
            [
                "status",
                "reason",
                "detail_zh",
                "detail_en",
                "matched_range",
                "fixed",
                "version",
                "since",
                "checked",
            ],
            batch_size=500,
        )
    ExposureChange.objects.bulk_create(changes, batch_size=500)
    gone = [e.pk for k, e in existing.items() if k not in seen]
    Exposure.objects.filter(pk__in=gone).delete()
    return became


def _tell_staff(customer: Customer, became: list[Exposure]) -> None:
    from netcare.notifications.services import notify

    leads = Membership.objects.filter(
        customer=customer, role__in=[Role.L2_EXPERT, Role.ASM]
    ).select_related("user")
    rows = (
        Exposure.objects.filter(pk__in=[e.pk for e in became])
        .select_related("device", "advisory")
        .order_by("advisory__key", "device__hostname")
    )
    by_advisory: dict[str, list[str]] = {}
    for row in rows:
        by_advisory.setdefault(row.advisory.key, []).append(row.device.hostname)
    lines = [
        f"{key}: {', '.join(hosts[:10])}{' …' if len(hosts) > 10 else ''}"
        for key, hosts in sorted(by_advisory.items())
    ][:30]
    counts = Counter(e.status for e in became)
    # One message per set of newly exposed rows: a re-run that finds nothing new is silent.
    stamp = hashlib.sha256(",".join(str(e.pk) for e in became).encode()).hexdigest()[:16]
    notify(
        [m.user for m in leads],
        "new_exposures",
        {
            "count": len(became),
            "vulnerable": counts.get(Exposure.Status.VULNERABLE, 0),
            "potential": counts.get(Exposure.Status.POTENTIALLY_VULNERABLE, 0),
            "lines": lines,
        },
        key=f"exposures:{customer.pk}:{stamp}",
        customer=customer,
        link=reverse("lifecycle:exposure_list", kwargs={"code": customer.code}),
    )


def match_everywhere(advisory_keys: Iterable[str] | None = None) -> dict[str, int]:
    """Match again every customer with devices on the platforms of these advisories
    (all advisories when None): after an import, a feed refresh or a KEV update."""
    query = Advisory.objects.all()
    if advisory_keys is not None:
        query = query.filter(key__in=list(advisory_keys))
    platforms = {p for row in query.only("platforms") for p in row.platforms}
    customers = Customer.objects.filter(
        pk__in=Device.objects.filter(platform__slug__in=sorted(platforms)).values("customer_id")
    )
    totals: Counter[str] = Counter()
    for customer in customers:
        totals.update(do_match(customer))
    return dict(totals)
