"""The device page's collection panel: facts for all who see the device, outputs and
runs for vendor staff only; it renders with the template the lead includes."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from tests.conftest import World

from netcare.collection import pages


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_device_panel_for_staff_and_customers(world: World) -> None:
    fact = world.obj("fact", "own")
    device = fact.device
    staff = pages.device_panel(device, world.users["member_staff"])
    customer = pages.device_panel(device, world.users["customer_viewer"])
    assert staff["facts"]["model"] == "S12508X-AF" and staff["outputs"] and staff["runs"]
    assert customer["facts"]["os_version"] and not customer["outputs"] and not customer["runs"]
    assert "config_text" not in staff["facts"]
    html = render_to_string(staff["template"], {"panel": staff})
    assert "S12508X-AF" in html and "display version" in html
    html = render_to_string(customer["template"], {"panel": customer})
    assert "S12508X-AF" in html and "display version" not in html


def test_job_pages_render_for_staff(world: World) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.users["member_staff"])
    job = world.obj("collection_job", "own")
    for url in (
        f"/collection/{world.own.code}/jobs/",
        f"/collection/jobs/{job.pk}/",
        f"/collection/{world.own.code}/collect/",
        f"/collection/{world.own.code}/upload/",
    ):
        assert client.get(url).status_code == 200, url
    partial = client.get(f"/collection/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert b'id="job-runs"' in partial.content and b"<html" not in partial.content
