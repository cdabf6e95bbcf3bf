"""Access-matrix rows for deliverables, the service plan, obligations, contact logs,
service requests, calendars, reviews and the timeline.

Customers see published deliverables and their plan once sent (the world's plans are
confirmed); contact logs are the service team's. Actions answer 404 to whoever cannot
see the object, 403 to whoever sees it but may not act, and otherwise the service's
answer (400 when the state forbids it, e.g. sending a plan already confirmed).
"""

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


#: Who may act, by URL name: a role of the customer concerned ("staff" = its RAM; the
#: "customer_admin" of the own customer is "other_customer" of the foreign one).
ALLOWED = {
    "api:service-plan-generate": {"staff", "admin"},
    "api:service-plan-send": {"staff", "admin"},
    "api:service-plan-confirm": {"customer_admin"},
    "api:service-plan-request-changes": {"customer_admin"},
    "api:service-plan-choose": {"customer_admin", "admin"},
    "api:obligation-waive": {"staff", "admin"},
    "api:service-request-respond": {"staff", "admin"},
    "api:service-request-close": {"staff", "admin", "customer_admin"},
    "delivery:plan_action": {"staff", "admin"},
}
#: What an allowed caller gets for the world's (confirmed) plan.
OK = {
    "api:service-plan-send": 400,
    "api:service-plan-confirm": 400,
    "api:service-plan-request-changes": 400,
    "delivery:plan_action": 302,
}
BODIES: dict[str, dict[str, Any]] = {
    "api:service-plan-choose": {"choices": {"inspection": {"choice": "later"}}},
    "api:obligation-waive": {"reason": "customer declined"},
    "api:service-plan-request-changes": {"comment": "please move the kickoff"},
    "api:service-request-respond": {"text": "on it"},
    "delivery:plan_action": {"action": "generate"},
}


def _role_for(role: str, which: str) -> str | None:
    """The role ``role`` holds for the own or foreign customer (None: not a member)."""
    if role == "admin":
        return "admin"
    own = {
        "customer_viewer": "customer_viewer",
        "customer_admin": "customer_admin",
        "member_staff": "staff",
    }
    foreign = {"other_customer": "customer_admin", "nonmember_staff": "staff"}
    return (own if which == "own" else foreign).get(role)


def _check_post(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    import json

    for which in ("own", "foreign"):
        obj = world.obj(case.model, which)
        url = reverse(name, kwargs=case.lookup(obj))
        body = BODIES.get(name, {})
        if name.startswith("api:"):
            response = client.post(url, json.dumps(body), content_type="application/json")
        else:
            response = client.post(url, body)
        held = _role_for(role, which)
        if anon:
            expected = 401 if name.startswith("api:") else 302
        elif held is None:
            expected = 404
        elif held in ALLOWED[name]:
            expected = OK.get(name, 200)
        else:
            expected = 403
        assert response.status_code == expected, (which, response.status_code, response.content)


def _check_page_staff(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Staff pages of a customer: its team 200, its users 403, anyone else 404."""
    for which in ("own", "foreign"):
        url = reverse(name, kwargs=case.lookup(world.obj(case.model, which)))
        response = client.get(url)
        held = _role_for(role, which)
        if anon:
            assert response.status_code == 302 and reverse("web:login") in response["Location"]
            continue
        expected = 404 if held is None else 200 if held in {"staff", "admin"} else 403
        assert response.status_code == expected, which


def _check_page_mine(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    """Lists across customers: every signed-in user, each seeing what the rule allows."""
    response = client.get(reverse(name) + "?scope=all&state=all")
    if anon:
        assert response.status_code == 302 and reverse("web:login") in response["Location"]
        return
    assert response.status_code == 200
    body = response.content.decode()
    for which, allowed in (("own", role in case.sees_own), ("foreign", sees_foreign(case, role))):
        link = reverse("delivery:obligation_detail", kwargs={"pk": world.obj(case.model, which).pk})
        assert (link in body) == allowed, which


def _check_calendar(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    for which, allowed in (("own", role in SEES_OWN), ("foreign", sees_foreign(case, role))):
        code = world.obj("customer", which).code
        answer = client.get(reverse(name) + f"?customer={code}&month=2026-06")
        assert answer.status_code == (200 if allowed else 404), which


def _check_signed_in_post(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    response = client.post(reverse(name))
    assert response.status_code == 302
    if anon:
        assert reverse("web:login") in response["Location"]


def _check_feed(world: Any, client: Client, name: str, case: Case, role: str, anon: bool) -> None:
    """The feed needs no sign-in: the token is the key; a wrong token is 404 for all."""
    from netcare.delivery.services.calendars import feed_for

    feed = feed_for(world.users["member_staff"])
    response = client.get(reverse(name, kwargs={"token": feed.token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content
    assert client.get(reverse(name, kwargs={"token": "x" * 32})).status_code == 404


def _review(obj: Any) -> dict[str, Any]:
    return {"code": obj.code, "milestone": "mid_term"}


CASES = {
    "api:deliverable-list": Case("list", "deliverable", SEES_OWN),
    "api:deliverable-detail": Case("draft_hidden", "deliverable", SEES_OWN),
    "api:deliverable-publish": Case("action_detail", "deliverable", SEES_OWN),
    "api:deliverable-withdraw": Case("action_detail", "deliverable", SEES_OWN),
    "api:deliverable-file-list": Case("list", "deliverable_file", SEES_OWN),
    "api:deliverable-file-detail": Case("detail", "deliverable_file", SEES_OWN),
    "api:deliverable-file-download": Case("download", "deliverable_file", SEES_OWN),
    "api:service-plan-list": Case("list", "plan", SEES_OWN),
    "api:service-plan-detail": Case("detail", "plan", SEES_OWN),
    "api:service-plan-generate": Case("post", "plan", SEES_OWN),
    "api:service-plan-send": Case("post", "plan", SEES_OWN),
    "api:service-plan-confirm": Case("post", "plan", SEES_OWN),
    "api:service-plan-request-changes": Case("post", "plan", SEES_OWN),
    "api:service-plan-choose": Case("post", "plan", SEES_OWN),
    "api:obligation-list": Case("list", "obligation", SEES_OWN),
    "api:obligation-detail": Case("detail", "obligation", SEES_OWN),
    "api:obligation-waive": Case("post", "obligation", SEES_OWN),
    "api:contact-log-list": Case("list", "contact_log", STAFF_SEES_OWN),
    "api:contact-log-detail": Case("detail", "contact_log", STAFF_SEES_OWN),
    "api:service-request-list": Case("list", "service_request", SEES_OWN),
    "api:service-request-detail": Case("detail", "service_request", SEES_OWN),
    "api:service-request-respond": Case("post", "service_request", SEES_OWN),
    "api:service-request-close": Case("post", "service_request", SEES_OWN),
    "delivery:deliverable_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "delivery:plan_detail": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "delivery:plan_choices": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "delivery:plan_action": Case("post", "customer", SEES_OWN, lookup=by_code),
    "delivery:request_list": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "delivery:timeline": Case("page_detail", "customer", SEES_OWN, lookup=by_code),
    "delivery:contact_list": Case("page_staff", "customer", STAFF_SEES_OWN, lookup=by_code),
    "delivery:review": Case("page_staff", "customer", STAFF_SEES_OWN, lookup=_review),
    "delivery:obligation_list": Case("page_mine", "obligation", SEES_OWN),
    "delivery:overdue_list": Case("page_mine", "obligation", SEES_OWN),
    "delivery:obligation_detail": Case("page_detail", "obligation", SEES_OWN),
    "delivery:request_detail": Case("page_detail", "service_request", SEES_OWN),
    "delivery:calendar": Case("calendar", "customer", SEES_OWN),
    "delivery:calendar_reset": Case("signed_in_post"),
    "delivery:calendar_feed": Case("feed"),
}

CHECKS = {
    "draft_hidden": _check_draft_hidden,
    "download": _check_download,
    "action_detail": _check_action_detail,
    "post": _check_post,
    "page_staff": _check_page_staff,
    "page_mine": _check_page_mine,
    "calendar": _check_calendar,
    "signed_in_post": _check_signed_in_post,
    "feed": _check_feed,
}
