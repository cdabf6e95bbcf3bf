"""The service plan's life: start of service, the customer's choices, generation and
re-planning, sending and confirmation.

Flow: a contract becomes active → ``start_service`` makes the draft plan and gives the
RAM and ASM each a task to contact the customer → the customer admin marks each item
now / later / not with suggestions (``do_set_choices``) → the RAM generates the plan
(``do_generate_plan``), the leads edit and send it (``do_send_plan``) → the customer
confirms (``do_confirm_plan``) and the kickoff is scheduled. A changed choice or a
contract amendment re-plans the future (``replan``), never the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from netcare.contracts.models import Contract, Entitlement, ServiceItem
from netcare.core import access
from netcare.core.audit import acting_as
from netcare.core.services import require, save_validated
from netcare.core.workdays import WorkCalendar
from netcare.delivery import scheduling
from netcare.delivery.models import ItemChoice, Obligation, ServicePlan
from netcare.delivery.services.obligations import Holders, fill_owners, lead_holders
from netcare.notifications.services import notify

if TYPE_CHECKING:
    from netcare.core.access import Actor, UserLike

#: Working days the RAM and ASM have to make first contact after activation.
START_CONTACT_WORKING_DAYS = 5
#: Working days from the customer's confirmation to the kickoff.
KICKOFF_WORKING_DAYS = 5
START_ITEMS = {"l2_expert": "l2_expert_service", "asm": "asm_service"}


def calendar_for(customer: Any) -> WorkCalendar:
    """The customer's regional working-day calendar (country and subdivision)."""
    try:
        return WorkCalendar(customer.country or "CN", customer.subdivision or "")
    except ValueError:
        return WorkCalendar("CN")


def plan_link(plan: ServicePlan) -> str:
    return reverse("delivery:plan_detail", kwargs={"code": plan.customer.code})


def ensure_plan(contract: Contract) -> ServicePlan:
    """The contract's plan, created as an empty draft the first time it is asked for."""
    plan, _ = ServicePlan.objects.get_or_create(
        contract=contract, defaults={"customer": contract.customer}
    )
    return plan


@transaction.atomic
def start_service(contract: Contract, *, actor: Actor = None, today: dt.date | None = None) -> None:
    """What happens when a contract becomes active (idempotent).

    The draft plan is created, and the RAM and the ASM each get an obligation to
    contact the customer and walk them through the items within five working days of
    the start (or of today, when activated late), and are told so.
    """
    plan = ensure_plan(contract)
    calendar = calendar_for(contract.customer)
    start = max(contract.start, today or timezone.localdate())
    due = min(calendar.add_working_days(start, START_CONTACT_WORKING_DAYS), contract.end)
    items = {i.code: i for i in ServiceItem.objects.filter(code__in=START_ITEMS.values())}
    for role, code in START_ITEMS.items():
        slot = f"start:{role}"
        if code not in items or plan.obligations.filter(slot=slot).exists():
            continue
        owner, _ = lead_holders(contract, role, start)
        with acting_as(actor):
            obligation = Obligation.objects.create(
                customer=contract.customer,
                plan=plan,
                item=items[code],
                kind=Obligation.Kind.START_CONTACT,
                slot=slot,
                title_zh="服务启动：联系客户并介绍服务项目",
                title_en="Service start: contact the customer and walk through the items",
                due=due,
                lead=role,
                owner=owner,
                origin=Obligation.Origin.ACTIVATION,
            )
        notify(
            [owner],
            "service_start",
            {"contract": contract, "due": due, "obligation": obligation},
            key=f"contract:{contract.pk}:start:{role}",
            customer=contract.customer,
            link=plan_link(plan),
        )


def choices_for(contract: Contract) -> list[tuple[Entitlement, ItemChoice | None]]:
    """The contract's enabled items in catalog order, with the customer's choice if any."""
    entitlements = (
        contract.entitlements.filter(enabled=True)
        .select_related("item", "choice", "choice__chosen_by")
        .order_by("item__number")
    )
    return [(e, getattr(e, "choice", None)) for e in entitlements]


@transaction.atomic
def do_set_choices(
    contract: Contract,
    choices: Mapping[str, tuple[str, str]],
    *,
    actor: Actor,
    today: dt.date | None = None,
    at: dt.datetime | None = None,
) -> list[ItemChoice]:
    """Record the customer's choice and suggestion per item code (``{code: (choice,
    suggestion)}``); only the customer admin decides. The RAM and ASM are told, and a
    plan already generated is re-planned from today on."""
    require(actor, "choose_items", contract.customer_id)
    by_code = {
        e.item.code: e for e in contract.entitlements.filter(enabled=True).select_related("item")
    }
    unknown = set(choices) - set(by_code)
    if unknown:
        raise ValidationError({"items": f"not in this contract: {', '.join(sorted(unknown))}"})
    saved, changed = [], False
    for code, (choice, suggestion) in choices.items():
        if choice not in ItemChoice.Choice.values:
            raise ValidationError({code: f"choose now, later or not, not {choice!r}"})
        current = ItemChoice.objects.filter(entitlement=by_code[code]).first()
        if current is not None and (current.choice, current.suggestion) == (choice, suggestion):
            saved.append(current)
            continue
        changed = changed or current is None or current.choice != choice
        saved.append(
            save_validated(
                current or ItemChoice(customer=contract.customer, entitlement=by_code[code]),
                actor=actor,
                choice=choice,
                suggestion=suggestion.strip(),
                chosen_by=actor,
                chosen_at=at or timezone.now(),
            )
        )
    plan = ensure_plan(contract)
    owners = [lead_holders(contract, "both", today)]
    notify(
        [person for pair in owners for person in pair],
        "choices_updated",
        {"choices": saved, "by": actor, "contract": contract},
        key=f"plan:{plan.pk}:choices:{timezone.now():%Y%m%d%H%M%S%f}",
        customer=contract.customer,
        link=plan_link(plan),
    )
    if changed and plan.generated_at is not None:
        replan(
            contract,
            actor=actor,
            reason=("客户调整了服务选择", "the customer changed its choices"),
            today=today,
        )
    return saved


def item_specs(contract: Contract) -> list[scheduling.ItemSpec]:
    """Each enabled entitlement as the scheduler sees it, with the customer's choice
    (an item the customer has not marked counts as wanted now)."""
    specs = []
    for entitlement, choice in choices_for(contract):
        item = entitlement.item
        specs.append(
            scheduling.ItemSpec(
                code=item.code,
                lead=item.lead,
                cadence_every=entitlement.cadence_every,
                cadence_unit=entitlement.cadence_unit,
                milestones=tuple(item.milestones or ()),
                days_before_holiday=item.days_before_holiday,
                choice=choice.choice if choice is not None else ItemChoice.Choice.NOW,
            )
        )
    return specs


def propose(contract: Contract) -> list[scheduling.Proposal]:
    """The obligations the plan proposes for the whole term from today's choices."""
    return scheduling.propose(
        contract.start, contract.end, item_specs(contract), calendar_for(contract.customer)
    )


@dataclass
class PlanResult:
    """What generating (or re-planning) did, or would do on a dry run."""

    plan: ServicePlan
    changes: scheduling.Changes
    dry_run: bool = False
    deleted: list[Obligation] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.changes.create),
            "updated": len(self.changes.update),
            "deleted": len(self.changes.delete),
            "kept": self.changes.kept,
        }


def _existing(plan: ServicePlan) -> list[scheduling.Existing]:
    return [
        scheduling.Existing(
            id=o.pk,
            slot=o.slot,
            due=o.due,
            lead=o.lead,
            open=o.state == Obligation.State.OPEN,
            generated=o.origin == Obligation.Origin.GENERATED,
            edited=o.edited,
        )
        for o in plan.obligations.all()
    ]


def do_generate_plan(
    contract: Contract, *, actor: Actor, dry_run: bool = False, today: dt.date | None = None
) -> PlanResult:
    """Draft (or redraft) the plan from the customer's choices; only the leads may.

    Dated obligations for every chosen item across the term, plus the milestones, each
    with its owner. Run again it re-plans from today on: the past, work done or waived,
    and what the leads edited or added by hand stay as they are. ``dry_run`` computes
    the changes and writes nothing.
    """
    if actor is not None:
        require(actor, "manage_plan", contract.customer_id)
    return _apply(contract, actor=actor, dry_run=dry_run, today=today)


def replan(
    contract: Contract, *, actor: Actor, reason: tuple[str, str], today: dt.date | None = None
) -> PlanResult | None:
    """Re-plan the future of a plan already generated (after a changed choice or a
    contract amendment); the leads and, for a plan they have seen, the customer admins
    are told what changed."""
    plan = ServicePlan.objects.filter(contract=contract).first()
    if plan is None or plan.generated_at is None:
        return None
    result = _apply(contract, actor=actor, dry_run=False, today=today)
    if result.changes.empty:
        return result
    ram, asm = lead_holders(contract, "both", today)
    recipients = [ram, asm]
    if plan.state != ServicePlan.State.DRAFT:
        recipients += _customer_admins(contract)
    notify(
        recipients,
        "plan_revised",
        {
            "plan": plan,
            "contract": contract,
            "reason_zh": reason[0],
            "reason_en": reason[1],
            **result.summary(),
        },
        key=f"plan:{plan.pk}:revision:{plan.revision}",
        customer=contract.customer,
        link=plan_link(plan),
    )
    return result


@transaction.atomic
def _apply(contract: Contract, *, actor: Actor, dry_run: bool, today: dt.date | None) -> PlanResult:
    day = today or timezone.localdate()
    plan = ensure_plan(contract)
    # Lock the plan row: two leads pressing "generate" at once must not both create.
    ServicePlan.objects.select_for_update().filter(pk=plan.pk).first()
    proposals = propose(contract)
    changes = scheduling.reconcile(_existing(plan), proposals, day)
    result = PlanResult(plan, changes, dry_run)
    if dry_run:
        return result
    items = {i.code: i for i in ServiceItem.objects.all()}
    holders = Holders(contract)
    # Bulk writes: a two-year plan has a hundred obligations. The audit trail records
    # the plan's new revision (below) rather than each generated row.
    result.deleted = list(plan.obligations.filter(pk__in=changes.delete))
    plan.obligations.filter(pk__in=changes.delete).delete()
    by_id = plan.obligations.in_bulk([pk for pk, _ in changes.update])
    updated = []
    for pk, proposal in changes.update:
        obligation = by_id[pk]
        for name, value in _fields(proposal, items, *holders(proposal.lead, proposal.due)).items():
            setattr(obligation, name, value)
        updated.append(obligation)
    Obligation.objects.bulk_update(updated, [*FIELDS, "owner", "co_owner"])
    Obligation.objects.bulk_create(
        Obligation(
            customer=contract.customer,
            plan=plan,
            slot=proposal.slot,
            origin=Obligation.Origin.GENERATED,
            **_fields(proposal, items, *holders(proposal.lead, proposal.due)),
        )
        for proposal in changes.create
    )
    fill_owners(plan)
    with acting_as(actor):
        save_validated(
            plan,
            actor=actor,
            revision=plan.revision + 1,
            generated_at=timezone.now(),
        )
    return result


FIELDS = ["item", "kind", "due", "lead", "period_start", "period_end", "title_zh", "title_en"]


def _fields(
    proposal: scheduling.Proposal, items: Mapping[str, ServiceItem], owner: Any, co_owner: Any
) -> dict[str, Any]:
    return {
        "item": items[proposal.item],
        "kind": proposal.kind,
        "due": proposal.due,
        "lead": proposal.lead,
        "period_start": proposal.period_start,
        "period_end": proposal.period_end,
        "title_zh": proposal.title_zh,
        "title_en": proposal.title_en,
        "owner": owner or co_owner,
        "co_owner": co_owner if owner else None,
    }


def _reload(plan: ServicePlan) -> None:
    """Lock the plan row and read it afresh: a caller's copy may predate a generation,
    and saving it would put the old revision back."""
    ServicePlan.objects.select_for_update().filter(pk=plan.pk).first()
    plan.refresh_from_db()


def _customer_admins(contract: Contract) -> list[Any]:
    return access.customer_users(contract.customer_id, roles={"customer_admin"})


@transaction.atomic
def do_update_plan(
    plan: ServicePlan, *, actor: Actor, objectives: str, communication: str
) -> ServicePlan:
    """The leads' words in the plan: objectives and the communication plan."""
    require(actor, "manage_plan", plan.customer_id)
    _reload(plan)
    return save_validated(plan, actor=actor, objectives=objectives, communication=communication)


@transaction.atomic
def do_send_plan(plan: ServicePlan, *, actor: Actor, at: dt.datetime | None = None) -> ServicePlan:
    """Send the generated plan to the customer for confirmation; its admins are told."""
    require(actor, "manage_plan", plan.customer_id)
    _reload(plan)
    if plan.generated_at is None or not plan.obligations.exists():
        raise ValidationError({"state": "generate the plan before sending it"})
    if plan.state == ServicePlan.State.CONFIRMED:
        raise ValidationError({"state": "the customer has already confirmed this plan"})
    save_validated(
        plan, actor=actor, state=ServicePlan.State.SENT, sent_by=actor, sent_at=at or timezone.now()
    )
    notify(
        _customer_admins(plan.contract),
        "plan_sent",
        {"plan": plan, "contract": plan.contract, "count": plan.obligations.count()},
        # Each sending is news, also a revision sent again after the customer's comments.
        key=f"plan:{plan.pk}:sent:{plan.sent_at:%Y%m%d%H%M%S%f}",
        customer=plan.customer,
        link=plan_link(plan),
    )
    return plan


@transaction.atomic
def do_confirm_plan(
    plan: ServicePlan, *, actor: UserLike, at: dt.datetime | None = None
) -> ServicePlan:
    """The customer admin confirms the plan it was sent; who and when are recorded.

    Confirmation schedules the kickoff five working days later (unless the leads set its
    date by hand), and the RAM and ASM are told.
    """
    if not access.is_customer_side(actor, plan.customer_id):
        # Confirmation is the customer's own act; staff and admins cannot give it.
        raise PermissionDenied("only the customer confirms its plan")
    require(actor, "confirm_plan", plan.customer_id)
    _reload(plan)
    if plan.state != ServicePlan.State.SENT:
        raise ValidationError({"state": "only a plan sent to you can be confirmed"})
    when = at or timezone.now()
    save_validated(
        plan, actor=actor, state=ServicePlan.State.CONFIRMED, confirmed_by=actor, confirmed_at=when
    )
    kickoff = plan.obligations.filter(slot="milestone:kickoff").first()
    kickoff_day = None
    if kickoff is not None:
        calendar = calendar_for(plan.customer)
        kickoff_day = calendar.add_working_days(timezone.localdate(when), KICKOFF_WORKING_DAYS)
        if kickoff.state == Obligation.State.OPEN and not kickoff.edited:
            save_validated(kickoff, actor=actor, due=min(kickoff_day, plan.contract.end))
        kickoff_day = kickoff.due
    ram, asm = lead_holders(plan.contract, "both")
    # No kickoff in the plan (the item was not chosen): the message says so instead of
    # naming an empty date.
    notify(
        [ram, asm],
        "plan_confirmed",
        {"plan": plan, "contract": plan.contract, "by": actor, "kickoff": kickoff_day},
        # One message per confirmation: a plan sent back for changes is confirmed again.
        key=f"plan:{plan.pk}:confirmed:{when:%Y%m%d%H%M%S%f}",
        customer=plan.customer,
        link=plan_link(plan),
    )
    return plan


def kickoff_day(plan: ServicePlan) -> dt.date | None:
    """The planned day of the kickoff meeting (None when the plan has none)."""
    kickoff = plan.obligations.filter(slot="milestone:kickoff").first()
    return kickoff.due if kickoff is not None else None


@transaction.atomic
def do_request_plan_changes(
    plan: ServicePlan, comment: str, *, actor: UserLike, at: dt.datetime | None = None
) -> ServicePlan:
    """The customer admin asks for changes to the plan it was sent, instead of
    confirming it: the plan goes back to the leads (state ``changes``) with the comment,
    and the RAM and ASM are told. They revise it and send it again (``do_send_plan``).
    Like confirming, this is the customer's own act.
    """
    if not access.is_customer_side(actor, plan.customer_id):
        raise PermissionDenied("only the customer asks for changes to its plan")
    require(actor, "confirm_plan", plan.customer_id)
    _reload(plan)
    if plan.state != ServicePlan.State.SENT:
        raise ValidationError({"state": "only a plan sent to you awaits your answer"})
    if not comment.strip():
        raise ValidationError({"comment": "say what should change"})
    when = at or timezone.now()
    save_validated(
        plan,
        actor=actor,
        state=ServicePlan.State.CHANGES_REQUESTED,
        change_request=comment.strip(),
        changes_requested_by=actor,
        changes_requested_at=when,
    )
    ram, asm = lead_holders(plan.contract, "both")
    notify(
        [ram, asm],
        "plan_changes_requested",
        {"plan": plan, "contract": plan.contract, "by": actor, "comment": plan.change_request},
        key=f"plan:{plan.pk}:changes:{when:%Y%m%d%H%M%S%f}",
        customer=plan.customer,
        link=plan_link(plan),
    )
    return plan


def on_contract_activated(
    sender: Any, contract: Contract, actor: Actor = None, **kwargs: Any
) -> None:
    """Receiver of ``contracts.signals.contract_activated``."""
    start_service(contract, actor=actor)


def on_contract_amended(
    sender: Any, contract: Contract, actor: Actor = None, changed: Any = (), **kwargs: Any
) -> None:
    """Receiver of ``contracts.signals.contract_amended``: re-plan the future."""
    if contract.status != Contract.Status.ACTIVE:
        return
    what = ", ".join(changed) if changed else "contract"
    replan(contract, actor=actor, reason=(f"合同变更（{what}）", f"contract amended: {what}"))
