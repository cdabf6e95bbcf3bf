"""Access-matrix rows for proposal assessments and technology workshops.

Customer users read their own assessments (the submission) and workshops; findings and
follow-ups reach them once the assessment or the minutes are published. Every other
action is the L2 expert's (reviewers record findings): through the API a caller who sees
the object but may not act gets 403; the pages answer customer users 404 on every staff
action. Submitting a proposal and asking for a workshop are the customer's (and its
leads'). Publishing is checked with the service replaced by a stand-in that keeps its
permission check and renders nothing; tests/consulting do it for real.
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


@contextmanager
def light_publishing() -> Iterator[None]:
    """Publishing an assessment or minutes with its permission check and nothing else."""
    from netcare.consulting.services import assessments, workshops
    from netcare.core.access import require

    def publish(row: Any, *, actor: Any) -> Any:
        require(actor, "publish_deliverables", row.customer_id)
        return SimpleNamespace(pk=0)

    with (
        mock.patch.object(assessments, "do_publish_assessment", publish),
        mock.patch.object(workshops, "do_publish_minutes", publish),
    ):
        yield


def _anonymous(name: str, response: Any) -> None:
    if name.startswith("api:"):
        assert response.status_code == 401, response.status_code
    else:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]


def _allowed(roles: set[str], role: str, which: str) -> bool:
    return role in roles if which == "own" else sees_foreign(Case("", sees_own=roles), role)


def _expert(world: Any, which: str, page: bool) -> Any:
    user = world.users["member_staff" if which == "own" else "nonmember_staff"]
    return user.pk if page else user.username


def _when(days: int) -> str:
    import datetime as dt

    from django.utils import timezone

    return (timezone.now() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


FINDING = {
    "area": "security",
    "severity": "medium",
    "finding": "Only ACLs separate the new zone.",
    "recommendation": "Route the zone through the firewall.",
}

#: URL name (without the namespace) → the body posted (a function of world, side, page).
BODIES: dict[str, Callable[[Any, str, bool], dict[str, Any]]] = {
    "reviewers": lambda w, x, p: {"user": _expert(w, x, p)},
    "assessment_reviewer": lambda w, x, p: {"user": _expert(w, x, p)},
    "findings": lambda w, x, p: FINDING,
    "assessment_finding": lambda w, x, p: FINDING,
    "conclude": lambda w, x, p: {"conclusion": "Feasible with two changes."},
    "assessment_conclude": lambda w, x, p: {"conclusion": "Feasible with two changes."},
    "experts": lambda w, x, p: {"user": _expert(w, x, p)},
    "workshop_expert": lambda w, x, p: {"user": _expert(w, x, p)},
    "schedule": lambda w, x, p: {"starts_at": _when(7), "ends_at": _when(8), "place": "Room 1201"},
    "workshop_schedule": lambda w, x, p: {
        "starts_at": _when(7),
        "ends_at": _when(8),
        "place": "Room 1201",
    },
    "attendees": lambda w, x, p: {"side": "vendor", "name": "Chen Jing"},
    "workshop_attendee": lambda w, x, p: {"side": "vendor", "name": "Chen Jing"},
    "minutes": lambda w, x, p: {"minutes": "SRv6 and EVPN discussed."},
    "workshop_minutes": lambda w, x, p: {"minutes": "SRv6 and EVPN discussed."},
    "follow-ups": lambda w, x, p: {"text": "Send the list.", "owner": "Zhang", "due": "2027-01-10"},
    "workshop_follow_up": lambda w, x, p: {
        "text": "Send the list.",
        "owner": "Zhang",
        "due": "2027-01-10",
    },
    "cancel": lambda w, x, p: {"reason": "The customer postponed it."},
    "workshop_cancel": lambda w, x, p: {"reason": "The customer postponed it."},
    "done": lambda w, x, p: {"done": True},
    "follow_up_done": lambda w, x, p: {"done": "on"},
}


def _body_key(name: str) -> str:
    """``api:workshop-follow-ups`` → ``follow-ups``, ``api:workshop-held`` → ``held``, a
    page's name as it is."""
    short = name.split(":", 1)[1]
    if not name.startswith("api:"):
        return short
    return "follow-ups" if short.endswith("follow-ups") else short.rsplit("-", 1)[-1]


def _check_object_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """An action on the own and the foreign object: ``case.ok`` for who may act; through
    the API 403 for who sees the object but may not; else 404."""
    page = not name.startswith("api:")
    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        body = BODIES.get(_body_key(name), lambda w, x, p: {})(world, which, page)
        url = reverse(name, kwargs=case.lookup(obj))
        with light_publishing():
            if page:
                response = client.post(url, body)
            else:
                response = client.post(url, json.dumps(body), content_type="application/json")
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


def _customer_body(name: str, code: str) -> tuple[dict[str, Any], bool]:
    if name == "consulting:assessment_submit":
        upload = BytesIO(b"# Proposal\n\nMore leaves.\n")
        upload.name = "proposal.md"
        body = {
            "file": upload,
            "title": "Leaf expansion",
            "proposal_kind": "expansion",
            "context": "More servers next year.",
        }
        return body, True
    return {"topic": "SRv6 in the WAN", "description": "Where to start."}, False


def _check_customer_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Submitting or asking for a customer named in the URL: who may raise its requests
    gets ``case.ok``; anyone else 404."""
    for which in ("own", "foreign"):
        code = world.obj("customer", which).code
        body, _multipart = _customer_body(name, code)
        response = client.post(reverse(name, kwargs={"code": code}), body)
        if anon:
            _anonymous(name, response)
            continue
        expected = case.ok if _allowed(case.sees_own, role, which) else 404
        assert response.status_code == expected, (which, response.status_code, response.content)


POST = "consulting_post"
CASES = {
    "api:proposal-assessment-list": Case("list", "assessment", SEES_OWN),
    "api:proposal-assessment-detail": Case("detail", "assessment", SEES_OWN),
    "api:proposal-assessment-file": Case("detail", "assessment", SEES_OWN),
    "api:proposal-assessment-reviewers": Case(POST, "assessment", STAFF, ok=201),
    "api:proposal-assessment-findings": Case(POST, "assessment", STAFF, ok=201),
    "api:proposal-assessment-conclude": Case(POST, "assessment", STAFF),
    "api:proposal-assessment-publish": Case(POST, "assessment", STAFF),
    "api:assessment-finding-list": Case("list", "assessment_finding", SEES_OWN),
    "api:assessment-finding-detail": Case("detail", "assessment_finding", SEES_OWN),
    "api:workshop-list": Case("list", "workshop", SEES_OWN),
    "api:workshop-detail": Case("detail", "workshop", SEES_OWN),
    "api:workshop-experts": Case(POST, "workshop", STAFF, ok=201),
    "api:workshop-schedule": Case(POST, "workshop", STAFF),
    "api:workshop-attendees": Case(POST, "workshop", STAFF, ok=201),
    "api:workshop-held": Case(POST, "workshop", STAFF),
    "api:workshop-minutes": Case(POST, "workshop_held", STAFF),
    "api:workshop-follow-ups": Case(POST, "workshop", STAFF, ok=201),
    "api:workshop-cancel": Case(POST, "workshop", STAFF),
    "api:workshop-publish": Case(POST, "workshop_held", STAFF),
    "api:workshop-follow-up-list": Case("list", "follow_up", SEES_OWN),
    "api:workshop-follow-up-detail": Case("detail", "follow_up", SEES_OWN),
    "api:workshop-follow-up-done": Case(POST, "follow_up", STAFF),
    "consulting:index": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "consulting:assessment_submit": Case("consulting_customer_post", "customer", SEES_OWN, ok=302),
    "consulting:workshop_request": Case("consulting_customer_post", "customer", SEES_OWN, ok=302),
    "consulting:assessment_detail": Case("page_detail", "assessment", SEES_OWN),
    "consulting:assessment_file": Case("page_detail", "assessment", SEES_OWN),
    "consulting:assessment_reviewer": Case(POST, "assessment", STAFF, ok=302),
    "consulting:assessment_finding": Case(POST, "assessment", STAFF, ok=302),
    "consulting:assessment_conclude": Case(POST, "assessment", STAFF, ok=302),
    "consulting:assessment_reopen": Case(POST, "assessment_published", STAFF, ok=302),
    "consulting:assessment_publish": Case(POST, "assessment", STAFF, ok=302),
    "consulting:workshop_detail": Case("page_detail", "workshop", SEES_OWN),
    "consulting:workshop_expert": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_schedule": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_attendee": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_held": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_minutes": Case(POST, "workshop_held", STAFF, ok=302),
    "consulting:workshop_follow_up": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_cancel": Case(POST, "workshop", STAFF, ok=302),
    "consulting:workshop_publish": Case(POST, "workshop_held", STAFF, ok=302),
    "consulting:follow_up_done": Case(POST, "follow_up", STAFF, ok=302),
}

CHECKS = {
    POST: _check_object_post,
    "consulting_customer_post": _check_customer_post,
}
