"""From activation to a confirmed plan through the pages, as the RAM and the customer
admin do it; the overview panel's overdue list; the CLI."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from typer.testing import CliRunner

from netcare.contracts import services as contract_services
from netcare.contracts.terms import add_months
from netcare.delivery.models import ServicePlan
from netcare.delivery.services import plans
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _fresh_contract(world: World) -> object:
    """ECCB's contract replaced by a new one that starts this month (plan not made yet)."""
    admin = world.users["admin"]
    old = world.obj("contract", "own")
    contract_services.do_update_contract(old, status="expired", actor=admin)
    start = timezone.localdate().replace(day=1)
    contract = contract_services.do_create_contract(
        world.own,
        number="T-ECCB-2",
        start=start,
        end=add_months(start, 12) - dt.timedelta(days=1),
        status="active",
        actor=admin,
    )
    contract_services.do_assign(
        contract, "l2_expert", world.users["member_staff"], start=start, actor=admin
    )
    contract_services.do_assign(contract, "asm", world.obj("asm", "own"), start=start, actor=admin)
    plans.start_service(contract)
    return contract


def test_activation_to_confirmed_plan_through_the_pages(world: World) -> None:
    contract = _fresh_contract(world)
    ram, customer = _client(world, "member_staff"), _client(world, "customer_admin")
    # The customer does not see the draft yet.
    assert 'id="plan-state"' not in customer.get("/delivery/ECCB/plan/").content.decode()
    choices = customer.get("/delivery/ECCB/plan/choices/").content.decode()
    assert "巡检服务" in choices and 'name="choice-inspection"' in choices
    form = {
        "choice-inspection": "later",
        "suggestion-inspection": "after the move",
        "choice-doc_sharing": "not",
    }
    assert customer.post("/delivery/ECCB/plan/choices/", form).status_code == 302
    seen = ram.get("/delivery/ECCB/plan/choices/").content.decode()
    assert "after the move" in seen and 'name="choice-inspection"' not in seen
    assert ram.post("/delivery/ECCB/plan/act/", {"action": "generate"}).status_code == 302
    page = ram.get("/delivery/ECCB/plan/").content.decode()
    assert "T-ECCB-2" in page and "Q1 ·" in page
    # A draft is the leads' alone: the customer cannot even see it to act on it.
    assert customer.post("/delivery/ECCB/plan/act/", {"action": "generate"}).status_code == 404
    ram.post("/delivery/ECCB/plan/act/", {"action": "send"})
    assert 'id="confirm-plan"' in customer.get("/delivery/ECCB/plan/").content.decode()
    assert customer.post("/delivery/ECCB/plan/act/", {"action": "confirm"}).status_code == 302
    plan = ServicePlan.objects.get(contract=contract)
    assert plan.state == "confirmed" and plan.confirmed_by == world.users["customer_admin"]
    assert not plan.obligations.filter(item__code="doc_sharing").exists()
    timeline = customer.get("/delivery/ECCB/timeline/").content.decode()
    with translation.override("zh-hans"):  # the portal speaks Chinese by default
        events = [gettext(e) for e in ("Service plan confirmed", "Item choice", "Service started")]
    for event in events:
        assert event in timeline or event in re.sub(r"<[^>]+>", "", timeline), event


def test_owner_sees_overdue_on_lists_and_overview(world: World) -> None:
    ram = _client(world, "member_staff")
    overdue = ram.get("/delivery/obligations/?state=overdue").content.decode()
    first = world.obj("obligation", "own")
    assert f"/delivery/obligations/{first.pk}/" in overdue
    overview = ram.get("/customers/ECCB/").content.decode()
    assert 'id="overdue-count"' in overview
    admin = _client(world, "admin").get("/delivery/overdue/").content.decode()
    assert "SNEN" in admin and "ECCB" in admin


def test_obligation_edit_and_waive_pages(world: World) -> None:
    ram = _client(world, "member_staff")
    obligation = world.obj("plan", "own").obligations.get(slot="inspection@2026-07-01")
    url = f"/delivery/obligations/{obligation.pk}/"
    answer = ram.post(
        url,
        {
            "action": "edit",
            "due": "2026-12-20",
            "lead": "l2_expert",
            "owner": world.users["member_staff"].pk,
            "note": "moved",
        },
    )
    assert answer.status_code == 302
    obligation.refresh_from_db()
    assert obligation.due == dt.date(2026, 12, 20) and obligation.edited
    assert (
        _client(world, "customer_admin").post(url, {"action": "waive", "reason": "x"}).status_code
        == 403
    )
    ram.post(url, {"action": "waive", "reason": "customer declined"})
    obligation.refresh_from_db()
    assert obligation.state == "waived" and "customer declined" in ram.get(url).content.decode()


def test_contact_log_page_completes_the_contact(world: World) -> None:
    ram = _client(world, "member_staff")
    plan = world.obj("plan", "own")
    start = plan.obligations.get(slot="start:l2_expert")
    answer = ram.post(
        "/delivery/ECCB/contacts/",
        {
            "role": "l2_expert",
            "date": "2026-01-05",
            "channel": "visit",
            "purpose": "walkthrough",
            "people": "Chen Li",
            "summary": "walked through the items",
        },
    )
    assert answer.status_code == 302
    start.refresh_from_db()
    assert start.state == "done" and start.completed_by.kind == "record"
    assert start.on_time
    assert _client(world, "customer_viewer").get("/delivery/ECCB/contacts/").status_code == 403


def test_cli_plan_and_due(world: World) -> None:
    from netcare.cli import app

    runner = CliRunner()
    dry = runner.invoke(app, ["plan", "generate", "--contract", "T-ECCB-1", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nothing written" in dry.output
    missing = runner.invoke(app, ["plan", "generate", "--contract", "NOPE"])
    assert missing.exit_code == 2
    due = runner.invoke(app, ["obligations", "due", "--days", "400", "--user", "t.member_staff"])
    assert due.exit_code == 0, due.output
    assert "ECCB" in due.output and "SNEN" not in due.output and "OVERDUE" in due.output
    assert runner.invoke(app, ["obligations", "remind"]).exit_code == 0
