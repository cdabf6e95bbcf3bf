"""Collection operations: start an SSH collection, run it, store what devices answered.

Every write goes through these functions (archive imports: ``collection.importing``).
``actor=None`` means the system (a queued task, the demo, the server's own CLI), which
the caller has already authorised.

How an SSH collection runs: ``do_start_collection`` writes a ``CollectionJob`` with one
``DeviceRun`` per device (status ``queued``) and enqueues the coordinator job. The
coordinator (``run_collection``) optionally hands one django-q2 task per device to the
cluster, then claims queued runs itself, a batch at a time, and collects them with
bounded concurrency; every worker claims a run with one conditional UPDATE, so each
device is collected once however many workers share the job, and a redelivered task
finds its run taken and does nothing. Credentials are read from the encrypted store
inside the worker that connects; no task message ever carries one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from netcare.collection.models import CollectionJob, DeviceRun, Fact, Method, RawOutput
from netcare.collection.parsing import commands as command_sets
from netcare.collection.parsing import facts as facts_mod
from netcare.collection.parsing.hygiene import clean, truncation_hints
from netcare.collection.parsing.templates import detect_error
from netcare.core import access
from netcare.customers.models import Customer
from netcare.inventory import services as inventory
from netcare.inventory.models import Device

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 1
DEFAULT_CONCURRENCY = 8
_POLL = 0.5
_TERMINAL = {
    DeviceRun.Status.OK,
    DeviceRun.Status.PARTIAL,
    DeviceRun.Status.AUTH_FAILED,
    DeviceRun.Status.TIMEOUT,
    DeviceRun.Status.UNREACHABLE,
    DeviceRun.Status.ERROR,
    DeviceRun.Status.UNMATCHED,
}
_COLLECTED = {DeviceRun.Status.OK, DeviceRun.Status.PARTIAL}


class Context(Protocol):
    """What the coordinator reports into (``core.jobs.JobContext`` fits)."""

    def log(self, line: str) -> None: ...

    def progress(self, percent: float) -> None: ...


def may_collect(user: Any, customer: Customer | int) -> bool:
    """Whether a user may start collections and upload archives for the customer."""
    return user is not None and access.may(user, "collect", customer)


def _require(actor: Any, customer: Customer | int) -> None:
    if actor is not None and not access.may(actor, "collect", customer):
        raise PermissionDenied("not allowed: collect")


# --- choosing devices ------------------------------------------------------------------


_QUERY_FIELDS = {
    "hostname": "hostname",
    "host": "hostname",
    "platform": "platform__slug",
    "site": "site__name",
    "role": "role",
    "address": "management_address",
    "status": "status",
}


def select_devices(customer: Customer, query: str = "") -> QuerySet[Device]:
    """The customer's active devices a query names.

    A query is comma-separated terms; a term is ``field=value`` (hostname, platform,
    site, role, address, status) or a bare hostname. Values may use ``*`` and ``?``
    wildcards. Terms on the same field are alternatives; different fields must all
    match: ``platform=hp_comware,platform=huawei_vrp,site=上海*``.
    """
    devices = Device.objects.filter(customer=customer).select_related("platform", "site")
    if "status=" not in query:
        devices = devices.filter(status=Device.Status.ACTIVE)
    by_field: dict[str, list[str]] = {}
    for term in (t.strip() for t in query.split(",")):
        if not term:
            continue
        name, sep, value = term.partition("=")
        field = _QUERY_FIELDS.get(name.strip().lower()) if sep else "hostname"
        if field is None:
            raise ValidationError({"devices": f"unknown field {name.strip()!r} in {term!r}"})
        by_field.setdefault(field, []).append((value if sep else term).strip())
    for field, values in by_field.items():
        condition = Q()
        for value in values:
            if any(ch in value for ch in "*?"):
                condition |= Q(**{f"{field}__iregex": _wildcard_regex(value)})
            else:
                condition |= Q(**{f"{field}__iexact": value})
        devices = devices.filter(condition)
    return devices.order_by("hostname")


def _wildcard_regex(pattern: str) -> str:
    """``SW-*-0?`` → ``^SW\\-.*\\-0.$``: only ``*`` and ``?`` are special (SQLite and
    PostgreSQL agree on this subset)."""
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return "^" + "".join(parts) + "$"


# --- starting and running --------------------------------------------------------------


def do_start_collection(
    customer: Customer,
    *,
    actor: Any,
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
    _require(actor, customer)
    chosen = list(devices) if devices is not None else list(select_devices(customer, query))
    if not chosen:
        raise ValidationError({"devices": "no active device matches"})
    if any(d.customer_id != customer.pk for d in chosen):
        raise ValidationError({"devices": "a device belongs to another customer"})
    with transaction.atomic():
        job = CollectionJob.objects.create(
            customer=customer,
            method=Method.SSH,
            requested_by=actor,
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


def command_list(platform: str) -> list[str]:
    """The inspection commands sent to a device of this platform, in order."""
    return [entry.command for entry in command_sets.command_set(platform)]


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
        for run in job.runs.filter(status__in=_TERMINAL).exclude(pk__in=reported):
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
        **_status_counts(job),
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


def _status_counts(job: CollectionJob) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in job.runs.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def finish_if_complete(job_id: int) -> bool:
    """Close the job once no device is queued or running; True when it is closed."""
    job = CollectionJob.objects.get(pk=job_id)
    if job.runs.filter(status__in=[DeviceRun.Status.QUEUED, DeviceRun.Status.RUNNING]).exists():
        return False
    CollectionJob.objects.filter(pk=job_id).exclude(state=CollectionJob.State.FINISHED).update(
        state=CollectionJob.State.FINISHED, finished=timezone.now()
    )
    return True


# --- storing outcomes ------------------------------------------------------------------


def store_failure(run: DeviceRun, message: str) -> DeviceRun:
    """End a run as ``error`` before any connection (no credential, unknown platform)."""
    with transaction.atomic():
        locked = DeviceRun.objects.select_for_update().get(pk=run.pk)
        if locked.is_done:
            return locked
        locked.status = DeviceRun.Status.ERROR
        locked.message = message[:300]
        locked.finished = timezone.now()
        locked.save(update_fields=["status", "message", "finished"])
        CollectionJob.objects.filter(pk=locked.collection_job_id).update(done=F("done") + 1)
    finish_if_complete(locked.collection_job_id)
    return locked


def store_result(run: DeviceRun, result: Any) -> str:
    """Store an SSH ``DeviceResult``: raw outputs, status, facts, inventory update.

    Idempotent: a run already ended is left as it is (a redelivered task, a race).
    """
    with transaction.atomic():
        locked = (
            # "of self": PostgreSQL cannot lock the nullable side of the outer join.
            DeviceRun.objects.select_for_update(of=("self",))
            .select_related("collection_job", "device__platform")
            .get(pk=run.pk)
        )
        if locked.is_done:
            return str(locked.status)
        platform = locked.platform or result.platform
        collected_at = result.started_at
        outputs: list[RawOutput] = []
        for out in result.outputs:
            outputs.append(
                raw_output(
                    locked,
                    command=out.command,
                    key=command_sets.key_for(platform, out.command) or "",
                    platform=platform,
                    text=out.text,
                    encoding="utf-8",
                    complete=out.complete,
                    collected_at=collected_at,
                )
            )
        RawOutput.objects.bulk_create(outputs)
        locked.status = str(result.status)
        locked.message = result.message[:300]
        locked.elapsed = result.elapsed
        locked.attempts = result.attempts
        locked.commands = len(command_list(platform)) if platform else len(outputs)
        locked.commands_ok = sum(1 for o in result.outputs if o.complete and not o.rejected)
        locked.finished = timezone.now()
        usable = {o.command_key: o.text for o in outputs if o.complete and o.command_key}
        if locked.device is not None and result.host_key:
            inventory.do_pin_host_key(locked.device, result.host_key, actor=None)
        if usable and locked.device is not None:
            record_facts(locked, platform, usable, collected_at, Method.SSH)
        locked.save()
        collected = locked.status in _COLLECTED
        CollectionJob.objects.filter(pk=locked.collection_job_id).update(
            done=F("done") + 1, succeeded=F("succeeded") + (1 if collected else 0)
        )
    finish_if_complete(locked.collection_job_id)
    return str(locked.status)


def raw_output(
    run: DeviceRun,
    *,
    command: str,
    key: str,
    platform: str,
    text: str,
    encoding: str,
    complete: bool,
    collected_at: dt.datetime,
    source: str = "",
    sha256: str = "",
    size: int | None = None,
    hints: Sequence[str] = (),
    upload: Any = None,
    error: str | None = None,
) -> RawOutput:
    """An unsaved RawOutput of a run, with its error answer and cleaning hints.

    ``error`` given (an import already looked) saves cleaning the text again.
    """
    data = text.encode("utf-8")
    found = list(dict.fromkeys(hints))
    if error is None or key == "running_config":
        cleaned = clean(text)
        found += [h for h in cleaned.hints if h not in found]
        found += [
            h for h in truncation_hints(cleaned.text, platform=platform, key=key) if h not in found
        ]
        error = detect_error(cleaned.text) if error is None else error
    if not complete and "incomplete" not in found:
        found.append("incomplete")
    return RawOutput(
        customer_id=run.customer_id,
        device_id=run.device_id,
        run=run,
        upload=upload,
        hostname=run.hostname,
        platform=platform or "",
        command=command[:300],
        command_key=key or "",
        text=text,
        encoding=encoding,
        hints=found,
        error=(error or "")[:300],
        complete=complete,
        source=source[:500],
        size=size if size is not None else len(data),
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        collected_at=collected_at,
    )


def record_facts(
    run: DeviceRun,
    platform: str,
    outputs: Mapping[str, str],
    collected_at: dt.datetime,
    method: str,
) -> facts_mod.Facts:
    """Normalise a run's outputs, keep them on the run and the device, update inventory.

    The device's model, serial, version and modules change only for what the outputs
    said (``do_record_facts`` keeps what a failed command could not tell).
    """
    facts = facts_mod.build_facts(platform, dict(outputs))
    run.facts = {k: v for k, v in facts.items() if k != "config_text"}
    device = run.device
    if device is None:
        return facts
    actor = run.collection_job.requested_by
    if actor is not None and not access.may(actor, "run_jobs", device.customer_id):
        actor = None  # the job was authorised when it started; the system records it
    modules = (
        facts["modules"] if "inventory" in outputs and "inventory" not in facts["errors"] else None
    )
    inventory.do_record_facts(
        device,
        model=facts["model"],
        serial=facts["serial"],
        version=facts["os_version"],
        modules=modules,
        collected_at=collected_at,
        actor=actor,
    )
    Fact.objects.update_or_create(
        device=device,
        defaults={
            "customer_id": device.customer_id,
            "platform": platform,
            "facts": dict(facts),
            "collected_at": collected_at,
            "run": run,
            "method": method,
        },
    )
    return facts


def latest_outputs(device: Device) -> list[RawOutput]:
    """The newest output per command key of a device (unkeyed ones by command)."""
    return latest_outputs_of(RawOutput.objects.filter(device=device))


def latest_outputs_of(queryset: QuerySet[RawOutput]) -> list[RawOutput]:
    """Of some outputs, the newest per command key (per command when unkeyed), in the
    command set's key order."""
    seen: set[str] = set()
    latest: list[RawOutput] = []
    rows = queryset.order_by("-collected_at", "-id").only(
        "id", "command", "command_key", "collected_at", "error", "hints", "size", "complete"
    )
    for row in rows[:5000]:
        slot = row.command_key or row.command
        if slot in seen:
            continue
        seen.add(slot)
        latest.append(row)
    order = {k: i for i, k in enumerate(command_sets.KEYS)}
    return sorted(latest, key=lambda r: (order.get(r.command_key, 99), r.command))


def job_summary(job: CollectionJob) -> dict[str, Any]:
    """Counts per status of a job, for pages, the API and the CLI."""
    return {"state": job.state, "total": job.total, "done": job.done, **_status_counts(job)}
