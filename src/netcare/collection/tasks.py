"""Queue entry points of collection: the coordinator job and the per-device task.

Both are thin: they look up rows by id and call ``collection.services.jobs``. Task messages
carry ids only — never a target, an address override or a credential.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from netcare.collection import services
from netcare.collection.models import CollectionJob
from netcare.core.jobs import JobContext
from netcare.core.links import job_link


def run_collection_job(
    ctx: JobContext, collection_job_id: int, fan_out: bool = True
) -> dict[str, Any]:
    """Coordinate one SSH collection job (queued by ``do_start_collection``)."""
    job = CollectionJob.objects.get(pk=collection_job_id)
    ctx.log(f"collecting {job.total} devices")
    counts = services.run_collection(job, ctx=ctx, fan_out=fan_out)
    # The queue job's page links back to the collection job it ran.
    page = reverse("collection:job_detail", kwargs={"pk": job.pk})
    return {**counts, **job_link(page, zh=f"采集任务 #{job.pk}", en=f"Collection job #{job.pk}")}


def collect_run_task(run_id: int) -> str:
    """Collect one device of a job; a run another worker took is left alone."""
    return services.collect_run(run_id)
