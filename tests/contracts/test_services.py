"""Catalog, entitlements, assignments and the quota ledger through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netcare.contracts import services
from netcare.contracts.models import ServiceItem
from netcare.customers.models import Membership
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_catalog_has_the_seventeen_items_with_seed_defaults(db: None) -> None:
    items = {i.code: i for i in ServiceItem.objects.all()}
    assert sorted(i.number for i in items.values()) == list(range(1, 18))
    assert (
        items["problem_management"].cadence_every == 3
        and items["problem_management"].cadence_unit == "month"
    )
    assert (items["maintenance_guide"].cadence_every, items["maintenance_guide"].cadence_unit) == (
        1,
        "year",
    )
    onsite = items["onsite_support"]
    assert onsite.quota_amount == 4 and onsite.quota_unit == "person_day" and onsite.travel_included
    assert (items["l2_expert_service"].cadence_every, items["l2_expert_service"].cadence_unit) == (
        2,
        "week",
    )
    assert (items["asm_service"].cadence_every, items["asm_service"].cadence_unit) == (1, "month")
    assert items["care_and_visit"].days_before_holiday == 3
    assert (items["inspection"].cadence_every, items["inspection"].cadence_unit) == (6, "month")
    assert (
        items["version_management"].cadence_every == 3 and items["doc_sharing"].cadence_every == 3
    )
    assert items["l2_expert_service"].response_working_days == 1


def test_catalog_defaults_reach_new_entitlements_and_stay_editable(world: World) -> None:
    contract = world.obj("contract", "own")
    assert contract.entitlements.count() == 17
    inspection = contract.entitlements.get(item__code="inspection")
    assert (inspection.cadence_every, inspection.cadence_unit) == (6, "month")
    services.do_update_entitlement(inspection, actor=world.users["admin"], cadence_every=3)
    inspection.refresh_from_db()
    assert inspection.cadence_every == 3
    assert ServiceItem.objects.get(code="inspection").cadence_every == 6  # the catalog is untouched
    with pytest.raises(PermissionDenied):
        services.do_update_entitlement(
            inspection, actor=world.users["member_staff"], cadence_every=1
        )


def test_usage_counts_travel_and_follows_contract_years(world: World) -> None:
    # 2026-01-01 .. 2027-12-31; 8 h used on 2026-03-02 and the onsite world's 7 + 1 h
    # visit day on 2026-03-10: two person-days of year 1.
    onsite = world.obj("entitlement", "own")
    staff = world.users["member_staff"]
    status = services.quota_status(onsite, dt.date(2026, 6, 1))
    assert (status.quota, status.used, status.left) == (4, 2, 2)
    services.do_record_usage(
        onsite,
        date=dt.date(2026, 12, 31),
        description="last day of year 1",
        actor=staff,
        hours_onsite=Decimal(10),
        hours_travel=Decimal(6),
    )
    services.do_record_usage(
        onsite,
        date=dt.date(2027, 1, 1),
        description="first day of year 2",
        actor=staff,
        hours_onsite=Decimal(4),
    )
    assert services.quota_status(onsite, dt.date(2026, 12, 31)).used == 4
    second = services.quota_status(onsite, dt.date(2027, 1, 1))
    assert (second.period.index, second.used, second.left) == (2, Decimal("0.5"), Decimal("3.5"))


def test_overrun_refused_unless_an_admin_approves(world: World) -> None:
    onsite = world.obj("entitlement", "own")
    staff, admin = world.users["member_staff"], world.users["admin"]
    with pytest.raises(ValidationError, match="over quota"):
        services.do_record_usage(
            onsite, date=dt.date(2026, 5, 5), description="x", actor=staff, amount=Decimal(4)
        )
    with pytest.raises(ValidationError, match="over quota"):
        services.do_record_usage(
            onsite,
            date=dt.date(2026, 5, 5),
            description="x",
            actor=staff,
            amount=Decimal(4),
            approved_by=staff,
            approval_note="urgent",
        )
    entry = services.do_record_usage(
        onsite,
        date=dt.date(2026, 5, 5),
        description="core outage",
        actor=staff,
        amount=Decimal(4),
        approved_by=admin,
        approval_note="核心故障，经审批超额使用",
    )
    assert entry.approved_by == admin
    assert services.quota_status(onsite, dt.date(2026, 5, 5)).left == -2  # 2 used before


def test_partial_final_year_quota(world: World) -> None:
    contract = services.do_create_contract(
        world.own,
        number="T-PARTIAL",
        start=dt.date(2026, 1, 1),
        end=dt.date(2028, 6, 30),
        actor=world.users["admin"],
    )
    onsite = contract.entitlements.get(item__code="onsite_support")
    assert services.quota_status(onsite, dt.date(2028, 3, 1)).quota == Decimal("1.5")
    services.do_update_entitlement(onsite, actor=world.users["admin"], final_year_quota=Decimal(2))
    assert services.quota_status(onsite, dt.date(2028, 3, 1)).quota == Decimal(2)


def test_usage_outside_term_or_by_customer_refused(world: World) -> None:
    onsite = world.obj("entitlement", "own")
    with pytest.raises(ValidationError, match="outside the contract term"):
        services.do_record_usage(
            onsite,
            date=dt.date(2025, 12, 31),
            description="x",
            actor=world.users["member_staff"],
            amount=Decimal(1),
        )
    with pytest.raises(PermissionDenied):
        services.do_record_usage(
            onsite,
            date=dt.date(2026, 2, 1),
            description="x",
            actor=world.users["customer_admin"],
            amount=Decimal(1),
        )


def test_assignment_grants_membership_and_hands_over(world: World) -> None:
    from netcare.customers.services import do_create_user

    contract, admin = world.obj("contract", "own"), world.users["admin"]
    first = do_create_user("ram.first", password="x-123456", actor=None)
    second = do_create_user("ram.second", password="x-123456", actor=None)
    services.do_assign(contract, "l2_expert", first, start=dt.date(2026, 1, 1), actor=admin)
    services.do_assign(contract, "l2_expert", second, start=dt.date(2026, 7, 1), actor=admin)
    assert services.assignee(contract, "l2_expert", dt.date(2026, 6, 30)) == first
    assert services.assignee(contract, "l2_expert", dt.date(2026, 7, 1)) == second
    assert Membership.objects.filter(user=second, customer=world.own, role="l2_expert").exists()
    with pytest.raises(ValidationError):
        services.do_assign(
            contract, "field_engineer", first, start=dt.date(2026, 1, 1), actor=admin
        )


def test_ledger_api_records_visit_from_hours(world: World) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.users["member_staff"])
    onsite = world.obj("entitlement", "own")
    answer = client.post(
        "/api/ledger/",
        {
            "entitlement": onsite.pk,
            "date": "2026-04-01",
            "description": "机房搬迁",
            "hours_onsite": "7",
            "hours_travel": "3",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["amount"] == "1.5"
    foreign = world.obj("entitlement", "foreign")
    refused = client.post(
        "/api/ledger/",
        {"entitlement": foreign.pk, "date": "2026-04-01", "description": "x", "amount": "1"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "entitlement" in refused.json()
    quota = client.get(f"/api/entitlements/{onsite.pk}/").json()["quota"]
    assert quota["used"] == "3.5" and quota["left"] == "0.5"  # the world's 2 days, then 1.5
