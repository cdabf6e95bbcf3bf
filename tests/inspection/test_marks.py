"""Accepted-risk and false-positive marks: owner, reason and expiry; carried to later
inspections while the fingerprint stays; an expired or removed mark reopens the finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.conftest import World
from tests.inspection.collected import BORDER, border_device, collect
from tests.inspection.test_runs import inspect

from netcare.inspection import services
from netcare.inspection.models import Finding, FindingMark


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.usefixtures("test_pack")
RULE = "netcare_test.no_log_host"


@pytest.fixture
def first(world: World, django_capture_on_commit_callbacks: Any) -> Finding:
    border_device(world.own, world.users["admin"])
    collect(world.own, world.users["member_staff"], {"as2border2": BORDER})
    run = inspect(world, django_capture_on_commit_callbacks)
    return Finding.objects.get(run=run, rule_id=RULE)


def _mark(world: World, finding: Finding, **overrides: Any) -> FindingMark:
    fields: dict[str, Any] = {
        "kind": "accepted_risk",
        "reason": "logs go to the customer's own collector through an export job",
        "expires_on": timezone.localdate() + dt.timedelta(days=30),
    }
    fields.update(overrides)
    return services.do_mark_finding(finding, actor=world.users["member_staff"], **fields)


def test_a_mark_carries_to_the_next_inspection(
    world: World, first: Finding, django_capture_on_commit_callbacks: Any
) -> None:
    before = first.run.devices.get(hostname="as2border2")
    assert any(d["rule_id"] == RULE for d in before.deductions)
    mark = _mark(world, first)
    first.refresh_from_db()
    assert first.status == "accepted_risk" and first.mark == mark
    assert mark.owner == world.users["member_staff"]
    collect(world.own, world.users["member_staff"], {"as2border2": BORDER})
    run = inspect(world, django_capture_on_commit_callbacks)
    carried = Finding.objects.get(run=run, rule_id=RULE)
    assert carried.status == "accepted_risk" and carried.mark == mark
    assert carried.fingerprint == first.fingerprint
    # An accepted risk costs no health points: the expert decided it is no risk to count.
    after = run.devices.get(hostname="as2border2")
    assert not any(d["rule_id"] == RULE for d in after.deductions)
    lost = sum(d["points"] for d in before.deductions)
    assert sum(d["points"] for d in after.deductions) < lost and after.score >= before.score
    assert (
        run.counts["major"]
        == Finding.objects.filter(run=run, severity="major", status="open").count()
    )


def test_an_expired_mark_turns_the_finding_back_on(
    world: World, first: Finding, django_capture_on_commit_callbacks: Any
) -> None:
    mark = _mark(world, first)
    # Time passes: the expiry date is behind us.
    FindingMark.objects.filter(pk=mark.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert services.expire_marks(world.own) == 1
    first.refresh_from_db()
    assert first.status == "open"
    collect(world.own, world.users["member_staff"], {"as2border2": BORDER})
    run = inspect(world, django_capture_on_commit_callbacks)
    later = Finding.objects.get(run=run, rule_id=RULE)
    assert later.status == "open" and later.mark is None


def test_a_changed_fingerprint_is_not_covered(world: World, first: Finding) -> None:
    mark = _mark(world, first)
    FindingMark.objects.filter(pk=mark.pk).update(fingerprint="0" * 16)
    assert services.marks.active_marks(world.own).get((first.device_id, first.fingerprint)) is None


def test_removing_a_mark_reopens_its_findings(world: World, first: Finding) -> None:
    mark = _mark(world, first, kind="false_positive")
    assert services.do_unmark(mark, actor=world.users["member_staff"]) == 1
    first.refresh_from_db()
    assert first.status == "open" and first.mark is None
    assert not FindingMark.objects.filter(pk=mark.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"expires_on": dt.date(2020, 1, 1)}, "expires_on"),
        ({"kind": "ignored"}, "kind"),
    ],
)
def test_a_mark_needs_a_reason_a_future_expiry_and_a_kind(
    world: World, first: Finding, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _mark(world, first, **overrides)
    assert field in caught.value.message_dict


def test_the_owner_works_for_the_customer(world: World, first: Finding) -> None:
    with pytest.raises(ValidationError):
        _mark(world, first, owner=world.users["nonmember_staff"])
    with pytest.raises(PermissionDenied):
        services.do_mark_finding(
            first,
            actor=world.users["customer_admin"],
            kind="accepted_risk",
            reason="x",
            expires_on=timezone.localdate(),
        )


def test_the_daily_schedule_reopens_expired_marks_of_every_customer(
    world: World, first: Finding
) -> None:
    from django_q.models import Schedule

    from netcare.inspection import tasks
    from netcare.inspection.apps import MARK_EXPIRY_FUNC, _ensure_schedule

    _ensure_schedule()
    assert Schedule.objects.get(name="netcare-mark-expiry").func == MARK_EXPIRY_FUNC
    mark = _mark(world, first)
    FindingMark.objects.filter(pk=mark.pk).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert tasks.expire_marks() == 1
    first.refresh_from_db()
    assert first.status == "open"


def test_marking_and_unmarking_rescore_the_run_that_holds_the_finding(
    world: World, first: Finding
) -> None:
    run = first.run
    device = run.devices.get(hostname="as2border2")
    scored, total, deductions = device.score, run.score, device.deductions
    lost = sum(d["points"] for d in deductions)
    assert any(d["rule_id"] == RULE for d in device.deductions)
    mark = _mark(world, first)
    run.refresh_from_db()
    device.refresh_from_db()
    # The accepted risk no longer costs points in the run that found it…
    assert not any(d["rule_id"] == RULE for d in device.deductions)
    assert sum(d["points"] for d in device.deductions) < lost
    assert device.score >= scored and run.score >= total
    assert (
        run.counts[first.severity]
        == Finding.objects.filter(run=run, severity=first.severity, status="open").count()
    )
    # …and removing the mark puts the score back exactly where it was.
    services.do_unmark(mark, actor=world.users["member_staff"])
    run.refresh_from_db()
    device.refresh_from_db()
    assert device.score == scored and run.score == total
    assert device.deductions == deductions
