"""Shared fixtures: a small world of two customers and one user per role.

ECCB is "own" (the customer the role users belong to or serve); SNEN is "foreign".
On the PostgreSQL pass (``NETCARE_TEST_PASS=postgres``) only tests that touch the
database run, since the others were proven on the first pass.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

#: The demo site (the demo run, then served) shared by every end-to-end module.
pytest_plugins = ["tests.demo_site"]


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
        if os.environ.get("NETCARE_POSTGRES_PASS_FOLLOWS"):
            later = pytest.mark.skip(reason="marked `once`: runs on the PostgreSQL pass")
            for item in items:
                if item.get_closest_marker("once"):
                    item.add_marker(later)
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


class Shared:
    """A world built once and put back as it was built before each test that uses it.

    The database is put back by the test's savepoint (``db``); this puts back the Python
    side: the world's dicts, and every model instance reachable from it (attributes,
    cached relations), so a test that changes or deletes ``world.obj(...)`` in memory
    leaves the next test the world a fresh ``build_world()`` would give it.
    """

    def __init__(self, world: World) -> None:
        self.world = world
        self.attrs = dict(vars(world))
        self.shape = _containers(self.attrs)
        self.instances: dict[int, tuple[Any, dict[str, Any]]] = {}
        pending = [world.users, world.objects]
        while pending:
            value = pending.pop()
            if isinstance(value, dict):
                pending.extend(value.values())
            elif isinstance(value, list | tuple | set):
                pending.extend(value)
            elif _is_model(value) and id(value) not in self.instances:
                self.instances[id(value)] = (value, _copy_attrs(vars(value)))
                pending.extend(value._state.fields_cache.values())

    def reset(self) -> World:
        for instance, attrs in self.instances.values():
            vars(instance).clear()
            vars(instance).update(_copy_attrs(attrs))
        vars(self.world).clear()
        vars(self.world).update(_containers(self.shape))
        return self.world


def _is_model(value: Any) -> bool:
    from django.db.models import Model

    return isinstance(value, Model)


def _containers(value: Any) -> Any:
    """``value`` with its dicts and lists copied all the way down, its other leaves kept."""
    if isinstance(value, dict):
        return {key: _containers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_containers(item) for item in value]
    return value


def _copy_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """A model instance's attributes, copied so that changing the copy in place (a JSON
    field's dict, the cached relations) leaves the original as it was."""
    import copy

    copied: dict[str, Any] = {}
    for key, value in attrs.items():
        if key == "_state":
            state = copy.copy(value)
            vars(state).update({k: copy.copy(v) for k, v in vars(value).items()})
            copied[key] = state
        elif key == "_prefetched_objects_cache":
            copied[key] = dict(value)
        elif isinstance(value, dict | list | set):
            copied[key] = copy.deepcopy(value)
        else:
            copied[key] = value
    return copied


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared]:
    """One world for a whole test module, inside a transaction rolled back at the end (as
    the access matrix does). Use it through ``shared_world``."""
    from django.db import transaction
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield Shared(build_world())
        transaction.set_rollback(True)


@pytest.fixture
def shared_world(module_world: Shared, db: Any) -> World:
    """The module's world for one test, as built: the test runs in its own savepoint, so
    what it writes is undone, and what it changes in memory is put back before the next.

    A module whose tests only need the world as it is built takes it with::

        @pytest.fixture
        def world(shared_world: World) -> World:
            return shared_world
    """
    return module_world.reset()


def password_for(username: str) -> str:
    role = username.removeprefix("t.")
    return "pw-admin-1" if role == "admin" else f"pw-{role}"
