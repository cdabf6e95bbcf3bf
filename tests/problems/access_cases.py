"""Access-matrix rows for problem management.

Tickets and their progress are the customer's own: its users read them (and ask for
importance); published reviews and sent daily reports reach them too. Imports are its
vendor staff's; column mappings are the vendor's shared data, read and saved by every
staff member (of any customer) and admins, by no customer user.

An action answers 404 for an object (or customer) the caller does not see. Through the
API, a caller who sees it but may not act gets 403; the pages answer a customer user 404
on every staff action, as on the staff pages, and 403 only to staff asking for
importance (the customer's act). Publishing a review and sending a daily report are
checked with the service replaced by a stand-in that keeps its permission check and
renders nothing; tests/problems/test_pages.py and test_api.py do them for real.
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
from tests.matrix import CUSTOMER_SIDE, SEES_OWN, STAFF_SEES_OWN, Case, by_code, sees_foreign

STAFF = STAFF_SEES_OWN
#: Who reads and saves shared vendor data: staff of any customer, and admins.
SHARED = {"member_staff", "nonmember_staff", "admin"}
#: Who asks for importance: the customer's users (admins pass every check).
ASKERS = CUSTOMER_SIDE | {"admin"}
#: A ticket export the reader takes (a dry run of it writes nothing).
CSV = (
    "ticket number,title,severity,status,opened\n"
    "SR-2026-0999,Fan alarm on the core switch,minor,open,2026-03-02 10:00\n"
)


@contextmanager
def light_publishing() -> Iterator[None]:
    """Publishing a review and sending a daily report with their permission check and
    nothing else."""
    from netcare.core.access import require
    from netcare.problems.services import daily, reviews

    def publish(review: Any, *, actor: Any) -> Any:
        require(actor, "publish_deliverables", review.customer_id)
        return SimpleNamespace(pk=0)

    def send(report: Any, *, actor: Any, **changes: Any) -> Any:
        require(actor, "send_daily_reports", report.customer_id)
        return report

    with (
        mock.patch.object(reviews, "do_publish_review", publish),
        mock.patch.object(daily, "do_send_daily_report", send),
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


def _agreement(world: Any, which: str, page: bool) -> dict[str, Any]:
    expert = world.users["member_staff" if which == "own" else "nonmember_staff"]
    engineer = world.obj("field_engineer", which)
    return {
        "what": "Include the tickets opened on the last day of December.",
        "expert": expert.pk if page else expert.username,
        "field_engineer": engineer.pk if page else engineer.username,
        "customer_party": "Li Na",
        "agreed_on": "2026-01-06",
    }


#: URL name → the body posted (a function of the world and which side).
BODIES: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "api:ticket-analysis": lambda world, which: {
        "root_cause": "configuration",
        "root_cause_text": "The hello timers differed on one link.",
        "advice": "Align OSPF timers in the configuration standard.",
    },
    "problems:ticket_analysis": lambda world, which: {
        "root_cause": "configuration",
        "root_cause_text": "The hello timers differed on one link.",
    },
    "api:ticket-important": lambda world, which: {"important": True},
    "problems:ticket_important": lambda world, which: {"important": "on"},
    "api:ticket-escalate": lambda world, which: {"resources": "R&D routing team"},
    "problems:ticket_escalate": lambda world, which: {"resources": "R&D routing team"},
    "api:problem-review-agreement": lambda world, which: _agreement(world, which, page=False),
    "problems:review_agreement": lambda world, which: _agreement(world, which, page=True),
    "api:daily-report-send": lambda world, which: {"next_steps": "Close after 24 quiet hours."},
    "problems:daily_send": lambda world, which: {"next_steps": "Close after 24 quiet hours."},
}

#: Who sees the object an action is on, beyond who may act: they get 403, not 404.
SEEN_BY: dict[str, set[str]] = {
    "api:ticket-analysis": SEES_OWN,
    "api:ticket-important": SEES_OWN,
    "api:ticket-escalate": SEES_OWN,
    "api:ticket-request-importance": SEES_OWN,
    "problems:ticket_request_importance": SEES_OWN,
    "api:problem-review-agreement": SEES_OWN,
    "api:problem-review-publish": SEES_OWN,
    "api:daily-report-send": SEES_OWN,
}


def _check_object_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An action on the own and the foreign object: ``case.ok`` for who may act, 403 for
    who sees the object but may not (``SEEN_BY``), else 404."""
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        body = BODIES.get(name, lambda w, x: {})(world, which)
        with light_publishing():
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


def _customer_body(name: str, code: str) -> tuple[dict[str, Any], bool]:
    """(body, multipart) of a POST naming a customer."""
    if name in ("api:ticket-import-file", "problems:ticket_import"):
        upload = BytesIO(CSV.encode())
        upload.name = "tickets.csv"
        return {"file": upload, "customer": code, "dry_run": "true"}, True
    if name == "api:ticket-push":
        ticket = {
            "number": "SR-2026-0998",
            "title": "Pushed by the support system",
            "severity": "minor",
            "status": "open",
            "opened": "2026-03-03T09:00:00+08:00",
        }
        return {"customer": code, "tickets": [ticket]}, False
    return {"customer": code, "quarter": "2025Q4"}, name == "problems:review_open"


def _check_customer_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An action for a customer (named by code in the API, in the URL on pages): its
    staff ``case.ok``; through the API its own users 403; anyone else 404."""
    page = not name.startswith("api:")
    for which in ("own", "foreign"):
        code = world.obj("customer", which).code
        body, multipart = _customer_body(name, code)
        url = reverse(name, kwargs={"code": code}) if page else reverse(name)
        response = client.post(url, body) if multipart else _post(client, name, url, body)
        if anon:
            _anonymous(name, response)
            continue
        seen = STAFF if page else SEES_OWN
        expected = (
            case.ok
            if _allowed(case.sees_own, role, which)
            else 403
            if _allowed(seen, role, which)
            else 404
        )
        assert response.status_code == expected, (which, response.status_code, response.content)
    if name in ("api:ticket-import-file", "problems:ticket_import") and not anon:
        from netcare.problems.models import Ticket

        assert not Ticket.objects.filter(number="SR-2026-0999").exists()  # a dry run


def _check_mappings(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Both shared rows for every staff member and admin, none for customer users; POST
    saves one by name (201), refused to customer users (403)."""
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 401
        return
    ids = {row["id"] for row in response.json()["results"]}
    for which in ("own", "foreign"):
        assert (world.obj("column_mapping", which).pk in ids) == (role in SHARED), which
    body = {"name": "Support system C", "columns": {"工单号": "number", "级别": "severity"}}
    saved = _post(client, name, reverse(name), body)
    assert saved.status_code == (201 if role in SHARED else 403), saved.content


def _check_mapping_detail(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    for which in ("own", "foreign"):
        obj = world.obj("column_mapping", which)
        response = client.get(reverse(name, kwargs={"pk": obj.pk}))
        expected = 401 if anon else 200 if role in SHARED else 404
        assert response.status_code == expected, which


def _check_mapping_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    body = {"name": "Support system C", "columns": "工单号 = number\n级别 = severity"}
    response = client.post(reverse(name), body)
    if anon:
        _anonymous(name, response)
        return
    assert response.status_code == (302 if role in SHARED else 404), response.status_code


def _check_ticket_page(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """The ticket list answers like a detail page and lists only that customer's."""
    from tests.problems.world import NUMBERS

    for which, other in (("own", "foreign"), ("foreign", "own")):
        response = client.get(reverse(name, kwargs={"code": world.obj("customer", which).code}))
        if anon:
            _anonymous(name, response)
            continue
        allowed = _allowed(case.sees_own, role, which)
        assert response.status_code == (200 if allowed else 404), which
        if allowed:
            body = response.content.decode()
            assert NUMBERS[which] in body and NUMBERS[other] not in body


OWN_POST = Case("problems_post", "ticket", STAFF)
CASES = {
    "api:ticket-list": Case("list", "ticket", SEES_OWN),
    "api:ticket-detail": Case("detail", "ticket", SEES_OWN),
    "api:ticket-import-file": Case("problems_customer_post", "customer", STAFF),
    "api:ticket-push": Case("problems_customer_post", "customer", STAFF),
    "api:ticket-analysis": OWN_POST,
    "api:ticket-request-importance": Case("problems_post", "ticket", ASKERS),
    "api:ticket-important": OWN_POST,
    "api:ticket-escalate": Case("problems_post", "ticket", STAFF, ok=201),
    "api:progress-entry-list": Case("list", "progress_entry", SEES_OWN),
    "api:progress-entry-detail": Case("detail", "progress_entry", SEES_OWN),
    "api:ticket-import-list": Case("list", "ticket_import", STAFF),
    "api:ticket-import-detail": Case("detail", "ticket_import", STAFF),
    "api:column-mapping-list": Case("problems_mappings"),
    "api:column-mapping-detail": Case("problems_mapping_detail"),
    "api:problem-review-list": Case("list", "problem_review", SEES_OWN),
    "api:problem-review-detail": Case("detail", "problem_review", SEES_OWN),
    "api:problem-review-agreement": Case("problems_post", "problem_review", STAFF, ok=201),
    "api:problem-review-publish": Case("problems_post", "problem_review", STAFF),
    "api:daily-report-list": Case("list", "daily_report", SEES_OWN),
    "api:daily-report-detail": Case("detail", "daily_report", SEES_OWN),
    "api:daily-report-send": Case("problems_post", "daily_report", STAFF),
    "problems:ticket_list": Case("problems_ticket_page", "customer", SEES_OWN),
    "problems:ticket_import": Case("problems_customer_post", "customer", STAFF),
    "problems:mapping_save": Case("problems_mapping_page"),
    "problems:ticket_detail": Case("page_detail", "ticket", SEES_OWN),
    "problems:ticket_analysis": Case("problems_post", "ticket", STAFF, ok=302),
    "problems:ticket_request_importance": Case("problems_post", "ticket", ASKERS, ok=302),
    "problems:ticket_important": Case("problems_post", "ticket", STAFF, ok=302),
    "problems:ticket_escalate": Case("problems_post", "ticket", STAFF, ok=302),
    "problems:review_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "problems:review_open": Case("problems_customer_post", "customer", STAFF, ok=302),
    "problems:review_detail": Case("page_detail", "problem_review", SEES_OWN),
    "problems:review_agreement": Case("problems_post", "problem_review", STAFF, ok=302),
    "problems:review_publish": Case("problems_post", "problem_review", STAFF, ok=302),
    "problems:daily_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "problems:daily_detail": Case("page_detail", "daily_report", SEES_OWN),
    "problems:daily_send": Case("problems_post", "daily_draft", STAFF, ok=302),
}

CHECKS = {
    "problems_post": _check_object_post,
    "problems_customer_post": _check_customer_post,
    "problems_mappings": _check_mappings,
    "problems_mapping_detail": _check_mapping_detail,
    "problems_mapping_page": _check_mapping_page,
    "problems_ticket_page": _check_ticket_page,
}
