"""Access-matrix rows for collection: jobs, runs, outputs and uploads are vendor staff's
(customer users get 404 like strangers); facts follow the device (customers see them).
Starting a collection or importing needs ``collect``: 403 for a user who sees the
customer but may not, 404 for one who does not see it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.collection.world import archive_for
from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign


def _expected(case: Case, role: str, which: str) -> int:
    sees = Case(case.kind, sees_own=SEES_OWN)
    visible = role in SEES_OWN if which == "own" else sees_foreign(sees, role)
    allowed = role in case.sees_own if which == "own" else sees_foreign(case, role)
    return 200 if allowed else 403 if visible else 404


def _check_api_start(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        code = world.obj("customer", which).code
        # A query that matches nothing: the permission is checked, nothing is started.
        response = client.post(reverse(name), {"customer": code, "devices": "NO-SUCH-DEVICE"})
        expected = 401 if anon else {200: 400}.get(_expected(case, role, which))
        expected = expected or _expected(case, role, which)
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_api_import(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        customer = world.obj("customer", which)
        upload = BytesIO(archive_for(f"{customer.code}-COLL-01"))
        upload.name = "collection.zip"
        response = client.post(reverse(name), {"file": upload, "customer": customer.code})
        expected = 401 if anon else {200: 201}.get(_expected(case, role, which))
        expected = expected or _expected(case, role, which)
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_page_collect(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        response = client.get(reverse(name, kwargs=by_code(world.obj("customer", which))))
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        assert response.status_code == _expected(case, role, which), which


CASES = {
    "api:collection-job-list": Case("list", "collection_job", STAFF_SEES_OWN),
    "api:collection-job-detail": Case("detail", "collection_job", STAFF_SEES_OWN),
    "api:collection-job-start": Case("api_collect_start", "customer", STAFF_SEES_OWN),
    "api:device-run-list": Case("list", "device_run", STAFF_SEES_OWN),
    "api:device-run-detail": Case("detail", "device_run", STAFF_SEES_OWN),
    "api:raw-output-list": Case("list", "raw_output", STAFF_SEES_OWN),
    "api:raw-output-detail": Case("detail", "raw_output", STAFF_SEES_OWN),
    "api:upload-list": Case("list", "upload", STAFF_SEES_OWN),
    "api:upload-detail": Case("detail", "upload", STAFF_SEES_OWN),
    "api:upload-import": Case("api_collect_import", "customer", STAFF_SEES_OWN),
    "api:fact-list": Case("list", "fact", SEES_OWN),
    "api:fact-detail": Case("detail", "fact", SEES_OWN),
    "collection:job_list": Case("page_detail", "customer", STAFF_SEES_OWN, lookup=by_code),
    "collection:collect": Case("page_collect", "customer", STAFF_SEES_OWN),
    "collection:upload": Case("page_collect", "customer", STAFF_SEES_OWN),
    "collection:job_detail": Case("page_detail", "collection_job", STAFF_SEES_OWN),
    "collection:upload_detail": Case("page_detail", "upload", STAFF_SEES_OWN),
    "collection:output_detail": Case("page_detail", "raw_output", STAFF_SEES_OWN),
}

CHECKS = {
    "api_collect_start": _check_api_start,
    "api_collect_import": _check_api_import,
    "page_collect": _check_page_collect,
}
