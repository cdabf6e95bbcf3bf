"""The devices API: filters, search, nested detail, service-backed writes, import, query counts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from netcare.inventory import services
from netcare.inventory.models import Device, Platform
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


DATA = Path(__file__).parents[1] / "data" / "inventory"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> Any:
    settings.DATA_DIR = tmp_path
    with translation.override("en"):
        yield tmp_path


def client_for(world: World, role: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users[role])
    return client


def add_devices(world: World, count: int) -> None:
    ios = Platform.objects.get(slug="cisco_ios")
    for i in range(count):
        services.do_create_device(
            world.own,
            actor=None,
            hostname=f"ACC-{i:03d}",
            management_address=f"10.5.0.{i + 1}",
            platform=ios,
            role="access",
            serial=f"FOC{i:04d}",
            site=world.obj("site", "own"),
            credential=world.obj("credential", "own"),
        )


def test_list_query_count_does_not_grow(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(world, "member_staff")
    add_devices(world, 3)
    client.get("/api/devices/")  # warm the session and content types
    with django_assert_max_num_queries(8) as few:
        small = client.get("/api/devices/")
    ios = Platform.objects.get(slug="cisco_ios")
    for i in range(40):
        services.do_create_device(
            world.own, actor=None, hostname=f"B-{i}", management_address="10.6.0.1", platform=ios
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get("/api/devices/")
    assert small.json()["count"] == 4 and large.json()["count"] == 44


def test_filters_and_search(world: World) -> None:
    add_devices(world, 3)
    client = client_for(world, "admin")

    def count(query: str) -> int:
        answer = client.get(f"/api/devices/?{query}")
        assert answer.status_code == 200, answer.content
        return int(answer.json()["count"])

    assert count("customer__code=ECCB") == 4
    assert count("customer__code=SNEN") == 1
    assert count("platform=cisco_ios") == 3
    assert count("platform=hp_comware") == 2
    assert count("role=access") == 3
    assert count("status=active&role=core") == 2
    assert count(f"site={world.obj('site', 'own').pk}") == 4
    assert count("search=FOC0001") == 1
    assert count("search=10.5.0.3") == 1
    assert count("search=ACC-00") == 3


def test_detail_nests_modules_and_history(world: World) -> None:
    device = world.obj("device", "own")
    answer = client_for(world, "customer_viewer").get(f"/api/devices/{device.pk}/").json()
    assert answer["platform"] == "hp_comware" and answer["customer"] == "ECCB"
    assert answer["site_name"] == "ECCB DC"
    assert [m["model"] for m in answer["modules"]] == ["LSXM1SUPB1"]
    assert answer["version_changes"][0]["version"] == "7.1.070, Release 7585P05"
    staff = client_for(world, "member_staff").get(f"/api/devices/{device.pk}/").json()
    assert staff["credential_name"] == "ECCB-ro"


def test_staff_writes_devices_through_services(world: World) -> None:
    client = client_for(world, "member_staff")
    created = client.post(
        "/api/devices/",
        {
            "customer": "ECCB",
            "hostname": "API-01",
            "management_address": "10.7.0.1",
            "platform": "huawei_vrp",
            "software_version": "V200R019C10SPC800",
            "site": world.obj("site", "own").pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    device = Device.objects.get(pk=created.json()["id"])
    assert device.customer == world.own and device.version_changes.count() == 1
    duplicate = client.post(
        "/api/devices/",
        {
            "customer": "ECCB",
            "hostname": "api-01",  # hostnames are unique without regard to case
            "management_address": "10.7.0.2",
            "platform": "huawei_vrp",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert duplicate.status_code == 400
    assert "already has a device of that name" in str(duplicate.json())
    bad_site = client.patch(
        f"/api/devices/{device.pk}/",
        {"site": world.obj("site", "foreign").pk},
        content_type="application/json",
    )
    assert bad_site.status_code == 400 and "site" in bad_site.json()
    bad_address = client.patch(
        f"/api/devices/{device.pk}/",
        {"management_address": "10.7.0"},
        content_type="application/json",
    )
    assert bad_address.status_code == 400
    upgraded = client.patch(
        f"/api/devices/{device.pk}/",
        {"software_version": "V200R022C00SPC500"},
        content_type="application/json",
    )
    assert upgraded.status_code == 200 and device.version_changes.count() == 2
    assert client.delete(f"/api/devices/{device.pk}/").status_code == 204


def test_customers_and_other_staff_cannot_write(world: World) -> None:
    body = {
        "customer": "ECCB",
        "hostname": "X",
        "management_address": "10.0.0.9",
        "platform": "cisco_ios",
    }
    assert (
        client_for(world, "customer_admin")
        .post("/api/devices/", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(world, "nonmember_staff")
        .post("/api/devices/", body, content_type="application/json")
        .status_code
        == 404
    )
    device = world.obj("device", "own")
    assert (
        client_for(world, "customer_admin").delete(f"/api/devices/{device.pk}/").status_code == 403
    )


def _upload(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_import_endpoint_reports_rows(world: World) -> None:
    client = client_for(world, "member_staff")
    good = client.post(
        "/api/devices/import/",
        {"file": _upload("d.csv", (DATA / "devices-utf8.csv").read_bytes()), "customer": "ECCB"},
    )
    assert good.status_code == 200, good.content
    assert good.json()["written"] is True and good.json()["counts"]["created"] == 4
    refused = client.post(
        "/api/devices/import/",
        {
            "file": _upload("bad.csv", (DATA / "devices-bad-row.csv").read_bytes()),
            "customer": "ECCB",
        },
    )
    assert refused.status_code == 400
    report = refused.json()
    assert report["written"] is False and report["counts"]["refused"] == 1
    bad = next(r for r in report["rows"] if r["action"] == "refused")
    assert bad["row"] == 4 and bad["issues"][0]["column"] == "management address"
    assert not Device.objects.filter(hostname="ECCB-ZJ-CORE-02").exists()
    dry = client.post(
        "/api/devices/import/",
        {
            "file": _upload("x.csv", b"hostname,ip,platform\nDRY-1,10.0.0.1,eos\n"),
            "customer": "ECCB",
            "dry_run": "true",
        },
    )
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert not Device.objects.filter(hostname="DRY-1").exists()
    missing = client.post("/api/devices/import/", {"customer": "ECCB"})
    assert missing.status_code == 400 and "file" in missing.json()
