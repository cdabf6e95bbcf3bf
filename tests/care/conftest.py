"""A small care world: one customer with a confirmed two-year plan, its RAM and ASM,
a customer admin and three contacts who prefer e-mail, SMS and WeChat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

START = dt.date(2026, 1, 1)
END = dt.date(2027, 12, 31)


@dataclass
class Care:
    admin: Any
    customer: Any
    contract: Any
    plan: Any
    ram: Any
    asm: Any
    customer_admin: Any
    contacts: dict[str, Any]


def make_care(code: str = "ECCB", *, country: str = "CN", subdivision: str = "SH") -> Care:
    from netcare.contracts import services as contracts
    from netcare.customers import services as customers
    from netcare.customers.models import Role
    from netcare.delivery.services import plans

    admin = customers.do_create_user(f"{code}.admin", password="pw", actor=None, is_superuser=True)
    customer = customers.do_create_customer(
        actor=admin,
        code=code,
        name_zh="华东城市商业银行" if country == "CN" else "德意志机械",
        name_en="East China City Commercial Bank" if country == "CN" else "Deutsche Maschinen",
        industry="banking",
        country=country,
        subdivision=subdivision,
    )
    ram = customers.do_create_user(
        f"{code}.ram", password="pw", actor=None, email=f"ram@{code}.example", full_name="张 伟"
    )
    asm = customers.do_create_user(
        f"{code}.asm", password="pw", actor=None, email=f"asm@{code}.example", full_name="李 娜"
    )
    boss = customers.do_create_user(f"{code}.boss", password="pw", actor=None)
    customers.do_grant_membership(boss, customer, Role.CUSTOMER_ADMIN, actor=admin)
    contract = contracts.do_create_contract(
        customer, number=f"C-{code}", start=START, end=END, status="active", actor=admin
    )
    contracts.do_assign(contract, "l2_expert", ram, start=START, actor=admin)
    contracts.do_assign(contract, "asm", asm, start=START, actor=admin)
    plans.start_service(contract, today=START)
    plans.do_generate_plan(contract, actor=ram, today=START)
    plan = plans.ensure_plan(contract)
    plans.do_update_plan(
        plan,
        actor=ram,
        objectives=(
            "核心网络全年稳定运行 / keep the core network stable\n"
            "按季度闭环问题 / close tickets quarterly"
        ),
        communication="RAM 每两周联系一次 / RAM every two weeks",
    )
    plans.do_send_plan(plan, actor=ram)
    plans.do_confirm_plan(plan, actor=boss)
    plan.refresh_from_db()
    people = {
        "email": dict(name="陈立", email="chen.li@eccb.example", preferred_channel="email"),
        "sms": dict(name="徐海峰", phone="+86 512 6255 0183", preferred_channel="sms"),
        "wechat": dict(name="周敏", wechat_id="zm_net", preferred_channel="wechat"),
    }
    contacts = {
        key: customers.do_add_contact(customer, actor=admin, **fields)
        for key, fields in people.items()
    }
    return Care(admin, customer, contract, plan, ram, asm, boss, contacts)


@pytest.fixture(scope="module")
def care_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Care]:
    """One care world per test module, rolled back at its end; each test still runs in
    its own savepoint (the ``db`` fixture), so what a test writes is undone."""
    from django.db import transaction
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield make_care()
        transaction.set_rollback(True)


@pytest.fixture
def care(care_world: Care, db: None) -> Care:
    care_world.plan.refresh_from_db()
    return care_world


def past_care(care: Care) -> Any:
    """The first holiday-care obligation (before today), still open."""
    from netcare.delivery.models import Obligation

    found = care.plan.obligations.filter(kind=Obligation.Kind.HOLIDAY_CARE, state="open")
    return found.order_by("due").first()
