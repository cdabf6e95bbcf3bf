"""Notifications for the test world: one for the own customer's RAM, one for the
foreign customer's (besides those the plan's life already wrote)."""

from __future__ import annotations

from typing import Any

from netcare.notifications.services import notify


def extend_world(world: Any, admin: Any) -> None:
    for which, role in (("own", "member_staff"), ("foreign", "nonmember_staff")):
        customer = world.obj("customer", which)
        [notification] = notify(
            [world.users[role]],
            "obligation_overdue",
            {"obligation": world.obj("obligation", which), "days": 3, "owner": None},
            key=f"world:{which}",
            customer=customer,
            link="/delivery/obligations/",
        )
        world.objects.setdefault("notification", {})[which] = notification
