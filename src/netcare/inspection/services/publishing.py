"""The inspection report and the hardening plan, published as deliverables.

Each report is built from the stored rows into the same summary shapes the offline
``netcare inspect`` fills (``engine.summary``), written in zh and en by
``inspection.reports``, attached to a deliverable drafted against the plan's next open
obligation of the item (``inspection`` / ``hardening_plan``) and published — which
completes that obligation. Inspection does not schedule its own work.

Six or seven files in two languages take tens of seconds, so the pages queue the work
(``do_queue_*``: checked at once, rendered as a Job whose page shows each file as it is
written); the API, the CLI and the demo publish in the call.
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core.jobs import JobContext, enqueue_job
from netcare.core.models import Job
from netcare.core.people import display_name
from netcare.core.services import require, save_validated
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_attach_file,
    do_create_deliverable,
    do_publish,
    do_withdraw,
    next_open_obligation,
)
from netcare.inspection import reports
from netcare.inspection.engine import model as engine
from netcare.inspection.engine import summary as shapes
from netcare.inspection.models import (
    DeviceInspection,
    Finding,
    HardeningPlan,
    HardeningStep,
    InspectionRun,
)
from netcare.inspection.services import findings as rows
from netcare.reports.wording import pick

LANGUAGES = ("zh", "en")
PUBLISH_ACTION = "publish_deliverables"
ITEMS = {"inspection": "inspection", "hardening": "hardening_plan"}


def _health(
    score: float | None,
    dimensions: dict[str, float | None],
    coverage: dict[str, Any],
    deductions: list[Any],
) -> Any:
    """A stored health score back in the engine's shape."""
    stored = coverage or {}
    known = {f.name for f in dataclasses.fields(engine.Health)}
    extra: dict[str, Any] = {
        "coverage": float(stored.get("coverage", 1.0)),
        "dimension_coverage": dict(stored.get("dimension_coverage") or {}),
        "assessed": int(stored.get("assessed", 0)),
        "applicable": int(stored.get("applicable", 0)),
    }
    return engine.Health(
        score=float(score if score is not None else 100.0),
        dimensions=dict(dimensions or {}),
        deductions=tuple(engine.Deduction(**d) for d in deductions),
        **{k: v for k, v in extra.items() if k in known},
    )


def _results(run: InspectionRun) -> tuple[list[DeviceInspection], dict[str, list[engine.Finding]]]:
    inspected = list(run.devices.select_related("device__site").order_by("hostname"))
    found: dict[str, list[engine.Finding]] = {}
    for row in Finding.objects.filter(run=run).order_by("device_id", "rule_id", "subject"):
        found.setdefault(rows.key_of(row.device_id), []).append(rows.to_engine(row))
    return inspected, found


def inspection_summary(run: InspectionRun, language: str, *, author: Any = None) -> Any:
    """The inspection report's record, from the stored run (one language's names)."""
    customer = run.customer
    inspected, found = _results(run)
    sheets, deductions = [], []
    for item in inspected:
        key = rows.key_of(item.device_id)
        result = engine.DeviceResult(
            device=key,
            platform=item.platform,
            findings=tuple(found.get(key, ())),
            passed=tuple(item.passed),
            not_assessed=tuple(
                engine.NotAssessed(n["rule_id"], key, engine.Text(zh=n["zh"], en=n["en"]))
                for n in item.not_assessed
            ),
        )
        site = item.device.site
        sheets.append(
            shapes.DeviceSheet.from_facts(
                key,
                item.facts,
                result,
                _health(item.score, item.dimensions, item.coverage, item.deductions),
                site=site.name if site else "",
            )
        )
        deductions.extend(item.deductions)
    comparison = None
    if run.previous is not None:
        _, before = _results(run.previous)
        comparison = shapes.compare(
            [f for fs in found.values() for f in fs],
            [f for fs in before.values() for f in fs],
            previous_date=(run.previous.finished or run.previous.created).date(),
            previous_score=run.previous.score,
        )
    marked = Finding.objects.filter(run=run, mark__isnull=False).exclude(
        status__in=[Finding.Status.OPEN, Finding.Status.RESOLVED]
    )
    marks = {
        f.fingerprint: shapes.Mark(
            fingerprint=f.fingerprint,
            kind=f.status,
            reason=engine.Text(zh=f.mark.reason, en=f.mark.reason),
            by=display_name(f.mark.owner),
        )
        for f in marked.select_related("mark__owner")
        if f.mark is not None
    }
    moments = [i.collected_at for i in inspected if i.collected_at]
    job = run.collection_job
    return shapes.InspectionSummary(
        customer=pick(language, customer.name_zh, customer.name_en or customer.name_zh),
        collected_on=(max(moments) if moments else run.created).date(),
        devices=sheets,
        network_health=_health(run.score, run.dimensions, run.coverage, deductions),
        report_date=timezone.localdate(),
        comparison=comparison,
        packs=dict(run.packs),
        collection_method=job.method if job is not None else "ssh",
        marks=marks,
        author=display_name(author) or "NetCare",
    )


def _step_plan(step: HardeningStep) -> engine.StepPlan:
    return engine.StepPlan(
        rule_id=step.rule_id,
        device=rows.key_of(step.device_id),
        platform=step.platform,
        subject=step.subject,
        intended=step.intended,
        remediation=step.remediation,
        rollback=step.rollback,
        precheck=tuple(step.precheck),
        postcheck=tuple(step.postcheck),
        impact=engine.Text(zh=step.impact_zh, en=step.impact_en),
        window=step.window,
        risk=step.risk,  # type: ignore[arg-type]
        order=step.order,
        unplaced=tuple(step.unplaced),
    )


def hardening_summary(plan: HardeningPlan, language: str, *, author: Any = None) -> Any:
    """The hardening plan's record, from the stored plan and steps."""
    from netcare.inspection.engine.hardening import batches as plan_batches

    steps = list(plan.steps.select_related("device").order_by("batch", "order", "rule_id"))
    chosen = Finding.objects.filter(pk__in={s.finding_id for s in steps if s.finding_id})
    batches = [b.to_summary() for b in plan_batches(_step_plan(s) for s in steps)]
    customer = plan.customer
    return shapes.HardeningSummary(
        customer=pick(language, customer.name_zh, customer.name_en or customer.name_zh),
        plan_date=timezone.localdate(),
        findings=[rows.to_engine(f) for f in chosen],
        batches=batches,
        title=engine.Text(zh=plan.title, en=plan.title),
        hostnames={rows.key_of(s.device_id): s.device.hostname for s in steps},
        author=display_name(author) or "NetCare",
    )


def _deliverable(
    existing: Deliverable | None, customer: Any, item: str, title: tuple[str, str], *, actor: Any
) -> Deliverable:
    """The draft to (re)fill: the earlier one (withdrawn first if published), else a new
    one against the plan's next open obligation of ``item``."""
    if existing is not None:
        if existing.state == Deliverable.State.PUBLISHED:
            do_withdraw(existing, actor=actor)
        return existing
    obligation = next_open_obligation(customer, item)
    return do_create_deliverable(
        customer,
        item=item,
        title=title[0],
        title_en=title[1],
        kind=Deliverable.Kind.REPORT,
        report_type=item,
        period_end=timezone.localdate(),
        obligation=obligation,
        actor=actor,
    )


def _may_publish_inspection(run: InspectionRun, actor: Any) -> None:
    require(actor, PUBLISH_ACTION, run.customer_id)
    if run.state != InspectionRun.State.FINISHED:
        raise ValidationError({"state": "only a finished inspection is published"})


def _may_publish_hardening(plan: HardeningPlan, actor: Any) -> None:
    require(actor, PUBLISH_ACTION, plan.customer_id)
    if not plan.steps.exists():
        raise ValidationError({"steps": "the plan has no steps to publish"})


def do_queue_inspection_publish(run: InspectionRun, *, actor: Any) -> Job:
    """Check that ``actor`` may publish ``run`` now, then publish it as a queued Job."""
    _may_publish_inspection(run, actor)
    return enqueue_job(
        "inspection_report",
        "netcare.inspection.tasks.publish_inspection",
        customer=run.customer,
        actor=actor,
        run_id=run.pk,
    )


def do_queue_hardening_publish(plan: HardeningPlan, *, actor: Any) -> Job:
    """Check that ``actor`` may publish ``plan`` now, then publish it as a queued Job."""
    _may_publish_hardening(plan, actor)
    return enqueue_job(
        "hardening_report",
        "netcare.inspection.tasks.publish_hardening",
        customer=plan.customer,
        actor=actor,
        plan_id=plan.pk,
    )


class _Progress:
    """Each file written, told to the Job (when there is one) as a log line and a share."""

    def __init__(self, ctx: JobContext | None, total: int) -> None:
        self.ctx, self.total, self.done = ctx, total, 0

    def wrote(self, path: Path) -> None:
        self.done += 1
        if self.ctx is not None:
            self.ctx.log(f"wrote {path.name}")
            self.ctx.progress(100 * self.done / (self.total + 1))


@transaction.atomic
def do_publish_inspection(
    run: InspectionRun, *, actor: Any, ctx: JobContext | None = None
) -> Deliverable:
    """Publish the inspection report (docx + pdf, zh and en) and the findings workbook
    (xlsx) as one deliverable; completes the plan's open inspection obligation."""
    _may_publish_inspection(run, actor)
    day = (run.finished or run.created).date()
    deliverable = _deliverable(
        run.deliverable,
        run.customer,
        ITEMS["inspection"],
        (f"巡检报告 · {day:%Y-%m-%d}", f"Inspection report · {day:%Y-%m-%d}"),
        actor=actor,
    )
    stem = f"{run.customer.code}-inspection-{run.pk}"
    progress = _Progress(ctx, 3 * len(LANGUAGES))
    with tempfile.TemporaryDirectory(prefix="netcare-inspection-") as tmp:
        for language in LANGUAGES:
            summary = inspection_summary(run, language, author=actor)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_inspection_report(summary, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
                progress.wrote(path)
            path = Path(tmp) / f"{stem}-findings-{language}.xlsx"
            reports.write_findings_xlsx(summary, path, language)
            do_attach_file(deliverable, path, fmt="xlsx", language=language, actor=actor)
            progress.wrote(path)
    do_publish(deliverable, actor=actor)
    save_validated(run, actor=actor, deliverable=deliverable)
    return deliverable


@transaction.atomic
def do_publish_hardening(
    plan: HardeningPlan, *, actor: Any, ctx: JobContext | None = None
) -> Deliverable:
    """Publish the hardening plan (docx + pdf, zh and en) with the per-device scripts
    (zip); completes the plan's open hardening obligation."""
    _may_publish_hardening(plan, actor)
    day: date = timezone.localdate()
    deliverable = _deliverable(
        plan.deliverable,
        plan.customer,
        ITEMS["hardening"],
        (f"加固方案 · {day:%Y-%m-%d}", f"Hardening plan · {day:%Y-%m-%d}"),
        actor=actor,
    )
    stem = f"{plan.customer.code}-hardening-{plan.pk}"
    progress = _Progress(ctx, 2 * len(LANGUAGES) + 1)
    with tempfile.TemporaryDirectory(prefix="netcare-hardening-") as tmp:
        summary = None
        for language in LANGUAGES:
            summary = hardening_summary(plan, language, author=actor)
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_hardening_report(summary, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
                progress.wrote(path)
        assert summary is not None
        path = reports.write_scripts_zip(summary, Path(tmp) / f"{stem}-scripts.zip")
        do_attach_file(deliverable, path, fmt="zip", language="", actor=actor)
        progress.wrote(path)
    do_publish(deliverable, actor=actor)
    save_validated(plan, actor=actor, deliverable=deliverable, state=HardeningPlan.State.PUBLISHED)
    return deliverable
