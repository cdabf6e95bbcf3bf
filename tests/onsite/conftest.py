"""A small onsite world: ECCB with a two-year contract that began 300 days ago (its
first contract year holds today), its RAM, ASM, two field engineers and a customer
admin; SNEN with its own field engineer. Built through the services, so memberships and
the contract's 4 person-day quota (travel included) are what production makes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from netcare.contracts import services as contracts
from netcare.customers import services as customers
from netcare.customers.models import Role
from netcare.onsite.models import Visit
from netcare.onsite.services import visits


@dataclass
class Team:
    admin: Any
    own: Any
    foreign: Any
    contract: Any
    entitlement: Any
    ram: Any
    asm: Any
    fe: Any
    fe2: Any
    foreign_fe: Any
    customer_admin: Any
    site: Any

    @property
    def start(self) -> dt.date:
        return self.contract.start

    def day(self, n: int) -> dt.date:
        return self.start + dt.timedelta(days=n)

    def dispatch(self, n: int = 10, **kwargs: Any) -> Visit:
        kwargs.setdefault("engineer", self.fe)
        kwargs.setdefault("purpose", "Replace a line card on the core switch")
        return visits.do_dispatch(self.own, planned_date=self.day(n), actor=self.ram, **kwargs)

    def log(self, visit: Visit, n: int, hours: str, travel: str = "0", actor: Any = None) -> Any:
        return visits.do_log_day(
            visit,
            date=self.day(n),
            hours_onsite=Decimal(hours),
            hours_travel=Decimal(travel),
            actor=actor or self.fe,
        )


def build_team() -> Team:
    admin = customers.do_create_user("o.admin", password="pw", actor=None, is_superuser=True)
    own = customers.do_create_customer(
        actor=admin,
        code="ECCB",
        name_zh="华东城市商业银行",
        name_en="East China City Bank",
        industry="banking",
        country="CN",
        subdivision="SH",
    )
    foreign = customers.do_create_customer(
        actor=admin,
        code="SNEN",
        name_zh="南方能源",
        name_en="Southern Energy",
        industry="energy",
        country="CN",
        subdivision="GD",
    )
    start = timezone.localdate() - dt.timedelta(days=300)
    contract = contracts.do_create_contract(
        own,
        number="T-ECCB-ONSITE",
        start=start,
        end=contracts.terms.add_years(start, 2) - dt.timedelta(days=1),
        status="active",
        actor=admin,
    )
    contracts.do_create_contract(
        foreign,
        number="T-SNEN-ONSITE",
        start=start,
        end=contracts.terms.add_years(start, 2) - dt.timedelta(days=1),
        status="active",
        actor=admin,
    )
    people = {}
    for name, full in (
        ("o.ram", "张 伟"),
        ("o.asm", "李 娜"),
        ("o.fe", "王 强"),
        ("o.fe2", "刘 洋"),
        ("o.foreign_fe", "赵 磊"),
        ("o.customer_admin", "陈 立"),
    ):
        people[name] = customers.do_create_user(name, password="pw", actor=None, full_name=full)
    contracts.do_assign(contract, "l2_expert", people["o.ram"], start=start, actor=admin)
    contracts.do_assign(contract, "asm", people["o.asm"], start=start, actor=admin)
    for login in ("o.fe", "o.fe2"):
        customers.do_grant_membership(people[login], own, Role.FIELD_ENGINEER, actor=admin)
    customers.do_grant_membership(people["o.foreign_fe"], foreign, Role.FIELD_ENGINEER, actor=admin)
    customers.do_grant_membership(people["o.customer_admin"], own, Role.CUSTOMER_ADMIN, actor=admin)
    site = customers.do_add_site(own, actor=admin, name="张江数据中心", kind="data_center")
    return Team(
        admin=admin,
        own=own,
        foreign=foreign,
        contract=contract,
        entitlement=contract.entitlements.get(item__code="onsite_support"),
        ram=people["o.ram"],
        asm=people["o.asm"],
        fe=people["o.fe"],
        fe2=people["o.fe2"],
        foreign_fe=people["o.foreign_fe"],
        customer_admin=people["o.customer_admin"],
        site=site,
    )


@pytest.fixture
def team(db: None) -> Team:
    return build_team()
