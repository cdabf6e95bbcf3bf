"""Access-matrix rows for satisfaction.

Surveys and published return visits are the customer's own: its users read them and
answer an open survey in the portal (their own act: staff and admins get 403).
Invitations and individual responses are its vendor staff's. Every other action is the
staff's; the pages answer customer users 404 on them, like a stranger.

The survey link is a new kind of access, held by whoever has the link and nobody else:
with or without a login, in every role, a fresh link opens its own survey — naming its
own customer and no other, linking nowhere — and a used, expired or unknown link, or a
link of another survey, answers 404 all alike. Publishing the results report is checked
with the service replaced by a stand-in that keeps its permission check and renders
nothing; tests/satisfaction/test_pages.py publishes for real.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse
from tests.matrix import CUSTOMER_SIDE, SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN


@contextmanager
def light_publishing() -> Iterator[None]:
    from netcare.core.access import require
    from netcare.satisfaction.services import publishing

    def publish(customer: Any, *, actor: Any, **kw: Any) -> Any:
        require(actor, "publish_deliverables", customer)
        return SimpleNamespace(pk=0)

    with mock.patch.object(publishing, "do_publish_results", publish):
        yield


def _allowed(roles: set[str], role: str, which: str) -> bool:
    if role == "admin":  # admins pass every check but the customer's own acts
        return "admin" in roles
    return role in roles if which == "own" else sees_foreign(Case("", sees_own=roles), role)


def _anonymous(name: str, response: Any) -> None:
    if name.startswith("api:"):
        assert response.status_code == 401, response.status_code
    else:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]


#: URL name → (body, who sees the object without being allowed to act: they get 403).
POSTS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "api:survey-answer": ({"scores": {"inspection": 4}, "nps": 8, "comment": "ok"}, SEES_OWN),
    "satisfaction:survey_answer": ({"item:inspection": "4", "nps": "8"}, SEES_OWN),
    "api:survey-close": ({}, SEES_OWN),
    "satisfaction:survey_close": ({}, STAFF),
    "satisfaction:invitation_renew": ({}, STAFF),
    "satisfaction:survey_send": ({"stage": "mid_term", "days": "14"}, STAFF),
    "satisfaction:results_publish": ({}, STAFF),
}


def _check_post(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """A POST on the own and the foreign object (or customer): ``case.ok`` for who may act,
    403 for who sees it but may not, else 404; nothing for anonymous callers."""
    body, seen = POSTS[name]
    for which in ("own", "foreign"):
        url = reverse(name, kwargs=case.lookup(world.obj(case.model, which)))
        with light_publishing():
            if name.startswith("api:"):
                response = client.post(url, json.dumps(body), content_type="application/json")
            else:
                response = client.post(url, body)
        if anon:
            _anonymous(name, response)
            continue
        expected = (
            case.ok
            if _allowed(case.sees_own, role, which)
            else 403
            if _allowed(seen, role, which)
            else 404
        )
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_link(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """The link reaches its own survey and nothing else, whoever holds it."""
    from tests.satisfaction.world import COMMENTS

    from netcare.satisfaction.services.surveys import new_token

    for which, other in (("own", "foreign"), ("foreign", "own")):
        tokens = world.obj("survey_tokens", which)
        response = client.get(reverse(name, kwargs={"token": tokens["fresh"]}))
        assert response.status_code == 200, (which, response.status_code)
        body = response.content.decode()
        mine, theirs = world.obj("customer", which), world.obj("customer", other)
        assert mine.name_zh in body and theirs.name_zh not in body and theirs.code not in body
        assert f"{mine.code} fresh" in body and "<a " not in body  # no way anywhere else
        assert COMMENTS[which] not in body and COMMENTS[other] not in body
        for dead in (tokens["used"], tokens["expired"], new_token(), tokens["fresh"][:-1]):
            assert client.get(reverse(name, kwargs={"token": dead})).status_code == 404


CASES = {
    "api:survey-list": Case("list", "survey", SEES_OWN),
    "api:survey-detail": Case("detail", "survey", SEES_OWN),
    "api:survey-answer": Case("satisfaction_post", "survey", CUSTOMER_SIDE, ok=201),
    "api:survey-close": Case("satisfaction_post", "survey", STAFF),
    "api:survey-invitation-list": Case("list", "survey_invitation", STAFF),
    "api:survey-invitation-detail": Case("detail", "survey_invitation", STAFF),
    "api:survey-response-list": Case("list", "survey_response", STAFF),
    "api:survey-response-detail": Case("detail", "survey_response", STAFF),
    "api:return-visit-list": Case("list", "return_visit", SEES_OWN),
    "api:return-visit-detail": Case("detail", "return_visit", SEES_OWN),
    "satisfaction:survey_link": Case("satisfaction_link"),
    "satisfaction:results_all": Case("page_list", "customer", STAFF),
    "satisfaction:overview": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "satisfaction:visit_record": Case("page_detail", "customer", STAFF, lookup=by_code),
    "satisfaction:results_export": Case("page_detail", "customer", STAFF, lookup=by_code),
    "satisfaction:survey_detail": Case("page_detail", "survey", SEES_OWN),
    "satisfaction:visit_detail": Case("page_detail", "return_visit", SEES_OWN),
    "satisfaction:survey_answer": Case("satisfaction_post", "survey", CUSTOMER_SIDE, ok=302),
    "satisfaction:survey_close": Case("satisfaction_post", "survey", STAFF, ok=302),
    "satisfaction:invitation_renew": Case("satisfaction_post", "survey_invitation", STAFF),
    "satisfaction:survey_send": Case(
        "satisfaction_post", "customer", STAFF, lookup=by_code, ok=302
    ),
    "satisfaction:results_publish": Case(
        "satisfaction_post", "customer", STAFF, lookup=by_code, ok=302
    ),
}

CHECKS = {"satisfaction_post": _check_post, "satisfaction_link": _check_link}
