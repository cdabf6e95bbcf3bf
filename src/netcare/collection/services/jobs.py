"""SSH collection jobs: start, claim, run, collect one device.

How an SSH collection runs: ``do_start_collection`` writes a ``CollectionJob`` with one
``DeviceRun`` per device (status ``queued``) and enqueues the coordinator job. The
coordinator (``run_collection``) optionally hands one django-q2 task per device to the
cluster, then claims queued runs itself, a batch at a time, and collects them with
bounded concurrency; every worker claims a run with one conditional UPDATE, so each
device is collected once however many workers share the job, and a redelivered task
finds its run taken and does nothing. Credentials are read from the encrypted store
inside the worker that connects; no task message ever carries one. What a device
answered is stored by ``results``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from netcare.collection.models import CollectionJob, DeviceRun, Method
from netcare.collection.services.results import (
    TERMINAL,
    finish_if_complete,
    status_counts,
    store_failure,
    store_result,
)
from netcare.collection.services.selection import command_list, select_devices
from netcare.core import access
from netcare.customers.models import Customer
from netcare.inventory import services as inventory
from netcare.inventory.models import Device

if TYPE_CHECKING:
    from netcare.core.access import Actor

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 1
DEFAULT_CONCURRENCY = 8
_POLL = 0.5


class Context(Protocol):
    """What the coordinator reports into (``core.jobs.JobContext`` fits)."""

    def log(self, line: str) -> None: ...

    def progress(self, percent: float) -> None: ...


def do_start_collection(
    customer: Customer,
    *,
    actor: Actor,
    query: str = "",
    devices: Iterable[Device] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    enqueue: bool = True,
    fan_out: bool = True,
) -> CollectionJob:
    """Start collecting the customer's devices over SSH (those ``query`` names, or all).

    Writes the job and one queued run per device and, with ``enqueue``, hands the
    coordinator to the task queue after commit (``fan_out`` adds one task per device so
    every worker shares the work). Without ``enqueue`` the caller runs
    :func:`run_collection` itself (the CLI, the demo). Raises ValidationError when no
    device matches.
    """
    access.require(actor, "collect", customer)
    chosen = list(devices) if devices is not None else list(select_devices(customer, query))
    if not chosen:
        raise ValidationError({"devices": "no active device matches"})
    if any(d.customer_id != customer.pk for d in chosen):
        raise ValidationError({"devices": "a device belongs to another customer"})
    with transaction.atomic():
        job = CollectionJob.objects.create(
            customer=customer,
            method=Method.SSH,
            requested_by=access.recorded_user(actor),
            device_query=query[:300],
            timeout=timeout,
            retries=retries,
            total=len(chosen),
        )
        DeviceRun.objects.bulk_create(
            DeviceRun(
                customer=customer,
                collection_job=job,
                device=device,
                hostname=device.hostname,
                address=device.management_address,
                platform=device.platform.slug,
            )
            for device in chosen
        )
        if enqueue:
            from netcare.core.jobs import enqueue_job

            core_job = enqueue_job(
                "collection",
                "netcare.collection.tasks.run_collection_job",
                customer=customer,
                actor=actor,
                collection_job_id=job.pk,
                fan_out=fan_out,
            )
            CollectionJob.objects.filter(pk=job.pk).update(job=core_job)
            job.job = core_job
    return job


def _claim(run_id: int, budget: float) -> bool:
    """Take a run for this worker: queued, or running but abandoned past its budget."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=budget)
    return bool(
        DeviceRun.objects.filter(pk=run_id)
        .filter(
            Q(status=DeviceRun.Status.QUEUED)
            | Q(status=DeviceRun.Status.RUNNING, claimed_at__lt=stale)
        )
        .update(status=DeviceRun.Status.RUNNING, claimed_at=now)
    )


def _budget(job: CollectionJob) -> float:
    """How long one device may take before its claim counts as abandoned."""
    return job.timeout * (job.retries + 1) + 5.0 * (job.retries + 1) + 30.0


def _target(run: DeviceRun, endpoints: Mapping[str, tuple[str, int]] | None) -> Any:
    """The collector's target for a run, with the device's decrypted credential."""
    from netcare.collection.ssh import DeviceTarget

    device = run.device
    if device is None:
        raise LookupError("the device was removed from the inventory")
    username, password, secret = inventory.credential_for(device)
    host, port = device.management_address, device.ssh_port
    if endpoints and device.hostname in endpoints:
        host, port = endpoints[device.hostname]
    return DeviceTarget(
        name=device.hostname,
        host=host,
        platform=device.platform.slug,
        username=username,
        password=password,
        port=int(port),
        secret=secret,
        version=device.software_version,
        host_key=device.ssh_host_key,
    )


def collect_run(run_id: int) -> str:
    """Collect one device of a job (the per-device task); a taken run is left alone."""
    from netcare.collection.ssh import collect_device

    run = DeviceRun.objects.select_related("collection_job", "device__platform").get(pk=run_id)
    job = run.collection_job
    if not _claim(run.pk, _budget(job)):
        return "taken"
    try:
        target = _target(run, None)
    except Exception as exc:  # no credential, unreadable key: this device only
        store_failure(run, f"{type(exc).__name__}: {exc}")
        return DeviceRun.Status.ERROR
    result = collect_device(
        target, command_list(target.platform), timeout=job.timeout, retries=job.retries
    )
    return store_result(run, result)


def run_collection(
    job: CollectionJob,
    *,
    ctx: Context | None = None,
    fan_out: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    endpoints: Mapping[str, tuple[str, int]] | None = None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """Coordinate an SSH collection until every device has ended; return the counts.

    Claims queued runs ``concurrency`` at a time and collects them in threads (the
    database is written on this thread only). ``endpoints`` (hostname → host, port)
    redirects devices to other addresses — the demo's simulator, nothing else.
    """
    from netcare.collection.ssh import Progress, collect_many

    CollectionJob.objects.filter(pk=job.pk, started__isnull=True).update(started=timezone.now())
    CollectionJob.objects.filter(pk=job.pk, state=CollectionJob.State.QUEUED).update(
        state=CollectionJob.State.RUNNING
    )
    if fan_out:
        from django_q.tasks import async_task

        for run_id in job.runs.filter(status=DeviceRun.Status.QUEUED).values_list("pk", flat=True):
            async_task(
                "netcare.collection.tasks.collect_run_task",
                run_id,
                task_name=f"collect-{job.pk}-{run_id}",
                q_options={"group": f"collection-{job.pk}"},
            )
    budget = _budget(job)
    limit = deadline or (time.monotonic() + 10 * 3600)
    reported: set[int] = set()

    def report(run: DeviceRun) -> None:
        if run.pk in reported:
            return
        reported.add(run.pk)
        if ctx is not None:
            ctx.log(f"{run.hostname}: {run.status} {run.message}".strip())
            ctx.progress(100 * len(reported) / max(job.total, 1))

    while time.monotonic() < limit:
        queued = list(
            job.runs.filter(status=DeviceRun.Status.QUEUED)
            .select_related("device__platform")
            .order_by("pk")[: max(concurrency, 1) * 2]
        )
        claimed = [run for run in queued if _claim(run.pk, budget)]
        if not claimed:
            break
        targets = []
        by_name: dict[str, DeviceRun] = {}
        for run in claimed:
            try:
                target = _target(run, endpoints)
            except Exception as exc:
                report(store_failure(run, f"{type(exc).__name__}: {exc}"))
                continue
            targets.append(target)
            by_name[target.name] = run

        def stored(event: Progress, by_name: dict[str, DeviceRun] = by_name) -> None:
            if event.state == "done" and event.result is not None:
                run = by_name[event.name]
                store_result(run, event.result)
                run.refresh_from_db()
                report(run)

        collect_many(
            targets,
            lambda t: command_list(t.platform),
            concurrency=concurrency,
            timeout=job.timeout,
            retries=job.retries,
            on_progress=stored,
        )
    # Devices other workers took: wait for them, reclaiming any whose worker vanished.
    while time.monotonic() < limit:
        for run in job.runs.filter(status__in=TERMINAL).exclude(pk__in=reported):
            report(run)
        pending = list(job.runs.filter(status__in=[DeviceRun.Status.QUEUED, "running"]))
        if not pending:
            break
        for run in pending:
            if _claim(run.pk, budget):
                collect_run_claimed(run.pk)
        time.sleep(_POLL)
    finish_if_complete(job.pk)
    job.refresh_from_db()
    return {
        "collection_job": job.pk,
        "state": job.state,
        "devices": job.total,
        **status_counts(job),
    }


def collect_run_claimed(run_id: int) -> None:
    """Collect a run this worker already claimed (an abandoned one, taken over)."""
    from netcare.collection.ssh import collect_device

    run = DeviceRun.objects.select_related("collection_job", "device__platform").get(pk=run_id)
    try:
        target = _target(run, None)
    except Exception as exc:
        store_failure(run, f"{type(exc).__name__}: {exc}")
        return
    job = run.collection_job
    store_result(
        run,
        collect_device(
            target, command_list(target.platform), timeout=job.timeout, retries=job.retries
        ),
    )
