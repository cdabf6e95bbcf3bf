"""Queue entry points of inspection: thin, they look up rows by id and call services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from netcare.core.jobs import JobContext
from netcare.core.links import job_link
from netcare.inspection import services
from netcare.inspection.models import HardeningPlan, InspectionRun


def run_inspection(ctx: JobContext, run_id: int) -> dict[str, Any]:
    """Run one recorded inspection (queued by ``do_run_inspection``); the job page links
    back to the run."""
    run = InspectionRun.objects.get(pk=run_id)
    result = services.execute_run(run, ctx)
    link = reverse("inspection:run_detail", kwargs={"pk": run.pk})
    return {**result, **job_link(link, zh=f"巡检 #{run.pk}", en=f"Inspection #{run.pk}")}


def publish_inspection(ctx: JobContext, run_id: int) -> dict[str, Any]:
    """Publish a run's report (queued by ``do_queue_inspection_publish``); the job page
    links back to the run, which then shows the deliverable. The job's creator publishes."""
    run = InspectionRun.objects.select_related("customer").get(pk=run_id)
    deliverable = services.do_publish_inspection(run, actor=ctx.job.created_by, ctx=ctx)
    link = reverse("inspection:run_detail", kwargs={"pk": run.pk})
    label = job_link(link, zh=deliverable.title_zh, en=deliverable.title_en)
    return {"deliverable": deliverable.pk, **label}


def publish_hardening(ctx: JobContext, plan_id: int) -> dict[str, Any]:
    """Publish a hardening plan (queued by ``do_queue_hardening_publish``); the job page
    links back to the plan."""
    plan = HardeningPlan.objects.select_related("customer").get(pk=plan_id)
    deliverable = services.do_publish_hardening(plan, actor=ctx.job.created_by, ctx=ctx)
    link = reverse("inspection:plan_detail", kwargs={"pk": plan.pk})
    label = job_link(link, zh=deliverable.title_zh, en=deliverable.title_en)
    return {"deliverable": deliverable.pk, **label}


def expire_marks() -> int:
    """The daily schedule ``netcare-mark-expiry``: reopen findings of expired marks."""
    return services.expire_marks(None)
