"""A lean test world for the assurance tests (only the apps it stands on), built once
per module inside a transaction rolled back at the end; each test runs in its own
savepoint (``db``)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings

from tests.conftest import World, build_world

#: The worlds assurance stands on (contracts, devices, hardening steps); the RAM and ASM
#: are assigned by ``_leads`` instead of the delivery world's whole service plan.
LEAN = ["contracts", "inventory", "inspection", "assurance"]


def _leads(world: World, admin: Any) -> None:
    from netcare.contracts import services as contracts
    from netcare.customers import services as customers

    for which, ram in (("own", "member_staff"), ("foreign", "nonmember_staff")):
        contract = world.obj("contract", which)
        asm = customers.do_create_user(f"t.asm_{which}", password="pw-asm", actor=None)
        contracts.do_assign(
            contract, "l2_expert", world.users[ram], start=contract.start, actor=admin
        )
        contracts.do_assign(contract, "asm", asm, start=contract.start, actor=admin)
        world.objects.setdefault("asm", {})[which] = asm


def _extensions() -> list[Any]:
    found = [import_module(f"tests.{app}.world").extend_world for app in LEAN]
    return [*found[:2], _leads, *found[2:]]


@pytest.fixture(scope="module")
def aworld(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    lean = mock.patch("tests.conftest._world_extensions", _extensions)
    with django_db_blocker.unblock(), transaction.atomic(), fast, lean:
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def w(aworld: World, db: None) -> World:
    """The module's world, for one test (its writes are undone after it)."""
    for user in aworld.users.values():
        if hasattr(user, "_netcare_memberships"):
            delattr(user, "_netcare_memberships")
    return aworld


def expert(username: str, customer: Any) -> Any:
    """An HQ expert of ``customer`` (a reviewer candidate)."""
    from netcare.customers import services

    user = services.do_create_user(username, password="pw-hq", actor=None, full_name=username)
    services.do_grant_membership(user, customer, "hq_expert", actor=None)
    return user
