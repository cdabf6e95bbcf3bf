"""The customer page brings the apps together: health and findings, versions and
exposures, tickets — for the team serving it; the customer's own users see what is
theirs to see (tickets), never the vendor's working rows, and nothing of another customer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _page(world: World, role: str, which: str = "own") -> tuple[int, str]:
    client = Client()
    client.force_login(world.users[role])
    code = world.obj("customer", which).code
    response = client.get(reverse("web:customer_detail", kwargs={"code": code}))
    return response.status_code, response.content.decode()


def test_the_team_sees_health_exposure_and_tickets_together(world: World) -> None:
    status, page = _page(world, "member_staff")
    assert status == 200
    for panel in ('id="health"', 'id="exposure"', 'id="tickets-panel"', 'id="service-plan"'):
        assert panel in page, panel
    run = world.obj("inspection_run", "own")
    assert reverse("inspection:run_detail", kwargs={"pk": run.pk}) in page


def test_a_customer_user_sees_its_tickets_but_not_the_vendors_working_rows(
    world: World,
) -> None:
    status, page = _page(world, "customer_admin")
    assert status == 200
    assert 'id="tickets-panel"' in page
    assert 'id="health"' not in page and 'id="exposure"' not in page
    foreign = world.obj("ticket", "foreign")
    assert foreign.number not in page


def test_another_customers_page_is_not_found(world: World) -> None:
    assert _page(world, "customer_admin", "foreign")[0] == 404
    assert _page(world, "member_staff", "foreign")[0] == 404


@pytest.mark.parametrize("role", ["member_staff", "customer_admin"])
def test_every_service_item_is_two_clicks_from_home(world: World, role: str) -> None:
    """Home → the customer → any of the seventeen items, and each page answers."""
    from netcare.contracts.models import ServiceItem

    client = Client()
    client.force_login(world.users[role])
    home = client.get(reverse("web:home"), follow=True)
    overview = reverse("web:customer_detail", kwargs={"code": world.own.code})
    assert overview in home.content.decode() or home.redirect_chain[-1][0] == overview
    page = client.get(overview).content.decode()
    index = page.split('id="service-items"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)">', index)
    assert len(links) == ServiceItem.objects.count() == 17
    for link in set(links):
        assert client.get(link).status_code == 200, link
