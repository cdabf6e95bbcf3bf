"""Target releases (目标版本) per customer: set, remove, and resolve per device.

The most specific rule wins — one device, then a model pattern, then the platform —
as the matching engine's ``targets.resolve_target`` decides, so the pages, the version
summary and the assessment all agree on a device's target and whether it is off track.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from netcare.core.access import recorded_user
from netcare.core.services import delete_audited, require, save_validated
from netcare.customers.models import Customer
from netcare.inventory.models import Device, Platform
from netcare.lifecycle import versions
from netcare.lifecycle.matching import targets as engine
from netcare.lifecycle.matching.model import DeviceRecord
from netcare.lifecycle.models import TargetRelease

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["DeviceTarget", "do_remove_target", "do_set_target", "resolve_targets"]


def do_set_target(
    customer: Customer,
    *,
    platform: Platform,
    release: str,
    actor: Actor,
    model: str = "",
    device: Device | None = None,
    reason: str = "",
) -> TargetRelease:
    """Set (or replace) the target release of one scope. The release must be readable
    by the platform's version scheme, so "off track" can be decided."""
    require(actor, "manage_targets", customer.pk)
    release = release.strip()
    if versions.try_parse(platform.version_scheme, release) is None:
        raise ValidationError(
            {
                "release": f"{release!r} is not a {platform.version_scheme} version "
                f"(the scheme of {platform.slug})"
            }
        )
    if device is not None and (
        device.customer_id != customer.pk or device.platform_id != platform.pk
    ):
        raise ValidationError(
            {"device": "the device is not this customer's device on that platform"}
        )
    existing = TargetRelease.objects.filter(
        customer=customer, platform=platform, model=model.strip(), device=device
    ).first()
    row = existing or TargetRelease(
        customer=customer, platform=platform, model=model.strip(), device=device
    )
    return save_validated(
        row, actor=actor, release=release, reason=reason, set_by=recorded_user(actor)
    )


def do_remove_target(target: TargetRelease, *, actor: Actor) -> None:
    require(actor, "manage_targets", target.customer_id)
    delete_audited(target, actor=actor)


@dataclass(frozen=True)
class DeviceTarget:
    """A device's target release and whether it runs something else (None: undecidable,
    a version the scheme cannot read). ``source`` says which rule chose it: ``device``,
    ``model``, ``platform`` (the customer's rules) or ``default`` — the newest release
    the catalog recommends for the platform, when the customer has set nothing."""

    release: str | None
    off_track: bool | None
    rule: TargetRelease | None
    source: str = ""


def resolve_targets(customer: Customer, records: Iterable[DeviceRecord]) -> dict[str, DeviceTarget]:
    """Each device's target, keyed as the records are (device id as text): the most
    specific of the customer's rules (device > model > platform), else the default."""
    from netcare.lifecycle.models import Release

    rows = list(TargetRelease.objects.filter(customer=customer).select_related("platform"))
    rules = [
        engine.TargetRule(
            release=r.release,
            platform=r.platform.slug,
            model=r.model,
            device=str(r.device_id) if r.device_id else "",
        )
        for r in rows
    ]
    by_rule = dict(zip(rules, rows, strict=True))
    defaults: dict[str, list[str]] = {}
    for slug, version in Release.objects.filter(recommended=True).values_list(
        "platform__slug", "version"
    ):
        defaults.setdefault(slug, []).append(version)
    out: dict[str, DeviceTarget] = {}
    for record in records:
        rule = engine.resolve_target(rules, record)
        if rule is not None:
            source = "device" if rule.device else "model" if rule.model else "platform"
            out[record.key] = DeviceTarget(
                rule.release, engine.off_track(record, rule), by_rule.get(rule), source
            )
            continue
        default = _newest(record.platform, defaults.get(record.platform, []))
        if default is None:
            out[record.key] = DeviceTarget(None, None, None)
        else:
            out[record.key] = DeviceTarget(
                default, engine.off_track(record, default), None, "default"
            )
    return out


def _newest(platform: str, releases: list[str]) -> str | None:
    scheme = versions.scheme_for(platform)
    parsed = [(v, text) for text in releases if (v := versions.try_parse(scheme, text))]
    return max(parsed, key=lambda pair: pair[0].key)[1] if parsed else None
