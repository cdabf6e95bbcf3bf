"""Access-matrix rows for deliverables: customers see published ones only."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign


def _check_draft_hidden(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Drafts: staff of the customer see them, its customer users do not (404)."""
    for which, allowed in (
        ("own", role in STAFF_SEES_OWN),
        ("foreign", role in {"admin", "nonmember_staff"}),
    ):
        response = client.get(
            reverse("api:deliverable-detail", kwargs={"pk": world.obj("draft", which).pk})
        )
        assert response.status_code == (401 if anon else 200 if allowed else 404), which
    _check_publish(world, client, role, anon)


def _check_publish(world: Any, client: Client, role: str, anon: bool) -> None:
    draft = world.obj("draft", "own")
    response = client.post(reverse("api:deliverable-publish", kwargs={"pk": draft.pk}))
    if anon:
        assert response.status_code == 401
    elif role in {"member_staff", "admin"}:
        assert response.status_code == 400  # visible and allowed, but nothing attached yet
    elif role in {"customer_viewer", "customer_admin", "other_customer", "nonmember_staff"}:
        assert response.status_code == 404


def _check_download(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        file = world.obj("deliverable_file", which)
        response = client.get(reverse(name, kwargs={"pk": file.pk}))
        assert response.status_code == (401 if anon else 200 if allowed else 404), which
        if allowed and not anon:
            assert b"".join(response.streaming_content).endswith(file.customer.code.encode())


def _check_action_detail(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    deliverable = world.obj("deliverable", "foreign")
    response = client.post(reverse(name, kwargs={"pk": deliverable.pk}))
    # The foreign customer's own user sees it but may not publish (403); others get 404.
    expected = {"admin": 200, "nonmember_staff": 200, "other_customer": 403}.get(role, 404)
    assert response.status_code == (401 if anon else expected)


CASES = {
    "api:deliverable-list": Case("list", "deliverable", SEES_OWN),
    "api:deliverable-detail": Case("draft_hidden", "deliverable", SEES_OWN),
    "api:deliverable-publish": Case("action_detail", "deliverable", SEES_OWN),
    "api:deliverable-withdraw": Case("action_detail", "deliverable", SEES_OWN),
    "api:deliverable-file-list": Case("list", "deliverable_file", SEES_OWN),
    "api:deliverable-file-detail": Case("detail", "deliverable_file", SEES_OWN),
    "api:deliverable-file-download": Case("download", "deliverable_file", SEES_OWN),
    "delivery:deliverable_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
}

CHECKS = {
    "draft_hidden": _check_draft_hidden,
    "download": _check_download,
    "action_detail": _check_action_detail,
}
