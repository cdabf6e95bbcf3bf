"""Service requests: routing by kind, first-response deadlines on the customer's calendar
(a Chinese holiday week), the API's tenant rule, and the timeline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from netcare.delivery.models import ServiceRequest
from netcare.delivery.services import requests
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("technical_question", "l2_expert"),
        ("document_request", "l2_expert"),
        ("change_assurance", "l2_expert"),
        ("onsite_support", "l2_expert"),
        ("proposal_assessment", "l2_expert"),
        ("technology_workshop", "l2_expert"),
        ("critical_period_assurance", "asm"),
        ("relationship", "asm"),
    ],
)
def test_routing(world: World, kind: str, role: str) -> None:
    raised = requests.do_raise_request(
        world.own, kind=kind, title=kind, text="?", actor=world.users["customer_viewer"]
    )
    expected = world.users["member_staff"] if role == "l2_expert" else world.obj("asm", "own")
    assert (raised.routed_role, raised.routed_to) == (role, expected)
    assert raised.contract == world.obj("contract", "own")
    assert raised.item.code == ServiceRequest.ITEM_BY_KIND[kind]


@pytest.mark.parametrize(
    ("zone", "received", "due"),
    [
        ("", (2026, 9, 30, 17, 0), (2026, 10, 8, 17, 0)),  # eve of the National Day week
        ("", (2026, 10, 4, 11, 0), (2026, 10, 9, 0, 0)),  # during it
        ("", (2026, 9, 19, 10, 0), (2026, 9, 21, 0, 0)),  # Saturday before a worked Sunday
        ("", (2026, 2, 13, 16, 0), (2026, 2, 14, 16, 0)),  # Friday before a worked Saturday
        # The customer's own time zone: 17:00 Shanghai is 15:00 in Urumqi (UTC+6), a
        # Friday, so the deadline is Monday on the same Chinese calendar.
        ("Asia/Urumqi", (2026, 11, 13, 17, 0), (2026, 11, 16, 17, 0)),
    ],
)
def test_first_response_due_on_the_customers_calendar(
    world: World, zone: str, received: tuple[int, ...], due: tuple[int, ...]
) -> None:
    if zone:
        world.own.time_zone = zone
        world.own.save()
    raised = requests.do_raise_request(
        world.own,
        kind="technical_question",
        title="t",
        text="?",
        actor=world.users["customer_admin"],
        at=dt.datetime(*received, tzinfo=SHANGHAI),
    )
    assert raised.first_response_due == dt.datetime(*due, tzinfo=SHANGHAI)


def test_who_may_raise_and_answer(world: World) -> None:
    with pytest.raises(PermissionDenied):
        requests.do_raise_request(
            world.own, kind="relationship", title="t", text="?", actor=world.users["other_customer"]
        )
    raised = world.obj("service_request", "own")
    for role in ("customer_admin", "nonmember_staff"):
        with pytest.raises(PermissionDenied):
            requests.do_respond_request(raised, response="x", actor=world.users[role])
    requests.do_respond_request(raised, response="first", actor=world.users["member_staff"])
    requests.do_respond_request(raised, response="second", actor=world.obj("asm", "own"))
    raised.refresh_from_db()
    assert raised.first_responder == world.users["member_staff"] and "second" in raised.response
    requests.do_close_request(raised, resolution="done", actor=world.users["customer_admin"])
    raised.refresh_from_db()
    assert raised.state == "closed"


def test_api_raise_takes_the_customer_from_the_membership(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_viewer"])
    body = {"kind": "document_request", "title": "Guide", "text": "please"}
    answer = client.post(
        "/api/service-requests/", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["customer"] == "ECCB" and answer.json()["routed_to"] == "t.member_staff"
    foreign = {**body, "customer": "SNEN"}
    refused = client.post(
        "/api/service-requests/", json.dumps(foreign), content_type="application/json"
    )
    assert refused.status_code in {400, 404}
    listed = client.get("/api/service-requests/").json()["results"]
    assert {r["customer"] for r in listed} == {"ECCB"}


def test_request_pages_and_timeline(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_admin"])
    answer = client.post(
        "/delivery/ECCB/requests/",
        {"kind": "technology_workshop", "title": "SRv6 workshop", "text": "Next quarter?"},
    )
    assert answer.status_code == 302
    raised = ServiceRequest.objects.get(title="SRv6 workshop")
    page = client.get(answer["Location"]).content.decode()
    assert "SRv6 workshop" in page and "Next quarter?" in page
    staff = Client()
    staff.force_login(world.users["member_staff"])
    staff.post(f"/delivery/requests/{raised.pk}/", {"action": "respond", "response": "Booked."})
    raised.refresh_from_db()
    assert raised.state == "answered" and raised.first_response_at is not None
    timeline = client.get("/delivery/ECCB/timeline/").content.decode()
    assert "SRv6 workshop" in timeline and "SNEN" not in timeline
    assert world.foreign.name_zh not in timeline
