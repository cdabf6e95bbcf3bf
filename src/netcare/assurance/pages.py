"""Read models of the assurance pages, and the customer timeline's assurance events.

Customers see their own changes and periods with everything recorded on them; a
reviewer-only member sees the changes it reviews (``visible_to`` decides). The forms
are offered to whoever may use them.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from netcare.assurance import forms
from netcare.assurance.models import ChangeAssurance, CriticalPeriod, Review
from netcare.assurance.services import reviews, rosters
from netcare.core import access
from netcare.customers.models import Customer
from netcare.inspection.models import HardeningStep
from netcare.web.work import WorkItem


def change_list(customer: Customer, user: Any) -> dict[str, Any]:
    changes = ChangeAssurance.objects.visible_to(user).filter(customer=customer)
    may_file = access.may(user, "file_changes", customer)
    return {
        "customer": customer,
        "changes": list(
            changes.prefetch_related("reviews__reviewer").order_by("-starts_at", "-id")
        ),
        "form": forms.ChangeForm(customer=customer, user=user) if may_file else None,
    }


def change_detail(change: ChangeAssurance, user: Any) -> dict[str, Any]:
    customer = change.customer
    manage = access.may(user, "manage_changes", customer)
    mine = [
        r
        for r in reviews.current_reviews(change)
        if r.reviewer_id == user.pk and not r.decision and change.state == "in_review"
    ]
    return {
        "customer": customer,
        "change": change,
        "devices": list(change.devices.order_by("hostname")),
        # Hardening steps are the vendor's working material (customers see the plan's
        # published report, not its rows).
        "hardening": list(
            HardeningStep.objects.visible_to(user)
            .filter(pk__in=change.hardening_steps.values("pk"))
            .select_related("device")
        ),
        "reviews": list(change.reviews.select_related("reviewer").order_by("-round", "id")),
        "reasons": reviews.return_reasons(change) if change.state == "returned" else [],
        "roster": list(rosters.roster_of(change)),
        "events": list(rosters.events_of(change)),
        "may_file": access.may(user, "file_changes", customer),
        "manage": manage,
        "may_log": access.may(user, "log_assurance", customer),
        "may_publish": access.may(user, "publish_deliverables", customer),
        "reviewer_form": forms.ReviewerForm() if manage else None,
        "roster_form": forms.RosterForm(customer=customer) if manage else None,
        "event_form": forms.EventForm(),
        "complete_form": forms.CompleteForm() if manage else None,
        "decide": [(r, forms.DecisionForm()) for r in mine],
    }


def my_reviews(user: Any) -> dict[str, Any]:
    found = Review.objects.visible_to(user).filter(reviewer_id=user.pk)
    return {"reviews": list(found.select_related("change", "customer").order_by("-named_at"))}


def period_list(customer: Customer, user: Any) -> dict[str, Any]:
    found = CriticalPeriod.objects.visible_to(user).filter(customer=customer)
    manage = access.may(user, "manage_periods", customer)
    return {
        "customer": customer,
        "periods": list(found.order_by("-starts_at", "-id")),
        "form": forms.PeriodForm(customer=customer, user=user) if manage else None,
    }


def period_detail(period: CriticalPeriod, user: Any) -> dict[str, Any]:
    customer = period.customer
    manage = access.may(user, "manage_periods", customer)
    items = list(period.items.select_related("done_by"))
    return {
        "customer": customer,
        "period": period,
        "phases": [
            (label, [i for i in items if i.phase == value]) for value, label in forms.Phase.choices
        ],
        "sites": list(period.sites.all()),
        "devices": list(period.devices.order_by("hostname")),
        "roster": list(rosters.roster_of(period)),
        "events": list(rosters.events_of(period)),
        "manage": manage,
        "may_log": access.may(user, "log_assurance", customer),
        "roster_form": forms.RosterForm(customer=customer) if manage else None,
        "item_form": forms.ItemForm() if manage else None,
        "event_form": forms.EventForm(),
        "summary_form": forms.SummaryForm(
            initial={
                "summary": period.summary,
                "issues": period.issues,
                "follow_ups": period.follow_ups,
            }
        )
        if manage
        else None,
    }


def timeline_events(customer: Customer, user: Any) -> list[Any]:
    """Changes and critical periods on the customer's timeline (delivery.pages)."""
    from netcare.delivery.pages import Event

    events = []
    for change in ChangeAssurance.objects.visible_to(user).filter(customer=customer):
        when = change.starts_at or change.created
        link = reverse("assurance:change_detail", kwargs={"pk": change.pk})
        events.append(
            Event(
                when,
                "change_assurance",
                _("Change: %s") % change.title,
                change.get_state_display(),
                link,
            )
        )
    for period in CriticalPeriod.objects.visible_to(user).filter(customer=customer):
        when = period.starts_at or period.created
        link = reverse("assurance:period_detail", kwargs={"pk": period.pk})
        events.append(
            Event(
                when,
                "critical_period",
                _("Critical period: %s") % period.title,
                period.get_state_display(),
                link,
            )
        )
    return events


def work_items(user: Any) -> list[WorkItem]:
    """Changes waiting for this user's decision (as a named reviewer)."""
    from django.urls import reverse

    waiting = (
        ChangeAssurance.objects.visible_to(user)
        .filter(state="in_review", reviews__reviewer=user, reviews__decision="")
        .select_related("customer")
        .distinct()
    )
    return [
        WorkItem(
            "reviews",
            change.title,
            change.customer.code,
            reverse("assurance:change_detail", kwargs={"pk": change.pk}),
            change.starts_at,
            str(_("change assurance")),
        )
        for change in waiting
    ]


def calendar_entries(user: Any, start: Any, end: Any, customer_code: str) -> list[Any]:
    """Change windows and critical periods on the plan calendar."""
    from netcare.delivery.pages import engagement_days

    return [
        *engagement_days(
            ChangeAssurance.objects, user, start, end, customer_code, "assurance:change_detail"
        ),
        *engagement_days(
            CriticalPeriod.objects, user, start, end, customer_code, "assurance:period_detail"
        ),
    ]
