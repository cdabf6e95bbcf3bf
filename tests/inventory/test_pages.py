"""Inventory pages: device list with filters, device detail, import form, overview panel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netcare.inventory import pages, services
from netcare.inventory.models import Device, Platform
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DATA = Path(__file__).parents[1] / "data" / "inventory"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def english(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies["django_language"] = "en"
    return client


def add(world: World, hostname: str, platform: str, role: str, **extra: Any) -> Device:
    return services.do_create_device(
        world.own,
        actor=None,
        hostname=hostname,
        management_address=extra.pop("address", "10.8.0.1"),
        platform=Platform.objects.get(slug=platform),
        role=role,
        **extra,
    )


def test_device_list_filters_and_search(world: World) -> None:
    add(world, "HQ-ACC-01", "huawei_vrp", "access", serial="2102351931P0K8")
    add(world, "HQ-WAN-01", "cisco_xe", "wan", address="10.8.9.9")
    client = english(world, "customer_viewer")

    def hostnames(query: str = "") -> set[str]:
        body = client.get(f"/inventory/ECCB/devices/?{query}").content.decode()
        return {h for h in ("ECCB-CORE-01", "HQ-ACC-01", "HQ-WAN-01") if f">{h}</a>" in body}

    assert hostnames() == {"ECCB-CORE-01", "HQ-ACC-01", "HQ-WAN-01"}
    assert hostnames("platform=cisco_xe") == {"HQ-WAN-01"}
    assert hostnames("role=access") == {"HQ-ACC-01"}
    assert hostnames(f"site={world.obj('site', 'own').pk}") == {"ECCB-CORE-01"}
    assert hostnames("q=10.8.9") == {"HQ-WAN-01"}
    assert hostnames("q=2102351931") == {"HQ-ACC-01"}
    page = client.get("/inventory/ECCB/devices/").content.decode()
    assert "3 devices" in page
    assert "/inventory/ECCB/import/" not in page  # customers do not import


def test_device_detail_shows_identity_modules_history(world: World) -> None:
    device = world.obj("device", "own")
    staff = english(world, "member_staff").get(f"/inventory/devices/{device.pk}/")
    body = staff.content.decode()
    assert "S12508X-AF" in body and "LSXM1SUPB1" in body and "7.1.070, Release 7585P05" in body
    assert "ECCB-ro" in body  # the credential's name, for staff
    assert "device-pw-ECCB" not in body and "gAAAAA" not in body
    customer = english(world, "customer_admin").get(f"/inventory/devices/{device.pk}/")
    assert "ECCB-ro" not in customer.content.decode()


def test_import_page_dry_run_then_import(world: World, _data_dir: Path) -> None:
    client = english(world, "member_staff")
    form = client.get("/inventory/ECCB/import/")
    assert form.status_code == 200 and 'name="dry_run"' in form.content.decode()
    raw = (DATA / "devices-utf8-bom.csv").read_bytes()
    dry = client.post(
        "/inventory/ECCB/import/",
        {"file": SimpleUploadedFile("清单.csv", raw), "dry_run": "on"},
    )
    text = dry.content.decode()
    assert "Dry run: nothing was written" in text and "3 created" in text
    assert not Device.objects.filter(hostname="ECCB-ZJ-LEAF-01").exists()
    done = client.post("/inventory/ECCB/import/", {"file": SimpleUploadedFile("清单.csv", raw)})
    assert "Imported." in done.content.decode()
    assert Device.objects.filter(customer=world.own, hostname="ECCB-ZJ-LEAF-01").exists()
    assert len([p for p in (_data_dir / "uploads" / "ECCB").iterdir() if p.is_file()]) == 2


def test_import_page_names_refused_rows(world: World) -> None:
    client = english(world, "member_staff")
    raw = (DATA / "devices-bad-row.csv").read_bytes()
    answer = client.post("/inventory/ECCB/import/", {"file": SimpleUploadedFile("bad.csv", raw)})
    text = answer.content.decode()
    assert "Nothing was written" in text
    assert 'class="row-refused"><td>4</td>' in text
    assert "management address: &quot;10.10.0.300&quot; is not an IPv4 or IPv6 address." in text
    broken = client.post(
        "/inventory/ECCB/import/", {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04no")}
    )
    assert "x.xlsx cannot be opened as an XLSX workbook" in broken.content.decode()


def test_overview_panel(world: World) -> None:
    add(world, "HQ-ACC-01", "huawei_vrp", "access")
    add(world, "HQ-ACC-02", "huawei_vrp", "access")
    staff = pages.overview_panel(world.own, world.users["member_staff"])
    assert staff["template"] == "inventory/_overview_panel.html"
    assert staff["total"] == 3
    assert [(p["slug"], p["count"]) for p in staff["by_platform"]] == [
        ("huawei_vrp", 2),
        ("hp_comware", 1),
    ]
    assert [(r["role"], r["count"]) for r in staff["by_role"]] == [("access", 2), ("core", 1)]
    assert staff["import_url"] == "/inventory/ECCB/import/"
    viewer = pages.overview_panel(world.own, world.users["customer_viewer"])
    assert viewer["total"] == 3 and viewer["import_url"] is None
    outsider = pages.overview_panel(world.own, world.users["nonmember_staff"])
    assert outsider["total"] == 0
    body = english(world, "member_staff").get("/customers/ECCB/").content.decode()
    assert 'id="inventory"' in body and "/inventory/ECCB/devices/?platform=huawei_vrp" in body
