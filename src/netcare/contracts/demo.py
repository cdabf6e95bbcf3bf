"""Demo contracts: one per demo customer, dated around today so the figures stay live.

ECCB is eleven months into a two-year term (its two onsite visits, 2.5 of its 4
person-days, are booked by the onsite demo, which dispatches and records them); XHMG is
four months into one year; SNEN has a 2.5-year term whose final half year gets a
pro-rated quota.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from netcare.contracts import services, terms
from netcare.contracts.models import Contract
from netcare.customers.models import Customer

#: code, months since start, term in months, level, L2 expert, account manager
CONTRACTS = [
    ("ECCB", 11, 24, Contract.Level.DIAMOND, "ram.zhang", "asm.li"),
    ("XHMG", 4, 12, Contract.Level.PLATINUM, "ram.zhang", "asm.li"),
    ("SNEN", 10, 30, Contract.Level.GOLD, "ram.zhao", "asm.huang"),
]


def _start(months_ago: int) -> dt.date:
    first = timezone.localdate().replace(day=1)
    return terms.add_months(first, -months_ago)


def load_contracts(summary: Any) -> None:
    """Contracts with all 17 items and the named RAM and ASM."""
    users = get_user_model()._default_manager
    admin = users.get(username="admin")
    for code, months_ago, months, level, ram, asm in CONTRACTS:
        customer = Customer.objects.get(code=code)
        start = _start(months_ago)
        number = f"NC-{code}-{start:%Y}-001"
        contract = Contract.objects.filter(number=number).first()
        if contract is None:
            contract = services.do_create_contract(
                customer,
                number=number,
                start=start,
                end=terms.add_months(start, months) - dt.timedelta(days=1),
                level=level,
                status=Contract.Status.ACTIVE,
                signed_on=start - dt.timedelta(days=20),
                actor=admin,
            )
        services.do_assign(
            contract, "l2_expert", users.get(username=ram), start=contract.start, actor=admin
        )
        services.do_assign(
            contract, "asm", users.get(username=asm), start=contract.start, actor=admin
        )


STEPS = [load_contracts]
