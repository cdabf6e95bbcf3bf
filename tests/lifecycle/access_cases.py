"""Access-matrix rows for lifecycle.

Targets, exposures, assessments, risk scores and notices belong to one customer and are
its vendor staff's working material: customer users get 404 on every lifecycle page, and
on the API for all but target releases (which the access rule lets them read). Releases,
advisories, imports and feeds are the vendor's shared data: every staff member (of any
customer) and admins read both rows, customer users neither ("shared" rows below).

Actions answer 404 for an object the caller does not see. Publishing (version summary,
assessment report, risk notice) is checked with the publishing functions replaced by a
stand-in that keeps their permission check but renders nothing, so the matrix writes no
report; tests/lifecycle/test_pages.py and test_api.py publish for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse
from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN
#: Who reads shared vendor data: staff of any customer, and admins.
SHARED = {"member_staff", "nonmember_staff", "admin"}


@contextmanager
def light_publishing() -> Iterator[None]:
    """The publishing functions with their permission check and nothing else."""
    from netcare.core.access import require
    from netcare.lifecycle.services import publishing

    def stand_in(customer_of: Callable[[Any], Any]) -> Callable[..., Any]:
        def publish(obj: Any, *, actor: Any) -> Any:
            require(actor, "publish_deliverables", customer_of(obj))
            return SimpleNamespace(pk=0)

        return publish

    with mock.patch.multiple(
        publishing,
        do_publish_summary=stand_in(lambda customer: customer),
        do_publish_assessment=stand_in(lambda assessment: assessment.customer_id),
        do_publish_notice=stand_in(lambda notice: notice.customer_id),
    ):
        yield


def _anon_answer(name: str) -> int:
    return 401 if name.startswith("api:") else 302


def _check_anonymous(name: str, response: Any) -> None:
    assert response.status_code == _anon_answer(name), response.status_code
    if not name.startswith("api:"):
        assert reverse("web:login") in response["Location"]


def _check_shared_list(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Both shared rows for every staff member and admin, none for customer users."""
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    for which in ("own", "foreign"):
        assert (world.obj(case.model, which).pk in ids) == (role in SHARED), which


def _check_shared_detail(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """A shared row: 200 for staff and admins, 404 for customer users. On the advisory
    page, the exposures listed are only those of customers the viewer serves."""
    for which in ("own", "foreign"):
        response = client.get(reverse(name, kwargs={"pk": world.obj(case.model, which).pk}))
        if anon:
            _check_anonymous(name, response)
            continue
        assert response.status_code == (200 if role in SHARED else 404), which
        if name == "lifecycle:advisory_detail" and role in SHARED:
            body = response.content.decode()
            # The world's own advisory exposes the own switch, the foreign one the other.
            hostname = world.obj("device", which).hostname
            serves = role in STAFF if which == "own" else role in {"nonmember_staff", "admin"}
            assert (hostname in body) == serves, (which, hostname)


def _check_shared_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name))
    if anon:
        _check_anonymous(name, response)
        return
    assert response.status_code == (200 if role in SHARED else 404)
    if role in SHARED:
        body = response.content.decode()
        assert all(world.obj("advisory", w).key in body for w in ("own", "foreign"))


#: URL name → the body posted (a function of the world and which customer).
BODIES: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "api:advisory-annotate": lambda world, which: {"features": ["ssh_server"], "text": "SSH"},
    "lifecycle:advisory_annotate": lambda world, which: {"features": ["ssh_server"]},
    "lifecycle:target_set": lambda world, which: {
        "platform": "hp_comware",
        "release": "7.1.070, Release 7595P01",
        "reason": "matrix",
    },
    "lifecycle:notice_create": lambda world, which: {"advisory": world.obj("advisory", which).pk},
}


def _post(client: Client, name: str, url: str, body: dict[str, Any]) -> Any:
    if name.startswith("api:"):
        return client.post(url, json.dumps(body), content_type="application/json")
    return client.post(url, body)


def _check_shared_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An action on a shared row (annotate, refresh a feed): ``case.ok`` for staff and
    admins, 404 for customer users."""
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        body = BODIES.get(name, lambda w, x: {})(world, which)
        response = _post(client, name, reverse(name, kwargs={"pk": obj.pk}), body)
        if anon:
            _check_anonymous(name, response)
            continue
        expected = case.ok if role in SHARED else 404
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_shared_import(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Import a file no reader understands: refused, nothing written (API 400, the page
    a message and 302) for staff and admins; the API refuses customer users (403), the
    page does not exist for them (404)."""
    upload = BytesIO(b"this is not an advisory\n")
    upload.name = "notes.json"
    page = not name.startswith("api:")
    response = client.post(reverse(name), {"documents" if page else "files": [upload]})
    if anon:
        _check_anonymous(name, response)
        return
    allowed, refused = (302, 404) if page else (400, 403)
    expected = allowed if role in SHARED else refused
    assert response.status_code == expected, (response.status_code, response.content)
    if role in SHARED and not page:
        assert response.json()["state"] == "refused" and "notes.json" in response.json()["error"]


def _check_lifecycle_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """POST an action on the own and the foreign customer's object: ``case.ok`` when the
    caller is its staff (or an admin), else 404."""
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        obj = world.obj(case.model, which)
        body = BODIES.get(name, lambda w, x: {})(world, which)
        with light_publishing():
            response = _post(client, name, reverse(name, kwargs=case.lookup(obj)), body)
        if anon:
            _check_anonymous(name, response)
            continue
        expected = case.ok if allowed else 404
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_summary(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """The version summary of ``?customer=CODE``: its staff 200, anyone else 404; with no
    customer named, the summaries of exactly the customers the caller serves."""
    for which, allowed in (("own", role in STAFF), ("foreign", sees_foreign(case, role))):
        code = world.obj("customer", which).code
        response = client.get(reverse(name) + f"?customer={code}")
        expected = 401 if anon else 200 if allowed else 404
        assert response.status_code == expected, which
        if expected == 200:
            (summary,) = response.json()["results"]
            rows = summary["rows"]
            assert [r["hostname"] for r in rows] == [world.obj("device", which).hostname]
    everything = client.get(reverse(name))
    if anon:
        assert everything.status_code == 401
        return
    codes = {s["customer"] for s in everything.json()["results"]}
    for which, allowed in (("own", role in STAFF), ("foreign", sees_foreign(case, role))):
        assert (world.obj("customer", which).code in codes) == allowed, which


def _check_summary_publish(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Publish for a named customer: its staff 200; its own users 403 (they see the
    customer but may not publish); anyone else 404."""
    for which in ("own", "foreign"):
        code = world.obj("customer", which).code
        with light_publishing():
            response = _post(client, name, reverse(name), {"customer": code})
        if anon:
            assert response.status_code == 401
            continue
        staff = role in STAFF if which == "own" else sees_foreign(case, role)
        sees = role in SEES_OWN if which == "own" else sees_foreign(Case("", "", SEES_OWN), role)
        expected = 200 if staff else 403 if sees else 404
        assert response.status_code == expected, (which, response.status_code, response.content)


CASES = {
    "api:release-list": Case("shared_list", "release"),
    "api:release-detail": Case("shared_detail", "release"),
    "api:advisory-list": Case("shared_list", "advisory"),
    "api:advisory-detail": Case("shared_detail", "advisory"),
    "api:advisory-import-files": Case("shared_import"),
    "api:advisory-annotate": Case("shared_post", "advisory", ok=200),
    "api:advisory-import-list": Case("shared_list", "advisory_import"),
    "api:advisory-import-detail": Case("shared_detail", "advisory_import"),
    "api:advisory-feed-list": Case("shared_list", "advisory_feed"),
    "api:advisory-feed-detail": Case("shared_detail", "advisory_feed"),
    "api:advisory-feed-refresh": Case("shared_post", "advisory_feed", ok=200),
    "api:exposure-list": Case("list", "exposure", STAFF),
    "api:exposure-detail": Case("detail", "exposure", STAFF),
    "api:target-release-list": Case("list", "target_release", SEES_OWN),
    "api:target-release-detail": Case("detail", "target_release", SEES_OWN),
    "api:version-assessment-list": Case("list", "version_assessment", STAFF),
    "api:version-assessment-detail": Case("detail", "version_assessment", STAFF),
    "api:version-assessment-publish": Case("lifecycle_post", "version_assessment", STAFF),
    "api:risk-notice-list": Case("list", "risk_notice", STAFF),
    "api:risk-notice-detail": Case("detail", "risk_notice", STAFF),
    "api:risk-notice-publish": Case("lifecycle_post", "risk_notice", STAFF),
    "api:version-summary-list": Case("summary", "customer", STAFF),
    "api:version-summary-publish": Case("summary_publish", "customer", STAFF),
    "lifecycle:overview": Case("page_detail", "customer", STAFF, lookup=by_code),
    "lifecycle:summary_xlsx": Case("page_detail", "customer", STAFF, lookup=by_code),
    "lifecycle:summary_publish": Case("lifecycle_post", "customer", STAFF, lookup=by_code, ok=302),
    "lifecycle:assess": Case("lifecycle_post", "customer", STAFF, lookup=by_code, ok=302),
    "lifecycle:target_set": Case("lifecycle_post", "customer", STAFF, lookup=by_code, ok=302),
    "lifecycle:target_remove": Case("lifecycle_post", "target_release", STAFF, ok=302),
    "lifecycle:exposure_list": Case("page_detail", "customer", STAFF, lookup=by_code),
    "lifecycle:notice_create": Case("lifecycle_post", "customer", STAFF, lookup=by_code, ok=302),
    "lifecycle:notice_detail": Case("page_detail", "risk_notice", STAFF),
    "lifecycle:notice_publish": Case("lifecycle_post", "risk_notice", STAFF, ok=302),
    "lifecycle:assessment_detail": Case("page_detail", "version_assessment", STAFF),
    "lifecycle:assessment_publish": Case("lifecycle_post", "version_assessment", STAFF, ok=302),
    "lifecycle:advisory_list": Case("shared_page"),
    "lifecycle:advisory_import": Case("shared_import"),
    "lifecycle:advisory_detail": Case("shared_detail", "advisory"),
    "lifecycle:advisory_annotate": Case("shared_post", "advisory", ok=302),
}

CHECKS = {
    "shared_list": _check_shared_list,
    "shared_detail": _check_shared_detail,
    "shared_page": _check_shared_page,
    "shared_post": _check_shared_post,
    "shared_import": _check_shared_import,
    "lifecycle_post": _check_lifecycle_post,
    "summary": _check_summary,
    "summary_publish": _check_summary_publish,
}
