"""Health scores kept true to the expert's marks.

A run's scores are computed when it runs, from the findings less the marks in force.
When the expert later marks a finding as an accepted risk or a false positive — or
removes a mark, or a mark expires — the runs that hold that finding are re-priced from
their stored findings, so the score a page or a report shows always matches the open
findings listed beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import transaction

from netcare.inspection.engine import health
from netcare.inspection.engine import model as engine
from netcare.inspection.models import SEVERITY_RANK, DeviceInspection, Finding, InspectionRun
from netcare.inspection.services import findings as rows

#: Statuses that cost health points: what is still a risk in the expert's judgement.
PRICED = (Finding.Status.OPEN,)


def health_json(found: engine.Health) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    """Dimensions, coverage and deductions of a health score, as stored."""
    coverage = {
        "coverage": getattr(found, "coverage", 1.0),
        "dimension_coverage": dict(getattr(found, "dimension_coverage", {})),
        "assessed": getattr(found, "assessed", 0),
        "applicable": getattr(found, "applicable", 0),
    }
    return dict(found.dimensions), coverage, [asdict(d) for d in found.deductions]


def _engine_finding(row: Finding, key: str) -> engine.Finding:
    """The engine's view of a stored finding: enough to price it again."""
    return engine.Finding(
        rule_id=row.rule_id,
        pack=row.pack,
        pack_version=row.pack_version,
        device=key,
        subject=row.subject,
        severity=row.severity,  # type: ignore[arg-type]
        category=row.category,
        title=engine.Text(row.title_zh, row.title_en),
        why=engine.Text(row.why_zh, row.why_en),
        recommendation=engine.Text(row.recommendation_zh, row.recommendation_en),
        reference=row.reference,
        evidence=tuple(row.evidence),
        fingerprint=row.fingerprint,
        hardening=row.hardening,
    )


def _stored_result(inspection: DeviceInspection, priced: list[Finding]) -> engine.DeviceResult:
    key = rows.key_of(inspection.device_id)
    findings = sorted(
        (_engine_finding(f, key) for f in priced),
        key=lambda f: (SEVERITY_RANK.get(f.severity, 99), f.rule_id, f.subject),
    )
    missing = tuple(
        engine.NotAssessed(n["rule_id"], key, engine.Text(n.get("zh", ""), n.get("en", "")))
        for n in inspection.not_assessed
    )
    return engine.DeviceResult(
        device=key,
        platform=inspection.platform,
        findings=tuple(findings),
        passed=tuple(inspection.passed),
        not_assessed=missing,
    )


@transaction.atomic
def rescore_run(run: InspectionRun) -> None:
    """Price the run's devices and network again from its stored findings: open ones
    cost points, marked and resolved ones do not."""
    meta = health.rule_meta(rows.ruleset().rules)
    inspections = list(DeviceInspection.objects.filter(run=run).order_by("id"))
    by_device: dict[int, list[Finding]] = {}
    for finding in Finding.objects.filter(run=run, status__in=PRICED):
        by_device.setdefault(finding.device_id, []).append(finding)
    results = []
    for inspection in inspections:
        result = _stored_result(inspection, by_device.get(inspection.device_id, []))
        results.append(result)
        found = health.device_health(result, meta)
        inspection.score = found.score
        inspection.dimensions, inspection.coverage, inspection.deductions = health_json(found)
    DeviceInspection.objects.bulk_update(
        inspections, ["score", "dimensions", "coverage", "deductions"]
    )
    network = health.network_health(results, meta)
    dimensions, coverage, _ = health_json(network)
    open_counts = Counter(
        Finding.objects.filter(run=run, status=Finding.Status.OPEN).values_list(
            "severity", flat=True
        )
    )
    counts = {**(run.counts or {}), **{s: open_counts.get(s, 0) for s in SEVERITY_RANK}}
    InspectionRun.objects.filter(pk=run.pk).update(
        score=network.score, dimensions=dimensions, coverage=coverage, counts=counts
    )


def rescore_runs_holding(findings: Iterable[Finding]) -> int:
    """Re-price every finished run that holds one of ``findings`` (a queryset or list of
    findings whose status just changed). Returns how many runs were re-priced."""
    run_ids = {f.run_id for f in findings}
    runs = InspectionRun.objects.filter(pk__in=run_ids, state=InspectionRun.State.FINISHED)
    count = 0
    for run in runs.order_by("id"):
        rescore_run(run)
        count += 1
    return count
