"""The customer's answer to a plan it was sent: confirming says when the kickoff is (or
that there is none) with a success message; asking for changes with a comment hands
the plan back to the leads, who are told, through the page and the API."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import formats, translation

from netcare.core.models import AuditEvent
from netcare.delivery.models import ServicePlan
from netcare.delivery.services import plans
from netcare.notifications.models import Notification
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _resent(world: World) -> ServicePlan:
    """The world's plan, sent again for an answer (as after a re-plan)."""
    plan = world.obj("plan", "own")
    ServicePlan.objects.filter(pk=plan.pk).update(state=ServicePlan.State.SENT)
    plan.refresh_from_db()
    return plan


def _client(world: World, role: str, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_confirm_shows_the_kickoff_day_in_the_viewers_format(world: World, language: str) -> None:
    plan = _resent(world)
    response = _client(world, "customer_admin", language).post(
        "/delivery/ECCB/plan/act/", {"action": "confirm"}, follow=True
    )
    plan.refresh_from_db()
    assert plan.state == "confirmed"
    day = plans.kickoff_day(plan)
    assert day is not None
    with translation.override(language):
        shown = formats.date_format(day, "DATE_FORMAT")
    page = response.content.decode()
    assert shown in page
    assert ("启动会" in page) == (language == "zh-hans")


def test_confirm_without_kickoff_says_so(world: World) -> None:
    plan = _resent(world)
    plan.obligations.filter(slot="milestone:kickoff").delete()
    response = _client(world, "customer_admin").post(
        "/delivery/ECCB/plan/act/", {"action": "confirm"}, follow=True
    )
    assert "服务团队将与您联系" in response.content.decode()
    note = Notification.objects.filter(kind="plan_confirmed", customer=world.own).latest("pk")
    assert "已安排在 。" not in note.body and "没有安排服务启动会" in note.body


def test_customer_asks_for_changes_on_the_page(world: World) -> None:
    plan = _resent(world)
    client = _client(world, "customer_admin")
    page = client.get("/delivery/ECCB/plan/").content.decode()
    assert 'id="request-changes"' in page and 'name="comment"' in page
    response = client.post(
        "/delivery/ECCB/plan/act/",
        {"action": "request_changes", "comment": "巡检请安排在 6 月之后"},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.state == "changes" and plan.change_request == "巡检请安排在 6 月之后"
    assert plan.changes_requested_by == world.users["customer_admin"]
    assert "巡检请安排在 6 月之后" in response.content.decode()
    told = Notification.objects.filter(kind="plan_changes_requested")
    assert {n.recipient for n in told} == {world.users["member_staff"], world.obj("asm", "own")}
    assert all("巡检请安排在 6 月之后" in n.body for n in told)
    assert AuditEvent.objects.filter(object_id=str(plan.pk), action="update").exists()
    # The customer still sees the plan; the leads send it again.
    assert "巡检请安排在" in client.get("/delivery/ECCB/plan/").content.decode()
    sent_before = Notification.objects.filter(kind="plan_sent", customer=world.own).count()
    plans.do_send_plan(plan, actor=world.users["member_staff"])
    plan.refresh_from_db()
    assert plan.state == "sent"
    # The customer admin hears of the revised plan even though its revision is the same.
    assert Notification.objects.filter(kind="plan_sent", customer=world.own).count() > sent_before


def test_request_changes_through_the_api_and_its_rules(world: World) -> None:
    plan = _resent(world)
    url = f"/api/service-plans/{plan.pk}/request-changes/"
    staff = _client(world, "member_staff")
    assert (
        staff.post(url, json.dumps({"comment": "x"}), content_type="application/json").status_code
        == 403
    )
    customer = _client(world, "customer_admin")
    empty = customer.post(url, json.dumps({"comment": ""}), content_type="application/json")
    assert empty.status_code == 400
    answer = customer.post(url, json.dumps({"comment": "move Q3"}), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["state"] == "changes"
    again = customer.post(url, json.dumps({"comment": "more"}), content_type="application/json")
    assert again.status_code == 400  # nothing awaits an answer now
    with pytest.raises(PermissionDenied):
        plans.do_request_plan_changes(plan, "x", actor=world.users["admin"])
    with pytest.raises(ValidationError):
        plans.do_confirm_plan(plan, actor=world.users["customer_admin"])


def test_the_plan_in_the_api_shows_the_change_request_read_only(world: World) -> None:
    plan = _resent(world)
    customer = _client(world, "customer_admin")
    before = customer.get(f"/api/service-plans/{plan.pk}/").json()
    assert before["change_request"] == "" and before["changes_requested_by"] is None
    customer.post(
        f"/api/service-plans/{plan.pk}/request-changes/",
        json.dumps({"comment": "请把启动会改到三月"}),
        content_type="application/json",
    )
    for role in ("customer_admin", "member_staff"):
        shown = _client(world, role).get(f"/api/service-plans/{plan.pk}/").json()
        assert shown["change_request"] == "请把启动会改到三月", role
        assert shown["changes_requested_by"] == world.users["customer_admin"].username
        assert shown["changes_requested_at"]
    # Read-only: only the request-changes action writes it.
    schema = _client(world, "admin").get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["ServicePlan"]["properties"]["change_request"][
        "readOnly"
    ]
