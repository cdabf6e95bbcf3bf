"""An assessment or a workshop as the plain records its report is written from."""

from __future__ import annotations

from django.utils import timezone

from netcare.consulting.models import Assessment, Workshop
from netcare.consulting.summary import (
    AssessmentRecord,
    Attendee,
    FindingRow,
    FollowUpRow,
    MinutesRecord,
    Person,
)
from netcare.core.people import display_name
from netcare.core.text import Text


def assessment_record(assessment: Assessment, *, author: str, reviewer: str) -> AssessmentRecord:
    """What the assessment report says: the proposal, the review team, every finding."""
    customer = assessment.customer
    reviewers = [
        Person(display_name(r.user), r.speciality)
        for r in assessment.reviewers.select_related("user")
    ]
    findings = [
        FindingRow(
            area=f.area,
            severity=f.severity,
            finding=f.finding,
            risk=f.risk,
            recommendation=f.recommendation,
            author=display_name(f.author) or "—",
        )
        for f in assessment.findings.select_related("author").order_by("created", "id")
    ]
    return AssessmentRecord(
        customer=Text(customer.name_zh, customer.name_en or customer.name_zh),
        title=assessment.title,
        proposal_kind=assessment.proposal_kind,
        context=assessment.context,
        file_name=assessment.file_name,
        submitted=timezone.localtime(assessment.created),
        summary=assessment.summary,
        conclusion=assessment.conclusion,
        reviewers=reviewers,
        findings=findings,
        author=author,
        reviewer=reviewer,
        day=timezone.localdate(),
    )


def minutes_record(workshop: Workshop, *, author: str, reviewer: str) -> MinutesRecord:
    """What the minutes say: the workshop, who came, what was said, what follows."""
    customer = workshop.customer
    local = timezone.localtime
    return MinutesRecord(
        customer=Text(customer.name_zh, customer.name_en or customer.name_zh),
        topic=workshop.title,
        description=workshop.description,
        starts=local(workshop.starts_at) if workshop.starts_at else None,
        ends=local(workshop.ends_at) if workshop.ends_at else None,
        place=workshop.place,
        online_link=workshop.online_link,
        organiser=display_name(workshop.owner) or author,
        experts=[
            Person(display_name(e.user), e.speciality)
            for e in workshop.experts.select_related("user")
        ],
        attendees=[Attendee(a.side, a.name, a.title) for a in workshop.attendees.all()],
        minutes=workshop.minutes,
        follow_ups=[FollowUpRow(f.text, f.owner, f.due, f.done) for f in workshop.follow_ups.all()],
        author=author,
        reviewer=reviewer,
        day=timezone.localdate(),
    )
