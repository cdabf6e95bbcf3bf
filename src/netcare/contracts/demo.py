"""Demo contracts: one per demo customer, dated around today so the figures stay live.

ECCB is eleven months into a two-year term with 2.5 of its 4 onsite person-days used
in two visits; XHMG is four months into one year; SNEN has a 2.5-year term whose final
half year gets a pro-rated quota.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from netcare.contracts import services, terms
from netcare.contracts.models import Contract, LedgerEntry
from netcare.customers.models import Customer

#: code, months since start, term in months, level, L2 expert, account manager
CONTRACTS = [
    ("ECCB", 11, 24, Contract.Level.DIAMOND, "ram.zhang", "asm.li"),
    ("XHMG", 4, 12, Contract.Level.PLATINUM, "ram.zhang", "asm.li"),
    ("SNEN", 10, 30, Contract.Level.GOLD, "ram.zhao", "asm.huang"),
]

#: ECCB's two onsite visits: months after start, day, hours on site, hours travelling, what
ECCB_VISITS = [
    (3, 18, "12", "4", "核心交换机 IRF 扩容割接现场保障 / IRF expansion cut-over on site"),
    (8, 6, "3", "1", "灾备中心链路切换演练现场支持 / DR link failover drill on site"),
]


def _start(months_ago: int) -> dt.date:
    first = timezone.localdate().replace(day=1)
    return terms.add_months(first, -months_ago)


def load_contracts(summary: Any) -> None:
    """Contracts with all 17 items, the named RAM and ASM, and ECCB's onsite visits."""
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
        if code == "ECCB":
            _eccb_visits(contract, users.get(username="fe.wang"))


def _eccb_visits(contract: Contract, engineer: Any) -> None:
    onsite = contract.entitlements.get(item__code="onsite_support")
    for months, day, hours_onsite, hours_travel, what in ECCB_VISITS:
        date = terms.add_months(contract.start, months).replace(day=day)
        if LedgerEntry.objects.filter(entitlement=onsite, date=date).exists():
            continue
        services.do_record_usage(
            onsite,
            date=date,
            description=what,
            actor=engineer,
            engineer=engineer,
            hours_onsite=Decimal(hours_onsite),
            hours_travel=Decimal(hours_travel),
        )


STEPS = [load_contracts]
