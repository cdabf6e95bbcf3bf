"""Assurance for the test world, made through the services (the contracts, delivery
and inventory worlds run first: each customer has its contract with RAM and ASM, and
its core switch).

Per customer: an HQ expert ``t.reviewer_<side>`` whose only membership of it is
``reviewer``; a change in review that the reviewer reviews (filed by the RAM, on the
switch) and a draft change no one reviews; a critical period (preparing) with its
default checklists, one on-site roster entry and an open ``before`` item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

WINDOW = (dt.datetime(2026, 5, 9, 22, 0), dt.datetime(2026, 5, 10, 2, 0))
PERIOD = (dt.datetime(2026, 12, 28, 8, 0), dt.datetime(2027, 1, 3, 20, 0))
TITLES = {"own": "Core switch upgrade ECCB", "foreign": "Core switch upgrade SNEN"}


def aware(value: dt.datetime) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(value)


def _per_customer(world: Any, admin: Any, which: str) -> None:
    from django.core.files.base import ContentFile

    from netcare.assurance.services import changes, periods, reviews, rosters
    from netcare.customers import services
    from netcare.customers.models import Role

    customer = world.obj("customer", which)
    ram = world.users["member_staff" if which == "own" else "nonmember_staff"]
    asm = world.obj("asm", which)
    device = world.obj("device", which)
    # An HQ expert who has reviewed for this customer before (so a candidate); naming
    # them again below keeps that one membership.
    reviewer = services.do_create_user(f"t.reviewer_{which}", password="pw-reviewer", actor=None)
    services.do_grant_membership(reviewer, customer, Role.REVIEWER, actor=admin)
    change = changes.do_file_change(
        customer,
        title=TITLES[which],
        purpose="Upgrade the core switch to the recommended release.",
        starts_at=aware(WINDOW[0]),
        ends_at=aware(WINDOW[1]),
        devices=[device],
        steps="1. back up\n2. load image\n3. reboot",
        rollback="boot the previous image",
        plan_file=ContentFile(b"change plan", name="plan.docx"),
        actor=ram,
    )
    reviews.do_name_reviewer(change, reviewer, "product_support", actor=ram)
    changes.do_submit_change(change, actor=ram)
    draft = changes.do_file_change(
        customer,
        title=f"Unreviewed change {customer.code}",
        purpose="Add a VLAN.",
        starts_at=aware(WINDOW[0]),
        ends_at=aware(WINDOW[1]),
        actor=ram,
    )
    period = periods.do_open_period(
        customer,
        title=f"Year-end settlement {customer.code}",
        event="Year-end settlement of the core banking system.",
        starts_at=aware(PERIOD[0]),
        ends_at=aware(PERIOD[1]),
        sites=[world.obj("site", which)],
        devices=[device],
        actor=asm,
    )
    rosters.do_add_roster_entry(
        period,
        person=ram,
        mode="onsite",
        starts_at=aware(PERIOD[0]),
        ends_at=aware(PERIOD[0] + dt.timedelta(hours=10)),
        duty="on-site duty",
        actor=asm,
    )
    built = {
        "reviewer": reviewer,
        "change": change,
        "change_draft": draft,
        "change_review": change.reviews.get(),
        "critical_period": period,
        "checklist_item": period.items.filter(phase="before").first(),
    }
    for kind, obj in built.items():
        world.objects.setdefault(kind, {})[which] = obj


def extend_world(world: Any, admin: Any) -> None:
    for which in ("own", "foreign"):
        _per_customer(world, admin, which)
