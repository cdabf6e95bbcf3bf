"""Read models for the care pages (the views render what these return)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from netcare.care.models import CareMessage, CareTouch
from netcare.care.services import documents, messages, touches
from netcare.contracts.services import current_contract
from netcare.core import access
from netcare.customers.models import Channel, Customer
from netcare.delivery.models import Obligation, ServicePlan

#: Past care obligations the agenda lists under "done".
PAST = 12


def plan_of(customer: Customer) -> ServicePlan | None:
    contract = current_contract(customer)
    return ServicePlan.objects.filter(contract=contract).first() if contract else None


def plan_document(customer: Customer, user: Any) -> dict[str, Any]:
    """The plan's documents the user may see; for staff, whether one can be generated."""
    plan = plan_of(customer)
    staff = access.is_staff_for(user, customer)
    visible = documents.documents_for(user, plan) if plan is not None else []
    return {
        "customer": customer,
        "plan": plan,
        "documents": visible,
        "staff": staff,
        "may_generate": bool(
            staff
            and plan is not None
            and plan.state == ServicePlan.State.CONFIRMED
            and access.may(user, "manage_plan", customer)
        ),
        "may_publish": staff and access.may(user, "publish_deliverables", customer),
        "kickoff": documents.kickoff_of(plan) if plan is not None else None,
    }


def agenda(customer: Customer, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    coming = touches.agenda(customer, today=today)
    past = list(
        touches.care_obligations(customer)
        .exclude(state=Obligation.State.OPEN)
        .filter(due__lte=today)
        .order_by("-due")[:PAST]
    )
    counts: dict[int, int] = {}
    for obligation_id in CareTouch.objects.filter(obligation__in=past).values_list(
        "obligation_id", flat=True
    ):
        counts[obligation_id] = counts.get(obligation_id, 0) + 1
    return {
        "customer": customer,
        "coming": coming,
        "past": [(o, counts.get(o.pk, 0)) for o in past],
        "today": today,
        "days": touches.AGENDA_DAYS,
    }


def obligation_detail(obligation: Obligation, user: Any) -> dict[str, Any]:
    row = touches.care_row(obligation, sender=access.recorded_user(user))
    return {
        "customer": obligation.customer,
        "obligation": obligation,
        "row": row,
        "channels": Channel.choices,
        "may_act": access.may(user, "care_for_customers", obligation.customer_id),
        "email": Channel.EMAIL,
    }


def message_list(customer: Customer, user: Any) -> dict[str, Any]:
    wording = messages.templates_for(customer)
    own = {
        (m.channel, m.language): m
        for m in CareMessage.objects.filter(customer=customer).select_related("updated_by")
    }
    rows = [
        {
            "channel": channel,
            "label": label,
            "language": language,
            "template": wording[(channel, language)],
            "own": own.get((channel, language)),
        }
        for channel, label in Channel.choices
        for language in messages.LANGUAGES
    ]
    return {
        "customer": customer,
        "rows": rows,
        "placeholders": messages.PLACEHOLDERS,
        "may_edit": access.may(user, "care_for_customers", customer),
        "sms_limits": messages.SMS_LIMITS,
    }


def obligation_link(obligation: Any) -> str | None:
    """Holiday care is drafted, sent and recorded on the obligation's care page."""
    from django.urls import reverse

    if obligation.kind == "holiday_care":
        return reverse("care:obligation_detail", kwargs={"pk": obligation.pk})
    return None
