"""Fixtures of the satisfaction tests: the shared world with contacts who have e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import World


@pytest.fixture
def asked(world: World, settings: Any) -> World:
    """The world with mail kept in memory and two own contacts that have an address."""
    from netcare.customers import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://netcare.example"
    admin = world.users["admin"]
    for name, email in (("陈立", "chen.li@eccb.example"), ("周敏", "zhou.min@eccb.example")):
        services.do_add_contact(world.own, actor=admin, name=name, email=email)
    return world
