"""The reviewer walk of the access matrix: in the full test world (every app's rows for
both customers), a user whose only membership of the own customer is ``reviewer`` finds
nothing through any API list but the change it reviews, its reviews and its own inbox;
the customer-level pages of every app answer it 404."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from tests.conftest import World

#: Lists a reviewer-only member may find rows in: what it reviews, and its own inbox.
REVIEWER_LISTS = {"api:change-list", "api:change-review-list", "api:notification-list"}


def _api_lists() -> list[str]:
    api = get_resolver().namespace_dict["api"][1]
    return sorted(
        f"api:{n}" for n in api.reverse_dict if isinstance(n, str) and n.endswith("-list")
    )


def _count(response: Any) -> int:
    rows = response.json()
    if isinstance(rows, dict):
        return int(rows.get("count", len(rows.get("results", []))))
    return len(rows)


def test_a_reviewer_finds_nothing_else_of_the_customer(world: World) -> None:
    reviewer = world.obj("reviewer", "own")
    client = Client()
    client.force_login(reviewer)
    lists = _api_lists()
    assert {"api:device-list", "api:deliverable-list", "api:ticket-list"} <= set(lists)
    leaked = {}
    for name in lists:
        response = client.get(reverse(name))
        if response.status_code == 200 and name not in REVIEWER_LISTS and _count(response):
            leaked[name] = _count(response)
    assert not leaked, leaked
    changes = client.get(reverse("api:change-list")).json()["results"]
    assert [row["id"] for row in changes] == [world.obj("change", "own").pk]
    from netcare.urls import PAGE_APPS

    code = world.own.code
    for app in sorted(PAGE_APPS):
        resolver = get_resolver().namespace_dict.get(app)
        if resolver is None:
            continue
        for name in resolver[1].reverse_dict:
            if not isinstance(name, str):
                continue
            try:
                url = reverse(f"{app}:{name}", kwargs={"code": code})
            except NoReverseMatch:  # a page not named by customer code
                continue
            answer = client.get(url)
            assert answer.status_code in (404, 405), (f"{app}:{name}", answer.status_code)
