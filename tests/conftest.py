"""Shared fixtures: a small world of two customers and one user per role.

ECCB is "own" (the customer the role users belong to or serve); SNEN is "foreign".
On the PostgreSQL pass (``NETCARE_TEST_PASS=postgres``) only tests that touch the
database run, since the others were proven on the first pass.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [
        f"netcare: database {db['ENGINE'].rsplit('.', 1)[-1]} · broker "
        f"{'redis' if 'redis' in settings.Q_CLUSTER else 'orm'}"
    ]


DB_FIXTURES = {"db", "transactional_db", "client", "admin_client", "world", "live_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("NETCARE_TEST_PASS") != "postgres":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or item.get_closest_marker("postgres")
        if uses_db or DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            keep.append(item)
        else:
            drop.append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: No test opens a connection to anything but this machine: collection's allowlist is
#: loopback only, here and in every subprocess a test starts (CLI, servers, the demo).
LOOPBACK_ONLY = "127.0.0.0/8,::1/128"
os.environ["NETCARE_COLLECT_NETWORKS"] = LOOPBACK_ONLY


@pytest.fixture(autouse=True)
def _collect_loopback_only(settings: Any) -> None:
    from netcare.collection import allowlist

    settings.COLLECT_NETWORKS = allowlist.parse(LOOPBACK_ONLY)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether a local service answers; tests that need one skip with a clear reason."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


ROLES = [
    "anonymous",
    "other_customer",
    "customer_viewer",
    "customer_admin",
    "member_staff",
    "nonmember_staff",
    "admin",
]


@dataclass
class World:
    """Two tenants with a site, a contact and a job each, and a user per role."""

    own: Any
    foreign: Any
    users: dict[str, Any]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)

    def obj(self, kind: str, which: str) -> Any:
        return self.objects[kind][which]


def build_world() -> World:
    from django.contrib.auth.models import AnonymousUser

    from netcare.core.models import Job
    from netcare.customers import services
    from netcare.customers.models import Customer, Role

    admin = services.do_create_user("t.admin", password="pw-admin-1", actor=None, is_superuser=True)
    own = services.do_create_customer(
        actor=admin,
        code="ECCB",
        name_zh="华东城市商业银行",
        name_en="East China City Commercial Bank",
        industry="banking",
        country="CN",
        subdivision="SH",
    )
    foreign = services.do_create_customer(
        actor=admin,
        code="SNEN",
        name_zh="南方能源",
        name_en="Southern Energy",
        industry="energy",
        country="CN",
        subdivision="GD",
    )
    users: dict[str, Any] = {"anonymous": AnonymousUser(), "admin": admin}
    grants = {
        "other_customer": [(foreign, Role.CUSTOMER_ADMIN)],
        "customer_viewer": [(own, Role.CUSTOMER_VIEWER)],
        "customer_admin": [(own, Role.CUSTOMER_ADMIN)],
        "member_staff": [(own, Role.L2_EXPERT)],
        "nonmember_staff": [(foreign, Role.L2_EXPERT)],
    }
    for role, pairs in grants.items():
        user = services.do_create_user(f"t.{role}", password=f"pw-{role}", actor=None)
        for customer, grant in pairs:
            services.do_grant_membership(user, customer, grant, actor=admin)
        users[role] = user
    world = World(own=own, foreign=foreign, users=users)
    for which, customer in (("own", own), ("foreign", foreign)):
        site = services.do_add_site(
            customer, actor=admin, name=f"{customer.code} DC", kind="data_center"
        )
        contact = services.do_add_contact(
            customer, actor=admin, name=f"{customer.code} contact", site=site
        )
        job = Job.objects.create(kind="self_check", customer=customer)
        membership = customer.customers_membership_set.filter(role=Role.L2_EXPERT).first()
        world.objects.setdefault("customer", {})[which] = customer
        world.objects.setdefault("site", {})[which] = site
        world.objects.setdefault("contact", {})[which] = contact
        world.objects.setdefault("job", {})[which] = job
        world.objects.setdefault("membership", {})[which] = membership
    assert Customer.objects.count() == 2
    for extend in _world_extensions():
        extend(world, admin)
    return world


def _world_extensions() -> list[Any]:
    """``extend_world(world, admin)`` of each ``tests/<app>/world.py``, adding that app's
    objects for both customers to ``world.objects``."""
    from importlib import import_module
    from pathlib import Path

    apps = sorted(path.parent.name for path in Path(__file__).parent.glob("*/world.py"))
    # Data-flow order: what an app's objects stand on is built first.
    apps.sort(key=lambda app: WORLD_ORDER.index(app) if app in WORLD_ORDER else len(WORLD_ORDER))
    return [import_module(f"tests.{app}.world").extend_world for app in apps]


WORLD_ORDER = ["contracts", "inventory", "collection", "delivery"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def password_for(username: str) -> str:
    role = username.removeprefix("t.")
    return "pw-admin-1" if role == "admin" else f"pw-{role}"
