"""Critical-period assurance (关键时刻保障): the customer asks its ASM to stand by for a
special business period; the ASM sets the on-site roster and the checklists for
before, during and after it (defaults from ``data/checklists.yaml``), the team ticks
items and logs events, and the ASM writes the summary and publishes the record.

On-site roster hours become person-days booked on the contract's onsite-support quota
through the one ledger (``contracts.services.do_record_usage``) only where the contract
says critical periods count (``Contract.critical_period_counts``, default no; admins
set it on the contract page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.assurance.models import ChecklistItem, CriticalPeriod, Phase, RosterEntry
from netcare.contracts import terms
from netcare.core.access import recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable, ServiceRequest

if TYPE_CHECKING:
    from netcare.contracts.models import Contract, Entitlement
    from netcare.core.access import Actor

DATA = Path(__file__).resolve().parent.parent / "data" / "checklists.yaml"


@lru_cache(maxsize=1)
def default_checklists() -> dict[str, list[dict[str, str]]]:
    """The default items per phase; a malformed file names the phase and item."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or set(raw) != set(Phase.values):
        raise ValueError(f"{DATA.name}: give exactly the phases {', '.join(Phase.values)}")
    for phase, items in raw.items():
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or not item.get("zh") or not item.get("en"):
                raise ValueError(f"{DATA.name}: {phase} item {number} needs zh and en")
    return raw


@transaction.atomic
def do_open_period(
    customer: Customer,
    *,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    actor: Actor,
    event: str = "",
    sites: Iterable[Any] = (),
    devices: Iterable[Any] = (),
    request: ServiceRequest | None = None,
) -> CriticalPeriod:
    """Open a critical period (preparing) with the default checklists, answering the
    customer's request (one is raised for it when none is given)."""
    from netcare.delivery.services.requests import do_raise_request

    require(actor, "manage_periods", customer)
    if not title.strip():
        raise ValidationError({"title": "name the event"})
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ValidationError({"ends_at": "give the period's dates, ending after they start"})
    site_rows, device_rows = list(sites), list(devices)
    foreign = [str(r) for r in [*site_rows, *device_rows] if r.customer_id != customer.pk]
    if foreign:
        raise ValidationError({"devices": f"not {customer.code}'s: {', '.join(foreign)}"})
    if request is None:
        request = do_raise_request(
            customer,
            kind=CriticalPeriod.REQUEST_KIND,
            title=title,
            text=event or title,
            actor=actor,
            wanted_date=timezone.localdate(starts_at),
        )
    elif request.customer_id != customer.pk or request.kind != CriticalPeriod.REQUEST_KIND:
        raise ValidationError({"request": "not a critical-period request of this customer"})
    period = save_validated(
        CriticalPeriod(
            customer=customer,
            request=request,
            state=CriticalPeriod.State.PREPARING.value,
            owner=request.routed_to or recorded_user(actor),
            created_by=recorded_user(actor),
        ),
        actor=actor,
        title=title.strip(),
        event=event.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    period.sites.set(site_rows)
    period.devices.set(device_rows)
    items = [
        ChecklistItem(
            customer=customer, period=period, phase=phase, order=n, text_zh=i["zh"], text_en=i["en"]
        )
        for phase, listed in default_checklists().items()
        for n, i in enumerate(listed, 1)
    ]
    ChecklistItem.objects.bulk_create(items)
    return period


def do_add_item(
    period: CriticalPeriod, phase: str, text_zh: str, *, actor: Actor, text_en: str = ""
) -> ChecklistItem:
    """Add an item to one phase's checklist (before the record is published)."""
    require(actor, "manage_periods", period.customer_id)
    if period.state == CriticalPeriod.State.PUBLISHED:
        raise ValidationError({"phase": "the record is published; the checklists are closed"})
    if phase not in Phase.values:
        raise ValidationError({"phase": f"unknown phase {phase!r}; use before, during or after"})
    if not text_zh.strip():
        raise ValidationError({"text_zh": "say what to check"})
    last = period.items.filter(phase=phase).order_by("-order").values_list("order", flat=True)
    return save_validated(
        ChecklistItem(customer_id=period.customer_id, period=period, phase=phase),
        actor=actor,
        order=(last.first() or 0) + 1,
        text_zh=text_zh.strip(),
        text_en=text_en.strip(),
    )


def do_tick_item(
    item: ChecklistItem,
    *,
    actor: Actor,
    done: bool = True,
    note: str = "",
    at: dt.datetime | None = None,
) -> ChecklistItem:
    """Tick (or untick) an item, recording who and when (``at``, for a tick entered
    after the fact) and the result."""
    require(actor, "log_assurance", item.customer_id)
    if item.period.state == CriticalPeriod.State.PUBLISHED:
        raise ValidationError({"done": "the record is published; the checklists are closed"})
    return save_validated(
        item,
        actor=actor,
        done=done,
        done_by=recorded_user(actor) if done else None,
        done_at=(at or timezone.now()) if done else None,
        note=note.strip(),
    )


def open_items(period: CriticalPeriod, phase: str) -> list[ChecklistItem]:
    return list(period.items.filter(phase=phase, done=False))


def do_move_period(period: CriticalPeriod, target: str, *, actor: Actor) -> CriticalPeriod:
    """preparing → underway (every before-item ticked) → follow_up (every during-item
    ticked); publishing is ``do_publish_period_record``."""
    require(actor, "manage_periods", period.customer_id)
    if target == CriticalPeriod.State.PUBLISHED:
        raise ValidationError({"state": "publish the record to finish the period"})
    if not period.FLOW.can(period.state, target):
        period.move_to(target)  # raises the flow's error
    phase = {"underway": Phase.BEFORE, "follow_up": Phase.DURING}[target]
    missing = open_items(period, phase)
    if missing:
        raise ValidationError(
            {"state": f"tick the {phase} checklist first: " + "; ".join(i.text_zh for i in missing)}
        )
    period.move_to(target)
    return save_validated(period, actor=actor)


def do_write_summary(
    period: CriticalPeriod, *, actor: Actor, summary: str, issues: str = "", follow_ups: str = ""
) -> CriticalPeriod:
    """The after-period summary, open issues and follow-ups (in follow-up)."""
    require(actor, "manage_periods", period.customer_id)
    if period.state != CriticalPeriod.State.FOLLOW_UP:
        raise ValidationError(
            {"summary": f"the summary is written in follow-up; this is {period.state}"}
        )
    return save_validated(
        period,
        actor=actor,
        summary=summary.strip(),
        issues=issues.strip(),
        follow_ups=follow_ups.strip(),
    )


def counts_on_quota(contract: Contract | None) -> bool:
    """Whether the contract says critical-period on-site days use the onsite quota."""
    return bool(contract is not None and contract.critical_period_counts)


def _onsite_entitlement(contract: Contract) -> Entitlement | None:
    return contract.entitlements.filter(item__code="onsite_support", enabled=True).first()


def person_days(entry: RosterEntry, *, travel_included: bool = True) -> Decimal:
    """An on-site entry's person-days by the ledger's rule (8 hours a day, half days)."""
    if entry.mode != RosterEntry.Mode.ONSITE or entry.hours_onsite is None:
        return Decimal(0)
    return terms.person_days(
        entry.hours_onsite, entry.hours_travel or Decimal(0), travel_included=travel_included
    )


def _contract(period: CriticalPeriod) -> Contract | None:
    from netcare.contracts.services import current_contract

    if period.request is not None and period.request.contract is not None:
        return period.request.contract
    return current_contract(period.customer)


def book_person_days(period: CriticalPeriod, *, actor: Actor) -> list[Any]:
    """Book each on-site roster entry's hours on the onsite quota, once, where the
    contract says critical periods count; returns the ledger entries written now."""
    from netcare.assurance.services.rosters import roster_of
    from netcare.contracts.services import do_record_usage

    contract = _contract(period)
    if contract is None or not counts_on_quota(contract):
        return []
    entitlement = _onsite_entitlement(contract)
    if entitlement is None:
        return []
    booked = []
    for entry in roster_of(period).filter(mode="onsite", ledger_entry__isnull=True):
        if not entry.hours_onsite:
            continue
        ledger = do_record_usage(
            entitlement,
            date=timezone.localdate(entry.starts_at),
            description=f"关键时刻保障 / critical period: {period.title}",
            actor=actor,
            hours_onsite=entry.hours_onsite,
            hours_travel=entry.hours_travel,
            engineer=entry.person,
            record=entry,
        )
        save_validated(entry, actor=actor, ledger_entry=ledger)
        booked.append(ledger)
    return booked


@transaction.atomic
def do_publish_period_record(period: CriticalPeriod, *, actor: Actor) -> Deliverable:
    """Publish the critical-period assurance record (Word and PDF, zh and en): needs
    the summary and every after-item ticked; books on-site days where the contract
    says so, links the record and closes the request."""
    from netcare.assurance import reports
    from netcare.assurance.services.records import attach_record, period_record, record_deliverable
    from netcare.delivery.services import do_publish
    from netcare.delivery.services.engagements import do_record_result

    require(actor, "manage_periods", period.customer_id)
    require(actor, "publish_deliverables", period.customer_id)
    if not period.FLOW.can(period.state, CriticalPeriod.State.PUBLISHED):
        period.move_to(CriticalPeriod.State.PUBLISHED)  # raises the flow's error
    if not period.summary.strip():
        raise ValidationError({"summary": "write the after-period summary first"})
    missing = open_items(period, Phase.AFTER)
    if missing:
        raise ValidationError(
            {"state": "tick the after checklist first: " + "; ".join(i.text_zh for i in missing)}
        )
    book_person_days(period, actor=actor)
    deliverable = record_deliverable(
        period,
        "critical_period_assurance",
        f"关键时刻保障记录 · {period.title}",
        f"Critical-period assurance record · {period.title}",
        actor=actor,
    )
    author = display_name(actor) or "NetCare"
    attach_record(
        deliverable,
        lambda language: period_record(period, language, author=author),
        reports.write_period_record,
        stem=f"{period.customer.code}-critical-period-{period.pk}",
        actor=actor,
    )
    do_publish(deliverable, actor=actor)
    do_record_result(
        period,
        deliverable,
        resolution="关键时刻保障记录已发布 / critical-period assurance record published",
        actor=actor,
    )
    period.move_to(CriticalPeriod.State.PUBLISHED)
    save_validated(period, actor=actor)
    return deliverable
