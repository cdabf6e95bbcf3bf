"""Onsite visits: dispatch, arrival, the days logged against the quota, the admin's
over-quota approval, cancellation.

Every move of a visit goes through ``Visit.move_to`` (the flow refuses an illegal one
naming the legal moves). A logged day is booked through the contract's ledger
(``contracts.services.do_record_usage``) in the same transaction as the day itself, so
a day refused by the ledger's quota guard leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.contracts import services as contracts
from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer, Membership, Role, Site
from netcare.delivery.models import ServiceRequest
from netcare.delivery.services.requests import do_respond_request
from netcare.notifications.services import notify
from netcare.onsite.models import MAX_HOURS, Visit, VisitDay
from netcare.onsite.services.quota import entitlement_on, person_days, warn_if_low

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: Visits still under way: the ones an engineer logs days on.
OPEN_STATES = (Visit.State.DISPATCHED, Visit.State.ON_SITE)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def is_field_engineer(user: Any, customer: Customer | int) -> bool:
    """Whether ``user`` holds a field-engineer membership for this customer."""
    customer_id = customer if isinstance(customer, int) else customer.pk
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return False
    return Membership.objects.filter(
        user_id=user_id, customer_id=customer_id, role=Role.FIELD_ENGINEER
    ).exists()


def field_engineers(customer: Customer) -> list[Any]:
    """The people who may be dispatched to this customer (its field engineers)."""
    found = Membership.objects.filter(
        customer=customer, role=Role.FIELD_ENGINEER, user__is_active=True
    ).select_related("user")
    return sorted((m.user for m in found), key=lambda u: u.username)


def _ram(customer: Customer, day: dt.date) -> Any:
    """The RAM named on the contract: who owns a visit the system dispatched (CLI)."""
    contract = contracts.current_contract(customer, day)
    return contracts.assignee(contract, "l2_expert", day) if contract is not None else None


def _check_request(customer: Customer, request: ServiceRequest | None) -> None:
    if request is None:
        return
    if request.customer_id != customer.pk:
        raise ValidationError({"request": "the request belongs to another customer"})
    if request.kind != ServiceRequest.Kind.ONSITE_SUPPORT:
        raise ValidationError(
            {"request": f"request #{request.pk} asks for {request.kind}, not onsite support"}
        )
    if request.state == ServiceRequest.State.CLOSED:
        raise ValidationError({"request": f"request #{request.pk} is closed"})
    live = Visit.objects.filter(request=request).exclude(state=Visit.State.CANCELLED).first()
    if live is not None:
        raise ValidationError(
            {"request": f"request #{request.pk} is already answered by visit #{live.pk}"}
        )


@transaction.atomic
def do_dispatch(
    customer: Customer,
    *,
    engineer: Any,
    planned_date: dt.date,
    purpose: str,
    actor: Actor,
    site: Site | None = None,
    request: ServiceRequest | None = None,
    title: str = "",
    at: dt.datetime | None = None,
) -> Visit:
    """Send a field engineer to the customer on ``planned_date`` for ``purpose``.

    The RAM dispatches (``dispatch_onsite``); the engineer must already hold a
    field-engineer membership for this customer, so no one is sent — and let see the
    customer — by a dispatch alone. The date must fall in a contract that grants onsite
    person-days. Dispatched from an ``onsite_support`` request, the dispatch is the
    request's first response if it had none; the engineer is told.
    """
    require(actor, "dispatch_onsite", customer)
    if engineer is None or not is_field_engineer(engineer, customer):
        name = getattr(engineer, "username", engineer)
        raise ValidationError({"engineer": f"{name} is not a field engineer of {customer.code}"})
    if site is not None and site.customer_id != customer.pk:
        raise ValidationError({"site": "the site belongs to another customer"})
    if not purpose.strip():
        raise ValidationError({"purpose": "say what the engineer goes on site for"})
    _check_request(customer, request)
    entitlement_on(customer, planned_date)
    heading = title.strip() or purpose.strip().splitlines()[0][:200]
    visit = save_validated(
        Visit(customer=customer, created_by=access.recorded_user(actor)),
        actor=actor,
        request=request,
        title=heading,
        state=Visit.State.DISPATCHED,
        owner=access.recorded_user(actor) or _ram(customer, planned_date),
        engineer=engineer,
        site=site,
        planned_date=planned_date,
        purpose=purpose.strip(),
        starts_at=_at(planned_date, 9),
        created=at or timezone.now(),
    )
    if request is not None and request.first_response_at is None:
        where = f" · {site.name}" if site is not None else ""
        do_respond_request(
            request,
            response=f"已派遣现场工程师 {engineer.username}，{planned_date}{where}。 / "
            f"Field engineer {engineer.username} dispatched for {planned_date}{where}.",
            actor=actor,
            at=at,
        )
    notify(
        [engineer],
        "onsite_dispatched",
        {"visit": visit},
        key=f"onsite:visit:{visit.pk}:dispatched",
        customer=customer,
        link=reverse("onsite:visit_detail", kwargs={"pk": visit.pk}),
    )
    return visit


def _require_logger(visit: Visit, actor: Actor) -> None:
    """The RAM logs for anyone; a field engineer only for a visit they were sent on."""
    require(actor, "log_onsite", visit.customer_id)
    if actor is None or access.is_admin(actor):
        return
    if access.may(actor, "dispatch_onsite", visit.customer_id):
        return
    if getattr(actor, "pk", None) != visit.engineer_id:
        raise PermissionDenied("not allowed: log days of another engineer's visit")


def do_arrive(visit: Visit, *, actor: Actor) -> Visit:
    """The engineer is on site: ``dispatched → on_site``."""
    _require_logger(visit, actor)
    visit.move_to(Visit.State.ON_SITE)
    return save_validated(visit, actor=actor)


@transaction.atomic
def do_log_day(
    visit: Visit,
    *,
    date: dt.date,
    hours_onsite: Decimal,
    hours_travel: Decimal = Decimal(0),
    actor: Actor,
    note: str = "",
) -> VisitDay:
    """Log one day of the visit and book its person-days on the contract's ledger.

    A dispatched visit is on site from its first logged day. The ledger applies the
    contract's rule (hours on site, plus travel where the contract includes it, 8 hours
    a day, rounded up to half a day) and its quota guard: a day that would take the
    year past its quota is refused unless an admin approved this visit's overrun
    (``do_approve_overrun``), and the approval is then recorded on the ledger entry.
    Less than one day left afterwards warns the RAM and ASM (once a contract year).
    """
    _require_logger(visit, actor)
    # The row lock makes two logs of one visit (two tabs, a retry) take turns, and the
    # refresh lets the second see the state and approval the first left.
    Visit.objects.select_for_update().filter(pk=visit.pk).first()
    visit.refresh_from_db(fields=["state", "approved_by", "approval_note"])
    if visit.state not in OPEN_STATES:
        raise ValidationError(
            {"state": f"visit #{visit.pk} is {visit.state}: days are logged while it is open"}
        )
    if visit.days.filter(date=date).exists():
        raise ValidationError({"date": f"{date} is already logged for visit #{visit.pk}"})
    if date < visit.planned_date:
        raise ValidationError({"date": f"{date} is before the visit's date {visit.planned_date}"})
    if date > timezone.localdate():
        raise ValidationError({"date": f"{date} is in the future: log a day once it is worked"})
    day = VisitDay(
        customer=visit.customer,
        visit=visit,
        date=date,
        hours_onsite=hours_onsite,
        hours_travel=hours_travel,
        note=note.strip()[:300],
        created_by=access.recorded_user(actor),
    )
    day.full_clean(exclude=["ledger_entry"])
    if hours_onsite + hours_travel <= 0:
        raise ValidationError({"hours_onsite": "give the hours on site (and travelling)"})
    if hours_onsite + hours_travel > MAX_HOURS:
        raise ValidationError(
            {
                "hours_onsite": f"{hours_onsite} h on site and {hours_travel} h travelling "
                "exceed a day's 24 hours: log each day on its own"
            }
        )
    if visit.state == Visit.State.DISPATCHED:
        visit.move_to(Visit.State.ON_SITE)
        save_validated(visit, actor=actor)
    entitlement = entitlement_on(visit.customer, date)
    amount = person_days(entitlement, hours_onsite, hours_travel)
    status = contracts.quota_status(entitlement, date)
    over = status.used + amount > status.quota
    day.ledger_entry = contracts.do_record_usage(
        entitlement,
        date=date,
        description=f"现场技术支持 / Onsite support #{visit.pk}: {visit.title}"[:300],
        actor=actor,
        hours_onsite=hours_onsite,
        hours_travel=hours_travel,
        engineer=visit.engineer,
        record=visit,
        approved_by=visit.approved_by if over else None,
        approval_note=visit.approval_note if over else "",
    )
    save_validated(day, actor=actor)
    warn_if_low(entitlement, date)
    return day


def do_approve_overrun(visit: Visit, *, note: str, actor: Actor) -> Visit:
    """An admin's recorded consent that this visit's days may go past the year's quota.

    Only an admin approves, with a note saying why; the ledger checks both again on
    every day it books past the quota and keeps them on the entry.
    """
    if actor is None or not access.is_admin(actor):
        raise PermissionDenied("only an admin approves onsite days over the quota")
    if not note.strip():
        raise ValidationError({"approval_note": "say why the quota may be exceeded"})
    if visit.state not in OPEN_STATES:
        raise ValidationError({"state": f"visit #{visit.pk} is {visit.state}"})
    return save_validated(
        visit,
        actor=actor,
        approved_by=actor,
        approval_note=note.strip()[:300],
        approved_at=timezone.now(),
    )


def do_cancel(visit: Visit, *, reason: str, actor: Actor) -> Visit:
    """Call off a visit not yet begun (``dispatched → cancelled``), saying why; the
    request it answered stays open for another visit."""
    require(actor, "dispatch_onsite", visit.customer_id)
    if not reason.strip():
        raise ValidationError({"cancel_reason": "say why the visit is called off"})
    visit.move_to(Visit.State.CANCELLED)
    return save_validated(visit, actor=actor, cancel_reason=reason.strip()[:300])


def open_visits(customer: Customer, engineer: Any) -> list[Visit]:
    """The engineer's visits to the customer still under way, oldest first."""
    return list(
        Visit.objects.filter(customer=customer, engineer=engineer, state__in=OPEN_STATES).order_by(
            "planned_date", "id"
        )
    )
