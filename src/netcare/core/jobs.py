"""Long work through django-q2, reported in a Job row the UI and API show.

``enqueue_job`` writes the Job and hands ``run_job`` to the queue once the transaction
commits; ``run_job`` resolves the work function by dotted path and gives it a
``JobContext`` to report progress. A job that already finished is not run again, so a
task redelivered after a worker crash writes nothing twice.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from netcare.core import access
from netcare.core.audit import acting_as
from netcare.core.models import Job

if TYPE_CHECKING:
    from netcare.core.access import Actor

logger = logging.getLogger(__name__)
MAX_LOG_LINES = 2000


class JobContext:
    """What a work function may do with its job: log lines and set progress."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def log(self, line: str) -> None:
        entries = list(self.job.log)
        entries.append({"time": timezone.now().isoformat(timespec="seconds"), "line": line})
        self.job.log = entries[-MAX_LOG_LINES:]
        self.job.save(update_fields=["log"])

    def progress(self, percent: float) -> None:
        self.job.progress = max(0, min(100, int(percent)))
        self.job.save(update_fields=["progress"])


def _resolve(path: str) -> Callable[..., Any]:
    module_name, _, attr = path.rpartition(".")
    if not module_name.startswith("netcare."):
        raise ValueError(f"job function must live in netcare: {path}")
    func: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return func


def enqueue_job(
    kind: str,
    func: str,
    *,
    customer: Any = None,
    actor: Actor = None,
    sync: bool = False,
    **kwargs: Any,
) -> Job:
    """Create a queued Job and enqueue its work after commit.

    ``func`` is the dotted path of a function ``f(ctx: JobContext, **kwargs)`` whose
    return value (JSON-serialisable) becomes ``Job.result``. ``sync`` runs it in this
    process through django-q2's synchronous path (the demo, the CLI without a worker).
    """
    _resolve(func)  # fail now, in the caller, on a wrong path
    job = Job.objects.create(kind=kind, customer=customer, created_by=access.recorded_user(actor))
    transaction.on_commit(
        lambda: async_task(
            "netcare.core.jobs.run_job",
            job.pk,
            func,
            kwargs,
            task_name=f"job-{job.pk}-{kind}",
            q_options={"group": kind},
            sync=sync,
        )
    )
    return job


def run_job(job_id: int, func: str, kwargs: dict[str, Any]) -> Any:
    """Run a queued Job's work function and record its outcome (the queue calls this)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == Job.Status.SUCCEEDED:
        return None
    job.status = Job.Status.RUNNING
    job.started = timezone.now()
    job.attempts += 1
    job.error = ""
    job.save(update_fields=["status", "started", "attempts", "error"])
    context = JobContext(job)
    try:
        with acting_as(job.created_by):
            result = _resolve(func)(context, **kwargs)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"
        if settings.DEBUG:
            job.error += "\n" + traceback.format_exc()
        job.finished = timezone.now()
        job.save(update_fields=["status", "error", "finished"])
        raise
    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.result = result
    job.finished = timezone.now()
    job.save(update_fields=["status", "progress", "result", "finished"])
    return result
