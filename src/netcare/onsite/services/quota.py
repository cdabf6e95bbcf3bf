"""The onsite person-day quota as the customer and its team read it, and the warning
before it runs out.

Nothing here keeps an account of its own: granted, used and left come from the
contract's ledger (``contracts.services.quota_status``), and the rows "by visit" are
that ledger's entries, each tied to the visit day that booked it where there is one
(a manual collection visit or a booking made on the contract itself shows as such).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from netcare.contracts import services as contracts
from netcare.contracts import terms
from netcare.contracts.models import Contract, Entitlement, LedgerEntry
from netcare.customers.models import Customer
from netcare.notifications.services import notify
from netcare.onsite.models import Visit, VisitDay

ITEM = "onsite_support"
#: Below this many person-days left, the RAM and ASM are warned (once per contract year).
LOW_QUOTA = Decimal(1)


def person_days(entitlement: Entitlement, hours_onsite: Decimal, hours_travel: Decimal) -> Decimal:
    """What a day of these hours books under this contract: the ledger's own rule
    (``contracts.terms.person_days``) with the contract's choice on travel."""
    return terms.person_days(
        hours_onsite, hours_travel, travel_included=entitlement.travel_included
    )


def entitlement_on(customer: Customer, day: dt.date) -> Entitlement:
    """The onsite-support entitlement of the contract active on ``day``; a day outside
    every active contract, or a contract without onsite support, is refused by name."""
    contract = Contract.objects.filter(customer=customer).active_on(day).order_by("-start").first()
    if contract is None:
        raise ValidationError({"date": f"{customer.code} has no active contract on {day}"})
    found = (
        contract.entitlements.select_related("item", "contract")
        .filter(item__code=ITEM, enabled=True)
        .first()
    )
    if found is None or not found.has_quota:
        raise ValidationError({"date": f"contract {contract.number} grants no onsite person-days"})
    return found


@dataclass(frozen=True)
class Booking:
    """One ledger entry of the period, with the visit day that booked it (if any)."""

    entry: LedgerEntry
    day: VisitDay | None

    @property
    def visit(self) -> Visit | None:
        return self.day.visit if self.day is not None else None


@dataclass(frozen=True)
class VisitUse:
    """What one visit used in the period: its days and their person-days."""

    visit: Visit | None
    bookings: list[Booking]

    @property
    def days(self) -> Decimal:
        return sum((b.entry.amount for b in self.bookings), Decimal(0))

    @property
    def hours(self) -> Decimal:
        return sum((b.entry.total_hours or Decimal(0) for b in self.bookings), Decimal(0))


@dataclass(frozen=True)
class OnsiteQuota:
    """The customer's onsite quota in the current contract year: granted, used, left,
    and the use by visit (bookings without a visit grouped last, ``visit=None``)."""

    customer: Customer
    entitlement: Entitlement
    status: contracts.QuotaStatus
    uses: list[VisitUse]

    @property
    def low(self) -> bool:
        return self.status.left < LOW_QUOTA

    @property
    def over(self) -> bool:
        return self.status.left < 0


def quota_for(customer: Customer, on: dt.date | None = None) -> OnsiteQuota | None:
    """The onsite quota of the customer's current contract (None without one, or when
    the contract grants no onsite support). The caller has checked the user may see
    the customer; what it shows is the customer's own ledger."""
    return quotas_for([customer], on).get(customer.pk)


def quotas_for(customers: Iterable[Customer], on: dt.date | None = None) -> dict[int, OnsiteQuota]:
    """``quota_for`` of many customers in a fixed number of queries (a list of them
    costs the same for one customer and for all), by customer id."""
    wanted = {c.pk: c for c in customers}
    day = on or timezone.localdate()
    contracts_of: dict[int, Contract] = {}
    # The contract active that day, else the latest one (``contracts.current_contract``).
    found = Contract.objects.filter(customer_id__in=wanted)
    for contract in found.order_by("start"):
        contracts_of[contract.customer_id] = contract
    for contract in found.active_on(day).order_by("start"):
        contracts_of[contract.customer_id] = contract
    entitlements = (
        Entitlement.objects.filter(
            contract__in=list(contracts_of.values()), item__code=ITEM, enabled=True
        )
        .select_related("item", "contract")
        .prefetch_related(
            Prefetch(
                "ledger",
                queryset=LedgerEntry.objects.select_related("engineer", "approved_by").order_by(
                    "date", "id"
                ),
            )
        )
    )
    chosen = [e for e in entitlements if e.has_quota]
    entry_ids = [entry.pk for e in chosen for entry in e.ledger.all()]
    days = {
        d.ledger_entry_id: d
        for d in VisitDay.objects.filter(ledger_entry__in=entry_ids).select_related(
            "visit__engineer", "visit__site"
        )
    }
    result: dict[int, OnsiteQuota] = {}
    for entitlement in chosen:
        status = contracts.quota_status(entitlement, on)
        period = status.period
        by_visit: dict[int | None, list[Booking]] = {}
        for entry in entitlement.ledger.all():
            if period.start <= entry.date <= period.end:
                booked = days.get(entry.pk)
                key = booked.visit_id if booked is not None else None
                by_visit.setdefault(key, []).append(Booking(entry, booked))
        uses = [VisitUse(b[0].visit, b) for key, b in by_visit.items() if key is not None]
        if None in by_visit:
            uses.append(VisitUse(None, by_visit[None]))
        customer = wanted[entitlement.customer_id]
        result[customer.pk] = OnsiteQuota(customer, entitlement, status, uses)
    return result


def warn_if_low(entitlement: Entitlement, day: dt.date) -> bool:
    """Tell the contract's RAM and ASM once per contract year that less than one
    person-day is left; True when the quota is low (told now or before).

    The customer is not mailed: it reads the same warning on its onsite page, as it
    hears of everything else through what its expert shows it.
    """
    status = contracts.quota_status(entitlement, day)
    if status.left >= LOW_QUOTA:
        return False
    contract = entitlement.contract
    today = timezone.localdate()
    recipients = [contracts.assignee(contract, role, today) for role in ("l2_expert", "asm")]
    notify(
        recipients,
        "onsite_quota_low",
        {
            "contract": contract,
            "quota": status.quota,
            "used": status.used,
            "left": status.left,
            "year": status.period.index,
        },
        key=f"onsite:quota:{entitlement.pk}:{status.period.index}:low",
        customer=entitlement.customer,
        link=reverse("onsite:overview", kwargs={"code": entitlement.customer.code}),
    )
    return True
