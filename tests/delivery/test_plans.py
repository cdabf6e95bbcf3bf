"""The service plan from contract activation to confirmation, re-planning after a changed
choice or an amendment, and the only two ways planned work gets done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from netcare.contracts import services as contract_services
from netcare.contracts.terms import add_months
from netcare.delivery import services
from netcare.delivery.models import Deliverable, Obligation, ServicePlan
from netcare.delivery.scheduling import periods
from netcare.delivery.services import plans
from netcare.notifications.models import Notification
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _contract(world: World, *, months_ago: int = 6, status: str = "draft") -> Any:
    """A two-year ECCB contract that started ``months_ago`` months ago, RAM and ASM named."""
    admin = world.users["admin"]
    start = add_months(timezone.localdate().replace(day=1), -months_ago)
    contract = contract_services.do_create_contract(
        world.own,
        number=f"T-PLAN-{months_ago}-{status}",
        start=start,
        end=add_months(start, 24) - dt.timedelta(days=1),
        status=status,
        actor=admin,
    )
    ram, asm = world.users["member_staff"], world.obj("asm", "own")
    contract_services.do_assign(contract, "l2_expert", ram, start=start, actor=admin)
    contract_services.do_assign(contract, "asm", asm, start=start, actor=admin)
    return contract


def test_activation_starts_the_service(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    contract = _contract(world)
    with django_capture_on_commit_callbacks(execute=True):
        contract_services.do_update_contract(contract, status="active", actor=world.users["admin"])
    plan = ServicePlan.objects.get(contract=contract)
    assert plan.state == "draft" and plan.generated_at is None
    starts = {o.lead: o for o in plan.obligations.filter(kind="start_contact")}
    assert set(starts) == {"l2_expert", "asm"}
    assert starts["l2_expert"].owner == world.users["member_staff"]
    assert starts["asm"].owner == world.obj("asm", "own")
    told = Notification.objects.filter(
        kind="service_start", key__startswith=f"contract:{contract.pk}"
    )
    assert {n.recipient for n in told} == {world.users["member_staff"], world.obj("asm", "own")}
    plans.start_service(contract)  # activation delivered twice: nothing new
    assert plan.obligations.count() == 2 and told.count() == 2


def test_choices_are_the_customer_admins(world: World) -> None:
    contract = _contract(world, status="active")
    choices = {"inspection": ("later", "after the DC move"), "doc_sharing": ("not", "")}
    for role in ("member_staff", "customer_viewer", "other_customer"):
        with pytest.raises(PermissionDenied):
            plans.do_set_choices(contract, choices, actor=world.users[role])
    saved = plans.do_set_choices(contract, choices, actor=world.users["customer_admin"])
    assert {c.entitlement.item.code: c.choice for c in saved} == {
        "inspection": "later",
        "doc_sharing": "not",
    }
    assert saved[0].chosen_by == world.users["customer_admin"]
    with pytest.raises(ValidationError, match="now, later or not"):
        plans.do_set_choices(
            contract, {"inspection": ("maybe", "")}, actor=world.users["customer_admin"]
        )
    told = Notification.objects.filter(kind="choices_updated", customer=world.own)
    assert world.users["member_staff"] in {n.recipient for n in told}


def test_generate_send_confirm(world: World) -> None:
    contract = _contract(world, status="active")
    ram, asm, customer = (
        world.users["member_staff"],
        world.obj("asm", "own"),
        world.users["customer_admin"],
    )
    plans.do_set_choices(
        contract, {"inspection": ("later", ""), "doc_sharing": ("not", "")}, actor=customer
    )
    with pytest.raises(PermissionDenied):
        plans.do_generate_plan(contract, actor=customer)
    result = plans.do_generate_plan(contract, actor=ram, today=contract.start)
    plan = result.plan
    plan.refresh_from_db()
    assert plan.revision == 1 and result.summary()["created"] == plan.obligations.count()
    assert not plan.obligations.filter(item__code="doc_sharing").exists()
    middle = contract.start + (contract.end - contract.start) / 2
    assert all(o.due >= middle for o in plan.obligations.filter(item__code="inspection"))
    milestones = plan.obligations.filter(kind__in=["kickoff", "mid_term", "final"])
    assert {(o.lead, o.owner, o.co_owner) for o in milestones} == {("both", ram, asm)}
    assert all(o.owner == asm for o in plan.obligations.filter(kind="contact", lead="asm"))
    # The customer does not see a draft.
    assert not ServicePlan.objects.visible_to(customer).filter(pk=plan.pk).exists()
    assert not Obligation.objects.visible_to(customer).filter(plan=plan).exists()

    plans.do_send_plan(plan, actor=ram)
    assert ServicePlan.objects.visible_to(customer).filter(pk=plan.pk).exists()
    sent = Notification.objects.get(
        kind="plan_sent", recipient=customer, key__startswith=f"plan:{plan.pk}:"
    )
    assert contract.number in sent.subject and sent.link == f"/delivery/{world.own.code}/plan/"

    for who in (ram, world.users["admin"], world.users["customer_viewer"]):
        with pytest.raises(PermissionDenied):
            plans.do_confirm_plan(plan, actor=who)
    at = timezone.make_aware(dt.datetime(2026, 9, 30, 10, 0))
    plans.do_confirm_plan(plan, actor=customer, at=at)
    plan.refresh_from_db()
    assert (plan.state, plan.confirmed_by, plan.confirmed_at) == ("confirmed", customer, at)
    kickoff = plan.obligations.get(kind="kickoff")
    assert kickoff.due == min(dt.date(2026, 10, 13), contract.end)  # 5 working days after the break
    assert {n.recipient for n in Notification.objects.filter(kind="plan_confirmed")} >= {ram, asm}
    with pytest.raises(ValidationError, match="only a plan sent"):
        plans.do_confirm_plan(plan, actor=customer)


def _confirmed_plan(world: World, months_ago: int = 6) -> tuple[Any, ServicePlan]:
    contract = _contract(world, months_ago=months_ago, status="active")
    plans.do_generate_plan(contract, actor=world.users["member_staff"], today=contract.start)
    plan = ServicePlan.objects.get(contract=contract)
    plans.do_send_plan(plan, actor=world.users["member_staff"])
    plans.do_confirm_plan(plan, actor=world.users["customer_admin"])
    return contract, plan


def _snapshot(plan: ServicePlan, before: dt.date) -> set[tuple[str, dt.date, str]]:
    return {(o.slot, o.due, o.state) for o in plan.obligations.filter(due__lt=before)}


def test_changed_choice_replans_the_future_only(world: World) -> None:
    contract, plan = _confirmed_plan(world)
    today = timezone.localdate()
    past = _snapshot(plan, today)
    future_inspections = plan.obligations.filter(item__code="inspection", due__gte=today).count()
    assert future_inspections and past
    plans.do_set_choices(contract, {"inspection": ("not", "")}, actor=world.users["customer_admin"])
    assert _snapshot(plan, today) == past
    assert not plan.obligations.filter(item__code="inspection", due__gte=today).exists()
    assert plan.obligations.filter(item__code="inspection", due__lt=today).exists()
    revised = Notification.objects.filter(kind="plan_revised", customer=world.own)
    assert world.users["customer_admin"] in {n.recipient for n in revised}


def test_amendment_mid_term_replans_the_future(world: World) -> None:
    contract, plan = _confirmed_plan(world, months_ago=7)
    today = timezone.localdate()
    done = plan.obligations.filter(kind="problem_review", due__lt=today).first()
    assert done is not None
    services.do_waive_obligation(done, reason="no tickets", actor=world.users["member_staff"])
    edited = plan.obligations.filter(kind="problem_review", due__gte=today).order_by("due").last()
    services.do_update_obligation(
        edited, due=edited.due - dt.timedelta(days=3), actor=world.users["member_staff"]
    )
    past = _snapshot(plan, today)
    entitlement = contract.entitlements.get(item__code="problem_management")
    contract_services.do_update_entitlement(
        entitlement, cadence_every=1, actor=world.users["admin"]
    )
    assert _snapshot(plan, today) == past
    # Monthly from today on, except the period the leads' edited obligation holds.
    edited.refresh_from_db()
    future = plan.obligations.filter(kind="problem_review", due__gte=today, edited=False)
    monthly = {
        p.slot for p in plans.propose(contract) if p.kind == "problem_review" and p.due >= today
    }
    assert len(monthly) >= len(periods(today, contract.end, 1, "month")) - 1
    assert set(future.values_list("slot", flat=True)) == monthly - {edited.slot}
    assert edited.edited and edited.slot in set(plan.obligations.values_list("slot", flat=True))
    # A longer term adds obligations after the old end; the final summary moves.
    old_final = plan.obligations.get(kind="final").due
    contract_services.do_update_contract(
        contract, end=add_months(contract.end, 3), actor=world.users["admin"]
    )
    assert plan.obligations.get(kind="final").due > old_final
    plan.refresh_from_db()
    assert plan.revision == 3


def test_dry_run_writes_nothing(world: World) -> None:
    contract = _contract(world, status="active")
    result = plans.do_generate_plan(contract, actor=world.users["member_staff"], dry_run=True)
    assert result.summary()["created"] > 50
    assert not Obligation.objects.filter(plan__contract=contract, origin="generated").exists()


def test_publishing_completes_and_withdrawing_reopens(world: World, tmp_path: Path) -> None:
    contract, plan = _confirmed_plan(world)
    ram = world.users["member_staff"]
    obligation = services.next_open_obligation(world.own, "inspection", contract=contract)
    assert obligation is not None and obligation.plan == plan
    report = services.do_create_deliverable(
        world.own, item="inspection", title="Inspection", obligation=obligation, actor=ram
    )
    assert report.contract == plan.contract
    source = tmp_path / "i.pdf"
    source.write_bytes(b"%PDF-1.7")
    services.do_attach_file(report, source, fmt="pdf", language="zh", actor=ram)
    services.do_publish(report, actor=ram)
    obligation.refresh_from_db()
    assert (obligation.state, obligation.completed_by) == ("done", report)
    assert obligation.on_time is (timezone.localdate() <= obligation.due)
    assert Notification.objects.filter(
        kind="deliverable_published", recipient=world.users["customer_viewer"]
    ).exists()
    services.do_withdraw(report, actor=ram)
    obligation.refresh_from_db()
    assert obligation.state == "open" and obligation.completed_by is None


def test_waiver_needs_a_reason_and_a_lead(world: World) -> None:
    _, plan = _confirmed_plan(world)
    obligation = plan.obligations.filter(state="open").first()
    with pytest.raises(PermissionDenied):
        services.do_waive_obligation(obligation, reason="x", actor=world.users["customer_admin"])
    with pytest.raises(ValidationError, match="reason"):
        services.do_waive_obligation(obligation, reason=" ", actor=world.users["member_staff"])
    services.do_waive_obligation(
        obligation, reason="customer declined", actor=world.users["member_staff"]
    )
    obligation.refresh_from_db()
    assert obligation.state == "waived" and obligation.waived_by == world.users["member_staff"]


def test_deliverable_of_another_customer_cannot_complete(world: World) -> None:
    foreign = world.obj("obligation", "foreign")
    with pytest.raises(ValidationError, match="another customer"):
        services.do_create_deliverable(
            world.own, item="inspection", title="x", obligation=foreign, actor=world.users["admin"]
        )
    assert not Deliverable.objects.filter(title_zh="x").exists()
