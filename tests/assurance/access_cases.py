"""Access-matrix rows for change and critical-period assurance.

Customers see their own changes and periods with everything recorded on them. Who acts:
the customer's admin and its RAM file and submit changes; the RAM names reviewers, sets
the roster, moves, completes and publishes; the team (staff) logs events and ticks
items; critical periods are the ASM's (no matrix role holds it but admins); a decision
is only the named reviewer's (nobody in the matrix). An action answers 404 for what the
caller does not see, 403 to who sees it but may not act. A reviewer-only member is
walked in ``test_access.py`` (it is not a matrix role).
"""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.matrix import SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN
FILERS = {"customer_admin", "member_staff", "admin"}
ADMIN = {"admin"}
NOBODY: set[str] = set()
#: Answers of an API action the caller may do (what the world's state allows decides).
API_OK = {200, 201, 400}

BODIES: dict[str, dict[str, Any]] = {
    "reviewer": {"reviewer": "t.reviewer_own", "speciality": "industry"},
    "decide": {"decision": "approve"},
    "roster": {
        "person": "t.member_staff",
        "mode": "remote",
        "starts_at": "2026-05-09T21:00",
        "ends_at": "2026-05-10T03:00",
    },
    "move": {"target": "scheduled"},
    "event": {"text": "Image loaded on the core switch."},
    "complete": {"outcome": "success"},
    "item": {"phase": "before", "text_zh": "核对电源冗余"},
    "summary": {"summary": "Quiet period."},
    "tick": {"done": "on", "note": "ok"},
}


def _allowed(roles: set[str], role: str, which: str) -> bool:
    if not roles:
        return False
    return role in roles if which == "own" else sees_foreign(Case("", sees_own=roles), role)


def _body(name: str) -> dict[str, Any]:
    last = name.replace("_", "-").rsplit("-", 1)[-1]
    return dict(BODIES.get(last, {}))


def _check_post(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """An action on the own and the foreign object: done (API: 2xx or a refused input;
    pages: a redirect) for who may act, 403 for who only sees it, else 404."""
    api = name.startswith("api:")
    for which in ("own", "foreign"):
        url = reverse(name, kwargs=case.lookup(world.obj(case.model, which)))
        body = _body(name)
        if api:
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.post(url, body)
        if anon:
            expected_anon = 401 if api else 302
            assert response.status_code == expected_anon, which
            continue
        if _allowed(case.sees_own, role, which):
            ok = API_OK if api else {302}
            assert response.status_code in ok, (which, response.status_code, response.content[:300])
        else:
            expected = 403 if _allowed(SEES_OWN, role, which) else 404
            assert response.status_code == expected, (which, response.status_code)


def _check_open_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """A page of the signed-in user's own (their reviews): 200 for anyone signed in,
    listing nothing of a customer they do not review."""
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert all(world.obj("change", w).title not in body for w in ("own", "foreign"))


def post(model: str, roles: set[str], lookup: Any = None) -> Case:
    if lookup is None:
        return Case("assurance_post", model, roles)
    return Case("assurance_post", model, roles, lookup=lookup)


CASES = {
    "api:change-list": Case("list", "change", SEES_OWN),
    "api:change-detail": Case("detail", "change", SEES_OWN),
    "api:change-reviewer": post("change", STAFF),
    "api:change-submit": post("change", FILERS),
    "api:change-roster": post("change", STAFF),
    "api:change-move": post("change", STAFF),
    "api:change-event": post("change", STAFF),
    "api:change-complete": post("change", STAFF),
    "api:change-publish": post("change", STAFF),
    "api:change-review-list": Case("list", "change_review", SEES_OWN),
    "api:change-review-detail": Case("detail", "change_review", SEES_OWN),
    "api:change-review-decide": post("change_review", NOBODY),
    "api:critical-period-list": Case("list", "critical_period", SEES_OWN),
    "api:critical-period-detail": Case("detail", "critical_period", SEES_OWN),
    "api:critical-period-roster": post("critical_period", ADMIN),
    "api:critical-period-item": post("critical_period", ADMIN),
    "api:critical-period-event": post("critical_period", STAFF),
    "api:critical-period-move": post("critical_period", ADMIN),
    "api:critical-period-summary": post("critical_period", ADMIN),
    "api:critical-period-publish": post("critical_period", ADMIN),
    "api:checklist-item-list": Case("list", "checklist_item", SEES_OWN),
    "api:checklist-item-detail": Case("detail", "checklist_item", SEES_OWN),
    "api:checklist-item-tick": post("checklist_item", STAFF),
    "assurance:my_reviews": Case("assurance_open_page"),
    "assurance:change_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "assurance:change_file": post("customer", FILERS, by_code),
    "assurance:change_detail": Case("page_detail", "change", SEES_OWN),
    "assurance:change_plan": Case("page_detail", "change", SEES_OWN),
    "assurance:change_submit": post("change", FILERS),
    "assurance:change_reviewer": post("change", STAFF),
    "assurance:review_decide": post("change_review", NOBODY),
    "assurance:change_roster": post("change", STAFF),
    "assurance:change_move": post("change", STAFF),
    "assurance:change_event": post("change", STAFF),
    "assurance:change_complete": post("change", STAFF),
    "assurance:change_publish": post("change", STAFF),
    "assurance:period_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "assurance:period_open": post("customer", ADMIN, by_code),
    "assurance:period_detail": Case("page_detail", "critical_period", SEES_OWN),
    "assurance:period_roster": post("critical_period", ADMIN),
    "assurance:period_item": post("critical_period", ADMIN),
    "assurance:period_event": post("critical_period", STAFF),
    "assurance:period_move": post("critical_period", ADMIN),
    "assurance:period_summary": post("critical_period", ADMIN),
    "assurance:period_publish": post("critical_period", ADMIN),
    "assurance:item_tick": post("checklist_item", STAFF),
}

CHECKS = {"assurance_post": _check_post, "assurance_open_page": _check_open_page}
