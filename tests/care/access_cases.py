"""Access-matrix rows for care.

Customer users read their own published plan documents (API and page) and nothing of
care: the agenda, a care obligation's drafts, touches and message wording are the
vendor's, and answer them 404 as they answer a stranger. An action on an object or a
customer answers 404 to whoever does not see it; through the API, a customer user who
sees a plan document gets 403 on publishing it. Generating and publishing are checked
with the services replaced by stand-ins that keep their permission check;
tests/care/test_documents.py does them for real.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN


@contextmanager
def light_documents() -> Iterator[None]:
    """Generating and publishing a plan document with their permission check only."""
    from types import SimpleNamespace

    from netcare.care.services import documents
    from netcare.core.access import require

    def generate(plan: Any, *, actor: Any, **kwargs: Any) -> Any:
        require(actor, "manage_plan", plan.customer_id)
        return plan.documents.first()

    def publish(document: Any, *, actor: Any, **kwargs: Any) -> Any:
        require(actor, "publish_deliverables", document.customer_id)
        return SimpleNamespace(pk=document.deliverable_id)

    with (
        mock.patch.object(documents, "do_generate_plan_document", generate),
        mock.patch.object(documents, "do_publish_plan_document", publish),
    ):
        yield


def _allowed(roles: set[str], role: str, which: str) -> bool:
    return role in roles if which == "own" else sees_foreign(Case("", sees_own=roles), role)


BODIES: dict[str, dict[str, Any]] = {
    "care:touch_record": {"channel": "phone", "people": "王工"},
    "care:message_save": {"channel": "sms", "language": "en", "body": "Happy {holiday}!"},
}
#: Who sees the object an action is on beyond who may act (they get 403, not 404).
SEEN_BY = {"api:plan-document-publish": SEES_OWN}


def _check_post(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    page = not name.startswith("api:")
    if case.model == "plan_document":
        plan_documents(world)
        _publish(world)  # so that the customer's users see what they may not publish
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        url = reverse(name, kwargs=case.lookup(obj))
        body = BODIES.get(name, {})
        with light_documents():
            if page:
                response = client.post(url, body)
            else:
                response = client.post(url, json.dumps(body), content_type="application/json")
        if anon:
            if page:
                assert response.status_code == 302 and reverse("web:login") in response["Location"]
            else:
                assert response.status_code == 401
            continue
        seen = SEEN_BY.get(name, case.sees_own)
        expected = (
            case.ok
            if _allowed(case.sees_own, role, which)
            else 403
            if _allowed(seen, role, which)
            else 404
        )
        assert response.status_code == expected, (which, response.status_code)


def plan_documents(world: Any) -> None:
    """A draft plan document per customer, made inside the test (its savepoint undoes
    it) and put in ``world.objects["plan_document"]``."""
    from netcare.care.models import PlanDocument
    from netcare.delivery.models import Deliverable

    found: dict[str, Any] = {}
    for which in ("own", "foreign"):
        plan = world.obj("plan", which)
        deliverable = Deliverable.objects.create(
            customer=plan.customer,
            item=plan.obligations.first().item,
            contract=plan.contract,
            title_zh=f"{plan.customer.code} 服务计划",
            report_type="service_plan",
            summary="Service plan",
        )
        found[which] = PlanDocument.objects.create(
            customer=plan.customer, plan=plan, deliverable=deliverable
        )
    world.objects["plan_document"] = found


def _publish(world: Any) -> None:
    """Publish both plan documents (undone with the test's savepoint)."""
    from netcare.delivery.models import Deliverable

    ids = [world.obj("plan_document", which).deliverable_id for which in ("own", "foreign")]
    Deliverable.objects.filter(pk__in=ids).update(state="published")


def _check_documents(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Plan documents through the API, list or detail: a draft reaches staff only; once
    published, the customer's users too — never another customer's."""
    plan_documents(world)
    for published in (False, True):
        if published:
            _publish(world)
        seen = case.sees_own if published else STAFF
        if name.endswith("-list"):
            response = client.get(reverse(name))
            if anon:
                assert response.status_code == 401
                return
            ids = {row["id"] for row in response.json()["results"]}
            for which in ("own", "foreign"):
                expected = _allowed(seen, role, which)
                assert (world.obj(case.model, which).pk in ids) == expected, (which, published)
            continue
        for which in ("own", "foreign"):
            response = client.get(reverse(name, kwargs=case.lookup(world.obj(case.model, which))))
            expected = 401 if anon else 200 if _allowed(seen, role, which) else 404
            assert response.status_code == expected, (which, published, response.status_code)


CASES = {
    "api:plan-document-list": Case("care_documents", "plan_document", SEES_OWN),
    "api:plan-document-detail": Case("care_documents", "plan_document", SEES_OWN),
    "api:plan-document-publish": Case("care_post", "plan_document", STAFF),
    "api:care-touch-list": Case("list", "care_touch", STAFF),
    "api:care-touch-detail": Case("detail", "care_touch", STAFF),
    "api:care-message-list": Case("list", "care_message", STAFF),
    "api:care-message-detail": Case("detail", "care_message", STAFF),
    "care:plan_document": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "care:plan_document_generate": Case("care_post", "customer", STAFF, lookup=by_code, ok=302),
    "care:plan_document_publish": Case("care_post", "plan_document", STAFF, ok=302),
    "care:agenda": Case("page_detail", "customer", STAFF, lookup=by_code),
    "care:obligation_detail": Case("page_detail", "care_obligation", STAFF),
    "care:touch_record": Case("care_post", "care_obligation", STAFF, ok=302),
    "care:touch_send": Case("care_post", "care_obligation", STAFF, ok=302),
    "care:message_list": Case("page_detail", "customer", STAFF, lookup=by_code),
    "care:message_save": Case("care_post", "customer", STAFF, lookup=by_code, ok=302),
}

CHECKS = {"care_post": _check_post, "care_documents": _check_documents}
