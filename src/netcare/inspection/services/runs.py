"""Inspections: started as a Job, run by the engine, stored in bulk.

``do_run_inspection`` records the run and queues it; ``execute_run`` (the queued work)
verifies applied hardening steps, gathers each device's data, runs the rule engine,
and stores device results and findings with a fixed number of queries. Against the
customer's previous inspection each finding is new or persisting, and what is no longer
found is resolved; marks in force carry over; staff hear of new critical and major
findings through the one notification service.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.collection.models import CollectionJob
from netcare.core.jobs import JobContext, enqueue_job
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer, Membership, Role
from netcare.inspection.engine import evaluate, health
from netcare.inspection.engine import model as engine
from netcare.inspection.models import SEVERITY_RANK, DeviceInspection, Finding, InspectionRun
from netcare.inspection.services import findings as rows
from netcare.inspection.services.marks import active_marks, expire_marks
from netcare.inspection.services.scoring import health_json

#: Who may start an inspection: those who run the customer's jobs.
RUN_ACTION = "run_jobs"
#: Severities that notify the customer's leads when a finding is new.
ALERT = ("critical", "major")


def do_run_inspection(
    customer: Customer,
    *,
    actor: Any,
    collection_job: CollectionJob | None = None,
    sync: bool = False,
) -> InspectionRun:
    """Record an inspection of the customer's latest facts (or of one collection job)
    and queue it as a Job the pages show progress of. ``sync`` runs it now (demo, CLI)."""
    require(actor, RUN_ACTION, customer)
    if collection_job is not None and collection_job.customer_id != customer.pk:
        raise ValidationError({"collection_job": "the job belongs to another customer"})
    with transaction.atomic():
        run = save_validated(
            InspectionRun(customer=customer, collection_job=collection_job, created_by=actor),
            actor=actor,
        )
        job = enqueue_job(
            "inspection",
            "netcare.inspection.tasks.run_inspection",
            customer=customer,
            actor=actor,
            sync=sync,
            run_id=run.pk,
        )
        run.job = job
        run.save(update_fields=["job"])
    if sync:
        run.refresh_from_db()
    return run


def execute_run(run: InspectionRun, ctx: JobContext | None = None) -> dict[str, Any]:
    """Run one recorded inspection (the queued work); a finished run is left alone."""
    if run.state == InspectionRun.State.FINISHED:
        return {"run": run.pk, "state": run.state}
    InspectionRun.objects.filter(pk=run.pk).update(
        state=InspectionRun.State.RUNNING, started=timezone.now()
    )
    try:
        return _execute(run, ctx)
    except Exception as exc:
        InspectionRun.objects.filter(pk=run.pk).update(
            state=InspectionRun.State.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished=timezone.now(),
        )
        raise


def _execute(run: InspectionRun, ctx: JobContext | None) -> dict[str, Any]:
    from netcare.inspection.services.hardening import verify_steps

    customer = run.customer
    expire_marks(customer)
    verified = verify_steps(customer)
    ruleset = rows.ruleset()
    devices = rows.device_data(customer, collection_job=run.collection_job)
    if ctx is not None:
        ctx.log(f"{len(devices)} devices, {len(ruleset)} rules, {verified} steps verified")
    results: list[engine.DeviceResult] = []
    for number, (_, data) in enumerate(devices, start=1):
        results.append(evaluate.inspect_device(ruleset, data))
        if ctx is not None and (number % 10 == 0 or number == len(devices)):
            ctx.progress(90 * number / len(devices))
    meta = health.rule_meta(ruleset.rules)
    with transaction.atomic():
        counts = _store(run, devices, results, meta, dict(ruleset.packs))
    _tell_staff(run)
    return {"run": run.pk, "devices": len(devices), **counts}


def _unmarked(
    result: engine.DeviceResult, device_id: int, marks: dict[tuple[int, str], Any]
) -> engine.DeviceResult:
    """The result the health score is computed from: accepted risks and false
    positives cost nothing (the expert decided they are no risk to count)."""
    kept = tuple(f for f in result.findings if (device_id, f.fingerprint) not in marks)
    return replace(result, findings=kept)


def _store(
    run: InspectionRun,
    devices: list[tuple[Any, engine.DeviceData]],
    results: list[engine.DeviceResult],
    meta: dict[str, tuple[str, str]],
    packs: dict[str, str],
) -> dict[str, Any]:
    """Device results, findings (compared, marks carried) and the run's totals."""
    now = timezone.now()
    previous = rows.latest_run(run.customer, before=run)
    before = list(Finding.objects.filter(run=previous)) if previous is not None else []
    by_print = {(f.device_id, f.fingerprint): f for f in before}
    by_subject = {rows.same_risk_key(f.rule_id, f.device_id, f.subject): f for f in before}
    marks = active_marks(run.customer)
    by_key = {r.device: r for r in results}
    scored = {d.pk: _unmarked(by_key[data.key], d.pk, marks) for d, data in devices}
    inspected, found, seen = [], [], set()
    for device, data in devices:
        result = by_key[data.key]
        device_health = health.device_health(scored[device.pk], meta)
        dimensions, coverage, deductions = health_json(device_health)
        inspected.append(
            DeviceInspection(
                customer=run.customer,
                run=run,
                device=device,
                hostname=str(data.facts.get("hostname") or device.hostname)[:100],
                platform=result.platform,
                score=device_health.score,
                dimensions=dimensions,
                coverage=coverage,
                deductions=deductions,
                passed=list(result.passed),
                not_assessed=[
                    {"rule_id": n.rule_id, "zh": n.reason.zh, "en": n.reason.en}
                    for n in result.not_assessed
                ],
                facts=rows.snapshot(data.facts),
                collected_at=data.collected_at,
            )
        )
        for item in result.findings:
            earlier = by_print.get((device.pk, item.fingerprint)) or by_subject.get(
                rows.same_risk_key(item.rule_id, device.pk, item.subject[:300])
            )
            if earlier is not None:
                seen.add(earlier.pk)
            mark = marks.get((device.pk, item.fingerprint))
            found.append(
                rows.from_engine(
                    item,
                    customer=run.customer,
                    run=run,
                    device=device,
                    first_seen=earlier.first_seen if earlier else now,
                    last_seen=now,
                    change=Finding.Change.PERSISTING if earlier else Finding.Change.NEW,
                    status=mark.kind if mark else Finding.Status.OPEN,
                    status_changed_at=(
                        earlier.status_changed_at
                        if earlier and mark and earlier.mark_id == mark.pk
                        else now
                    ),
                    mark=mark,
                )
            )
    DeviceInspection.objects.bulk_create(inspected)
    Finding.objects.bulk_create(found)
    resolved = [f.pk for f in before if f.pk not in seen]
    Finding.objects.filter(pk__in=resolved).exclude(status=Finding.Status.RESOLVED).update(
        status=Finding.Status.RESOLVED, status_changed_at=now
    )
    network = health.network_health(scored.values(), meta)
    network_dimensions, network_coverage, _ = health_json(network)
    open_counts = Counter(f.severity for f in found if f.status == Finding.Status.OPEN)
    counts = {s: open_counts.get(s, 0) for s in SEVERITY_RANK}
    new = sum(1 for f in found if f.change == Finding.Change.NEW)
    comparison = {
        "previous": previous.pk if previous else None,
        "previous_score": previous.score if previous else None,
        "new": new,
        "persisting": len(found) - new,
        "resolved": resolved,
    }
    save_validated(
        run,
        actor=None,
        state=InspectionRun.State.FINISHED,
        finished=now,
        packs=packs,
        score=network.score,
        dimensions=network_dimensions,
        coverage=network_coverage,
        counts={**counts, "total": len(found), "devices": len(inspected)},
        comparison=comparison,
        previous=previous,
    )
    return {"findings": len(found), "new": new, "resolved": len(resolved)}


def run_link(run: InspectionRun) -> str:
    return reverse("inspection:run_detail", kwargs={"pk": run.pk})


def _tell_staff(run: InspectionRun) -> None:
    """The leads hear of new critical and major findings first (the customer hears
    through the report the expert publishes)."""
    from netcare.notifications.services import notify

    new = Finding.objects.filter(
        run=run, change=Finding.Change.NEW, severity__in=ALERT, status=Finding.Status.OPEN
    )
    counts = Counter(new.values_list("severity", flat=True))
    if not counts:
        return
    leads = Membership.objects.filter(
        customer_id=run.customer_id, role__in=[Role.L2_EXPERT, Role.ASM]
    ).select_related("user")
    notify(
        [m.user for m in leads],
        "inspection_findings",
        {
            "run": run,
            "critical": counts.get("critical", 0),
            "major": counts.get("major", 0),
            "score": run.score,
        },
        key=f"inspection_run:{run.pk}:new_findings",
        customer=run.customer,
        link=run_link(run),
    )
