"""Read models for the collection pages and the device page's collection panel.

Jobs, runs, uploads and raw outputs are vendor staff's: customer users get 404 on
those pages. A device's facts are shown to whoever sees the device.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from netcare.collection import services
from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput, Upload
from netcare.core import access
from netcare.customers.models import Customer
from netcare.inventory.models import Device

LIST_SIZE = 50


def job_list(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's recent collection jobs and uploads, and what the user may start."""
    jobs: QuerySet[CollectionJob] = (
        CollectionJob.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("requested_by", "upload")
        .order_by("-created", "-id")
    )
    uploads: QuerySet[Upload] = (
        Upload.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )
    return {
        "customer": customer,
        "jobs": list(jobs[:LIST_SIZE]),
        "uploads": list(uploads[:LIST_SIZE]),
        "may_collect": services.may_collect(user, customer),
    }


def job_detail(job: CollectionJob, user: Any) -> dict[str, Any]:
    """A job and each device's outcome, for the page that refreshes while it runs."""
    runs = list(job.runs.select_related("device").order_by("hostname"))
    return {
        "customer": job.customer,
        "job": job,
        "runs": runs,
        "summary": services.job_summary(job),
    }


def upload_detail(upload: Upload, user: Any) -> dict[str, Any]:
    report = upload.report or {}
    return {
        "customer": upload.customer,
        "upload": upload,
        "files": report.get("files", []),
        "devices": report.get("devices", []),
        "counts": report.get("counts", {}),
        "omitted": report.get("files_omitted", 0),
        "jobs": list(upload.collection_jobs.all()),
    }


def output_detail(output: RawOutput, user: Any) -> dict[str, Any]:
    return {"customer": output.customer, "output": output}


def device_panel(device: Device, user: Any) -> dict[str, Any]:
    """The device page's collection panel: latest facts for all who see the device;
    latest outputs and recent runs for vendor staff only.

    Render ``collection/_device_panel.html`` with this dict as ``panel``.
    """
    staff = access.is_staff_for(user, device.customer_id)
    fact = Fact.objects.filter(device=device).first()
    facts = dict(fact.facts) if fact is not None else None
    if facts is not None:
        facts.pop("config_text", None)
    return {
        "template": "collection/_device_panel.html",
        "device": device,
        "fact": fact,
        "facts": facts,
        "staff": staff,
        "outputs": services.latest_outputs(device) if staff else [],
        "runs": (
            list(
                DeviceRun.objects.filter(device=device)
                .select_related("collection_job")
                .order_by("-finished", "-id")[:10]
            )
            if staff
            else []
        ),
    }
