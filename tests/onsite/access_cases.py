"""Access-matrix rows for onsite support.

Visits, their days and the quota are the customer's own: its users read them. Every
action is the vendor's: through the API a customer user who sees the visit gets 403, as
does staff whose role may not act (only an admin approves days over the quota); the
pages answer customer users 404 on every action, as on other staff pages. Publishing is
checked with the service replaced by a stand-in that keeps its permission check and
renders nothing; tests/onsite/test_records.py publishes for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN
ADMIN = {"admin"}


@contextmanager
def light_publishing() -> Iterator[None]:
    from netcare.core.access import require
    from netcare.onsite.services import records

    def publish(visit: Any, *, actor: Any, **changes: Any) -> Any:
        require(actor, "publish_deliverables", visit.customer_id)
        return SimpleNamespace(pk=0)

    with mock.patch.object(records, "do_publish_record", publish):
        yield


def _anonymous(name: str, response: Any) -> None:
    if name.startswith("api:"):
        assert response.status_code == 401, response.status_code
    else:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]


def _allowed(roles: set[str], role: str, which: str) -> bool:
    return role in roles if which == "own" else sees_foreign(Case("", sees_own=roles), role)


def _post(client: Client, name: str, url: str, body: dict[str, Any]) -> Any:
    if name.startswith("api:"):
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


LOG = {"date": "2026-03-11", "hours_onsite": "2", "hours_travel": "1"}
BODIES: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "api:onsite-visit-log-day": lambda world, which: LOG,
    "onsite:visit_log": lambda world, which: LOG,
    "api:onsite-visit-approve": lambda world, which: {"note": "outage"},
    "onsite:visit_approve": lambda world, which: {"note": "outage"},
    "api:onsite-visit-cancel": lambda world, which: {"reason": "window moved"},
    "onsite:visit_cancel": lambda world, which: {"reason": "window moved"},
    "api:onsite-visit-publish": lambda world, which: {"work_done": "Card swapped."},
    "onsite:visit_publish": lambda world, which: {"work_done": "Card swapped."},
}


def _check_object_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An action on the own and the foreign visit: ``case.ok`` for who may act; through
    the API 403 for who sees it but may not; on pages 403 only for staff who may not."""
    page = not name.startswith("api:")
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        body = BODIES.get(name, lambda w, x: {})(world, which)
        with light_publishing():
            response = _post(client, name, reverse(name, kwargs={"pk": obj.pk}), body)
        if anon:
            _anonymous(name, response)
            continue
        seen = STAFF if page else SEES_OWN
        expected = (
            case.ok
            if _allowed(case.sees_own, role, which)
            else 403
            if _allowed(seen, role, which)
            else 404
        )
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_dispatch_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Dispatch from the customer's page: its RAM and admins (302 to the new visit); a
    customer user and other staff 404."""
    for which in ("own", "foreign"):
        customer = world.obj("customer", which)
        body = {
            "engineer": world.obj("onsite_engineer", which).pk,
            "planned_date": "2026-03-20",
            "purpose": "Check the new uplinks",
        }
        response = client.post(reverse(name, kwargs={"code": customer.code}), body)
        if anon:
            _anonymous(name, response)
            continue
        allowed = _allowed(case.sees_own, role, which)
        assert response.status_code == (302 if allowed else 404), (which, response.status_code)
        if allowed:
            assert "/onsite/visits/" in response["Location"], response["Location"]


def _check_visit_list(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """GET lists only the visible customer's visits; POST dispatches: the RAM of the own
    customer (201), a customer user 403, a stranger 404 (the customer is unknown)."""
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 401
        return
    ids = {row["id"] for row in response.json()["results"]}
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        assert (world.obj("onsite_visit", which).pk in ids) == allowed, which
    for which in ("own", "foreign"):
        body = {
            "customer": world.obj("customer", which).code,
            "engineer": world.obj("onsite_engineer", which).username,
            "planned_date": "2026-03-20",
            "purpose": "Check the new uplinks",
        }
        posted = _post(client, name, reverse(name), body)
        expected = (
            201 if _allowed(STAFF, role, which) else 403 if _allowed(SEES_OWN, role, which) else 404
        )
        assert posted.status_code == expected, (which, posted.status_code, posted.content)


CASES = {
    "api:onsite-visit-list": Case("onsite_visit_list", "onsite_visit", SEES_OWN),
    "api:onsite-visit-detail": Case("detail", "onsite_visit", SEES_OWN),
    "api:onsite-visit-arrive": Case("onsite_post", "onsite_dispatched", STAFF),
    "api:onsite-visit-log-day": Case("onsite_post", "onsite_visit", STAFF, ok=201),
    "api:onsite-visit-approve": Case("onsite_post", "onsite_visit", ADMIN),
    "api:onsite-visit-cancel": Case("onsite_post", "onsite_dispatched", STAFF),
    "api:onsite-visit-publish": Case("onsite_post", "onsite_visit", STAFF),
    "api:onsite-day-list": Case("list", "onsite_day", SEES_OWN),
    "api:onsite-day-detail": Case("detail", "onsite_day", SEES_OWN),
    "api:onsite-quota-list": Case("list", "customer", SEES_OWN),
    "api:onsite-quota-detail": Case("detail", "customer", SEES_OWN),
    "onsite:overview": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "onsite:visit_detail": Case("page_detail", "onsite_visit", SEES_OWN),
    "onsite:visit_dispatch": Case("onsite_dispatch_page", "customer", STAFF),
    "onsite:visit_arrive": Case("onsite_post", "onsite_dispatched", STAFF, ok=302),
    "onsite:visit_log": Case("onsite_post", "onsite_visit", STAFF, ok=302),
    "onsite:visit_approve": Case("onsite_post", "onsite_visit", ADMIN, ok=302),
    "onsite:visit_cancel": Case("onsite_post", "onsite_dispatched", STAFF, ok=302),
    "onsite:visit_publish": Case("onsite_post", "onsite_visit", STAFF, ok=302),
}

CHECKS = {
    "onsite_post": _check_object_post,
    "onsite_dispatch_page": _check_dispatch_page,
    "onsite_visit_list": _check_visit_list,
}
