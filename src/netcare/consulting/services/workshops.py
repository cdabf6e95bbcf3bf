"""Technology workshops (前沿技术方案研讨): the customer's topic, the experts the L2
expert books, the date and place, the attendees, minutes and follow-ups, and the
published minutes (研讨会纪要) that close the request."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.consulting.models import FollowUp, Workshop, WorkshopAttendee, WorkshopExpert
from netcare.consulting.services.assessments import (
    LANGUAGES,
    check_move,
    move,
    publish_report,
    report_deliverable,
    signatures,
)
from netcare.consulting.services.staffing import link, speciality_for
from netcare.core.access import recorded_user, require
from netcare.core.services import save_validated
from netcare.customers.models import Customer, Role
from netcare.delivery.models import Deliverable
from netcare.delivery.services.requests import do_close_request, do_raise_request

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: Who may be booked for a workshop: any of the customer's vendor staff.
EXPERT_ROLES = (Role.L2_EXPERT, Role.HQ_EXPERT, Role.FIELD_ENGINEER, Role.ASM)


@transaction.atomic
def do_request_workshop(
    customer: Customer,
    *,
    topic: str,
    description: str,
    actor: Actor,
    wanted_date: dt.date | None = None,
) -> Workshop:
    """The customer asks for a workshop on a topic: a service request of kind
    ``technology_workshop`` (routed to the RAM, who is told) and the workshop, requested."""
    require(actor, "raise_requests", customer)
    if not topic.strip():
        raise ValidationError({"topic": "name the topic"})
    request = do_raise_request(
        customer,
        kind=Workshop.REQUEST_KIND,
        title=topic,
        text=description.strip() or topic,
        actor=actor,
        wanted_date=wanted_date,
    )
    return save_validated(
        Workshop(
            customer=customer,
            request=request,
            owner=request.routed_to,
            created_by=recorded_user(actor),
        ),
        actor=actor,
        title=topic.strip(),
        description=description.strip(),
        state=Workshop.State.REQUESTED.value,
    )


def _open(workshop: Workshop, what: str) -> None:
    if workshop.state not in (Workshop.State.REQUESTED, Workshop.State.SCHEDULED):
        raise ValidationError(
            {"state": f"{what} while the workshop is requested or scheduled, not {workshop.state}"}
        )


def _tell_expert(workshop: Workshop, row: WorkshopExpert) -> None:
    from netcare.notifications.services import notify

    stamp = workshop.starts_at.isoformat() if workshop.starts_at else "unscheduled"
    notify(
        [row.user],
        "consulting_expert_booked",
        {"workshop": workshop, "speciality": row.get_speciality_display()},
        key=f"workshop:{workshop.pk}:expert:{row.user_id}:{stamp}",
        customer=workshop.customer,
        link=link("workshop_detail", workshop.pk),
    )


@transaction.atomic
def do_book_expert(
    workshop: Workshop, user: Any, *, actor: Actor, speciality: str = ""
) -> WorkshopExpert:
    """The RAM books one of the customer's vendor staff (an HQ expert with a speciality);
    the expert is told, with the date once it is set."""
    require(actor, "manage_consulting", workshop.customer_id)
    _open(workshop, "experts are booked")
    chosen = speciality_for(user, workshop.customer, speciality, roles=EXPERT_ROLES, field="user")
    row = workshop.experts.filter(user=user).first() or WorkshopExpert(
        customer=workshop.customer, workshop=workshop, user=user, booked_by=recorded_user(actor)
    )
    save_validated(row, actor=actor, speciality=chosen)
    _tell_expert(workshop, row)
    return row


@transaction.atomic
def do_schedule_workshop(
    workshop: Workshop,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    actor: Actor,
    place: str = "",
    online_link: str = "",
) -> Workshop:
    """Set (or move) the date, time and place or online link; needs a booked expert.
    Every booked expert is told the (new) date."""
    require(actor, "manage_consulting", workshop.customer_id)
    _open(workshop, "the date is set")
    if not workshop.experts.exists():
        raise ValidationError({"experts": "book at least one expert before setting the date"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "the workshop ends before it starts"})
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": "give the place or the online link"})
    if workshop.state == Workshop.State.REQUESTED:
        move(workshop, Workshop.State.SCHEDULED)
    save_validated(
        workshop,
        actor=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
    )
    for row in workshop.experts.select_related("user"):
        _tell_expert(workshop, row)
    return workshop


def do_mark_held(workshop: Workshop, *, actor: Actor, now: dt.datetime | None = None) -> Workshop:
    """The workshop took place (scheduled → held); refused before its start."""
    require(actor, "manage_consulting", workshop.customer_id)
    check_move(workshop, Workshop.State.HELD)
    if workshop.starts_at and workshop.starts_at > (now or timezone.now()):
        raise ValidationError(
            {
                "state": f"the workshop starts {workshop.starts_at:%Y-%m-%d %H:%M}; "
                "mark it held afterwards"
            }
        )
    move(workshop, Workshop.State.HELD)
    return save_validated(workshop, actor=actor)


def _recording(workshop: Workshop, what: str) -> None:
    if workshop.state not in (Workshop.State.SCHEDULED, Workshop.State.HELD):
        raise ValidationError(
            {"state": f"{what} once the workshop is scheduled or held, not {workshop.state}"}
        )


def do_add_attendee(
    workshop: Workshop, *, side: str, name: str, actor: Actor, title: str = ""
) -> WorkshopAttendee:
    """Record one attendee (vendor or customer side)."""
    require(actor, "manage_consulting", workshop.customer_id)
    _recording(workshop, "attendees are recorded")
    if side not in WorkshopAttendee.Side.values:
        raise ValidationError({"side": f"unknown side {side!r}; use vendor or customer"})
    return save_validated(
        WorkshopAttendee(customer=workshop.customer, workshop=workshop),
        actor=actor,
        side=side,
        name=name.strip(),
        title=title.strip(),
    )


def do_record_minutes(workshop: Workshop, minutes: str, *, actor: Actor) -> Workshop:
    """Write (or rewrite) the minutes, as written, once the workshop was held."""
    require(actor, "manage_consulting", workshop.customer_id)
    if workshop.state != Workshop.State.HELD:
        raise ValidationError(
            {"state": f"minutes are written once the workshop is held, not {workshop.state}"}
        )
    if not minutes.strip():
        raise ValidationError({"minutes": "write the minutes"})
    return save_validated(workshop, actor=actor, minutes=minutes.strip())


def do_add_follow_up(
    workshop: Workshop, *, text: str, owner: str, due: dt.date, actor: Actor
) -> FollowUp:
    """Record an agreed action with its owner and due date."""
    require(actor, "manage_consulting", workshop.customer_id)
    _recording(workshop, "follow-ups are recorded")
    return save_validated(
        FollowUp(customer=workshop.customer, workshop=workshop),
        actor=actor,
        text=text.strip(),
        owner=owner.strip(),
        due=due,
    )


def do_set_follow_up_done(follow_up: FollowUp, done: bool, *, actor: Actor) -> FollowUp:
    """Mark a follow-up done (or open again), also after the minutes were published."""
    require(actor, "manage_consulting", follow_up.customer_id)
    return save_validated(
        follow_up, actor=actor, done=done, done_at=timezone.now() if done else None
    )


@transaction.atomic
def do_cancel_workshop(workshop: Workshop, *, reason: str, actor: Actor) -> Workshop:
    """Cancel a requested or scheduled workshop with the reason; its request closes."""
    require(actor, "manage_consulting", workshop.customer_id)
    check_move(workshop, Workshop.State.CANCELLED)
    if not reason.strip():
        raise ValidationError({"cancel_reason": "say why the workshop is cancelled"})
    move(workshop, Workshop.State.CANCELLED)
    save_validated(workshop, actor=actor, cancel_reason=reason.strip())
    if workshop.request is not None:
        do_close_request(workshop.request, resolution=reason, actor=actor)
    return workshop


@transaction.atomic
def do_publish_minutes(workshop: Workshop, *, actor: Actor) -> Deliverable:
    """Publish the minutes (研讨会纪要, docx/pdf/xlsx in zh and en) as a deliverable; the
    customer sees attendees, minutes and follow-ups from now on, and the request closes.
    Refused without minutes or attendees."""
    from netcare.consulting import reports
    from netcare.consulting.services.records import minutes_record

    require(actor, "publish_deliverables", workshop.customer_id)
    check_move(workshop, Workshop.State.MINUTES_PUBLISHED)
    if not workshop.minutes.strip():
        raise ValidationError({"minutes": "write the minutes before publishing them"})
    if not workshop.attendees.exists():
        raise ValidationError({"attendees": "record who attended before publishing the minutes"})
    deliverable = report_deliverable(
        workshop,
        item="technology_workshop",
        report_type="workshop_minutes",
        title=f"研讨会纪要 · {workshop.title}",
        title_en=f"Technology workshop minutes · {workshop.title}",
        start=timezone.localdate(workshop.starts_at) if workshop.starts_at else None,
        end=timezone.localdate(workshop.ends_at) if workshop.ends_at else None,
        actor=actor,
    )
    author, reviewer = signatures(workshop, actor)
    record = minutes_record(workshop, author=author, reviewer=reviewer)
    return publish_report(
        workshop,
        deliverable,
        {lang: reports.build_minutes_document(record, lang) for lang in LANGUAGES},
        basename=f"{workshop.customer.code}-workshop-minutes-{workshop.pk}",
        state=Workshop.State.MINUTES_PUBLISHED,
        resolution=f"研讨会纪要已发布 / workshop minutes published: {workshop.title}",
        actor=actor,
    )
