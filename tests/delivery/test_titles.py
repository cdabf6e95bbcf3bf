"""Titles in the reader's language: a contact record, a review and the migration of the
old bilingual titles, on pages, in API answers and in notifications, in zh and en."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.conf import settings
from django.test import Client

from netcare.delivery.models import Deliverable
from netcare.notifications.models import Notification, NotificationPreference
from tests.conftest import World
from tests.delivery.world import proactive_record


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


split_title = importlib.import_module(
    "netcare.delivery.migrations.0003_deliverable_title_languages"
).split_title


def _client(world: World, role: str, language: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _record(world: World) -> Deliverable:
    record: Deliverable = proactive_record(
        world, dt.date(2026, 2, 3), channel="visit", summary="季度走访。"
    )
    return record


def test_contact_record_title_is_stored_per_language(world: World) -> None:
    record = _record(world)
    assert record.title_zh == "主动联系记录 · 2026-02-03 · 拜访"
    assert record.title_en == "Proactive contact record · 2026-02-03 · visit"
    assert record.title_in("zh") == record.title_zh
    assert record.title_in("en") == record.title_en


def test_pages_and_api_show_the_viewers_language_only(world: World) -> None:
    record = _record(world)
    zh = (
        _client(world, "customer_viewer", "zh-hans")
        .get("/delivery/ECCB/?group=records")
        .content.decode()
    )
    assert record.title_zh in zh and "Proactive contact record" not in zh and " / " not in zh
    en = (
        _client(world, "customer_viewer", "en")
        .get("/delivery/ECCB/?group=records")
        .content.decode()
    )
    assert record.title_en in en and "主动联系记录" not in en

    answer = _client(world, "customer_viewer", "en").get(
        f"/api/deliverables/{record.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    data = answer.json()
    assert data["title"] == record.title_en
    assert (data["title_zh"], data["title_en"]) == (record.title_zh, record.title_en)
    chinese = _client(world, "customer_viewer", "zh-hans").get(f"/api/deliverables/{record.pk}/")
    assert chinese.json()["title"] == record.title_zh
    found = _client(world, "customer_viewer", "en").get("/api/deliverables/?search=Proactive")
    assert [d["id"] for d in found.json()["results"]] == [record.pk]


def test_a_one_language_title_serves_both(world: World) -> None:
    published = world.obj("deliverable", "own")
    assert published.title_en == ""
    assert published.title_in("en") == published.title_in("zh") == "ECCB 巡检报告"


def test_notification_in_the_recipients_language(world: World) -> None:
    viewer = world.users["customer_viewer"]
    NotificationPreference.objects.create(user=viewer, language="en")
    from netcare.delivery import services

    draft = services.do_create_deliverable(
        world.own,
        item="inspection",
        title="2026 年第一季度巡检报告",
        title_en="Inspection report, Q1 2026",
        summary="见附件",
        actor=world.users["member_staff"],
    )
    services.do_publish(draft, actor=world.users["member_staff"])
    key = f"deliverable:{draft.pk}:published"
    note = Notification.objects.get(recipient=viewer, kind="deliverable_published", key=key)
    assert "Inspection report, Q1 2026" in note.subject and "巡检报告" not in note.body
    admin_note = Notification.objects.get(recipient=world.users["customer_admin"], key=key)
    assert "2026 年第一季度巡检报告" in admin_note.subject


def test_old_bilingual_titles_are_split() -> None:
    assert split_title("主动联系记录 / Proactive contact record · 2026-01-05 · 拜访 / visit") == (
        "主动联系记录 · 2026-01-05 · 拜访",
        "Proactive contact record · 2026-01-05 · visit",
    )
    assert split_title("阶段性回顾报告 / Mid-term review · C-2026-001") == (
        "阶段性回顾报告 · C-2026-001",
        "Mid-term review · C-2026-001",
    )
    assert split_title("ECCB 巡检报告") == ("ECCB 巡检报告", "")
