"""What devices answered, stored: raw outputs, facts, a run's end, the job's close.

Both collection paths write through here — the SSH collector (``jobs``) and archive
imports (``uploads``) — so an output is recorded the same way whichever way it came.
A run's result is stored once (idempotent), and the job closes when its last device
has ended.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from netcare.collection.models import CollectionJob, DeviceRun, Fact, Method, RawOutput
from netcare.collection.parsing import commands as command_sets
from netcare.collection.parsing import facts as facts_mod
from netcare.collection.parsing.hygiene import clean, truncation_hints
from netcare.collection.parsing.templates import detect_error
from netcare.collection.services.selection import command_list
from netcare.core import access
from netcare.inventory import services as inventory
from netcare.inventory.models import Device

#: Run states that end a device's collection.
TERMINAL = frozenset(
    {
        DeviceRun.Status.OK,
        DeviceRun.Status.PARTIAL,
        DeviceRun.Status.AUTH_FAILED,
        DeviceRun.Status.TIMEOUT,
        DeviceRun.Status.UNREACHABLE,
        DeviceRun.Status.ERROR,
        DeviceRun.Status.UNMATCHED,
        DeviceRun.Status.REFUSED,
    }
)
_COLLECTED = {DeviceRun.Status.OK, DeviceRun.Status.PARTIAL}


def finish_if_complete(job_id: int) -> bool:
    """Close the job once no device is queued or running; True when it is closed."""
    job = CollectionJob.objects.get(pk=job_id)
    if job.runs.filter(status__in=[DeviceRun.Status.QUEUED, DeviceRun.Status.RUNNING]).exists():
        return False
    CollectionJob.objects.filter(pk=job_id).exclude(state=CollectionJob.State.FINISHED).update(
        state=CollectionJob.State.FINISHED, finished=timezone.now()
    )
    return True


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


def status_counts(job: CollectionJob) -> dict[str, int]:
    """How many of a job's devices ended in each status."""
    counts: dict[str, int] = {}
    for status in job.runs.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def job_summary(job: CollectionJob) -> dict[str, Any]:
    """Counts per status of a job, for pages, the API and the CLI."""
    return {"state": job.state, "total": job.total, "done": job.done, **status_counts(job)}
