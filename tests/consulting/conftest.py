"""One world for each consulting test module (the access-matrix world plus an HQ expert
and a field engineer of ECCB), built once inside a transaction rolled back at the end;
each test runs in its own savepoint. Uploads and reports go to a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from tests.conftest import World, build_world


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("consulting-data")


@pytest.fixture(scope="module")
def cw(django_db_setup: None, django_db_blocker: Any, data_dir: Path) -> Iterator[World]:
    from netcare.customers import services
    from netcare.customers.models import Role

    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DATA_DIR=data_dir,
        REPORTS_DIR=data_dir / "reports",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        world = build_world()
        admin = world.users["admin"]
        for name, role in (("hq", Role.HQ_EXPERT), ("fe", Role.FIELD_ENGINEER)):
            user = services.do_create_user(f"t.{name}_own", password="pw", actor=None)
            services.do_grant_membership(user, world.own, role, actor=admin)
            world.users[name] = user
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def w(cw: World, db: None) -> World:
    """The module's world, in this test's savepoint; memberships read afresh."""
    for user in cw.users.values():
        if hasattr(user, "_netcare_memberships"):
            delattr(user, "_netcare_memberships")
    return cw
