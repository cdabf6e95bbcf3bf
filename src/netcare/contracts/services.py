"""Operations on the catalog, contracts, entitlements, assignments and the quota ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from netcare.contracts import terms
from netcare.contracts.models import (
    Assignment,
    Contract,
    Entitlement,
    LedgerEntry,
    QuotaPer,
    QuotaUnit,
    ServiceItem,
)
from netcare.contracts.signals import contract_activated, contract_amended
from netcare.core import access
from netcare.core.audit import acting_as
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.customers.services import do_grant_membership

if TYPE_CHECKING:
    from netcare.core.access import Actor

CATALOG_FILE = Path(__file__).parent / "data" / "catalog.yaml"


def sync_catalog() -> int:
    """Write the catalog file's seventeen items into the database (idempotent).

    The file is the source of truth for defaults; contracts keep their own copies.
    """
    spec = yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8"))
    for item in spec["items"]:
        cadence = item.get("cadence") or {}
        quota = item.get("quota") or {}
        ServiceItem.objects.update_or_create(
            code=item["code"],
            defaults={
                "number": item["number"],
                "name_zh": item["name_zh"],
                "name_en": item["name_en"],
                "description_zh": item["description_zh"],
                "description_en": item["description_en"],
                "kind": item["kind"],
                "lead": item["lead"],
                "cadence_every": cadence.get("every"),
                "cadence_unit": cadence.get("unit", ""),
                "quota_amount": _quota_amount(quota["amount"]) if quota else None,
                "quota_unit": quota.get("unit", ""),
                "quota_per": quota.get("per", ""),
                "travel_included": bool(quota.get("travel_included", False)),
                "milestones": item.get("milestones", []),
                "days_before_holiday": item.get("days_before_holiday"),
                "response_working_days": item.get("response_working_days"),
            },
        )
    return len(spec["items"])


def _quota_amount(amount: object) -> Decimal:
    """The file's amount as the database keeps it (one decimal place): the file says 4,
    the row holds 4.0, and a sync must see them as equal or every ``migrate`` would
    write the row again and audit a change that is none."""
    places = ServiceItem._meta.get_field("quota_amount").decimal_places
    return Decimal(str(amount)).quantize(Decimal(1).scaleb(-places))


def _require_admin(actor: Actor) -> None:
    if actor is not None and not access.is_admin(actor):
        raise PermissionDenied("only admins manage contracts")


@transaction.atomic
def do_create_contract(
    customer: Customer,
    *,
    number: str,
    start: dt.date,
    end: dt.date,
    actor: Actor,
    level: str = Contract.Level.PLATINUM,
    status: str = Contract.Status.DRAFT,
    signed_on: dt.date | None = None,
) -> Contract:
    """Create a contract with one entitlement per catalog item, from the catalog defaults."""
    _require_admin(actor)
    contract = save_validated(
        Contract(customer=customer),
        actor=actor,
        number=number,
        start=start,
        end=end,
        level=level,
        status=status,
        signed_on=signed_on,
    )
    if not ServiceItem.objects.exists():
        sync_catalog()
    with acting_as(actor):
        for item in ServiceItem.objects.all():
            Entitlement.objects.create(
                customer=customer,
                contract=contract,
                item=item,
                cadence_every=item.cadence_every,
                cadence_unit=item.cadence_unit,
                quota_amount=item.quota_amount,
                quota_unit=item.quota_unit,
                quota_per=item.quota_per,
                travel_included=item.travel_included,
            )
    if contract.status == Contract.Status.ACTIVE:
        transaction.on_commit(
            lambda: contract_activated.send(Contract, contract=contract, actor=actor)
        )
    return contract


#: Contract fields that change no obligation: amending them does not re-plan.
_PAPERWORK = frozenset({"note", "signed_on", "manual_collection_counts", "critical_period_counts"})


def do_update_contract(contract: Contract, *, actor: Actor, **fields: Any) -> Contract:
    """Amend a contract; becoming active starts the service, other changes re-plan."""
    _require_admin(actor)
    fields.pop("customer", None)
    was_active = contract.status == Contract.Status.ACTIVE
    save_validated(contract, actor=actor, **fields)
    planned = sorted(set(fields) - _PAPERWORK)
    if contract.status == Contract.Status.ACTIVE and not was_active:
        contract_activated.send(Contract, contract=contract, actor=actor)
    elif planned:
        contract_amended.send(Contract, contract=contract, actor=actor, changed=planned)
    return contract


def do_update_entitlement(entitlement: Entitlement, *, actor: Actor, **fields: Any) -> Entitlement:
    """Change what this contract grants for one item (cadence, quota, enabled)."""
    _require_admin(actor)
    for fixed in ("customer", "contract", "item"):
        fields.pop(fixed, None)
    save_validated(entitlement, actor=actor, **fields)
    contract_amended.send(
        Contract,
        contract=entitlement.contract,
        actor=actor,
        changed=[f"{entitlement.item.code}.{f}" for f in sorted(fields)],
    )
    return entitlement


@transaction.atomic
def do_assign(
    contract: Contract, role: str, user: Any, *, start: dt.date, actor: Actor
) -> Assignment:
    """Name the contract's L2 expert or account manager from ``start``.

    The previous holder's assignment ends the day before; the new holder gets the
    membership that lets them see the customer. Assigning the same person again is a
    no-op.
    """
    _require_admin(actor)
    if role not in Assignment.Role.values:
        raise ValidationError({"role": f"assign l2_expert or asm, not {role!r}"})
    current = contract.assignments.filter(role=role, end__isnull=True).first()
    if current is not None and current.user_id == user.pk:
        return current
    if current is not None:
        save_validated(current, actor=actor, end=max(current.start, start - dt.timedelta(days=1)))
    do_grant_membership(user, contract.customer, role, actor=actor)
    return save_validated(
        Assignment(customer=contract.customer, contract=contract, role=role, user=user),
        actor=actor,
        start=start,
    )


def assignee(contract: Contract, role: str, on: dt.date | None = None) -> Any:
    """Who holds ``role`` for the contract on a day (today by default), or None."""
    day = on or timezone.localdate()
    found = (
        contract.assignments.filter(role=role, start__lte=day)
        .exclude(end__lt=day)
        .select_related("user")
        .order_by("-start")
        .first()
    )
    return found.user if found is not None else None


@dataclass(frozen=True)
class QuotaStatus:
    """A quota's standing in one period: granted, used and left."""

    period: terms.ContractYear
    quota: Decimal
    used: Decimal
    unit: str

    @property
    def left(self) -> Decimal:
        return self.quota - self.used

    @property
    def used_ratio(self) -> float:
        return float(self.used / self.quota) if self.quota else 0.0


def quota_period(entitlement: Entitlement, day: dt.date) -> terms.ContractYear:
    contract = entitlement.contract
    if entitlement.quota_per == QuotaPer.TERM:
        return terms.ContractYear(1, contract.start, contract.end, partial=False)
    return terms.year_of(contract.start, contract.end, day)


def period_quota(entitlement: Entitlement, period: terms.ContractYear) -> Decimal:
    """The quota granted for one period, pro-rated for a final partial year."""
    if entitlement.quota_amount is None:
        raise ValueError(f"{entitlement} has no quota")
    if period.partial and entitlement.final_year_quota is not None:
        return entitlement.final_year_quota
    return terms.prorated_quota(entitlement.quota_amount, period, entitlement.contract.start)


def quota_status(entitlement: Entitlement, on: dt.date | None = None) -> QuotaStatus:
    """Granted, used and left for the period containing ``on`` (today by default, clamped to
    the term so an expired contract reports its last year)."""
    contract = entitlement.contract
    day = min(max(on or timezone.localdate(), contract.start), contract.end)
    period = quota_period(entitlement, day)
    return QuotaStatus(
        period,
        period_quota(entitlement, period),
        _used(entitlement, period),
        entitlement.quota_unit,
    )


def _used(entitlement: Entitlement, period: Any) -> Decimal:
    """Use booked in the period; from the prefetched ledger when a list fetched it once
    (``prefetch_related("ledger")``), so a list of entitlements costs no query per row."""
    cached = getattr(entitlement, "_prefetched_objects_cache", {}).get("ledger")
    if cached is not None:
        return sum((e.amount for e in cached if period.start <= e.date <= period.end), Decimal(0))
    found = entitlement.ledger.filter(date__gte=period.start, date__lte=period.end)
    return found.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@transaction.atomic
def do_record_usage(
    entitlement: Entitlement,
    *,
    date: dt.date,
    description: str,
    actor: Actor,
    amount: Decimal | None = None,
    hours_onsite: Decimal | None = None,
    hours_travel: Decimal | None = None,
    engineer: Any = None,
    record: Any = None,
    approved_by: Any = None,
    approval_note: str = "",
) -> LedgerEntry:
    """Record use of a quota; person-days follow from hours when hours are given.

    Refuses an entry that would take the period's use past its quota, unless
    ``approved_by`` is an admin and ``approval_note`` says why. The entitlement row is
    locked so two engineers booking at once cannot both take the last day.
    """
    require(actor, "record_usage", entitlement.customer_id)
    Entitlement.objects.select_for_update().filter(pk=entitlement.pk).first()
    if not entitlement.has_quota:
        raise ValidationError({"entitlement": f"{entitlement.item.code} has no quota to use"})
    if not entitlement.contract.start <= date <= entitlement.contract.end:
        raise ValidationError({"date": f"{date} is outside the contract term"})
    if hours_onsite is not None:
        if entitlement.quota_unit != QuotaUnit.PERSON_DAY:
            raise ValidationError({"hours_onsite": "hours apply to person-day quotas only"})
        amount = terms.person_days(
            hours_onsite, hours_travel or Decimal(0), travel_included=entitlement.travel_included
        )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "give a positive amount or the hours"})
    status = quota_status(entitlement, date)
    approved = approved_by is not None and access.is_admin(approved_by) and approval_note.strip()
    if status.used + amount > status.quota and not approved:
        raise ValidationError(
            {
                "amount": (
                    f"over quota: {status.used} of {status.quota} {status.unit} used in "
                    f"contract year {status.period.index}, {amount} more needs an admin's "
                    "approval with a note"
                )
            }
        )
    return save_validated(
        LedgerEntry(customer=entitlement.customer, entitlement=entitlement),
        actor=actor,
        date=date,
        amount=amount,
        unit=entitlement.quota_unit,
        hours_onsite=hours_onsite,
        hours_travel=hours_travel,
        travel_included=entitlement.travel_included,
        engineer=engineer,
        description=description,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=str(record.pk) if record is not None else "",
        approved_by=approved_by,
        approval_note=approval_note,
        created_by=actor,
    )


@dataclass(frozen=True)
class EntitlementRow:
    """One line of the entitlement table: the item, its cadence and its quota standing."""

    entitlement: Entitlement
    cadence: str
    quota: QuotaStatus | None


def cadence_text(entitlement: Entitlement, language: str) -> str:
    """'every 2 weeks' / '每2周', 'on request' / '按需', or the milestones."""
    item = entitlement.item
    zh = language.startswith("zh")
    if entitlement.cadence_every and entitlement.cadence_unit:
        n, unit = entitlement.cadence_every, entitlement.cadence_unit
        units_zh = {"day": "天", "week": "周", "month": "个月", "year": "年"}
        if zh:
            special = {("month", 3): "每季度", ("month", 6): "每半年", ("year", 1): "每年"}
            return special.get(
                (unit, n), f"每{n}{units_zh[unit]}" if n > 1 else f"每{units_zh[unit]}"
            )
        return f"every {n} {unit}s" if n > 1 else f"every {unit}"
    if item.milestones:
        return "启动、阶段性回顾、服务总结" if zh else "kickoff, mid-term review, final summary"
    if item.days_before_holiday:
        days = item.days_before_holiday
        return (
            f"当地法定节假日前{days}天" if zh else f"{days} days before each local public holiday"
        )
    if entitlement.has_quota:
        return "按客户需要使用" if zh else "as the customer chooses"
    if item.kind == "on_demand":
        return "按需" if zh else "on request"
    return "服务期内持续" if zh else "throughout the term"


def entitlement_rows(
    contract: Contract, *, language: str, on: dt.date | None = None
) -> list[EntitlementRow]:
    """The contract's items in catalog order with cadence and quota standing."""
    rows = []
    entitlements = contract.entitlements.select_related("item", "contract").order_by("item__number")
    for entitlement in entitlements:
        quota = quota_status(entitlement, on) if entitlement.has_quota else None
        rows.append(EntitlementRow(entitlement, cadence_text(entitlement, language), quota))
    return rows


def current_contract(customer: Customer, on: dt.date | None = None) -> Contract | None:
    """The customer's active contract on a day, else its latest one."""
    day = on or timezone.localdate()
    contracts = Contract.objects.filter(customer=customer)
    return (
        contracts.active_on(day).order_by("-start").first() or contracts.order_by("-start").first()
    )
