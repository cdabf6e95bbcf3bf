"""Consulting for the test world (rows as the services leave them, without rendering).

Per customer: an assessment in review (its L2 expert assigned as reviewer, one finding)
whose proposal file is on disk, and a published one with a reviewer and a finding; a
scheduled workshop (started yesterday, its L2 expert booked), a held one, and one whose
minutes are published, with an attendee and a follow-up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

PROPOSAL = b"# Spine-leaf expansion\n\nFour more leaf pairs.\n"


def _file(customer: Any, which: str) -> str:
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "uploads" / customer.code / "proposals"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"world-{which}-proposal.md"
    path.write_bytes(PROPOSAL)
    return str(path.relative_to(Path(settings.DATA_DIR)))


def _assessment(customer: Any, which: str, state: str, expert: Any, title: str) -> Any:
    from netcare.consulting.models import Assessment, AssessmentFinding, AssessmentReviewer

    row = Assessment.objects.create(
        customer=customer,
        title=title,
        state=state,
        owner=expert,
        proposal_kind="expansion",
        context="Four more leaf pairs in the main data centre.",
        file_path=_file(customer, which),
        file_name="proposal.md",
        file_type="md",
        file_size=len(PROPOSAL),
        file_sha256="0" * 64,
        conclusion="Feasible after the spine ports are planned." if state == "published" else "",
    )
    AssessmentReviewer.objects.create(
        customer=customer, assessment=row, user=expert, speciality="l2_expert"
    )
    finding = AssessmentFinding.objects.create(
        customer=customer,
        assessment=row,
        area="capacity",
        severity="high",
        finding="The new leaves take every free spine port.",
        risk="No room for the next expansion.",
        recommendation="Plan two more spines.",
        author=expert,
    )
    return row, finding


def _workshop(customer: Any, state: str, expert: Any, title: str) -> Any:
    from django.utils import timezone

    from netcare.consulting.models import Workshop, WorkshopExpert

    starts = timezone.now() - dt.timedelta(days=1)
    row = Workshop.objects.create(
        customer=customer,
        title=title,
        state=state,
        owner=expert,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Head office, room 1201",
        minutes="SRv6 discussed." if state != "scheduled" else "",
    )
    WorkshopExpert.objects.create(
        customer=customer, workshop=row, user=expert, speciality="l2_expert"
    )
    return row


def extend_world(world: Any, admin: Any) -> None:
    from netcare.consulting.models import FollowUp, WorkshopAttendee

    for which in ("own", "foreign"):
        customer = world.obj("customer", which)
        expert = world.users["member_staff" if which == "own" else "nonmember_staff"]
        review, draft_finding = _assessment(
            customer, which, "in_review", expert, f"{customer.code} proposal in review"
        )
        published, finding = _assessment(
            customer, which, "published", expert, f"{customer.code} proposal published"
        )
        scheduled = _workshop(customer, "scheduled", expert, f"{customer.code} SRv6 workshop")
        held = _workshop(customer, "held", expert, f"{customer.code} EVPN workshop")
        done = _workshop(customer, "minutes_published", expert, f"{customer.code} DC workshop")
        attendee = WorkshopAttendee.objects.create(
            customer=customer, workshop=done, side="customer", name="Li Na"
        )
        follow_up = FollowUp.objects.create(
            customer=customer,
            workshop=done,
            text="List the devices to upgrade.",
            owner="Zhang Wei",
            due=dt.date(2026, 3, 1),
        )
        built = {
            "assessment": review,
            "assessment_published": published,
            "assessment_finding": finding,
            "assessment_draft_finding": draft_finding,
            "workshop": scheduled,
            "workshop_held": held,
            "workshop_done": done,
            "workshop_attendee": attendee,
            "follow_up": follow_up,
        }
        for kind, obj in built.items():
            world.objects.setdefault(kind, {})[which] = obj
