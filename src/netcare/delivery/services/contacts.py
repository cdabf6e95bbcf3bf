"""Proactive contact: logging each contact and knowing when the cadence has lapsed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from netcare.contracts.models import Contract, Entitlement
from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.delivery import scheduling
from netcare.delivery.models import ContactLog, Deliverable, ItemChoice, Obligation, ServicePlan
from netcare.delivery.services import deliverables
from netcare.delivery.services.plans import START_ITEMS, ensure_plan

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: Which planned work each purpose of contact fulfils.
KINDS_BY_PURPOSE: dict[str, tuple[str, ...]] = {
    ContactLog.Purpose.WALKTHROUGH: ("start_contact", "contact"),
    ContactLog.Purpose.PROACTIVE: ("start_contact", "contact"),
    ContactLog.Purpose.HOLIDAY_CARE: ("holiday_care",),
    ContactLog.Purpose.FOLLOW_UP: (),
}
CHANNEL_ZH = {"phone": "电话", "sms": "短信", "wechat": "微信", "email": "邮件", "visit": "拜访"}
CHANNEL_EN = {
    "phone": "phone",
    "sms": "SMS",
    "wechat": "WeChat",
    "email": "e-mail",
    "visit": "visit",
}
#: Record titles per purpose (zh, en).
PURPOSE_TITLES = {
    "walkthrough": ("服务介绍", "Service walk-through"),
    "proactive": ("主动联系", "Proactive contact"),
    "holiday_care": ("节日关怀", "Holiday care"),
    "follow_up": ("跟进", "Follow-up"),
}
HOLIDAY_WINDOW = dt.timedelta(days=14)


def cadence_days(contract: Contract, role: str) -> int | None:
    """The contract's contact cadence for a role in days (None: no cadence or not wanted)."""
    entitlement = (
        contract.entitlements.filter(item__code=START_ITEMS[role], enabled=True)
        .select_related("choice")
        .first()
    )
    return _cadence(contract, entitlement)


def cadences(contracts: Iterable[Contract]) -> dict[tuple[int, str], int | None]:
    """``cadence_days`` of many contracts, keyed (contract id, role), from one query."""
    by_id = {contract.pk: contract for contract in contracts}
    roles = {code: role for role, code in START_ITEMS.items()}
    found: dict[tuple[int, str], Entitlement] = {}
    for entitlement in (
        Entitlement.objects.filter(contract_id__in=by_id, item__code__in=roles, enabled=True)
        .select_related("choice", "item")
        .order_by("contract", "item__number", "pk")
    ):
        found.setdefault((entitlement.contract_id, roles[entitlement.item.code]), entitlement)
    return {
        (pk, role): _cadence(contract, found.get((pk, role)))
        for pk, contract in by_id.items()
        for role in START_ITEMS
    }


def _cadence(contract: Contract, entitlement: Entitlement | None) -> int | None:
    if entitlement is None or not entitlement.cadence_every or not entitlement.cadence_unit:
        return None
    choice = getattr(entitlement, "choice", None)
    if choice is not None and choice.choice == ItemChoice.Choice.NOT:
        return None
    return scheduling.period_days(
        contract.start, entitlement.cadence_every, entitlement.cadence_unit
    )


def matching_obligation(
    contract: Contract, role: str, purpose: str, day: dt.date
) -> Obligation | None:
    """The open obligation a contact on ``day`` fulfils: the service-start contact first,
    else the earliest open one of the role's current or past periods."""
    kinds = KINDS_BY_PURPOSE.get(purpose, ())
    if not kinds:
        return None
    plan = ServicePlan.objects.filter(contract=contract).first()
    if plan is None:
        return None
    candidates = plan.obligations.filter(
        state=Obligation.State.OPEN, kind__in=kinds, lead__in=[role, "both"]
    ).exclude(plan__state=ServicePlan.State.DRAFT, origin=Obligation.Origin.GENERATED)
    start = candidates.filter(kind="start_contact").order_by("due").first()
    if start is not None:
        return start
    window = dt.timedelta(days=cadence_days(contract, role) or 0)
    if purpose == ContactLog.Purpose.HOLIDAY_CARE:
        window = HOLIDAY_WINDOW
    return candidates.filter(due__lte=day + window).order_by("due", "id").first()


@transaction.atomic
def do_log_contact(
    contract: Contract,
    *,
    role: str,
    date: dt.date,
    channel: str,
    people: str,
    summary: str,
    actor: Actor,
    purpose: str = ContactLog.Purpose.PROACTIVE,
    next_steps: str = "",
    obligation: Obligation | None = None,
) -> ContactLog:
    """Log a contact with the customer as its RAM or ASM.

    When it fulfils planned work (the service-start contact, the period's proactive
    contact, a holiday care date) a short record is published to the customer against
    that obligation, completing it; give ``obligation`` to choose it yourself.
    """
    require(actor, "log_contacts", contract.customer_id)
    if role not in START_ITEMS:
        raise ValidationError({"role": "log contacts as l2_expert or asm"})
    if date > timezone.localdate():
        raise ValidationError({"date": "a contact is logged after it happened"})
    if not contract.start - dt.timedelta(days=60) <= date <= contract.end:
        raise ValidationError({"date": f"{date} is outside the contract term"})
    if obligation is not None and (
        obligation.customer_id != contract.customer_id or obligation.state != "open"
    ):
        raise ValidationError({"obligation": "choose an open obligation of this customer"})
    ensure_plan(contract)
    target = obligation or matching_obligation(contract, role, purpose, date)
    log = save_validated(
        ContactLog(
            customer=contract.customer, contract=contract, author=access.recorded_user(actor)
        ),
        actor=actor,
        role=role,
        date=date,
        channel=channel,
        purpose=purpose,
        people=people,
        summary=summary,
        next_steps=next_steps,
        obligation=target,
    )
    if target is not None:
        record = _publish_record(log, target, actor=actor)
        log.record = record
        log.save(update_fields=["record"])
    return log


def _publish_record(log: ContactLog, obligation: Obligation, *, actor: Actor) -> Deliverable:
    """The customer-facing record of a contact: when, how, with whom, agreed next steps."""
    lines = [log.summary.strip()]
    if log.next_steps.strip():
        lines.append(f"下一步 / Next steps: {log.next_steps.strip()}")
    record = deliverables.do_create_deliverable(
        log.customer,
        item=obligation.item,
        title=(
            f"{PURPOSE_TITLES[log.purpose][0]}记录 · {log.date:%Y-%m-%d} · "
            f"{CHANNEL_ZH.get(log.channel, log.channel)}"
        ),
        title_en=(
            f"{PURPOSE_TITLES[log.purpose][1]} record · {log.date:%Y-%m-%d} · "
            f"{CHANNEL_EN.get(log.channel, log.channel)}"
        ),
        kind=Deliverable.Kind.RECORD,
        report_type=f"contact_{log.purpose}",
        summary="\n".join(lines),
        period_start=log.date,
        period_end=log.date,
        obligation=obligation,
        actor=actor,
    )
    when = timezone.make_aware(dt.datetime.combine(log.date, dt.time(18, 0)))
    return deliverables.do_publish(record, actor=actor, at=min(when, timezone.now()))


def last_contact(contract: Contract, role: str) -> dt.date | None:
    return last_contacts([contract]).get((contract.pk, role))


def last_contacts(contracts: Iterable[Contract]) -> dict[tuple[int, str], dt.date]:
    """The last contact per (contract id, role) that counts for the cadence (holiday
    care does not), from one query; a pair never contacted is missing."""
    return {
        (row["contract_id"], row["role"]): row["last"]
        for row in ContactLog.objects.filter(contract__in=list(contracts))
        .exclude(purpose=ContactLog.Purpose.HOLIDAY_CARE)
        .values("contract_id", "role")
        .annotate(last=Max("date"))
        .order_by()
    }
