"""Field engineers' collection visits and their booking against the onsite quota.

A manual collection is a visit; the contract active that day decides whether it uses
onsite person-days (``Contract.manual_collection_counts``, default no). A visit is
recorded with the import that brought its files (``uploads.do_import_archive``), in the
same transaction: a refused or failed import leaves no visit and spends no quota.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.collection.models import Visit
from netcare.core import access
from netcare.core.audit import acting_as
from netcare.customers.models import Customer

if TYPE_CHECKING:
    from netcare.core.access import Actor


@dataclass(frozen=True)
class VisitInput:
    """A field engineer's visit, as the upload form or CLI gives it."""

    date: dt.date
    hours_onsite: Decimal | None = None
    hours_travel: Decimal | None = None
    note: str = ""
    engineer: Any = None

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> VisitInput:
        """From the upload form's or the API's fields (``visit_date`` empty: today)."""
        return cls(
            date=data.get("visit_date") or timezone.localdate(),
            hours_onsite=data.get("hours_onsite"),
            hours_travel=data.get("hours_travel"),
            note=data.get("note") or "",
        )


def visit_counts(customer: Customer, day: dt.date) -> bool:
    """Whether a manual collection visit that day uses onsite person-days.

    The contract active that day decides (``Contract.manual_collection_counts``,
    default no); without one nothing is booked.
    """
    contract = _contract_on(customer, day)
    return bool(contract is not None and contract.manual_collection_counts)


def _contract_on(customer: Customer, day: dt.date) -> Any:
    """The contract active that day (not merely the latest one)."""
    from netcare.contracts.models import Contract

    return Contract.objects.filter(customer=customer).active_on(day).order_by("-start").first()


def _visit_row(customer: Customer, visit: VisitInput, actor: Actor) -> Visit:
    """The unsaved Visit for a visit input, validated; whether it counts is decided here."""
    counts = visit_counts(customer, visit.date)
    record = Visit(
        customer=customer,
        engineer=visit.engineer or access.recorded_user(actor),
        date=visit.date,
        hours_onsite=visit.hours_onsite,
        hours_travel=visit.hours_travel,
        counts_against_quota=counts,
        note=visit.note[:300],
    )
    record.full_clean()
    if counts:
        _booking_entitlement(customer, visit, actor)
    return record


def check_visit(customer: Customer, visit: VisitInput, *, actor: Actor) -> None:
    """Refuse, before anything is kept, a visit that could not be recorded as given.

    Raises ValidationError (per field) for what the user must fix: a counting visit
    without its hours or its engineer, a contract with no onsite-support quota. The
    quota itself is checked again when the visit is booked, under the entitlement lock.
    """
    access.require(actor, "collect", customer)
    _visit_row(customer, visit, actor)


def do_record_visit(customer: Customer, visit: VisitInput, *, actor: Actor) -> Visit:
    """Record a field engineer's collection visit; book onsite person-days if it counts.

    Whether it counts is the contract's setting (:func:`visit_counts`); counting needs
    the hours on site and an ``onsite_support`` entitlement, and the quota rules
    (overrun refused) are contracts'. The visit keeps the decision taken that day.
    The visit and its booking are one transaction; called inside an import's
    transaction (:func:`do_import_archive`) they stand or fall with the import.
    """
    access.require(actor, "collect", customer)
    with transaction.atomic():
        record = _visit_row(customer, visit, actor)
        with acting_as(actor):
            record.save()
        if record.counts_against_quota:
            record.ledger_entry = _book_visit(customer, record, visit, actor)
            with acting_as(actor):
                record.save(update_fields=["ledger_entry"])
    return record


def _booking_entitlement(customer: Customer, visit: VisitInput, actor: Actor) -> Any:
    """The onsite-support entitlement a counting visit books, or ValidationError."""
    if actor is None and visit.engineer is None:
        raise ValidationError(
            {"engineer": "the contract books manual collection visits: name the engineer"}
        )
    if visit.hours_onsite is None:
        raise ValidationError(
            {"hours_onsite": "the contract books manual collection visits: give the hours on site"}
        )
    contract = _contract_on(customer, visit.date)
    entitlement = contract.entitlements.filter(item__code="onsite_support", enabled=True).first()
    if entitlement is None:
        raise ValidationError(
            {"hours_onsite": f"contract {contract.number} has no onsite-support quota to book"}
        )
    return entitlement


def _book_visit(customer: Customer, record: Visit, visit: VisitInput, actor: Actor) -> Any:
    from netcare.contracts import services as contracts

    return contracts.do_record_usage(
        _booking_entitlement(customer, visit, actor),
        date=visit.date,
        description=f"Manual device collection visit #{record.pk}",
        actor=actor,
        hours_onsite=visit.hours_onsite,
        hours_travel=visit.hours_travel,
        engineer=record.engineer,
        record=record,
    )
