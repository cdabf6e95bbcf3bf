"""The hourly sweep that keeps the service on time.

``run_reminders`` tells owners of obligations due soon (each person's own lead time),
alerts owners, the RAM/ASM of the contract and — on their dashboards — admins about
overdue obligations, reminds the RAM or ASM whose contact cadence has lapsed, alerts
the leads about missed first responses, and retries e-mail that could not be sent.
Every message carries a key naming what it is about, so running it twice (a
redelivered task, two clusters) tells nobody anything twice.

Each sweep reads its rows once, fetches what it needs for all of them (the RAM/ASM
holders of every contract, everyone's preferences, who was told already) in a fixed
number of queries, and hands all its messages to ``notify_many``: a sweep over thirty
late obligations costs what one over three does.
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
from netcare.delivery.services.contacts import cadences, last_contacts
from netcare.delivery.services.obligations import Holders, responsible
from netcare.delivery.services.requests import local_zone, request_link
from netcare.notifications.services import (
    Message,
    notify_many,
    preferences_for,
    send_pending_email,
)

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


def _open(*filters: Q, **lookups: Any) -> list[Obligation]:
    return list(
        Obligation.objects.filter(_live(), *filters, state=Obligation.State.OPEN, **lookups)
        .select_related("customer", "owner", "co_owner", "plan__contract")
        .order_by("due", "pk")
    )


def remind_due(today: dt.date, now: dt.datetime) -> int:
    upcoming = _open(due__gte=today, due__lte=today + dt.timedelta(days=MAX_LEAD_DAYS))
    holders = Holders.of(o.plan.contract for o in upcoming)
    people = {o.pk: responsible(o, today, holders[o.plan.contract_id]) for o in upcoming}
    preferences = preferences_for(p for found in people.values() for p in found)
    messages: list[Message] = []
    about: list[int] = []
    for obligation in upcoming:
        days = (obligation.due - today).days
        for person in people[obligation.pk]:
            if days > preferences[person.pk].remind_days_before:
                continue
            messages.append(
                Message(
                    [person],
                    "obligation_reminder",
                    {"obligation": obligation, "days": days},
                    key=f"obligation:{obligation.pk}:reminder:{obligation.due.isoformat()}",
                    customer=obligation.customer,
                    link=_link(obligation),
                )
            )
            about.append(obligation.pk)
    told = notify_many(messages)
    reminded = {pk for pk, written in zip(about, told, strict=True) if written}
    if reminded:
        Obligation.objects.filter(pk__in=reminded).update(reminded_at=now)
    return sum(len(written) for written in told)


def alert_overdue(today: dt.date, now: dt.datetime) -> int:
    late = _open(due__lt=today)
    holders = Holders.of(o.plan.contract for o in late)
    messages: list[Message] = []
    for obligation in late:
        held = holders[obligation.plan.contract_id]
        owners = responsible(obligation, today, held)
        ram, asm = held("both", today)
        messages.append(
            Message(
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
        )
    told = notify_many(messages)
    alerted = [o.pk for o, written in zip(late, told, strict=True) if written]
    if alerted:
        Obligation.objects.filter(pk__in=alerted).update(overdue_alerted_at=now)
    return sum(len(written) for written in told)


def remind_contact_lapses(today: dt.date) -> int:
    contracts = list(
        Contract.objects.active_on(today)
        .filter(service_plan__isnull=False)
        .select_related("customer")
    )
    holders = Holders.of(contracts)
    cadence = cadences(contracts)
    last_of = last_contacts(contracts)
    messages: list[Message] = []
    for contract in contracts:
        for role in ("l2_expert", "asm"):
            days = cadence[(contract.pk, role)]
            if days is None:
                continue
            last = last_of.get((contract.pk, role))
            since = last or contract.start
            if (today - since).days <= days:
                continue
            holder, _ = holders[contract.pk](role, today)
            words = ROLE_WORDS[role]
            messages.append(
                Message(
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
    return sum(len(written) for written in notify_many(messages))


def alert_missed_responses(now: dt.datetime) -> int:
    missed = list(
        ServiceRequest.objects.filter(
            state=ServiceRequest.State.OPEN,
            first_response_at__isnull=True,
            first_response_due__lt=now,
        )
        .select_related("customer", "contract", "routed_to", "raised_by")
        .order_by("pk")
    )
    holders = Holders.of(r.contract for r in missed if r.contract is not None)
    today = timezone.localdate(now)
    messages: list[Message] = []
    for request in missed:
        ram, asm = holders[request.contract.pk]("both", today) if request.contract else (None, None)
        messages.append(
            Message(
                [request.routed_to, ram, asm],
                "request_response_missed",
                {
                    "request": request,
                    "due_local": request.first_response_due.astimezone(
                        local_zone(request.customer)
                    ),
                },
                key=f"request:{request.pk}:missed",
                customer=request.customer,
                link=request_link(request),
            )
        )
    told = notify_many(messages)
    alerted = [
        r.pk
        for r, written in zip(missed, told, strict=True)
        if written or r.missed_alerted_at is None
    ]
    if alerted:
        ServiceRequest.objects.filter(pk__in=alerted).update(missed_alerted_at=now)
    return sum(len(written) for written in told)


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
