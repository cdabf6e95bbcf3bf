"""Queue entry points of inspection: thin, they look up rows by id and call services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from netcare.core.jobs import JobContext
from netcare.core.links import job_link
from netcare.inspection import services
from netcare.inspection.models import InspectionRun


def run_inspection(ctx: JobContext, run_id: int) -> dict[str, Any]:
    """Run one recorded inspection (queued by ``do_run_inspection``); the job page links
    back to the run."""
    run = InspectionRun.objects.get(pk=run_id)
    result = services.execute_run(run, ctx)
    link = reverse("inspection:run_detail", kwargs={"pk": run.pk})
    return {**result, **job_link(link, zh=f"巡检 #{run.pk}", en=f"Inspection #{run.pk}")}


def expire_marks() -> int:
    """The daily schedule ``netcare-mark-expiry``: reopen findings of expired marks."""
    return services.expire_marks(None)
