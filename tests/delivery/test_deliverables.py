"""Deliverable life cycle: draft, attach, publish; customers see and download only what
was published, and every download is on the record."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from netcare.core.models import AuditEvent
from netcare.delivery import services
from netcare.delivery.models import Deliverable
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_customer_sees_only_published(world: World) -> None:
    viewer = world.users["customer_viewer"]
    visible = set(Deliverable.objects.visible_to(viewer).values_list("title_zh", flat=True))
    assert visible == {"ECCB 巡检报告"}
    staff = set(
        Deliverable.objects.visible_to(world.users["member_staff"]).values_list(
            "title_zh", flat=True
        )
    )
    assert staff == {"ECCB 巡检报告", "ECCB 草稿"}


def test_publish_rules(world: World, tmp_path: Path) -> None:
    draft = world.obj("draft", "own")
    with pytest.raises(ValidationError, match="attach"):
        services.do_publish(draft, actor=world.users["member_staff"])
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF-1.7")
    services.do_attach_file(
        draft, source, fmt="pdf", language="en", actor=world.users["member_staff"]
    )
    with pytest.raises(PermissionDenied):
        services.do_publish(draft, actor=world.users["customer_admin"])
    services.do_publish(draft, actor=world.users["member_staff"])
    assert draft.state == "published" and draft.published_by == world.users["member_staff"]
    with pytest.raises(ValidationError, match="withdraw"):
        services.do_attach_file(
            draft, source, fmt="pdf", language="en", actor=world.users["member_staff"]
        )


def test_reattaching_replaces_the_file(world: World, tmp_path: Path) -> None:
    draft, staff = world.obj("draft", "own"), world.users["member_staff"]
    for content in (b"one", b"two-longer"):
        source = tmp_path / "r.docx"
        source.write_bytes(content)
        services.do_attach_file(
            draft, source, fmt="docx", language="zh", actor=staff, name="r-zh.docx"
        )
    files = list(draft.files.all())
    assert len(files) == 1 and files[0].size == len(b"two-longer")
    assert files[0].path.read_bytes() == b"two-longer"


def test_download_is_audited_and_listed_in_api(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_viewer"])
    answer = client.get("/api/deliverables/").json()
    assert [d["title"] for d in answer["results"]] == ["ECCB 巡检报告"]
    url = answer["results"][0]["files"][0]["download_url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    file = world.obj("deliverable_file", "own")
    event = AuditEvent.objects.get(action="download", object_id=str(file.pk))
    assert event.actor == world.users["customer_viewer"] and event.customer == world.own


def test_unknown_format_refused(world: World, tmp_path: Path) -> None:
    source = tmp_path / "x.exe"
    source.write_bytes(b"MZ")
    with pytest.raises(ValidationError, match="unknown format"):
        services.do_attach_file(
            world.obj("draft", "own"),
            source,
            fmt="exe",
            language="zh",
            actor=world.users["member_staff"],
        )
