"""Access-matrix rows for devices, credentials, the device pages and the import.

Devices are visible to the customer's own users (they own the equipment); credentials
only to vendor staff. Importing is for staff who may manage devices: a user who sees
the customer but may not import gets 403, anyone else 404.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

CSV = "hostname,management address,platform\nNEW-01,10.9.9.9,hp_comware\n"


def _expected(case: Case, role: str, which: str) -> int:
    """200 for who may act, 403 for who sees the customer but may not, else 404."""
    sees = Case(case.kind, sees_own=SEES_OWN)
    visible = role in SEES_OWN if which == "own" else sees_foreign(sees, role)
    allowed = role in case.sees_own if which == "own" else sees_foreign(case, role)
    return 200 if allowed else 403 if visible else 404


def _check_api_import(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    from io import BytesIO

    for which in ("own", "foreign"):
        upload = BytesIO(CSV.encode())
        upload.name = "devices.csv"
        code = world.obj("customer", which).code
        response = client.post(reverse(name), {"file": upload, "customer": code, "dry_run": "1"})
        expected = 401 if anon else _expected(case, role, which)
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_page_manage(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        response = client.get(reverse(name, kwargs=case.lookup(world.obj(case.model, which))))
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        assert response.status_code == _expected(case, role, which), which


def _check_page_devices(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """The list page answers like a detail page and shows only that customer's devices."""
    for which, other in (("own", "foreign"), ("foreign", "own")):
        allowed = role in case.sees_own if which == "own" else sees_foreign(case, role)
        response = client.get(reverse(name, kwargs={"code": world.obj("customer", which).code}))
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        assert response.status_code == (200 if allowed else 404), which
        if allowed:
            body = response.content.decode()
            assert world.obj("device", which).hostname in body
            assert world.obj("device", other).hostname not in body


def _check_detail_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """A POST on one object: done (API 200, page 302), 403 if seen but not allowed, 404."""
    page = not name.startswith("api:")
    for which in ("own", "foreign"):
        response = client.post(reverse(name, kwargs=case.lookup(world.obj(case.model, which))))
        if anon:
            expected = 302 if page else 401
        else:
            expected = _expected(case, role, which)
            expected = 302 if page and expected == 200 else expected
        assert response.status_code == expected, (which, response.status_code)
        if page and anon:
            assert reverse("web:login") in response["Location"]


CASES = {
    "api:device-list": Case("list", "device", SEES_OWN),
    "api:device-detail": Case("detail", "device", SEES_OWN),
    "api:device-import": Case("api_import", "customer", STAFF_SEES_OWN),
    "api:device-forget-host-key": Case("detail_post", "device", STAFF_SEES_OWN),
    "api:credential-list": Case("list", "credential", STAFF_SEES_OWN),
    "api:credential-detail": Case("detail", "credential", STAFF_SEES_OWN),
    "inventory:device_list": Case("page_devices", "customer", SEES_OWN, lookup=by_code),
    "inventory:device_detail": Case("page_detail", "device", SEES_OWN),
    "inventory:device_import": Case("page_manage", "customer", STAFF_SEES_OWN, lookup=by_code),
    "inventory:device_forget_host_key": Case("detail_post", "device", STAFF_SEES_OWN),
}

CHECKS = {
    "api_import": _check_api_import,
    "page_manage": _check_page_manage,
    "page_devices": _check_page_devices,
    "detail_post": _check_detail_post,
}
