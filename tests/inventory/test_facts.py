"""``do_record_facts``: what collection found updates the device and its history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from netcare.core.models import AuditEvent
from netcare.inventory import services
from netcare.inventory.models import Device, Module, VersionChange
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


T1 = dt.datetime(2026, 4, 1, 8, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)
MODULES = [
    {"slot": "0", "model": "LSXM1SUPB1", "serial": "210235A1", "description": "MPU"},
    {"slot": "2", "model": "LSXM1CGQ36HB1", "serial": "210235A2", "description": "LPU"},
    {"slot": "PSU1", "model": "PSR2400", "serial": None, "description": None},
]


def record(
    world: World, device: Device, version: str | None, at: dt.datetime, **kw: object
) -> Device:
    fields: dict[str, object] = {"model": None, "serial": None, "modules": None}
    fields.update(kw)
    return services.do_record_facts(
        device,
        version=version,
        collected_at=at,
        actor=world.users["member_staff"],
        **fields,  # type: ignore[arg-type]
    )


def test_history_only_when_the_version_changes(world: World) -> None:
    device = world.obj("device", "own")
    assert device.version_changes.count() == 1  # recorded when the device was added
    record(world, device, "7.1.070, Release 7585P05", T1)
    assert device.version_changes.count() == 1
    updated = record(world, device, "7.1.070, Release 7595P01", T2)
    assert updated.software_version == "7.1.070, Release 7595P01"
    assert updated.last_collected == T2
    latest = VersionChange.objects.filter(device=device).order_by("-id").first()
    assert latest is not None
    assert (latest.version, latest.previous_version, latest.source, latest.seen_at) == (
        "7.1.070, Release 7595P01",
        "7.1.070, Release 7585P05",
        "collection",
        T2,
    )
    record(world, device, "7.1.070, Release 7595P01", T2)
    assert device.version_changes.count() == 2


def test_empty_facts_keep_what_was_known(world: World) -> None:
    device = world.obj("device", "own")
    updated = record(world, device, None, T1, model="", serial=None)
    assert updated.model == "S12508X-AF" and updated.software_version.endswith("7585P05")
    assert updated.serial == "210235A1BSH19C000012"
    assert updated.last_collected == T1


def test_modules_are_replaced_keeping_unchanged_rows(world: World) -> None:
    device = world.obj("device", "own")
    record(world, device, None, T1, modules=MODULES)
    first = {m.slot: m.pk for m in device.modules.all()}
    assert sorted(first) == ["0", "2", "PSU1"]
    assert all(m.customer_id == device.customer_id for m in device.modules.all())
    swapped = [MODULES[0], {**MODULES[1], "serial": "210235B9"}]
    record(world, device, None, T2, modules=swapped)
    second = {m.slot: (m.pk, m.serial) for m in device.modules.all()}
    assert second["0"][0] == first["0"]  # untouched row kept
    assert second["2"] == (second["2"][0], "210235B9") and second["2"][0] != first["2"]
    assert "PSU1" not in second
    events = AuditEvent.objects.filter(object_type="inventory.module")
    assert events.filter(action="delete").count() == 3  # world's MPU, the old LPU, PSU1


def test_recording_the_same_facts_twice_writes_nothing(world: World) -> None:
    device = world.obj("device", "own")
    record(world, device, "7.1.070, Release 7595P01", T1, modules=MODULES, model="S12508X-AF")
    events = AuditEvent.objects.count()
    modules = set(Module.objects.values_list("pk", flat=True))
    record(world, device, "7.1.070, Release 7595P01", T1, modules=MODULES, model="S12508X-AF")
    assert AuditEvent.objects.count() == events
    assert set(Module.objects.values_list("pk", flat=True)) == modules


def test_who_may_record_and_timezones(world: World) -> None:
    device = world.obj("device", "own")
    with pytest.raises(PermissionDenied):
        services.do_record_facts(
            device,
            model=None,
            serial=None,
            version="x",
            modules=None,
            collected_at=T1,
            actor=world.users["customer_admin"],
        )
    with pytest.raises(ValueError, match="timezone"):
        record(world, device, "x", dt.datetime(2026, 1, 1))
    system = services.do_record_facts(
        device, model=None, serial=None, version="v2", modules=[], collected_at=T1, actor=None
    )
    assert system.software_version == "v2" and system.modules.count() == 0
