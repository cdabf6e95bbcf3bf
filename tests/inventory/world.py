"""Inventory for the test world: per customer a credential and a core switch with history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netcare.inventory import services
from netcare.inventory.models import Platform


def extend_world(world: Any, admin: Any) -> None:
    services.ensure_platforms()  # a transactional test before may have flushed them
    comware = Platform.objects.get(slug="hp_comware")
    for which, customer in (("own", world.own), ("foreign", world.foreign)):
        credential = services.do_create_credential(
            customer,
            actor=admin,
            name=f"{customer.code}-ro",
            username="netcare",
            password=f"device-pw-{customer.code}",
            enable_secret=f"enable-{customer.code}",
        )
        device = services.do_create_device(
            customer,
            actor=admin,
            hostname=f"{customer.code}-CORE-01",
            management_address="10.0.0.1",
            platform=comware,
            model="S12508X-AF",
            software_version="7.1.070, Release 7585P05",
            site=world.obj("site", which),
            role="core",
            credential=credential,
        )
        services.do_record_facts(
            device,
            model=None,
            serial="210235A1BSH19C000012",
            version=None,
            modules=[{"slot": "1", "model": "LSXM1SUPB1", "serial": "", "description": "MPU"}],
            collected_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
            actor=admin,
        )
        world.objects.setdefault("credential", {})[which] = credential
        world.objects.setdefault("device", {})[which] = device
