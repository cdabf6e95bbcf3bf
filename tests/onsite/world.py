"""Onsite support for the test world (the contracts world runs first: each customer has
a contract from 2026-01-01 with its 4 person-days, one of them used).

Per customer: a field engineer, a visit on site with one day logged (8 hours: one
person-day on the ledger) and a second visit still dispatched.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

#: The world's visit day and the day an action logs (both in the first contract year).
VISIT_DAY = dt.date(2026, 3, 10)
LOG_DAY = dt.date(2026, 3, 11)


def extend_world(world: Any, admin: Any) -> None:
    from netcare.customers import services as customers
    from netcare.customers.models import Role
    from netcare.onsite.services import visits

    for which in ("own", "foreign"):
        customer = world.obj("customer", which)
        engineer = customers.do_create_user(f"t.onsite_fe_{which}", password="pw-fe", actor=None)
        customers.do_grant_membership(engineer, customer, Role.FIELD_ENGINEER, actor=admin)
        visit = visits.do_dispatch(
            customer,
            engineer=engineer,
            planned_date=VISIT_DAY,
            purpose=f"Line card swap at {customer.code}",
            site=world.obj("site", which),
            actor=admin,
        )
        day = visits.do_log_day(
            visit, date=VISIT_DAY, hours_onsite=Decimal(7), hours_travel=Decimal(1), actor=admin
        )
        waiting = visits.do_dispatch(
            customer,
            engineer=engineer,
            planned_date=VISIT_DAY,
            purpose=f"Second visit at {customer.code}",
            actor=admin,
        )
        world.objects.setdefault("onsite_engineer", {})[which] = engineer
        world.objects.setdefault("onsite_visit", {})[which] = visit
        world.objects.setdefault("onsite_day", {})[which] = day
        world.objects.setdefault("onsite_dispatched", {})[which] = waiting
