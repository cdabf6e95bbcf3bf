"""Access-matrix rows for inspection: runs, device results, findings, marks, plans and
steps are vendor staff's (customer users get 404 like strangers). Actions answer 404
for an object the caller does not see; starting an inspection answers 403 to a user
who sees the customer but may not run its jobs. Publishing is checked on objects that
cannot be published (a queued run, a plan without steps), so the matrix renders no
report; tests/inspection/test_publishing.py publishes for real."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign


def _queued_run(world: Any, which: str) -> Any:
    from netcare.inspection.models import InspectionRun

    return InspectionRun.objects.create(customer=world.obj("customer", which))


def _empty_plan(world: Any, which: str) -> Any:
    from netcare.inspection.models import HardeningPlan

    run = world.obj("inspection_run", which)
    return HardeningPlan.objects.create(customer=run.customer, run=run, title="empty")


def _world_object(model: str) -> Callable[[Any, str], Any]:
    return lambda world, which: world.obj(model, which)


MARK = {
    "kind": "false_positive",
    "reason": "the release is the vendor's long-term one",
    "expires_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
}
#: URL name → (the object posted to, the body posted).
TARGETS: dict[str, tuple[Callable[[Any, str], Any], dict[str, Any]]] = {
    "api:inspection-run-publish": (_queued_run, {}),
    "api:hardening-plan-publish": (_empty_plan, {}),
    "api:finding-mark": (_world_object("finding"), MARK),
    "api:finding-mark-remove": (_world_object("finding_mark"), {}),
    "inspection:run_publish": (_queued_run, {}),
    "inspection:plan_publish": (_empty_plan, {}),
    "inspection:plan_create": (_world_object("inspection_run"), {}),
    "inspection:finding_mark": (_world_object("finding"), {}),
    "inspection:mark_remove": (_world_object("finding_mark"), {}),
    "inspection:step_state": (_world_object("hardening_step"), {"state": "applied"}),
}


def _check_staff_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """POST an action on the own and the foreign object: ``case.ok`` when the caller
    sees it, else 404 (401 / the login page for anonymous callers)."""
    target, body = TARGETS[name]
    page = not name.startswith("api:")
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        obj = target(world, which)
        response = client.post(reverse(name, kwargs={"pk": obj.pk}), body)
        anon_answer = 302 if page else 401
        expected = anon_answer if anon else case.ok if allowed else 404
        assert response.status_code == expected, (which, response.status_code, response.content)
        if anon and page:
            assert reverse("web:login") in response["Location"]


def _check_page_start(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Start an inspection from the page: 302 to the run when allowed, 403 for a user
    who sees the customer but may not run its jobs, 404 for one who does not see it."""
    for which in ("own", "foreign"):
        response = client.post(reverse(name, kwargs=by_code(world.obj("customer", which))))
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        sees = (
            role in SEES_OWN if which == "own" else sees_foreign(Case("", sees_own=SEES_OWN), role)
        )
        allowed = role in case.sees_own if which == "own" else sees_foreign(case, role)
        assert response.status_code == (302 if allowed else 403 if sees else 404), which


STAFF = STAFF_SEES_OWN
CASES = {
    "api:inspection-run-list": Case("list", "inspection_run", STAFF),
    "api:inspection-run-detail": Case("detail", "inspection_run", STAFF),
    "api:inspection-run-publish": Case("staff_post", "inspection_run", STAFF, ok=400),
    "api:device-inspection-list": Case("list", "device_inspection", STAFF),
    "api:device-inspection-detail": Case("detail", "device_inspection", STAFF),
    "api:finding-list": Case("list", "finding", STAFF),
    "api:finding-detail": Case("detail", "finding", STAFF),
    "api:finding-mark": Case("staff_post", "finding", STAFF, ok=201),
    "api:finding-mark-list": Case("list", "finding_mark", STAFF),
    "api:finding-mark-detail": Case("detail", "finding_mark", STAFF),
    "api:finding-mark-remove": Case("staff_post", "finding_mark", STAFF, ok=204),
    "api:hardening-plan-list": Case("list", "hardening_plan", STAFF),
    "api:hardening-plan-detail": Case("detail", "hardening_plan", STAFF),
    "api:hardening-plan-publish": Case("staff_post", "hardening_plan", STAFF, ok=400),
    "api:hardening-step-list": Case("list", "hardening_step", STAFF),
    "api:hardening-step-detail": Case("detail", "hardening_step", STAFF),
    "inspection:run_list": Case("page_detail", "customer", STAFF, lookup=by_code),
    "inspection:run_start": Case("page_start", "customer", STAFF),
    "inspection:run_detail": Case("page_detail", "inspection_run", STAFF),
    "inspection:run_publish": Case("staff_post", "inspection_run", STAFF, ok=302),
    "inspection:plan_create": Case("staff_post", "inspection_run", STAFF, ok=302),
    "inspection:finding_mark": Case("staff_post", "finding", STAFF, ok=302),
    "inspection:mark_remove": Case("staff_post", "finding_mark", STAFF, ok=302),
    "inspection:plan_detail": Case("page_detail", "hardening_plan", STAFF),
    "inspection:plan_publish": Case("staff_post", "hardening_plan", STAFF, ok=302),
    "inspection:step_state": Case("staff_post", "hardening_step", STAFF, ok=302),
}

CHECKS = {"staff_post": _check_staff_post, "page_start": _check_page_start}
