"""Access-matrix rows for contracts, entitlements and the quota ledger. Contract
settings are changed by admins only: 403 for a user who sees the contract, 404 for one
who does not."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, Case, sees_foreign


def _check_page_admin_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    sees = Case(case.kind, sees_own=SEES_OWN)
    for which in ("own", "foreign"):
        contract = world.obj(case.model, which)
        before = contract.manual_collection_counts
        response = client.post(reverse(name, kwargs={"pk": contract.pk}), {})
        visible = role in SEES_OWN if which == "own" else sees_foreign(sees, role)
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
        elif role == "admin":
            assert response.status_code == 302, which
        else:
            assert response.status_code == (403 if visible else 404), which
        contract.refresh_from_db()
        assert contract.manual_collection_counts == before  # posted unchecked: stays "no"


CASES = {
    "api:contract-list": Case("list", "contract", SEES_OWN),
    "api:contract-detail": Case("detail", "contract", SEES_OWN),
    "api:entitlement-list": Case("list", "entitlement", SEES_OWN),
    "api:entitlement-detail": Case("detail", "entitlement", SEES_OWN),
    "api:ledger-list": Case("list", "ledger", SEES_OWN),
    "api:ledger-detail": Case("detail", "ledger", SEES_OWN),
    "contracts:contract_detail": Case("page_detail", "contract", SEES_OWN),
    "contracts:contract_settings": Case("page_admin_post", "contract", {"admin"}),
}

CHECKS = {"page_admin_post": _check_page_admin_post}
