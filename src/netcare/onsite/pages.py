"""Read models for the onsite pages and the customer timeline.

The customer sees its visits and its person-days (granted, used, left, by visit) with
the warning when less than one day is left; the forms (dispatch, log, approve, cancel,
publish) are the vendor's and only staff contexts carry them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from netcare.core import access
from netcare.core.people import display_name
from netcare.customers.models import Customer
from netcare.delivery.pages import Event
from netcare.onsite.forms import ApproveForm, CancelForm, DispatchForm, LogDayForm, PublishForm
from netcare.onsite.models import Visit
from netcare.onsite.services import quota
from netcare.onsite.services.visits import OPEN_STATES


def overview(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's onsite page: quota, warning, visits, and (for the RAM) dispatch."""
    found = quota.quota_for(customer)
    staff = access.is_staff_for(user, customer)
    context: dict[str, Any] = {
        "customer": customer,
        "quota": found,
        "visits": Visit.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("engineer", "site", "request", "deliverable")
        .order_by("-planned_date", "-id"),
        "staff": staff,
    }
    if access.may(user, "dispatch_onsite", customer) and user.is_authenticated:
        context["dispatch_form"] = DispatchForm(
            customer=customer, initial={"planned_date": timezone.localdate()}
        )
    return context


def visit_detail(visit: Visit, user: Any) -> dict[str, Any]:
    """One visit: who, where, when, the days and their person-days; staff get the forms
    the visit's state allows."""
    customer = visit.customer
    days = list(visit.days.select_related("ledger_entry", "ledger_entry__approved_by"))
    context: dict[str, Any] = {
        "customer": customer,
        "visit": visit,
        "days": days,
        "total": sum((d.ledger_entry.amount for d in days), start=Decimal(0)),
        "quota": quota.quota_for(customer),
        "staff": access.is_staff_for(user, customer),
    }
    if not context["staff"]:
        return context
    open_ = visit.state in OPEN_STATES
    may_log = access.may(user, "log_onsite", customer)
    if open_ and may_log:
        context["log_form"] = LogDayForm(initial={"date": timezone.localdate()})
    if visit.state == Visit.State.DISPATCHED and may_log:
        context["may_arrive"] = True
    if visit.state == Visit.State.DISPATCHED and access.may(user, "dispatch_onsite", customer):
        context["cancel_form"] = CancelForm()
    if open_ and access.is_admin(user):
        context["approve_form"] = ApproveForm()
    if visit.state == Visit.State.ON_SITE and access.may(user, "publish_deliverables", customer):
        context["publish_form"] = PublishForm(
            initial={"work_done": visit.work_done, "follow_ups": visit.follow_ups}
        )
    return context


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def timeline_events(customer: Customer, user: Any) -> list[Event]:
    """Each visit on the customer's timeline on its date (cancelled ones too, so the
    story is complete); the published record is already a deliverable event."""
    events = []
    for visit in (
        Visit.objects.visible_to(user).filter(customer=customer).select_related("engineer", "site")
    ):
        where = f" · {visit.site.name}" if visit.site is not None else ""
        events.append(
            Event(
                visit.starts_at or _at(visit.planned_date),
                "onsite_visit",
                f"{visit.title}",
                f"{display_name(visit.engineer)}{where} · {visit.get_state_display()}",
                reverse("onsite:visit_detail", kwargs={"pk": visit.pk}),
            )
        )
    return events


def calendar_entries(user: Any, start: Any, end: Any, customer_code: str) -> list[Any]:
    """Onsite visits on the plan calendar, on their planned day."""
    from django.urls import reverse

    found = (
        Visit.objects.visible_to(user)
        .filter(planned_date__gte=start, planned_date__lte=end)
        .exclude(state="cancelled")
        .select_related("customer")
    )
    if customer_code:
        found = found.filter(customer__code=customer_code)
    return [
        (
            v.planned_date,
            f"{v.customer.code} {v.title}",
            reverse("onsite:visit_detail", kwargs={"pk": v.pk}),
        )
        for v in found
    ]
