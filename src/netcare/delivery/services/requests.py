"""Service requests: intake in the portal, routing, first response and closing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.contracts.models import ServiceItem
from netcare.contracts.services import assignee, current_contract
from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import ServiceRequest
from netcare.delivery.services.plans import calendar_for
from netcare.notifications.services import notify

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: First response when the catalog names none for the item or its lead's service item.
DEFAULT_RESPONSE_WORKING_DAYS = 1
LEAD_SERVICE_ITEM = {"l2_expert": "l2_expert_service", "asm": "asm_service"}


def local_zone(customer: Customer) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(customer.time_zone or "Asia/Shanghai")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Shanghai")


def route(kind: str) -> tuple[ServiceItem, str, int]:
    """(catalog item, role, response working days) for a kind of request.

    Technical kinds go to the L2 expert and critical periods and relationship matters to
    the account manager, as the catalog's lead of the item says; the response time is the
    item's own, else that of the lead's service item (items 1 and 12), else one day.
    """
    if kind not in ServiceRequest.ITEM_BY_KIND:
        raise ValidationError({"kind": f"unknown kind of request {kind!r}"})
    item = ServiceItem.objects.get(code=ServiceRequest.ITEM_BY_KIND[kind])
    role = item.lead if item.lead in LEAD_SERVICE_ITEM else "l2_expert"
    days = item.response_working_days
    if days is None:
        lead_item = ServiceItem.objects.filter(code=LEAD_SERVICE_ITEM[role]).first()
        days = lead_item.response_working_days if lead_item is not None else None
    return item, role, days or DEFAULT_RESPONSE_WORKING_DAYS


def first_response_due(customer: Customer, received: dt.datetime, working_days: int) -> dt.datetime:
    """The deadline on the customer's regional calendar, in the customer's time zone."""
    zone = local_zone(customer)
    local = received.astimezone(zone)
    return calendar_for(customer).working_deadline(local, working_days)


def request_link(request: ServiceRequest) -> str:
    return reverse("delivery:request_detail", kwargs={"pk": request.pk})


@transaction.atomic
def do_raise_request(
    customer: Customer,
    *,
    kind: str,
    title: str,
    text: str,
    actor: Actor,
    wanted_date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> ServiceRequest:
    """Raise a request for the customer (its users, or its RAM/ASM on its behalf).

    It is routed to the RAM or ASM named on the current contract, with its first
    response due on the customer's working-day calendar; the person it is routed to is
    told at once.
    """
    require(actor, "raise_requests", customer)
    item, role, days = route(kind)
    received = at or timezone.now()
    contract = current_contract(customer, timezone.localdate(received))
    routed_to = assignee(contract, role, timezone.localdate(received)) if contract else None
    request = save_validated(
        ServiceRequest(customer=customer, raised_by=access.recorded_user(actor)),
        actor=actor,
        contract=contract,
        item=item,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        wanted_date=wanted_date,
        raised_at=received,
        routed_role=role,
        routed_to=routed_to,
        response_working_days=days,
        first_response_due=first_response_due(customer, received, days),
    )
    notify(
        [routed_to],
        "request_raised",
        {
            "request": request,
            "due_local": request.first_response_due.astimezone(local_zone(customer)),
        },
        key=f"request:{request.pk}:raised",
        customer=customer,
        link=request_link(request),
    )
    return request


@transaction.atomic
def do_respond_request(
    request: ServiceRequest, *, response: str, actor: Actor, at: dt.datetime | None = None
) -> ServiceRequest:
    """Give the first response (later answers are added to it); the raiser is told."""
    require(actor, "answer_requests", request.customer_id)
    if request.state == ServiceRequest.State.CLOSED:
        raise ValidationError({"state": "this request is closed"})
    if not response.strip():
        raise ValidationError({"response": "write the response"})
    first = request.first_response_at is None
    when = at or timezone.now()
    stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    text = response.strip() if first else f"{request.response}\n\n[{stamp}] {response.strip()}"
    changes: dict[str, Any] = {"response": text, "state": ServiceRequest.State.ANSWERED}
    if first:
        changes.update(first_response_at=when, first_responder=actor)
    save_validated(request, actor=actor, **changes)
    notify(
        [request.raised_by],
        "request_answered",
        {"request": request},
        key=f"request:{request.pk}:answered:{stamp}",
        customer=request.customer,
        link=request_link(request),
    )
    return request


@transaction.atomic
def do_close_request(request: ServiceRequest, *, resolution: str, actor: Actor) -> ServiceRequest:
    """Close a request with what was done (the leads, or the customer who raised it)."""
    raised_it = request.raised_by_id == getattr(actor, "pk", None)
    if not raised_it:
        require(actor, "answer_requests", request.customer_id)
    if request.state == ServiceRequest.State.CLOSED:
        return request
    return save_validated(
        request,
        actor=actor,
        state=ServiceRequest.State.CLOSED,
        closed_at=timezone.now(),
        resolution=resolution.strip(),
    )
