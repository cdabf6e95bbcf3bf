"""Onsite support through the services: the person-day arithmetic of the contract's
rule (travel included or not), exact Decimal totals on the one ledger, the quota guard
and the admin's recorded approval, the warning when less than one day is left (once),
the visit's state machine, and who may be dispatched and log days."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netcare.contracts import services as contracts
from netcare.contracts.models import LedgerEntry
from netcare.delivery.models import ServiceRequest
from netcare.delivery.services.requests import do_raise_request
from netcare.notifications.models import Notification
from netcare.onsite.models import Visit, VisitDay
from netcare.onsite.services import quota, visits
from tests.onsite.conftest import Team


@pytest.mark.parametrize(
    ("hours", "travel", "included", "days"),
    [
        ("6", "2", True, "1.0"),  # 8 counted hours: one day
        ("3", "1", True, "0.5"),
        ("4", "0", True, "0.5"),
        ("4.5", "0", True, "1.0"),  # past half a day: rounded up to the next half
        ("8.5", "0", True, "1.5"),
        ("6", "4", True, "1.5"),  # 10 hours with travel
        ("6", "4", False, "1.0"),  # the same day when the contract leaves travel out
        ("0.5", "3.5", False, "0.5"),
        ("12", "4", True, "2.0"),
    ],
)
def test_a_day_books_person_days_by_the_contract_rule(
    team: Team, hours: str, travel: str, included: bool, days: str
) -> None:
    if not included:
        contracts.do_update_entitlement(team.entitlement, actor=team.admin, travel_included=False)
    visit = team.dispatch()
    day = team.log(visit, 10, hours, travel)
    assert day.ledger_entry.amount == Decimal(days)
    assert quota.person_days(team.entitlement, Decimal(hours), Decimal(travel)) == Decimal(days)
    entry = LedgerEntry.objects.get(pk=day.ledger_entry_id)
    assert (entry.hours_onsite, entry.hours_travel) == (Decimal(hours), Decimal(travel))
    assert entry.engineer == team.fe and entry.record_type == "onsite.visit"
    assert entry.record_id == str(visit.pk) and entry.travel_included is included


def test_used_and_left_are_exact_sums_of_the_one_ledger(team: Team) -> None:
    first, second = team.dispatch(10), team.dispatch(40)
    team.log(first, 10, "3", "1")  # 0.5
    team.log(first, 11, "6", "2")  # 1.0
    team.log(second, 40, "8.5", "0")  # 1.5
    found = quota.quota_for(team.own)
    assert found is not None
    assert (found.status.quota, found.status.used, found.status.left) == (
        Decimal("4.0"),
        Decimal("3.0"),
        Decimal("1.0"),
    )
    assert isinstance(found.status.used, Decimal) and not found.low
    assert [(u.visit, u.days) for u in found.uses] == [
        (first, Decimal("1.5")),
        (second, Decimal("1.5")),
    ]
    # The ledger is the one account: the onsite view adds nothing to it.
    assert LedgerEntry.objects.filter(entitlement=team.entitlement).count() == 3
    assert contracts.quota_status(team.entitlement).used == Decimal("3.0")


def test_bookings_without_a_visit_count_and_show_apart(team: Team) -> None:
    contracts.do_record_usage(
        team.entitlement,
        date=team.day(5),
        description="booked on the contract",
        actor=team.ram,
        hours_onsite=Decimal(4),
    )
    visit = team.dispatch()
    team.log(visit, 10, "8")
    found = quota.quota_for(team.own)
    assert found is not None and found.status.used == Decimal("1.5")
    assert [u.visit for u in found.uses] == [visit, None]


def test_over_quota_is_refused_without_an_admin_and_recorded_with_one(team: Team) -> None:
    visit = team.dispatch()
    team.log(visit, 10, "16", "8")  # 3.0
    team.log(visit, 11, "8")  # 4.0: the whole quota
    with pytest.raises(ValidationError) as refused:
        team.log(visit, 12, "4")
    assert "over quota" in str(refused.value) and "admin" in str(refused.value)
    assert not VisitDay.objects.filter(visit=visit, date=team.day(12)).exists()
    assert LedgerEntry.objects.filter(entitlement=team.entitlement).count() == 2

    with pytest.raises(PermissionDenied):
        visits.do_approve_overrun(visit, note="urgent outage", actor=team.ram)
    with pytest.raises(ValidationError):
        visits.do_approve_overrun(visit, note="  ", actor=team.admin)
    visits.do_approve_overrun(visit, note="Outage at the bank: half a day more", actor=team.admin)
    day = team.log(visit, 12, "4")
    entry = day.ledger_entry
    assert entry.amount == Decimal("0.5")
    assert entry.approved_by == team.admin
    assert entry.approval_note == "Outage at the bank: half a day more"
    status = contracts.quota_status(team.entitlement)
    assert (status.used, status.left) == (Decimal("4.5"), Decimal("-0.5"))
    # Days within the quota carry no approval.
    assert LedgerEntry.objects.filter(approved_by__isnull=False).count() == 1


def test_less_than_one_day_left_warns_ram_and_asm_once(team: Team) -> None:
    visit = team.dispatch()
    team.log(visit, 10, "16", "8")  # 3.0 used, 1.0 left: not yet
    assert not Notification.objects.filter(kind="onsite_quota_low").exists()
    team.log(visit, 11, "4")  # 3.5 used, 0.5 left
    told = Notification.objects.filter(kind="onsite_quota_low")
    assert sorted(n.recipient.username for n in told) == ["o.asm", "o.ram"]
    assert all("0.5" in n.subject for n in told)
    team.log(visit, 12, "4")  # 4.0 used: still low, but told already
    assert Notification.objects.filter(kind="onsite_quota_low").count() == 2
    assert not Notification.objects.filter(
        kind="onsite_quota_low", recipient=team.customer_admin
    ).exists()
    found = quota.quota_for(team.own)
    assert found is not None and found.low  # what the customer's page shows


def test_the_visit_moves_only_along_its_flow(team: Team) -> None:
    visit = team.dispatch()
    assert visit.state == Visit.State.DISPATCHED
    with pytest.raises(ValidationError) as illegal:
        visit.move_to(Visit.State.DONE)
    assert "cannot move from 'dispatched' to 'done'" in str(illegal.value)
    assert "cancelled, on_site" in str(illegal.value)
    visits.do_arrive(visit, actor=team.fe)
    with pytest.raises(ValidationError):
        visits.do_arrive(visit, actor=team.fe)
    with pytest.raises(ValidationError) as no_cancel:
        visits.do_cancel(visit, reason="rain", actor=team.ram)
    assert "allowed: done" in str(no_cancel.value)

    other = team.dispatch(20)
    visits.do_cancel(other, reason="The customer moved the window", actor=team.ram)
    assert Visit.objects.get(pk=other.pk).state == Visit.State.CANCELLED
    for attempt in (
        lambda: visits.do_arrive(other, actor=team.fe),
        lambda: team.log(other, 20, "4"),
        lambda: visits.do_cancel(other, reason="again", actor=team.ram),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert not LedgerEntry.objects.exists()


def test_a_first_logged_day_puts_the_visit_on_site_and_days_are_checked(team: Team) -> None:
    visit = team.dispatch(10)
    team.log(visit, 10, "4")
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.ON_SITE
    for n, hours, travel, field in (
        (10, "4", "0", "date"),  # logged already
        (9, "4", "0", "date"),  # before the visit
        (11, "25", "0", "hours_onsite"),
        (11, "-1", "0", "hours_onsite"),
        (11, "20", "5", "hours_onsite"),  # more than a day's 24 hours
        (11, "0", "0", "hours_onsite"),
    ):
        with pytest.raises(ValidationError) as refused:
            team.log(visit, n, hours, travel)
        assert field in refused.value.message_dict, (n, hours, refused.value)
    assert LedgerEntry.objects.count() == 1


def test_only_the_customers_field_engineers_are_dispatched(team: Team) -> None:
    with pytest.raises(ValidationError) as foreign:
        team.dispatch(engineer=team.foreign_fe)
    assert "o.foreign_fe is not a field engineer of ECCB" in str(foreign.value)
    with pytest.raises(ValidationError):
        team.dispatch(engineer=team.ram)  # the RAM is no field engineer
    for outsider in (team.customer_admin, team.fe, team.asm):
        with pytest.raises(PermissionDenied):
            visits.do_dispatch(
                team.own, engineer=team.fe, planned_date=team.day(10), purpose="x", actor=outsider
            )
    with pytest.raises(ValidationError) as no_purpose:
        team.dispatch(purpose="  ")
    assert "purpose" in no_purpose.value.message_dict
    with pytest.raises(ValidationError) as outside:
        team.dispatch(n=-10)
    assert "no active contract" in str(outside.value)
    assert not Visit.objects.exists()


def test_a_field_engineer_logs_only_the_visits_they_were_sent_on(team: Team) -> None:
    visit = team.dispatch()
    with pytest.raises(PermissionDenied):
        team.log(visit, 10, "4", actor=team.fe2)
    with pytest.raises(PermissionDenied):
        team.log(visit, 10, "4", actor=team.customer_admin)
    team.log(visit, 10, "4", actor=team.ram)  # the RAM logs for the engineer
    assert LedgerEntry.objects.get().engineer == team.fe


def test_a_request_is_answered_by_the_dispatch(team: Team) -> None:
    request = do_raise_request(
        team.own,
        kind="onsite_support",
        title="Engineer for the cut-over",
        text="Please send someone",
        actor=team.customer_admin,
    )
    visit = team.dispatch(request=request, site=team.site)
    request.refresh_from_db()
    assert request.state == ServiceRequest.State.ANSWERED and "o.fe" in request.response
    assert Notification.objects.filter(kind="onsite_dispatched", recipient=team.fe).count() == 1
    with pytest.raises(ValidationError) as twice:
        team.dispatch(request=request)
    assert f"already answered by visit #{visit.pk}" in str(twice.value)
    question = do_raise_request(
        team.own, kind="technical_question", title="q", text="q", actor=team.customer_admin
    )
    with pytest.raises(ValidationError) as wrong_kind:
        team.dispatch(request=question)
    assert "not onsite support" in str(wrong_kind.value)
