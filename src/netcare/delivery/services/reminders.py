"""The hourly sweep that keeps the service on time.

``run_reminders`` tells owners of obligations due soon (each person's own lead time),
alerts owners, the RAM/ASM of the contract and — on their dashboards — admins about
overdue obligations, reminds the RAM or ASM whose contact cadence has lapsed, alerts
the leads about missed first responses, and retries e-mail that could not be sent.
Every message carries a key naming what it is about, so running it twice (a
redelivered task, two clusters) tells nobody anything twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from netcare.contracts.models import Contract
from netcare.delivery.models import Obligation, ServicePlan, ServiceRequest
from netcare.delivery.services.contacts import cadence_days, last_contact
from netcare.delivery.services.obligations import lead_holders, responsible
from netcare.delivery.services.requests import local_zone, request_link
from netcare.notifications.services import notify, preference_for, send_pending_email

#: Longest lead time anyone may choose; obligations further out are not looked at.
MAX_LEAD_DAYS = 60
ROLE_WORDS = {
    "l2_expert": ("专属L2专家", "dedicated L2 expert"),
    "asm": ("大客户经理", "key account manager"),
}


def _link(obligation: Obligation) -> str:
    return reverse("delivery:obligation_detail", kwargs={"pk": obligation.pk})


def _live() -> Q:
    """Obligations that count: of an active contract, and either in a plan the customer
    has seen or made at activation (draft proposals are still being edited)."""
    return Q(plan__contract__status=Contract.Status.ACTIVE) & (
        ~Q(plan__state=ServicePlan.State.DRAFT) | ~Q(origin=Obligation.Origin.GENERATED)
    )


def remind_due(today: dt.date, now: dt.datetime) -> int:
    sent = 0
    upcoming = (
        Obligation.objects.filter(_live(), state=Obligation.State.OPEN)
        .filter(due__gte=today, due__lte=today + dt.timedelta(days=MAX_LEAD_DAYS))
        .select_related("customer", "owner", "co_owner", "plan__contract")
    )
    for obligation in upcoming:
        days = (obligation.due - today).days
        told = []
        for person in responsible(obligation, today):
            if days > preference_for(person).remind_days_before:
                continue
            told += notify(
                [person],
                "obligation_reminder",
                {"obligation": obligation, "days": days},
                key=f"obligation:{obligation.pk}:reminder:{obligation.due.isoformat()}",
                customer=obligation.customer,
                link=_link(obligation),
            )
        if told:
            Obligation.objects.filter(pk=obligation.pk).update(reminded_at=now)
            sent += len(told)
    return sent


def alert_overdue(today: dt.date, now: dt.datetime) -> int:
    sent = 0
    late = Obligation.objects.filter(_live(), state=Obligation.State.OPEN, due__lt=today)
    for obligation in late.select_related("customer", "owner", "co_owner", "plan__contract"):
        owners = responsible(obligation, today)
        ram, asm = lead_holders(obligation.plan.contract, "both", today)
        told = notify(
            [*owners, ram, asm],
            "obligation_overdue",
            {
                "obligation": obligation,
                "days": (today - obligation.due).days,
                "owner": owners[0] if owners else None,
            },
            key=f"obligation:{obligation.pk}:overdue:{obligation.due.isoformat()}",
            customer=obligation.customer,
            link=_link(obligation),
        )
        if told:
            Obligation.objects.filter(pk=obligation.pk).update(overdue_alerted_at=now)
            sent += len(told)
    return sent


def remind_contact_lapses(today: dt.date) -> int:
    sent = 0
    contracts = (
        Contract.objects.active_on(today)
        .filter(service_plan__isnull=False)
        .select_related("customer")
    )
    for contract in contracts:
        for role in ("l2_expert", "asm"):
            days = cadence_days(contract, role)
            if days is None:
                continue
            last = last_contact(contract, role)
            since = last or contract.start
            if (today - since).days <= days:
                continue
            holder, _ = lead_holders(contract, role, today)
            words = ROLE_WORDS[role]
            sent += len(
                notify(
                    [holder],
                    "contact_lapsed",
                    {
                        "contract": contract,
                        "last": last,
                        "days": (today - since).days,
                        "role_zh": words[0],
                        "role_en": words[1],
                        "cadence_zh": f"每{days}天",
                        "cadence_en": f"every {days} days",
                    },
                    key=f"contract:{contract.pk}:contact:{role}:{since.isoformat()}",
                    customer=contract.customer,
                    link=reverse("delivery:contact_list", kwargs={"code": contract.customer.code}),
                )
            )
    return sent


def alert_missed_responses(now: dt.datetime) -> int:
    sent = 0
    missed = ServiceRequest.objects.filter(
        state=ServiceRequest.State.OPEN,
        first_response_at__isnull=True,
        first_response_due__lt=now,
    ).select_related("customer", "contract", "routed_to", "raised_by")
    for request in missed:
        ram, asm = (
            lead_holders(request.contract, "both", timezone.localdate(now))
            if request.contract
            else (None, None)
        )
        told = notify(
            [request.routed_to, ram, asm],
            "request_response_missed",
            {
                "request": request,
                "due_local": request.first_response_due.astimezone(local_zone(request.customer)),
            },
            key=f"request:{request.pk}:missed",
            customer=request.customer,
            link=request_link(request),
        )
        if told or request.missed_alerted_at is None:
            ServiceRequest.objects.filter(pk=request.pk).update(missed_alerted_at=now)
        sent += len(told)
    return sent


def run_reminders(now: dt.datetime | None = None) -> dict[str, Any]:
    """One sweep; ``now`` is explicit so tests run it on a frozen clock."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    counts: Counter[str] = Counter()
    counts["reminders"] = remind_due(today, moment)
    counts["overdue"] = alert_overdue(today, moment)
    counts["contact_lapses"] = remind_contact_lapses(today)
    counts["missed_responses"] = alert_missed_responses(moment)
    counts["emails"] = send_pending_email()
    return dict(counts)
