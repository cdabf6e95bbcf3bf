"""Obligations: who answers for them, how they are completed, waived, edited and found.

Other capabilities call two things here: ``next_open_obligation`` to find the planned
work a deliverable fulfils (then pass it to ``do_create_deliverable(obligation=…)``),
and nothing else — publishing does the completing. They never create obligations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from netcare.contracts.models import Assignment, Contract
from netcare.contracts.services import assignee
from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable, Obligation, ServicePlan

if TYPE_CHECKING:
    from netcare.core.access import Actor

ROLES = ("l2_expert", "asm")


def lead_holders(contract: Contract, lead: str, on: dt.date | None = None) -> tuple[Any, Any]:
    """(owner, co-owner) for a lead on a day: the RAM and/or ASM named on the contract.

    Before the term starts the first holders count; a joint lead gives the RAM as owner
    and the ASM as co-owner.
    """
    day = max(on or timezone.localdate(), contract.start)
    if lead == "both":
        return assignee(contract, "l2_expert", day), assignee(contract, "asm", day)
    return assignee(contract, lead, day), None


class Holders:
    """``lead_holders`` for many days of one contract from a single query (plan
    generation asks for each of a hundred obligations)."""

    def __init__(self, contract: Contract, assignments: list[Assignment] | None = None) -> None:
        self.contract = contract
        self.assignments = (
            assignments
            if assignments is not None
            else list(contract.assignments.select_related("user").order_by("-start", "-id"))
        )

    @classmethod
    def of(cls, contracts: Iterable[Contract]) -> dict[int, Holders]:
        """Holders of many contracts (by id) from one query: the hourly sweep's."""
        by_id = {contract.pk: contract for contract in contracts}
        grouped: dict[int, list[Assignment]] = {pk: [] for pk in by_id}
        for assignment in (
            Assignment.objects.filter(contract_id__in=by_id)
            .select_related("user")
            .order_by("-start", "-id")
        ):
            grouped[assignment.contract_id].append(assignment)
        return {pk: cls(by_id[pk], grouped[pk]) for pk in by_id}

    def _holder(self, role: str, day: dt.date) -> Any:
        for assignment in self.assignments:
            if assignment.role != role or assignment.start > day:
                continue
            if assignment.end is None or assignment.end >= day:
                return assignment.user
        return None

    def __call__(self, lead: str, on: dt.date | None = None) -> tuple[Any, Any]:
        day = max(on or timezone.localdate(), self.contract.start)
        if lead == "both":
            return self._holder("l2_expert", day), self._holder("asm", day)
        return self._holder(lead, day), None


def responsible(
    obligation: Obligation, on: dt.date | None = None, holders: Holders | None = None
) -> list[Any]:
    """Who answers for an obligation: its owners, else whoever holds the lead role now
    (from ``holders`` of its contract when the caller fetched them for many)."""
    people = [p for p in (obligation.owner, obligation.co_owner) if p is not None]
    if people:
        return people
    if holders is not None:
        owner, co_owner = holders(obligation.lead, on)
    else:
        owner, co_owner = lead_holders(obligation.plan.contract, obligation.lead, on)
    return [p for p in (owner, co_owner) if p is not None]


def fill_owners(plan: ServicePlan) -> int:
    """Give open obligations without an owner the current holders of their lead role
    (obligations made at activation, before the RAM or ASM was named)."""
    filled = 0
    for obligation in plan.obligations.filter(state=Obligation.State.OPEN, owner__isnull=True):
        owner, co_owner = lead_holders(plan.contract, obligation.lead, obligation.due)
        if owner is None and co_owner is None:
            continue
        Obligation.objects.filter(pk=obligation.pk).update(
            owner=owner or co_owner, co_owner=co_owner if owner else None
        )
        filled += 1
    return filled


def complete_obligation(obligation: Obligation, deliverable: Deliverable, *, actor: Actor) -> None:
    """Mark an obligation done by a published deliverable (already done: kept as is)."""
    if obligation.state != Obligation.State.OPEN:
        return
    save_validated(
        obligation,
        actor=actor,
        # Work done before anyone was named answers to whoever delivered it.
        owner=obligation.owner or deliverable.published_by,
        state=Obligation.State.DONE,
        completed_by=deliverable,
        completed_at=deliverable.published_at or timezone.now(),
    )


def reopen_completed_by(deliverable: Deliverable, *, actor: Actor) -> None:
    """A withdrawn deliverable no longer fulfils its obligation: open it again."""
    for obligation in Obligation.objects.filter(completed_by=deliverable):
        save_validated(
            obligation,
            actor=actor,
            state=Obligation.State.OPEN,
            completed_by=None,
            completed_at=None,
        )


@transaction.atomic
def do_waive_obligation(
    obligation: Obligation, *, reason: str, actor: Actor, at: dt.datetime | None = None
) -> Obligation:
    """Waive planned work with a reason (the customer declined, no tickets that quarter…).

    Only the leads may; an obligation already done cannot be waived.
    """
    require(actor, "manage_plan", obligation.customer_id)
    if obligation.state == Obligation.State.DONE:
        raise ValidationError({"state": "this obligation is already done"})
    if not reason.strip():
        raise ValidationError({"waiver_reason": "give the reason for the waiver"})
    return save_validated(
        obligation,
        actor=actor,
        state=Obligation.State.WAIVED,
        waiver_reason=reason.strip(),
        waived_by=actor,
        completed_at=at or timezone.now(),
    )


EDITABLE = ("due", "owner", "co_owner", "lead", "title_zh", "title_en", "note")


@transaction.atomic
def do_update_obligation(obligation: Obligation, *, actor: Actor, **fields: Any) -> Obligation:
    """Edit an open obligation (date, owners, lead, title, note) as a lead.

    An edited obligation is the leads' decision: re-planning leaves it alone.
    """
    require(actor, "manage_plan", obligation.customer_id)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: "cannot be changed here" for name in unknown})
    if obligation.state != Obligation.State.OPEN:
        raise ValidationError({"state": "only open obligations are edited"})
    _check_people(obligation.plan.contract, fields)
    contract = obligation.plan.contract
    due = fields.get("due", obligation.due)
    if not contract.start <= due <= contract.end:
        raise ValidationError({"due": f"{due} is outside the contract term"})
    return save_validated(obligation, actor=actor, edited=True, **fields)


def _check_people(contract: Contract, fields: dict[str, Any]) -> None:
    for name in ("owner", "co_owner"):
        person = fields.get(name)
        if person is None:
            continue
        if not access.is_staff_for(person, contract.customer_id):
            raise ValidationError({name: "the owner must be on the customer's service team"})


@transaction.atomic
def do_add_obligation(
    plan: ServicePlan,
    *,
    item: Any,
    kind: str,
    due: dt.date,
    title_zh: str,
    title_en: str,
    lead: str,
    actor: Actor,
    note: str = "",
) -> Obligation:
    """Add a piece of planned work by hand (re-planning never removes it)."""
    require(actor, "manage_plan", plan.customer_id)
    contract = plan.contract
    if not contract.start <= due <= contract.end:
        raise ValidationError({"due": f"{due} is outside the contract term"})
    owner, co_owner = lead_holders(contract, lead, due)
    count = plan.obligations.filter(origin=Obligation.Origin.MANUAL).count()
    return save_validated(
        Obligation(customer=plan.customer, plan=plan, origin=Obligation.Origin.MANUAL),
        actor=actor,
        item=item,
        kind=kind,
        slot=f"manual#{count + 1}-{timezone.now():%Y%m%d%H%M%S}",
        due=due,
        title_zh=title_zh,
        title_en=title_en,
        lead=lead,
        owner=owner,
        co_owner=co_owner,
        note=note,
    )


def next_open_obligation(
    customer: Customer,
    item_code: str,
    *,
    kinds: Iterable[str] = (),
    on: dt.date | None = None,
    contract: Contract | None = None,
) -> Obligation | None:
    """The planned work a new deliverable of ``item_code`` fulfils: the earliest open
    obligation of that item (overdue first; of one ``contract`` if given), or None when
    nothing is planned."""
    found = Obligation.objects.filter(
        customer=customer, item__code=item_code, state=Obligation.State.OPEN
    ).exclude(plan__state=ServicePlan.State.DRAFT, origin=Obligation.Origin.GENERATED)
    if contract is not None:
        found = found.filter(plan__contract=contract)
    wanted = list(kinds)
    if wanted:
        found = found.filter(kind__in=wanted)
    if on is not None:
        found = found.filter(due__gte=on)
    return found.select_related("plan__contract").order_by("due", "id").first()


def held_by(user: Any, on: dt.date | None = None) -> Q:
    """Obligations a user answers for: as owner or co-owner, or — where no owner was set —
    as the contract's current RAM/ASM for the lead role."""
    day = on or timezone.localdate()
    condition = Q(owner_id=user.pk) | Q(co_owner_id=user.pk)
    assignments = (
        Assignment.objects.filter(user_id=user.pk, start__lte=day)
        .exclude(end__lt=day)
        .values_list("contract_id", "role")
    )
    for contract_id, role in assignments:
        condition |= Q(owner__isnull=True, plan__contract_id=contract_id, lead__in=[role, "both"])
    return condition


def is_customer_user(user: Any) -> bool:
    """A customer user (no admin right, no vendor role anywhere): nobody on the
    customer's side holds an obligation, so "mine" means their customer's plan as the
    access rule releases it (once sent)."""
    from netcare.customers.models import STAFF_ROLES

    return not access.is_admin(user) and not access.customer_ids(user, STAFF_ROLES)


def obligations_for(user: Any) -> QuerySet[Obligation]:
    """Every obligation the user may see, with what lists and calendars show."""
    return (
        Obligation.objects.visible_to(user)
        .select_related("customer", "item", "owner", "co_owner", "plan__contract", "completed_by")
        .order_by("due", "id")
    )


def due_between(
    start: dt.date, end: dt.date, *, user: Any = None, viewer: Any = None
) -> QuerySet[Obligation]:
    """Open obligations due in ``[start, end]``, optionally only those ``user`` answers for;
    ``viewer`` applies the access rule (the CLI, acting as the system, passes none)."""
    found = Obligation.objects.all() if viewer is None else Obligation.objects.visible_to(viewer)
    found = found.filter(state=Obligation.State.OPEN, due__gte=start, due__lte=end)
    if user is not None:
        found = found.filter(held_by(user))
    return found.select_related("customer", "item", "owner", "co_owner", "plan__contract").order_by(
        "due", "customer__code", "id"
    )


def overdue(viewer: Any, today: dt.date | None = None) -> QuerySet[Obligation]:
    """Open obligations past their due date that ``viewer`` may see (admins: all)."""
    return (
        Obligation.objects.visible_to(viewer)
        .filter(state=Obligation.State.OPEN, due__lt=today or timezone.localdate())
        .select_related("customer", "item", "owner", "co_owner", "plan__contract")
        .order_by("due", "id")
    )
