"""A change through its life: filed (by the customer or its RAM) → sent for review →
approved or returned → scheduled with its roster → in progress (events logged) →
completed with an outcome → the change-assurance record (变更保障记录) published.

Every move goes through ``ChangeAssurance.FLOW``; an illegal one is refused with an
error on ``state`` that names both states and the legal moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from netcare.assurance.models import ChangeAssurance, RosterEntry
from netcare.assurance.services import notices, reviews
from netcare.core.access import recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable, ServiceRequest

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: The states in which the filer may still edit the plan.
EDITABLE = {"draft", "returned"}


def _check_window(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": "give the change window (from and to)"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "the window ends before it starts"})


def _own_rows(customer: Customer, rows: Iterable[Any], field: str) -> list[Any]:
    rows = list(rows)
    foreign = [str(r) for r in rows if r.customer_id != customer.pk]
    if foreign:
        raise ValidationError({field: f"not {customer.code}'s: {', '.join(foreign)}"})
    return rows


def _move(change: ChangeAssurance, target: str, *, actor: Actor, **changes: Any) -> ChangeAssurance:
    change.move_to(str(target))
    return save_validated(change, actor=actor, **changes)


@transaction.atomic
def do_file_change(
    customer: Customer,
    *,
    title: str,
    purpose: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    actor: Actor,
    devices: Iterable[Any] = (),
    steps: str = "",
    rollback: str = "",
    plan_file: Any = None,
    hardening_steps: Iterable[Any] = (),
    request: ServiceRequest | None = None,
) -> ChangeAssurance:
    """File a change (a draft) for the customer: purpose, its devices, the plan document
    (kept as uploaded), steps, rollback and window. Without a ``request`` one is raised
    (kind change_assurance) so the customer's request list tells the same story; the
    change is owned by the RAM the request was routed to."""
    from netcare.delivery.services.requests import do_raise_request

    require(actor, "file_changes", customer)
    if not title.strip() or not purpose.strip():
        raise ValidationError({"purpose": "give the change a title and its purpose"})
    _check_window(starts_at, ends_at)
    device_rows = _own_rows(customer, devices, "devices")
    step_rows = _own_rows(customer, hardening_steps, "hardening_steps")
    if request is None:
        request = do_raise_request(
            customer,
            kind=ChangeAssurance.REQUEST_KIND,
            title=title,
            text=purpose,
            actor=actor,
            wanted_date=timezone.localdate(starts_at) if starts_at else None,
        )
    elif request.customer_id != customer.pk or request.kind != ChangeAssurance.REQUEST_KIND:
        raise ValidationError({"request": "not a change-assurance request of this customer"})
    change = ChangeAssurance(
        customer=customer,
        request=request,
        state=ChangeAssurance.State.DRAFT.value,
        owner=request.routed_to,
        created_by=recorded_user(actor),
    )
    save_validated(
        change,
        actor=actor,
        title=title.strip(),
        purpose=purpose.strip(),
        steps=steps.strip(),
        rollback=rollback.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    change.devices.set(device_rows)
    change.hardening_steps.set(step_rows)
    if plan_file is not None:
        do_attach_plan(change, plan_file, actor=actor)
    return change


def do_attach_plan(change: ChangeAssurance, upload: Any, *, actor: Actor) -> ChangeAssurance:
    """Keep the plan document as uploaded (a new one replaces the name, the old file
    stays on disk); refused once the plan is in review or approved."""
    require(actor, "file_changes", change.customer_id)
    if change.state not in EDITABLE:
        raise ValidationError({"plan_document": f"the plan is {change.state}; it is not changed"})
    name = Path(getattr(upload, "name", "") or "plan").name
    change.plan_document.save(
        f"{change.customer.code}/{change.pk}-{name}", File(upload), save=False
    )
    return save_validated(change, actor=actor, plan_name=name)


def do_submit_change(change: ChangeAssurance, *, actor: Actor) -> ChangeAssurance:
    """Send the plan for review (again, after a return: a new round)."""
    require(actor, "file_changes", change.customer_id)
    if not change.steps.strip() and not change.plan_document:
        raise ValidationError({"steps": "give the steps or attach the plan document first"})
    returned = change.state == ChangeAssurance.State.RETURNED
    _move(change, ChangeAssurance.State.IN_REVIEW, actor=actor)
    if returned:
        reviews.start_round(change, actor=actor)
    else:
        for review in reviews.current_reviews(change):
            notices.reviewer_named(review)
    return change


def do_schedule_change(change: ChangeAssurance, *, actor: Actor) -> ChangeAssurance:
    """An approved change is scheduled once its assurance roster is set."""
    require(actor, "manage_changes", change.customer_id)
    if (
        change.state == ChangeAssurance.State.APPROVED
        and not RosterEntry.objects.filter(change=change).exists()
    ):
        raise ValidationError({"roster": "set the assurance roster for the window first"})
    return _move(change, ChangeAssurance.State.SCHEDULED, actor=actor)


def do_start_change(change: ChangeAssurance, *, actor: Actor) -> ChangeAssurance:
    require(actor, "manage_changes", change.customer_id)
    return _move(change, ChangeAssurance.State.IN_PROGRESS, actor=actor)


@transaction.atomic
def do_complete_change(
    change: ChangeAssurance,
    outcome: str,
    *,
    actor: Actor,
    verification: str = "",
    follow_ups: str = "",
) -> ChangeAssurance:
    """Record the outcome (success, rolled back, partial). On success the hardening
    steps the change carried become applied, through the inspection service."""
    from netcare.inspection.models import HardeningStep
    from netcare.inspection.services.hardening import do_set_step_state

    require(actor, "manage_changes", change.customer_id)
    if outcome not in ChangeAssurance.Outcome.values:
        raise ValidationError(
            {
                "outcome": f"unknown outcome {outcome!r}; use "
                + ", ".join(ChangeAssurance.Outcome.values)
            }
        )
    _move(
        change,
        ChangeAssurance.State.COMPLETED,
        actor=actor,
        outcome=outcome,
        verification=verification.strip(),
        follow_ups=follow_ups.strip(),
        completed_at=timezone.now(),
    )
    if outcome == ChangeAssurance.Outcome.SUCCESS:
        for step in change.hardening_steps.filter(state=HardeningStep.State.PLANNED):
            do_set_step_state(step, HardeningStep.State.APPLIED, actor=actor)
    return change


@transaction.atomic
def do_publish_change_record(change: ChangeAssurance, *, actor: Actor) -> Deliverable:
    """Publish the change-assurance record (Word and PDF, zh and en) as a deliverable,
    link it to the change and close the request it came from."""
    from netcare.assurance import reports
    from netcare.assurance.services.records import attach_record, change_record, record_deliverable
    from netcare.delivery.services import do_publish
    from netcare.delivery.services.engagements import do_record_result

    require(actor, "publish_deliverables", change.customer_id)
    if not change.FLOW.can(change.state, ChangeAssurance.State.PUBLISHED):
        change.move_to(ChangeAssurance.State.PUBLISHED)  # raises the flow's error
    deliverable = record_deliverable(
        change,
        "change_assurance",
        f"变更保障记录 · {change.title}",
        f"Change assurance record · {change.title}",
        actor=actor,
    )
    author = display_name(actor) or "NetCare"
    attach_record(
        deliverable,
        lambda language: change_record(change, language, author=author),
        reports.write_change_record,
        stem=f"{change.customer.code}-change-{change.pk}",
        actor=actor,
    )
    do_publish(deliverable, actor=actor)
    outcome = ChangeAssurance.Outcome(change.outcome).label if change.outcome else ""
    do_record_result(
        change,
        deliverable,
        resolution=f"变更保障记录已发布 / change assurance record published ({outcome})",
        actor=actor,
    )
    _move(change, ChangeAssurance.State.PUBLISHED, actor=actor)
    return deliverable
