"""A finished piece of work links to what it produced, the way a review job links to
its report: the collection queue job to its collection job, an archive upload to the
collection job it filled, a device import to the device list."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.conftest import World

from netcare.collection import services
from netcare.core.jobs import run_job
from netcare.core.models import Job
from netcare.inventory import services as inventory
from netcare.inventory.models import Platform


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parents[1] / "data" / "outputs" / "hp_comware"


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["member_staff"])
    return client


def test_collection_queue_job_links_to_its_collection_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    # A device without a login fails before any connection: the job still ends.
    inventory.do_create_device(
        world.own,
        actor=world.users["admin"],
        hostname="ECCB-NOLOGIN",
        management_address="127.0.0.1",
        platform=Platform.objects.get(slug="hp_comware"),
    )
    with django_capture_on_commit_callbacks():
        job = services.do_start_collection(world.own, actor=world.users["member_staff"])
    assert job.job is not None
    run_job(
        job.job.pk,
        "netcare.collection.tasks.run_collection_job",
        {"collection_job_id": job.pk, "fan_out": False},
    )
    queued = Job.objects.get(pk=job.job.pk)
    assert queued.status == "succeeded"
    page = f"/collection/jobs/{job.pk}/"
    assert queued.result["link"] == page
    assert queued.result["link_label"] == {
        "zh": f"采集任务 #{job.pk}",
        "en": f"Collection job #{job.pk}",
    }
    shown = _client(world).get(f"/jobs/{queued.pk}/").content.decode()
    assert f'href="{page}"' in shown


def test_archive_upload_links_to_the_collection_job_it_filled(world: World) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "ECCB-SW-01/display_version.txt",
            (SAMPLES / "display_version_5900af_cw7.txt").read_bytes(),
        )
    buffer.seek(0)
    answer = _client(world).post(
        "/api/uploads/import/", {"file": _named(buffer, "site.zip"), "customer": "ECCB"}
    )
    assert answer.status_code == 201, answer.json()
    report = answer.json()["report"]
    assert report["link"] == f"/collection/jobs/{report['collection_job']}/"
    assert _client(world).get(report["link"]).status_code == 200


def test_refused_upload_links_to_nothing(world: World) -> None:
    answer = _client(world).post(
        "/api/uploads/import/",
        {"file": _named(io.BytesIO(b"not a zip"), "x.zip"), "customer": "ECCB"},
    )
    assert answer.status_code == 400
    assert "link" not in (answer.json().get("report") or {})


def _named(buffer: io.BytesIO, name: str) -> io.BytesIO:
    buffer.name = name
    return buffer


CSV = "hostname,management address,platform\nECCB-LINK-01,10.0.0.1,hp_comware\n"


@pytest.mark.parametrize(("dry_run", "linked"), [(False, True), (True, False)])
def test_device_import_links_to_the_devices_once_written(
    world: World, settings: Any, tmp_path: Path, dry_run: bool, linked: bool
) -> None:
    settings.DATA_DIR = tmp_path
    client = _client(world)
    answer = client.post(
        "/api/devices/import/",
        {"file": _named(io.BytesIO(CSV.encode()), "d.csv"), "customer": "ECCB", "dry_run": dry_run},
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json().get("link") == ("/inventory/ECCB/devices/" if linked else None)
    page = client.post(
        "/inventory/ECCB/import/",
        {
            "file": _named(io.BytesIO(CSV.replace("01", "02").encode()), "d.csv"),
            "dry_run": dry_run or "",
        },
    ).content.decode()
    assert ('id="import-result"' in page) is linked
