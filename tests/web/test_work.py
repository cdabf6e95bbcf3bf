"""The work queue the vendor's team lands on: what is overdue or due, the requests routed
to them — each linked to where it is done — and nothing of customers they do not serve."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from netcare.delivery.models import Obligation
from netcare.web.work import obligation_link
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _home(world: World, role: str) -> tuple[int, str]:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("web:home"))
    return response.status_code, response.content.decode()


def test_the_ram_lands_on_overdue_work_and_the_requests_routed_to_them(world: World) -> None:
    status, page = _home(world, "member_staff")
    assert status == 200
    overdue = page.split('id="work-overdue"')[1].split("</section>")[0]
    own = world.obj("obligation", "own")
    assert own.title in overdue and obligation_link(own) in overdue
    requests = page.split('id="work-requests"')[1].split("</section>")[0]
    assert world.obj("service_request", "own").title in requests
    # Nothing of the customer the RAM does not serve.
    assert world.obj("service_request", "foreign").title not in page
    foreign = world.obj("obligation", "foreign")
    assert reverse("delivery:obligation_detail", kwargs={"pk": foreign.pk}) not in page


def test_each_planned_item_links_to_where_it_is_delivered(world: World) -> None:
    plan = world.obj("plan", "own")
    inspection = plan.obligations.filter(kind="inspection").first()
    assert inspection is not None
    code = world.own.code
    assert obligation_link(inspection) == reverse("inspection:run_list", kwargs={"code": code})
    milestone = plan.obligations.filter(kind="mid_term").first()
    if milestone is not None:
        assert obligation_link(milestone) == reverse(
            "delivery:review", kwargs={"code": code, "milestone": "mid_term"}
        )
    where = {
        "doc_push": reverse("knowledge:packages", kwargs={"code": code}),
        "maintenance_guide": reverse("guides:guide_list", kwargs={"code": code}),
        "problem_review": reverse("problems:review_list", kwargs={"code": code}),
    }
    for kind, link in where.items():
        assert obligation_link(Obligation(pk=1, kind=kind, customer=world.own)) == link, kind
    care = Obligation(pk=7, kind="holiday_care", customer=world.own)
    assert obligation_link(care) == reverse("care:obligation_detail", kwargs={"pk": 7})
    other = Obligation(pk=10**6, kind="unknown_kind", customer=world.own)
    assert obligation_link(other) == reverse("delivery:obligation_detail", kwargs={"pk": 10**6})


def test_a_customer_user_goes_straight_to_its_company(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_admin"])
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:customer_detail", kwargs={"code": "ECCB"})


def test_waived_and_closed_work_leaves_the_queue(world: World) -> None:
    Obligation.objects.filter(customer=world.own).update(state=Obligation.State.WAIVED)
    world.obj("service_request", "own").__class__.objects.filter(customer=world.own).update(
        state="closed"
    )
    status, page = _home(world, "member_staff")
    assert status == 200
    for group in ("overdue", "due", "requests"):
        assert f'id="work-{group}"' not in page


def test_a_reviewer_lands_on_the_changes_awaiting_their_decision(world: World) -> None:
    change = world.obj("change", "own")
    reviewer = world.obj("reviewer", "own")
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("web:home")).content.decode()
    reviews = page.split('id="work-reviews"')[1].split("</section>")[0]
    assert change.title in reviews
    assert reverse("assurance:change_detail", kwargs={"pk": change.pk}) in reviews
    assert world.obj("change", "foreign").title not in page
