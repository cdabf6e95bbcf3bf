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
