"""Publishing: the inspection report (docx + pdf, zh and en) with the findings
workbook, and the hardening plan with its scripts, as deliverables against the plan's
obligations; publishing completes the obligation. Files are opened to check them."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from docx import Document as Word
from openpyxl import load_workbook
from tests.conftest import World
from tests.inspection.collected import BORDER, CORE_PSU_FAILED, border_device, collect
from tests.inspection.test_runs import inspect

from netcare.delivery.models import Obligation
from netcare.delivery.services import next_open_obligation
from netcare.inspection import services
from netcare.inspection.models import Finding, InspectionRun


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.usefixtures("test_pack")


@pytest.fixture
def run(world: World, django_capture_on_commit_callbacks: Any) -> InspectionRun:
    border_device(world.own, world.users["admin"])
    core = world.obj("device", "own").hostname
    collect(world.own, world.users["member_staff"], {core: CORE_PSU_FAILED, "as2border2": BORDER})
    return inspect(world, django_capture_on_commit_callbacks)


def _files(deliverable: Any) -> dict[tuple[str, str], Path]:
    return {
        (f.format, f.language): Path(settings.REPORTS_DIR) / f.file.name
        for f in deliverable.files.all()
    }


def test_publishing_the_inspection_completes_the_planned_inspection(
    world: World, run: InspectionRun
) -> None:
    planned = next_open_obligation(world.own, "inspection")
    assert planned is not None, "the world's plan holds inspections"
    deliverable = services.do_publish_inspection(run, actor=world.users["member_staff"])
    assert deliverable.state == "published" and deliverable.obligation == planned
    planned.refresh_from_db()
    assert planned.state == Obligation.State.DONE
    run.refresh_from_db()
    assert run.deliverable == deliverable
    files = _files(deliverable)
    assert set(files) == {(f, lang) for f in ("docx", "pdf", "xlsx") for lang in ("zh", "en")}
    word = Word(str(files[("docx", "en")]))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert any("as2border2" in text for text in [p.text for p in word.paragraphs] + cells)
    book = load_workbook(files[("xlsx", "zh")])
    values = {
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    }
    assert "common.psu_failed" in values and "netcare_test.no_log_host" in values
    assert files[("pdf", "zh")].read_bytes().startswith(b"%PDF")


def test_publishing_the_hardening_plan_ships_the_scripts(world: World, run: InspectionRun) -> None:
    finding = Finding.objects.get(run=run, rule_id="netcare_test.no_log_host")
    plan = services.do_create_hardening_plan(run, [finding.pk], actor=world.users["member_staff"])
    planned = next_open_obligation(world.own, "hardening_plan")
    deliverable = services.do_publish_hardening(plan, actor=world.users["member_staff"])
    plan.refresh_from_db()
    assert plan.state == "published" and plan.deliverable == deliverable
    assert deliverable.obligation == planned
    if planned is not None:
        planned.refresh_from_db()
        assert planned.state == Obligation.State.DONE
    files = _files(deliverable)
    assert {("docx", "zh"), ("docx", "en"), ("pdf", "zh"), ("pdf", "en"), ("zip", "")} == set(files)
    with zipfile.ZipFile(files[("zip", "")]) as scripts:
        names = scripts.namelist()
        assert "as2border2.cfg" in names
        assert "logging host 192.0.2.10" in scripts.read("as2border2.cfg").decode()


def test_only_a_lead_publishes(world: World, run: InspectionRun) -> None:
    from django.core.exceptions import PermissionDenied

    from netcare.customers.services import do_grant_membership

    engineer = world.users["nonmember_staff"]
    do_grant_membership(engineer, world.own, "field_engineer", actor=None)
    with pytest.raises(PermissionDenied):
        services.do_publish_inspection(run, actor=engineer)


def _client_of(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_page_publishes_through_a_job_that_tells_each_file(
    world: World, run: InspectionRun, django_capture_on_commit_callbacks: Any
) -> None:
    """Six files take tens of seconds: the page queues the work and shows its job, whose
    log names each file as it is written and whose result leads back to the run."""
    from netcare.core.jobs import run_job
    from netcare.core.models import Job

    client = _client_of(world.users["member_staff"])
    with django_capture_on_commit_callbacks():
        answer = client.post(f"/inspection/runs/{run.pk}/publish/")
    job = Job.objects.get(kind="inspection_report", customer=world.own)
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.pk}/"
    run.refresh_from_db()
    assert run.deliverable is None, "nothing is published before the job runs"
    run_job(job.pk, "netcare.inspection.tasks.publish_inspection", {"run_id": run.pk})
    job.refresh_from_db()
    run.refresh_from_db()
    assert job.status == "succeeded" and job.progress == 100
    assert run.deliverable is not None and run.deliverable.state == "published"
    written = [entry["line"] for entry in job.log]
    assert len(written) == 6 and all(line.startswith("wrote ECCB-inspection-") for line in written)
    assert job.result["link"] == f"/inspection/runs/{run.pk}/"
    shown = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/inspection/runs/{run.pk}/"' in shown


def test_the_page_refuses_to_queue_what_cannot_be_published(
    world: World, run: InspectionRun, django_capture_on_commit_callbacks: Any
) -> None:
    from netcare.core.models import Job

    finding = Finding.objects.get(run=run, rule_id="netcare_test.no_log_host")
    plan = services.do_create_hardening_plan(run, [finding.pk], actor=world.users["member_staff"])
    plan.steps.all().delete()
    client = _client_of(world.users["member_staff"])
    with django_capture_on_commit_callbacks():
        answer = client.post(f"/inspection/plans/{plan.pk}/publish/", follow=True)
    assert answer.redirect_chain[-1][0] == f"/inspection/plans/{plan.pk}/"
    assert "the plan has no steps to publish" in answer.content.decode()
    assert not Job.objects.filter(kind="hardening_report").exists()
