"""Customer users follow their confirmed plan: "my obligations" and the calendar show
their customer's dated obligations (not another customer's, not the leads' notes)."""

from __future__ import annotations

import pytest
from django.test import Client

from netcare.delivery.models import Obligation
from netcare.delivery.services import calendars, obligations
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


@pytest.mark.parametrize("role", ["customer_admin", "customer_viewer"])
def test_customer_sees_the_plans_obligations_and_calendar(world: World, role: str) -> None:
    user = world.users[role]
    plan = world.obj("plan", "own")
    first = plan.obligations.filter(state="open").order_by("due", "id").first()
    assert first is not None
    obligations.do_update_obligation(
        first, note="客户内部敏感：预算未批", actor=world.users["member_staff"]
    )
    client = Client()
    client.force_login(user)
    page = client.get("/delivery/obligations/").content.decode()
    assert first.title_zh in page and f"/delivery/obligations/{first.pk}/" in page
    assert "SNEN" not in page
    everything = client.get("/delivery/obligations/?scope=all&state=all").content.decode()
    assert everything.count("/delivery/obligations/") >= plan.obligations.count()

    month = client.get(f"/delivery/calendar/?month={first.due:%Y-%m}").content.decode()
    assert f"/delivery/obligations/{first.pk}/" in month
    same_month = Obligation.objects.filter(
        plan=plan, due__year=first.due.year, due__month=first.due.month
    )
    assert all(f"/delivery/obligations/{o.pk}/" in month for o in same_month)

    detail = client.get(f"/delivery/obligations/{first.pk}/").content.decode()
    assert first.title_zh in detail and "预算未批" not in detail
    # Their feed carries the same plan.
    assert calendars.feed_obligations(user).filter(pk=first.pk).exists()


def test_staff_detail_shows_the_note(world: World) -> None:
    first = world.obj("plan", "own").obligations.filter(state="open").first()
    assert first is not None
    obligations.do_update_obligation(first, note="预算未批", actor=world.users["member_staff"])
    client = Client()
    client.force_login(world.users["member_staff"])
    assert "预算未批" in client.get(f"/delivery/obligations/{first.pk}/").content.decode()


def test_the_plan_page_draws_the_burn_down(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_admin"])
    page = client.get(f"/delivery/{world.own.code}/plan/").content.decode()
    chart = page.split('id="burn-down"')[1].split("</section>")[0]
    plan = world.obj("plan", "own")
    assert "<svg" in chart and f"{plan.contract.start:%Y-%m}" in chart
