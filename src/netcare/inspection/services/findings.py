"""What the engine reads, gathered from collection, and findings between rows and the
engine's shapes.

A device's data is its latest facts (``collection.Fact``) with the newest raw output of
each command key, or — for an inspection of one collection job — that job's facts and
outputs. Both are read in a fixed number of queries, whatever the number of devices.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import Max, QuerySet

from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput
from netcare.collection.parsing.hygiene import clean_text
from netcare.customers.models import Customer
from netcare.inspection.engine import model as engine
from netcare.inspection.engine.packs import RuleSet, load_ruleset
from netcare.inspection.models import Finding, InspectionRun
from netcare.inventory.models import Device

#: Folders of rule packs loaded beside the bundled ones (``data/rules``); tests add
#: theirs here.
EXTRA_PACKS: list[Path] = []

#: Facts kept out of a run's snapshot: the configuration is a raw output of its own.
_NOT_SNAPSHOTTED = ("config_text",)


def ruleset() -> RuleSet:
    """The rules an inspection applies: the bundled packs and ``EXTRA_PACKS``."""
    return load_ruleset(EXTRA_PACKS)


def key_of(device: Device | int) -> str:
    """The engine's key for a device: its id (hostnames may repeat across sites)."""
    return str(device if isinstance(device, int) else device.pk)


def _outputs(rows: QuerySet[RawOutput]) -> dict[int, dict[str, str]]:
    """device id → {command key: text} of the newest output per key (two queries)."""
    newest = (
        rows.exclude(command_key="").values("device_id", "command_key").annotate(last=Max("id"))
    )
    ids = [row["last"] for row in newest]
    found: dict[int, dict[str, str]] = {}
    texts = RawOutput.objects.filter(pk__in=ids).only("device_id", "command_key", "text", "error")
    for output in texts:
        if output.device_id is not None and not output.error:
            found.setdefault(output.device_id, {})[output.command_key] = clean_text(output.text)
    return found


def device_data(
    customer: Customer,
    *,
    collection_job: CollectionJob | None = None,
    devices: Iterable[int] | None = None,
) -> list[tuple[Device, engine.DeviceData]]:
    """The devices to inspect and what the engine reads of each, in hostname order.

    Without a job: every device with collected facts (or those of ``devices``). With a
    job: the devices it collected (ok or partial), from that job's facts and outputs.
    """
    wanted = None if devices is None else sorted(set(devices))
    if collection_job is not None:
        runs = (
            DeviceRun.objects.filter(
                collection_job=collection_job,
                device__isnull=False,
                status__in=[DeviceRun.Status.OK, DeviceRun.Status.PARTIAL],
            )
            .exclude(facts=None)
            .select_related("device__site")
            .order_by("device_id", "-id")
        )
        if wanted is not None:
            runs = runs.filter(device_id__in=wanted)
        sources = [(r.device, r.facts, r.finished) for r in runs if r.device is not None]
        outputs = _outputs(RawOutput.objects.filter(run__collection_job=collection_job))
    else:
        facts = Fact.objects.filter(customer=customer).select_related("device__site")
        if wanted is not None:
            facts = facts.filter(device_id__in=wanted)
        sources = [(f.device, f.facts, f.collected_at) for f in facts]
        outputs = _outputs(
            RawOutput.objects.filter(customer=customer, device_id__in=[d.pk for d, _, _ in sources])
        )
    seen: set[int] = set()
    found = []
    for device, facts_record, collected_at in sorted(sources, key=lambda s: s[0].hostname):
        if device.pk in seen:
            continue
        seen.add(device.pk)
        data = engine.DeviceData(
            key=key_of(device),
            facts=dict(facts_record or {}),
            outputs=outputs.get(device.pk, {}),
            collected_at=collected_at,
        )
        found.append((device, data))
    return found


def snapshot(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a run keeps for its report's device sheet (no configuration text)."""
    return {k: v for k, v in facts.items() if k not in _NOT_SNAPSHOTTED}


def to_engine(row: Finding) -> engine.Finding:
    """A stored finding in the engine's shape (what reports and the planner read)."""
    return engine.Finding(
        rule_id=row.rule_id,
        pack=row.pack,
        pack_version=row.pack_version,
        device=key_of(row.device_id),
        subject=row.subject,
        severity=row.severity,  # type: ignore[arg-type]
        category=row.category,
        title=engine.Text(zh=row.title_zh, en=row.title_en),
        why=engine.Text(zh=row.why_zh, en=row.why_en),
        recommendation=engine.Text(zh=row.recommendation_zh, en=row.recommendation_en),
        reference=row.reference,
        evidence=tuple(row.evidence or ()),
        fingerprint=row.fingerprint,
        hardening=row.hardening,
    )


def from_engine(found: engine.Finding, **fields: Any) -> Finding:
    """An unsaved row for an engine finding (``fields``: run, device, customer …)."""
    return Finding(
        rule_id=found.rule_id,
        pack=found.pack,
        pack_version=found.pack_version,
        subject=found.subject[:300],
        severity=found.severity,
        category=found.category,
        title_zh=found.title.zh[:300],
        title_en=found.title.en[:300],
        why_zh=found.why.zh,
        why_en=found.why.en,
        recommendation_zh=found.recommendation.zh,
        recommendation_en=found.recommendation.en,
        reference=found.reference[:500],
        evidence=list(found.evidence),
        fingerprint=found.fingerprint,
        hardening=found.hardening,
        **fields,
    )


def same_risk_key(rule_id: str, device_id: int, subject: str) -> tuple[str, int, str]:
    """The comparison's second key: the same rule on the same subject of the same
    device is the same risk persisting, even when its evidence changed."""
    return (rule_id, device_id, subject)


def latest_run(customer: Customer | int, *, before: InspectionRun | None = None) -> Any:
    """The customer's newest finished inspection (before ``before`` if given), or None."""
    runs = InspectionRun.objects.filter(customer=customer, state=InspectionRun.State.FINISHED)
    if before is not None:
        runs = runs.exclude(pk=before.pk).filter(created__lte=before.created)
    return runs.order_by("-created", "-id").first()
