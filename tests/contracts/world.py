"""Contracts for the test world: one per customer, with an onsite visit recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from netcare.contracts import services


def extend_world(world: Any, admin: Any) -> None:
    for which, customer in (("own", world.own), ("foreign", world.foreign)):
        contract = services.do_create_contract(
            customer,
            number=f"T-{customer.code}-1",
            start=dt.date(2026, 1, 1),
            end=dt.date(2027, 12, 31),
            status="active",
            actor=admin,
        )
        onsite = contract.entitlements.get(item__code="onsite_support")
        entry = services.do_record_usage(
            onsite,
            date=dt.date(2026, 3, 2),
            description="visit",
            actor=admin,
            hours_onsite=Decimal(6),
            hours_travel=Decimal(2),
        )
        world.objects.setdefault("contract", {})[which] = contract
        world.objects.setdefault("entitlement", {})[which] = onsite
        world.objects.setdefault("ledger", {})[which] = entry
