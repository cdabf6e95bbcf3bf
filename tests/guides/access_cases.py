"""Access-matrix rows for the maintenance guide.

Customer users read their published editions (never a draft) and their custom sections;
the customer admin agrees to a section for the customer, the RAM for the L2 expert.
Generating, publishing and writing sections are the RAM's: the pages answer a customer
user 404 on those, as on every staff action; through the API a caller who sees the
object but may not act gets 403. The check library is the vendor's shared data.
Generating and publishing are checked with the service replaced by a stand-in that
keeps its permission check and renders nothing; tests/guides/test_services.py does them
for real.
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
#: Roles that are a customer's users (of either customer).
CUSTOMER_USERS = CUSTOMER_SIDE | {"other_customer"}
#: Who agrees to a section: the customer admin (for the customer), the RAM (for the
#: expert), admins.
AGREERS = {"customer_admin", "member_staff", "admin"}
#: Who reads shared vendor data (the check library): staff of any customer, and admins.
SHARED = {"member_staff", "nonmember_staff", "admin"}
#: The party each role agrees for.
PARTY = {
    "customer_admin": "customer",
    "other_customer": "customer",
    "customer_viewer": "customer",
    "member_staff": "expert",
    "nonmember_staff": "expert",
    "admin": "expert",
}


@contextmanager
def light_services() -> Iterator[None]:
    """Generating and publishing with their permission checks and nothing else."""
    from netcare.core.access import require
    from netcare.guides.services import guides

    def generate(customer: Any, *, actor: Any, year: Any = None) -> Any:
        require(actor, "manage_guides", customer)
        from netcare.guides.models import MaintenanceGuide

        return MaintenanceGuide.objects.filter(customer=customer).first()

    def publish(guide: Any, *, actor: Any) -> Any:
        require(actor, "publish_deliverables", guide.customer_id)
        return SimpleNamespace(pk=0)

    with (
        mock.patch.object(guides, "do_generate_guide", generate),
        mock.patch.object(guides, "do_publish_guide", publish),
    ):
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


#: Who sees the object an action is on, beyond who may act: they get 403, not 404.
SEEN_BY: dict[str, set[str]] = {
    "api:guide-section-agree": SEES_OWN,
    "guides:section_agree": SEES_OWN,
}


def _check_object_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        body = {"party": PARTY.get(role, "expert")} if "agree" in name else {}
        with light_services():
            response = _post(client, name, reverse(name, kwargs=case.lookup(obj)), body)
        if anon:
            _anonymous(name, response)
            continue
        seen = SEEN_BY.get(name, case.sees_own)
        expected = (
            case.ok
            if _allowed(case.sees_own, role, which)
            else 403
            if _allowed(seen, role, which)
            else 404
        )
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_customer_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """A page action for a customer named in the URL: its staff ``case.ok``, anyone
    else 404."""
    body = {
        "year": "2026",
        "title_zh": "标题",
        "title_en": "Title",
        "text_zh": "正文",
        "text_en": "Text",
    }
    for which in ("own", "foreign"):
        code = world.obj("customer", which).code
        with light_services():
            response = client.post(reverse(name, kwargs={"code": code}), body)
        if anon:
            _anonymous(name, response)
            continue
        expected = case.ok if _allowed(case.sees_own, role, which) else 404
        assert response.status_code == expected, (which, response.status_code)


def _check_library(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name))
    if anon:
        _anonymous(name, response)
        return
    assert response.status_code == (200 if role in SHARED else 404), response.status_code


def _check_guide_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """The customer's guide page answers like a detail page, names only that customer's
    sections, and never shows a draft edition to a customer user."""
    from tests.guides.world import DRAFT_YEAR

    for which, other in (("own", "foreign"), ("foreign", "own")):
        customer = world.obj("customer", which)
        response = client.get(reverse(name, kwargs={"code": customer.code}))
        if anon:
            _anonymous(name, response)
            continue
        allowed = _allowed(case.sees_own, role, which)
        assert response.status_code == (200 if allowed else 404), which
        if allowed:
            body = response.content.decode()
            mine = world.obj("guide_section", which).title_zh
            theirs = world.obj("guide_section", other).title_zh
            assert mine in body and theirs not in body
            draft = reverse(
                "guides:guide_detail", kwargs={"pk": world.obj("guide_draft", which).pk}
            )
            assert (draft in body) == (role not in CUSTOMER_USERS), (role, DRAFT_YEAR)


CASES = {
    "api:maintenance-guide-list": Case("list", "maintenance_guide", SEES_OWN),
    "api:maintenance-guide-detail": Case("detail", "maintenance_guide", SEES_OWN),
    "api:maintenance-guide-publish": Case("guides_post", "guide_draft", STAFF),
    "api:guide-section-list": Case("list", "guide_section", SEES_OWN),
    "api:guide-section-detail": Case("detail", "guide_section", SEES_OWN),
    "api:guide-section-agree": Case("guides_post", "guide_section", AGREERS),
    "guides:guide_list": Case("guides_page", "customer", SEES_OWN),
    "guides:guide_detail": Case("page_detail", "maintenance_guide", SEES_OWN),
    "guides:guide_generate": Case("guides_customer_post", "customer", STAFF, ok=302),
    "guides:guide_publish": Case("guides_post", "guide_draft", STAFF, ok=302),
    "guides:section_add": Case("guides_customer_post", "customer", STAFF, ok=302),
    "guides:section_agree": Case("guides_post", "guide_section", AGREERS, ok=302),
    "guides:check_library": Case("guides_library"),
}

CHECKS = {
    "guides_post": _check_object_post,
    "guides_customer_post": _check_customer_post,
    "guides_library": _check_library,
    "guides_page": _check_guide_page,
}

__all__ = ["CASES", "CHECKS", "by_code"]
