"""Problem management for the test world (rows only, as the services leave them; the
inventory world runs first, so each customer has its core switch).

Per customer: a field engineer (a scope agreement needs one), an import, an important
open ticket on the switch with a progress entry and an escalation, the first quarter's
review — published, with a scope agreement — and two daily reports of the ticket, one
sent and one still a draft. Column mappings are the vendor's shared data: "own" and
"foreign" are just two rows, named without any customer's name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The quarter of the world's tickets and review.
QUARTER = "2026Q1"
#: The world's tickets, by side (numbers differ so a page shows which side it lists).
NUMBERS = {"own": "SR-2026-0101", "foreign": "SR-2026-0202"}


def _when(day: dt.date, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour), timezone.get_current_timezone())


def _shared(world: Any, admin: Any) -> None:
    from netcare.problems.models import ColumnMapping

    world.objects["column_mapping"] = {
        "own": ColumnMapping.objects.create(
            name="Support system A",
            columns={"Case ID": "number", "Sev": "severity", "Notes": ""},
            created_by=admin,
        ),
        "foreign": ColumnMapping.objects.create(
            name="Support system B", columns={"Ticket": "number"}, created_by=admin
        ),
    }


def _field_engineer(world: Any, admin: Any, which: str) -> Any:
    from netcare.customers import services
    from netcare.customers.models import Role

    user = services.do_create_user(f"t.fe_{which}", password="pw-fe", actor=None)
    services.do_grant_membership(
        user, world.obj("customer", which), Role.FIELD_ENGINEER, actor=admin
    )
    return user


def _per_customer(world: Any, admin: Any, which: str) -> None:
    from django.utils import timezone

    from netcare.problems.analysis.stats import quarter_bounds
    from netcare.problems.models import (
        DailyReport,
        Escalation,
        ProblemReview,
        ProgressEntry,
        ScopeAgreement,
        Ticket,
        TicketImport,
    )

    device = world.obj("device", which)
    customer = device.customer
    expert = world.users["member_staff" if which == "own" else "nonmember_staff"]
    engineer = _field_engineer(world, admin, which)
    imported = TicketImport.objects.create(
        customer=customer,
        source="tickets-2026Q1.csv",
        state=TicketImport.State.DONE,
        counts={"created": 1, "updated": 0, "unchanged": 0, "progress_added": 1, "closed": 0},
        created_by=admin,
    )
    ticket = Ticket.objects.create(
        customer=customer,
        number=NUMBERS[which],
        title="OSPF neighbours flap on the core switch",
        description="Branch traffic drops for a few seconds several times a day.",
        severity="major",
        status=Ticket.Status.IN_PROGRESS,
        product="S12500",
        model=device.model,
        hostname=device.hostname,
        device=device,
        category="routing",
        owner="Wang Lei",
        opened=_when(dt.date(2026, 2, 10)),
        important=True,
        last_import=imported,
    )
    progress = ProgressEntry.objects.create(
        customer=customer,
        ticket=ticket,
        at=_when(dt.date(2026, 2, 10), 15),
        author="Wang Lei",
        text="Collected diagnostic information; the hello timer differs on one link.",
        digest=f"world-{which}",
    )
    escalation = Escalation.objects.create(
        customer=customer,
        ticket=ticket,
        resources="product support expert (routing)",
        escalated_at=_when(dt.date(2026, 2, 11)),
        created_by=expert,
    )
    start, end = quarter_bounds(QUARTER, str(timezone.get_current_timezone()))
    review = ProblemReview.objects.create(
        customer=customer,
        quarter=QUARTER,
        period_start=start,
        period_end=end,
        state=ProblemReview.State.PUBLISHED,
        created_by=expert,
    )
    agreement = ScopeAgreement.objects.create(
        customer=customer,
        review=review,
        what="Review the first quarter as usual.",
        expert=expert,
        field_engineer=engineer,
        customer_party="Li Na (network manager)",
        agreed_on=dt.date(2026, 1, 5),
    )
    sent = DailyReport.objects.create(
        customer=customer,
        ticket=ticket,
        day=dt.date(2026, 2, 11),
        state=DailyReport.State.SENT,
        impact="Branch traffic drops for seconds.",
        since_yesterday=[
            {"at": progress.at.isoformat(), "author": progress.author, "text": progress.text}
        ],
        current_status="Timers aligned on the suspect link; watching.",
        next_steps="Watch for 24 hours.",
        resources=escalation.resources,
        contact="Wang Lei",
        sent_at=_when(dt.date(2026, 2, 11), 18),
        sent_by=expert,
    )
    draft = DailyReport.objects.create(
        customer=customer,
        ticket=ticket,
        day=dt.date(2026, 2, 12),
        impact=sent.impact,
        current_status="No flap since the change.",
        contact="Wang Lei",
    )
    built = {
        "field_engineer": engineer,
        "ticket_import": imported,
        "ticket": ticket,
        "progress_entry": progress,
        "escalation": escalation,
        "problem_review": review,
        "scope_agreement": agreement,
        "daily_report": sent,
        "daily_draft": draft,
    }
    for kind, obj in built.items():
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    _shared(world, admin)
    for which in ("own", "foreign"):
        _per_customer(world, admin, which)
