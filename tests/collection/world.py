"""Collection objects for the test world, per customer: an imported upload with its job,
device run, raw output, and the facts of inventory's core switch (``world.obj("device")``;
conftest runs inventory's extension first)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

VERSION = """H3C Comware Software, Version 7.1.070, Release 7585P05
Copyright (c) 2004-2023 New H3C Technologies Co., Ltd. All rights reserved.
H3C S12508X-AF uptime is 0 weeks, 1 day, 2 hours, 3 minutes
"""


def archive_for(hostname: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{hostname}/display_version.txt", VERSION)
    return buffer.getvalue()


def _build(world: Any, admin: Any, which: str, device: Any) -> None:
    """Rows only (no file on disk, no inventory change): what an import would leave."""
    from django.utils import timezone

    from netcare.collection.models import CollectionJob, DeviceRun, Fact, RawOutput, Upload
    from netcare.collection.parsing.facts import build_facts

    customer = device.customer
    upload = Upload.objects.create(
        customer=customer,
        method="manual",
        original_name="collection.zip",
        stored_path=f"uploads/{customer.code}/collection/world.zip",
        sha256="0" * 64,
        state="imported",
        uploaded_by=admin,
    )
    job = CollectionJob.objects.create(
        customer=customer, method="manual", upload=upload, state="finished", total=1, done=1
    )
    run = DeviceRun.objects.create(
        customer=customer,
        collection_job=job,
        device=device,
        hostname=device.hostname,
        platform="hp_comware",
        status="ok",
    )
    output = RawOutput.objects.create(
        customer=customer,
        device=device,
        run=run,
        upload=upload,
        hostname=device.hostname,
        platform="hp_comware",
        command="display version",
        command_key="version",
        text=VERSION,
        sha256="1" * 64,
    )
    fact = Fact.objects.create(
        customer=customer,
        device=device,
        platform="hp_comware",
        facts=dict(build_facts("hp_comware", {"version": VERSION})),
        collected_at=timezone.now(),
        run=run,
        method="manual",
    )
    built = {
        "upload": upload,
        "collection_job": job,
        "device_run": run,
        "raw_output": output,
        "fact": fact,
    }
    for kind, obj in built.items():
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    for which in ("own", "foreign"):
        _build(world, admin, which, world.obj("device", which))
