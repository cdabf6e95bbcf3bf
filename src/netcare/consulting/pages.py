"""Read models for the consulting pages and the customer timeline, through the access rule.

Customer users see their submissions and workshops; the review (reviewers, findings,
conclusion) once the assessment is published; attendees, minutes and follow-ups once the
minutes are published. Forms and people to choose are for the customer's staff only.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from netcare.consulting.forms import (
    AttendeeForm,
    CancelForm,
    ConcludeForm,
    FindingForm,
    FollowUpForm,
    MinutesForm,
    PersonForm,
    ScheduleForm,
    SubmitForm,
    WorkshopRequestForm,
)
from netcare.consulting.models import (
    Area,
    Assessment,
    AssessmentFinding,
    FollowUp,
    Workshop,
    WorkshopAttendee,
)
from netcare.consulting.services import assessments, workshops
from netcare.core import access
from netcare.customers.models import Customer
from netcare.delivery.pages import Event


def index(customer: Customer, user: Any) -> dict[str, Any]:
    """The customer's proposal assessments and workshops, newest first, with the forms
    to submit a proposal and ask for a workshop."""
    may_ask = access.may(user, "raise_requests", customer)
    return {
        "customer": customer,
        "staff": access.is_staff_for(user, customer),
        "assessments": list(
            Assessment.objects.visible_to(user)
            .filter(customer=customer)
            .select_related("owner", "deliverable")
        ),
        "workshops": list(
            Workshop.objects.visible_to(user)
            .filter(customer=customer)
            .select_related("owner", "deliverable")
        ),
        "submit_form": SubmitForm() if may_ask else None,
        "workshop_form": WorkshopRequestForm() if may_ask else None,
    }


def assessment_detail(assessment: Assessment, user: Any) -> dict[str, Any]:
    """One assessment: the submission; the review for staff, or once published."""
    customer = assessment.customer
    staff = access.is_staff_for(user, customer)
    shown = staff or assessment.is_published
    findings = list(
        AssessmentFinding.objects.visible_to(user)
        .filter(assessment=assessment)
        .select_related("author")
    )
    by_area = [(label, [f for f in findings if f.area == code]) for code, label in Area.choices]
    manage = access.may(user, "manage_consulting", customer) and staff
    state = assessment.state
    is_reviewer = assessments.is_reviewer(assessment, user) or access.is_admin(user)
    return {
        "customer": customer,
        "assessment": assessment,
        "staff": staff,
        "shown": shown,
        "reviewers": list(assessment.reviewers.select_related("user")) if shown else [],
        "findings_by_area": by_area,
        "finding_count": len(findings),
        "reviewer_form": PersonForm(customer, assessments.REVIEWER_ROLES)
        if manage and state in ("submitted", "in_review")
        else None,
        "finding_form": FindingForm() if staff and is_reviewer and state == "in_review" else None,
        "conclude_form": ConcludeForm(
            initial={"summary": assessment.summary, "conclusion": assessment.conclusion}
        )
        if manage and state == "in_review"
        else None,
        "may_reopen": manage and state == "assessed",
        "may_publish": staff
        and access.may(user, "publish_deliverables", customer)
        and state == "assessed",
    }


def workshop_detail(workshop: Workshop, user: Any) -> dict[str, Any]:
    """One workshop: topic, date and experts; for staff (or once the minutes are
    published) attendees, minutes and follow-ups, with the RAM's forms."""
    customer = workshop.customer
    staff = access.is_staff_for(user, customer)
    manage = staff and access.may(user, "manage_consulting", customer)
    state = workshop.state
    open_ = state in ("requested", "scheduled")
    recording = state in ("scheduled", "held")
    return {
        "customer": customer,
        "workshop": workshop,
        "staff": staff,
        "shown": staff or workshop.minutes_released,
        "experts": list(workshop.experts.select_related("user")),
        "attendees": list(WorkshopAttendee.objects.visible_to(user).filter(workshop=workshop)),
        "follow_ups": list(FollowUp.objects.visible_to(user).filter(workshop=workshop)),
        "expert_form": PersonForm(customer, workshops.EXPERT_ROLES) if manage and open_ else None,
        "schedule_form": ScheduleForm(
            initial={
                "starts_at": workshop.starts_at,
                "ends_at": workshop.ends_at,
                "place": workshop.place,
                "online_link": workshop.online_link,
            }
        )
        if manage and open_
        else None,
        "attendee_form": AttendeeForm() if manage and recording else None,
        "follow_up_form": FollowUpForm() if manage and recording else None,
        "minutes_form": MinutesForm(initial={"minutes": workshop.minutes})
        if manage and state == "held"
        else None,
        "cancel_form": CancelForm() if manage and open_ else None,
        "may_hold": manage and state == "scheduled",
        "may_publish": staff
        and access.may(user, "publish_deliverables", customer)
        and state == "held",
        "may_close_follow_ups": manage,
    }


def timeline_events(customer: Customer, user: Any) -> list[Event]:
    """Assessments and workshops on the customer's timeline, as far as the user sees."""
    events: list[Event] = []
    found = Assessment.objects.visible_to(user).filter(customer=customer)
    for row in found.select_related("deliverable"):
        link = reverse("consulting:assessment_detail", kwargs={"pk": row.pk})
        events.append(
            Event(row.created, "proposal_submitted", row.title, _("Proposal submitted"), link)
        )
        published = row.deliverable.published_at if row.deliverable else None
        if row.is_published and published:
            events.append(
                Event(published, "proposal_assessed", row.title, _("Assessment published"), link)
            )
    held = Workshop.objects.visible_to(user).filter(customer=customer)
    for row in held.select_related("deliverable"):
        link = reverse("consulting:workshop_detail", kwargs={"pk": row.pk})
        events.append(
            Event(row.created, "workshop_requested", row.title, _("Workshop requested"), link)
        )
        if row.starts_at and row.state != Workshop.State.CANCELLED:
            events.append(
                Event(row.starts_at, "workshop", row.title, _("Technology workshop"), link)
            )
        published = row.deliverable.published_at if row.deliverable else None
        if row.minutes_released and published:
            events.append(
                Event(published, "workshop_minutes", row.title, _("Minutes published"), link)
            )
    return events


def calendar_entries(user: Any, start: Any, end: Any, customer_code: str) -> list[Any]:
    """Workshops on the plan calendar."""
    from netcare.delivery.pages import engagement_days

    return engagement_days(
        Workshop.objects, user, start, end, customer_code, "consulting:workshop_detail"
    )
