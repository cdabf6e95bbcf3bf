"""One way to write a person's name: the API, the delivery pages and the e-mails all
show ``core.people.display_name`` — 张伟 without a space, a login name when no name
was given — never Django's ``get_full_name`` ("伟 张", or nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


pytestmark = pytest.mark.django_db

CHINESE = "张伟"  # given 伟, family 张: Django's get_full_name writes "伟 张"


@pytest.fixture
def named(world: World) -> dict[str, str]:
    """The RAM gets a Chinese name typed without a space; the customer admin keeps
    only a login name. Returns what each must be shown as."""
    ram = world.users["member_staff"]
    ram.first_name, ram.last_name = "伟", "张"
    ram.save()
    return {"ram": CHINESE, "customer_admin": world.users["customer_admin"].username}


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["admin"])
    return client


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text: str = response.content.decode()
    assert "伟 张" not in text and "张 伟" not in text, url
    return text


def test_api_names_people_as_pages_do(world: World, named: dict[str, str]) -> None:
    client = _client(world)
    members = client.get("/api/memberships/", {"customer": "ECCB"}).json()["results"]
    by_login = {row["username"]: row["full_name"] for row in members}
    assert by_login[world.users["member_staff"].username] == named["ram"]
    assert by_login[world.users["customer_admin"].username] == named["customer_admin"]
    contract = world.obj("contract", "own")
    shown = client.get(f"/api/contracts/{contract.pk}/").json()["assignments"]
    by_role = {row["role"]: row["full_name"] for row in shown}
    assert by_role["l2_expert"] == named["ram"]
    assert by_role["asm"] == world.obj("asm", "own").username


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("/delivery/ECCB/plan/", "customer_admin"),
        ("/delivery/ECCB/timeline/", "customer_admin"),
        ("/delivery/ECCB/contacts/", "ram"),
        ("request", "customer_admin"),
        ("obligation", "ram"),
    ],
)
def test_delivery_pages_name_people_one_way(
    world: World, named: dict[str, str], url: str, who: str
) -> None:
    if url == "request":
        url = f"/delivery/requests/{world.obj('service_request', 'own').pk}/"
    elif url == "obligation":
        url = f"/delivery/obligations/{world.obj('obligation', 'own').pk}/"
    assert named[who] in _page(_client(world), url)


def test_change_request_mail_names_the_customer_user(world: World, named: Any) -> None:
    from netcare.notifications.services import render

    user = world.users["customer_admin"]
    user.first_name, user.last_name = "", CHINESE
    plan = world.obj("plan", "own")
    context = {
        "by": user,
        "plan": plan,
        "contract": plan.contract,
        "customer": world.own,
        "link": "",
    }
    for language in ("zh", "en"):
        _, body = render("plan_changes_requested", language, context)
        assert body.startswith(CHINESE), language
