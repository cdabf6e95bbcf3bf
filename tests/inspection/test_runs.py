"""Inspections on a real database with real collected outputs: stored results, health,
comparison with the previous run, notifications, the Job."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import World
from tests.inspection.collected import BORDER, CORE_PSU_FAILED, CORE_PSU_OK, border_device, collect

from netcare.inspection import services
from netcare.inspection.models import DeviceInspection, Finding, InspectionRun


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.usefixtures("test_pack")


def inspect(world: World, capture: Any) -> InspectionRun:
    with capture(execute=True):
        run = services.do_run_inspection(world.own, actor=world.users["member_staff"], sync=True)
    run.refresh_from_db()
    assert run.state == InspectionRun.State.FINISHED, run.error
    return run


def collect_both(world: World, core: dict[str, str]) -> None:
    core_name = world.obj("device", "own").hostname
    collect(world.own, world.users["member_staff"], {core_name: core, "as2border2": BORDER})


def test_a_run_stores_each_device_with_health_and_its_findings(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from netcare.notifications.models import Notification

    border_device(world.own, world.users["admin"])
    collect_both(world, CORE_PSU_FAILED)
    run = inspect(world, django_capture_on_commit_callbacks)
    assert run.job is not None and run.job.status == "succeeded" and run.job.progress == 100
    assert run.job.result["link"] == f"/inspection/runs/{run.pk}/"
    inspected = {d.hostname: d for d in DeviceInspection.objects.filter(run=run)}
    core = world.obj("device", "own").hostname
    assert set(inspected) >= {core, "as2border2"}
    found = {(f.device.hostname, f.rule_id): f for f in Finding.objects.filter(run=run)}
    psu = found[(core, "common.psu_failed")]
    assert psu.severity == "critical" and psu.evidence and psu.subject
    log_host = found[("as2border2", "netcare_test.no_log_host")]
    assert log_host.hardening and log_host.pack == "netcare_test"
    # The health score explains itself: every lost point is a listed deduction.
    assert inspected[core].score < 100
    assert any(d["rule_id"] == "common.psu_failed" for d in inspected[core].deductions)
    assert run.score is not None and run.score < 100 and run.packs["netcare_test"] == "1.0"
    assert run.counts["critical"] >= 1 and run.counts["devices"] == len(inspected)
    # Another customer's facts are not read.
    assert not Finding.objects.filter(run=run, customer=world.foreign).exists()
    told = Notification.objects.filter(kind="inspection_findings")
    assert {n.recipient.username for n in told} >= {"t.member_staff"}
    assert not told.filter(recipient=world.users["customer_admin"]).exists()


def test_the_next_run_says_what_is_new_persisting_and_resolved(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    border_device(world.own, world.users["admin"])
    collect_both(world, CORE_PSU_FAILED)
    first = inspect(world, django_capture_on_commit_callbacks)
    collect_both(world, CORE_PSU_OK)
    second = inspect(world, django_capture_on_commit_callbacks)
    assert second.previous_id == first.pk
    psu = Finding.objects.get(run=first, rule_id="common.psu_failed")
    psu.refresh_from_db()
    assert psu.status == Finding.Status.RESOLVED and psu.pk in second.comparison["resolved"]
    assert not Finding.objects.filter(run=second, rule_id="common.psu_failed").exists()
    before = Finding.objects.get(run=first, rule_id="netcare_test.no_log_host")
    after = Finding.objects.get(run=second, rule_id="netcare_test.no_log_host")
    assert before.change == Finding.Change.NEW and after.change == Finding.Change.PERSISTING
    assert after.first_seen == before.first_seen and after.last_seen > before.last_seen
    assert second.comparison["new"] == Finding.objects.filter(run=second, change="new").count()
    assert second.comparison["persisting"] >= 1


def test_a_run_of_one_collection_job_reads_only_that_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    border_device(world.own, world.users["admin"])
    upload = collect(world.own, world.users["member_staff"], {"as2border2": BORDER})
    job = upload.collection_jobs.get()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.do_run_inspection(
            world.own, actor=world.users["member_staff"], collection_job=job, sync=True
        )
    run.refresh_from_db()
    assert [d.hostname for d in run.devices.all()] == ["as2border2"]


def test_starting_needs_the_permission_and_the_customers_own_job(world: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.do_run_inspection(world.own, actor=world.users["customer_admin"])
    with pytest.raises(ValidationError):
        services.do_run_inspection(
            world.own,
            actor=world.users["admin"],
            collection_job=world.obj("collection_job", "foreign"),
        )
