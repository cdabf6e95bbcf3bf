"""Importing an uploaded archive: the collection kit's zip or a field engineer's files.

The upload is first copied, as it came, to ``DATA_DIR/uploads/<CODE>/collection/`` and
recorded (``Upload``); then it is read member by member (``archives.iter_members``: one
member in memory at a time) inside one transaction, together with the field engineer's
visit when there is one (``visits``). A refused archive (path traversal, an absolute
path, a link, a decompression bomb, a kit file whose checksum does not match) rolls the
transaction back, so nothing from it is stored — no output, no visit, no quota booking —
and the upload is kept with the reason. Otherwise every command output becomes a
``RawOutput``, every device a ``DeviceRun``, and devices the inventory knows get their
facts and inventory updated (``results``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.collection import archives, bundles
from netcare.collection.models import CollectionJob, DeviceRun, Method, RawOutput, Upload, Visit
from netcare.collection.services.results import raw_output, record_facts
from netcare.collection.services.visits import VisitInput, check_visit, do_record_visit
from netcare.core import access
from netcare.core.audit import acting_as
from netcare.core.links import job_link
from netcare.customers.models import Customer
from netcare.inventory import services as inventory
from netcare.inventory.models import Device

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: Per-file rows kept in an upload's report; beyond it the report counts only.
REPORT_FILE_ROWS = 5000
_STATUS_FROM_KIT = {s.value for s in DeviceRun.Status} - {"queued", "running", "unmatched"}


def _safe_filename(name: str) -> str:
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE).strip("._") or "upload"
    return base[-120:]


def keep_upload(
    customer: Customer, filename: str, source: Path | IO[bytes]
) -> tuple[Path, int, str]:
    """Copy the uploaded bytes under the customer's upload folder; (path, size, sha256)."""
    folder = Path(settings.DATA_DIR) / "uploads" / customer.code / "collection"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    partial = folder / f".{stamp}.part"
    digest = hashlib.sha256()
    size = 0
    handle: IO[bytes] = source.open("rb") if isinstance(source, Path) else source
    try:
        with partial.open("wb") as out:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    finally:
        if isinstance(source, Path):
            handle.close()
    sha = digest.hexdigest()
    final = folder / f"{stamp}-{sha[:8]}-{_safe_filename(filename)}"
    partial.rename(final)
    return final, size, sha


def do_import_archive(
    customer: Customer,
    *,
    filename: str,
    source: Path | IO[bytes],
    actor: Actor,
    method: str | None = None,
    visit: VisitInput | None = None,
    limits: archives.Limits | None = None,
) -> Upload:
    """Keep an uploaded archive and import what it holds: all of it or nothing.

    ``method`` is ``kit`` or ``manual`` (default: ``kit`` when the archive carries a kit
    manifest). ``visit`` is the field engineer's visit of a manual collection: it is
    recorded — and booked against the onsite quota when the contract says so — in the
    import's transaction, so a refused or failed import records no visit and spends no
    person-day. A visit that could not be recorded as given (no hours, no engineer)
    raises ValidationError before anything is kept.

    Returns the Upload: ``state`` imported or refused, ``error`` the reason of a
    refusal, ``report`` the per-file and per-device outcome. The uploaded bytes are kept
    either way.
    """
    access.require(actor, "collect", customer)
    if visit is not None:
        check_visit(customer, visit, actor=actor)
    path, size, sha = keep_upload(customer, filename, source)
    upload = Upload(
        customer=customer,
        method=method or Method.MANUAL,
        original_name=filename[:255],
        stored_path=str(path.relative_to(settings.DATA_DIR)),
        size=size,
        sha256=sha,
        uploaded_by=access.recorded_user(actor),
    )
    with acting_as(actor):
        upload.save()
    try:
        manifest_raw = archives.peek(path, bundles.MANIFEST)
        manifest = bundles.read_manifest(manifest_raw) if manifest_raw is not None else None
        if manifest is not None and method is None:
            upload.method = Method.KIT
        with transaction.atomic():
            if visit is not None:
                upload.visit = _record_visit_for_import(customer, visit, actor)
            upload.report = _import(upload, path, manifest, actor, limits)
            upload.state = Upload.State.IMPORTED
            with acting_as(actor):
                upload.save(update_fields=["state", "error", "report", "method", "visit"])
    except (archives.ArchiveRefused, ValueError, VisitNotRecorded) as exc:
        _refuse(upload, _refusal_text(exc), actor)
    except BaseException:
        # A fault of ours, not the file's: the transaction is rolled back (no visit, no
        # booking, no outputs); the upload stays, marked, and the error goes up.
        _refuse(upload, "Refused, nothing was imported — the import failed on the server", actor)
        raise
    return upload


class VisitNotRecorded(Exception):
    """The visit of an import could not be booked (e.g. over quota): the import is refused."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__("; ".join(error.messages))
        self.error = error


def _record_visit_for_import(customer: Customer, visit: VisitInput, actor: Actor) -> Visit:
    try:
        return do_record_visit(customer, visit, actor=actor)
    except ValidationError as exc:
        raise VisitNotRecorded(exc) from exc


def _refuse(upload: Upload, reason: str, actor: Actor) -> None:
    upload.visit = None
    upload.state = Upload.State.REFUSED
    upload.error = reason
    upload.report = {"refused": True, "reason": reason}
    with acting_as(actor):
        upload.save(update_fields=["state", "error", "report", "method", "visit"])


_REFUSALS = {
    "traversal": "a path leaves the archive ('..')",
    "absolute_path": "a path is absolute",
    "link": "the archive holds a link",
    "special_file": "the archive holds a device file or pipe",
    "too_many_members": "too many files",
    "member_too_large": "a file is too large",
    "total_too_large": "the archive expands to too many bytes",
    "ratio": "the archive expands far more than device output does (a decompression bomb?)",
    "encrypted": "the archive is password-protected",
    "corrupt": "the archive is damaged",
    "not_archive": "not a zip, tar.gz or tar archive",
    "checksum": "a file does not match the checksum in the kit manifest",
}


def _refusal_text(exc: Exception) -> str:
    if isinstance(exc, archives.ArchiveRefused):
        reason = _REFUSALS.get(exc.code, exc.code)
        where = f": {exc.member}" if exc.member else ""
        detail = f" ({exc.detail})" if exc.detail and exc.code in {"corrupt", "checksum"} else ""
        return f"Refused, nothing was imported — {reason}{where}{detail}"[:1000]
    if isinstance(exc, VisitNotRecorded):
        return f"Refused, nothing was imported — the visit could not be booked: {exc}"[:1000]
    return f"Refused, nothing was imported — {exc}"[:1000]


def _collected_at(manifest: dict[str, Any] | None, upload: Upload) -> dt.datetime:
    if manifest is not None:
        try:
            stamp = dt.datetime.fromisoformat(str(manifest.get("collected_at")))
            if stamp.tzinfo is not None:
                return stamp
        except ValueError:
            pass
    return upload.uploaded_at


def _import(
    upload: Upload,
    path: Path,
    manifest: dict[str, Any] | None,
    actor: Actor,
    limits: archives.Limits | None,
) -> dict[str, Any]:
    customer = upload.customer
    files = bundles.manifest_files(manifest) if manifest is not None else None
    collected_at = _collected_at(manifest, upload)
    job = CollectionJob.objects.create(
        customer=customer,
        method=upload.method,
        requested_by=access.recorded_user(actor),
        upload=upload,
        state=CollectionJob.State.RUNNING,
        started=timezone.now(),
    )
    sketches: dict[str, bundles.DeviceSketch] = {}
    runs: dict[str, DeviceRun] = {}
    file_rows: list[dict[str, Any]] = []
    counts = {"files": 0, "outputs": 0, "unrecognised": 0, "ignored": 0}
    seen_paths: set[str] = set()
    for member in archives.iter_members(path, limits):
        report, items = bundles.read_file(member.name, member.data, files)
        counts["files"] += 1
        seen_paths.add(member.name)
        if report.status in ("unrecognised", "ignored"):
            counts[report.status] += 1
        if files is not None and member.name in files:
            expected = str(files[member.name]["sha256"])
            if hashlib.sha256(member.data).hexdigest() != expected:
                raise archives.ArchiveRefused("checksum", "sha256 differs", member.name)
        rows = []
        for item in items:
            slot = item.host.lower()
            sketch = sketches.setdefault(slot, bundles.DeviceSketch(item.host))
            sketch.add(item)
            run = runs.get(slot)
            if run is None:
                run = DeviceRun.objects.create(
                    customer=customer, collection_job=job, hostname=item.host[:100]
                )
                runs[slot] = run
            rows.append(
                raw_output(
                    run,
                    command=item.command,
                    key=item.key or "",
                    platform=item.platform or "",
                    text=item.text,
                    encoding=item.encoding,
                    complete=item.complete,
                    collected_at=collected_at,
                    source=item.source,
                    sha256=item.sha256,
                    size=item.size,
                    hints=item.hints,
                    upload=upload,
                    error=item.error or "",
                )
            )
        RawOutput.objects.bulk_create(rows)
        counts["outputs"] += len(rows)
        if len(file_rows) < REPORT_FILE_ROWS:
            file_rows.append(report.as_dict())
    if files is not None:
        missing = sorted(set(files) - seen_paths)
        if missing:
            raise archives.ArchiveRefused("checksum", "listed but missing", missing[0])
    device_rows = _settle_devices(job, sketches, runs, manifest, collected_at)
    done = len(device_rows)
    succeeded = sum(1 for d in device_rows if d["status"] in ("ok", "partial"))
    CollectionJob.objects.filter(pk=job.pk).update(
        state=CollectionJob.State.FINISHED,
        finished=timezone.now(),
        total=done,
        done=done,
        succeeded=succeeded,
    )
    return {
        "collection_job": job.pk,
        "counts": {**counts, "devices": done, "matched": succeeded},
        "files": file_rows,
        "files_omitted": max(0, counts["files"] - len(file_rows)),
        "devices": device_rows,
        # Like a Job's result: the upload names the collection job it produced.
        **job_link(
            reverse("collection:job_detail", kwargs={"pk": job.pk}),
            zh=f"采集任务 #{job.pk}",
            en=f"Collection job #{job.pk}",
        ),
    }


def _inventory_index(customer: Customer) -> dict[str, Device]:
    index: dict[str, Device] = {}
    for device in Device.objects.filter(customer=customer).select_related("platform"):
        index.setdefault(device.management_address, device)
        index[device.hostname.lower()] = device
    return index


def _settle_devices(
    job: CollectionJob,
    sketches: dict[str, bundles.DeviceSketch],
    runs: dict[str, DeviceRun],
    manifest: dict[str, Any] | None,
    collected_at: dt.datetime,
) -> list[dict[str, Any]]:
    """Second pass, one device at a time: platform, keys, inventory match, facts."""
    index = _inventory_index(job.customer)
    kit_devices = {str(d["hostname"]).lower(): d for d in (manifest or {}).get("devices", [])}
    rows: list[dict[str, Any]] = []
    used_names = {run.hostname.lower() for run in runs.values()}
    settled = set(sketches)
    # Pop each device's run and sketch as it is settled: a run holds its facts (thousands
    # of log events on a busy device), and keeping them all until the end made a 2 GB
    # archive cost 1.7 GB of memory.
    for slot in list(sketches):
        sketch = sketches.pop(slot)
        run = runs.pop(slot)
        device = _match(index, sketch)
        platform, how = sketch.decide(device.platform.slug if device is not None else None)
        name = sketch.hostname
        if name.lower() != run.hostname.lower() and name.lower() not in used_names:
            used_names.add(name.lower())
            run.hostname = name[:100]
        run.device = device
        run.platform = platform or ""
        outputs = list(run.outputs.order_by("pk").only("pk", "command", "command_key", "error"))
        for out in outputs:
            out.command_key = out.command_key or _key(platform, out.command)
            out.platform = platform or ""
            out.device = device
            out.hostname = run.hostname
        RawOutput.objects.bulk_update(outputs, ["command_key", "platform", "device", "hostname"])
        notes = []
        kit = kit_devices.get(slot) or kit_devices.get(run.hostname.lower())
        if kit is not None:
            run.address = str(kit.get("address") or "")[:100]
            run.elapsed = kit.get("elapsed")
            run.attempts = int(kit.get("attempts") or 0)
        elif sketch.address:
            run.address = sketch.address
        if device is not None and platform and device.platform.slug != platform:
            notes.append(f"the outputs show {platform}, the inventory says {device.platform.slug}")
        if platform is None:
            run.status = DeviceRun.Status.ERROR
            notes.insert(0, "platform not recognised: no version output and not in the inventory")
        elif device is None:
            run.status = DeviceRun.Status.UNMATCHED
            notes.insert(0, f"no device named {run.hostname} in the inventory; outputs kept")
        else:
            status = str(kit.get("status")) if kit is not None else "ok"
            run.status = status if status in _STATUS_FROM_KIT else DeviceRun.Status.OK
            if kit is not None and kit.get("message"):
                notes.insert(0, str(kit["message"]))
            if kit is not None and kit.get("host_key"):
                notes.extend(_kit_host_key(device, str(kit["host_key"])))
        run.commands = len(outputs)
        run.commands_ok = sum(1 for o in outputs if not o.error)
        if platform is not None:
            usable = _facts_outputs(run)
            if usable:
                if device is not None:
                    record_facts(run, platform, usable, collected_at, job.method)
                else:
                    from netcare.collection.parsing.facts import build_facts

                    facts = build_facts(platform, usable)
                    run.facts = {k: v for k, v in facts.items() if k != "config_text"}
        run.message = "; ".join(notes)[:300]
        run.finished = timezone.now()
        run.save()
        rows.append(
            {
                "hostname": run.hostname,
                "device": device.pk if device is not None else None,
                "platform": platform,
                "platform_from": how,
                "status": run.status,
                "outputs": len(outputs),
                "message": run.message,
                "model": (run.facts or {}).get("model"),
                "version": (run.facts or {}).get("os_version"),
            }
        )
    for slot, kit in kit_devices.items():
        if slot in settled:
            continue
        # A device the kit could not collect (auth failed, unreachable): no files.
        status = str(kit.get("status") or "error")
        device = index.get(slot) or index.get(str(kit.get("address") or ""))
        run = DeviceRun.objects.create(
            customer=job.customer,
            collection_job=job,
            device=device,
            hostname=str(kit["hostname"])[:100],
            address=str(kit.get("address") or "")[:100],
            platform=str(kit.get("platform") or "")[:32],
            status=status if status in _STATUS_FROM_KIT else DeviceRun.Status.ERROR,
            message=str(kit.get("message") or "")[:300],
            elapsed=kit.get("elapsed"),
            attempts=int(kit.get("attempts") or 0),
            finished=timezone.now(),
        )
        rows.append(
            {
                "hostname": run.hostname,
                "device": device.pk if device is not None else None,
                "platform": run.platform or None,
                "platform_from": "manifest",
                "status": run.status,
                "outputs": 0,
                "message": run.message,
                "model": None,
                "version": None,
            }
        )
    return rows


def _kit_host_key(device: Device, seen: str) -> list[str]:
    """Pin the host key the kit saw on a device's first contact; flag a different one.

    The kit ran on the customer's host, so its outputs are kept either way; a key that
    differs from the trusted one is a note for the expert, and the pin stays.
    """
    if not device.ssh_host_key:
        inventory.do_pin_host_key(device, seen[:120], actor=None)
        return []
    if device.ssh_host_key != seen:
        return [f"host key {seen} differs from the trusted {device.ssh_host_key}"]
    return []


def _match(index: dict[str, Device], sketch: bundles.DeviceSketch) -> Device | None:
    for name in (*sketch.content_names, sketch.host):
        device = index.get(name.lower()) or index.get(name)
        if device is not None:
            return device
    return None


def _key(platform: str | None, command: str) -> str:
    from netcare.collection.parsing import commands

    if platform not in commands.PLATFORMS:
        return ""
    return commands.key_for(platform, command) or ""


def _facts_outputs(run: DeviceRun) -> dict[str, str]:
    """key → text of a run's outputs for facts: per key the last answer that is no error."""
    outputs: dict[str, str] = {}
    rows: Iterable[tuple[str, str, str]] = (
        run.outputs.exclude(command_key="")
        .order_by("pk")
        .values_list("command_key", "text", "error")
    )
    for key, text, error in rows:
        if not error or key not in outputs:
            outputs[key] = text
    return outputs
