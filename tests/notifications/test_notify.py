"""The notification service: once per (recipient, kind, key), in the recipient's
language, e-mailed only when wanted, every kind rendered in both languages; the inbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from netcare.notifications import services
from netcare.notifications.kinds import KINDS
from netcare.notifications.models import Notification, NotificationPreference
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_idempotent_per_key(world: World) -> None:
    ram = world.users["member_staff"]
    context = {"obligation": world.obj("obligation", "own"), "days": 2}
    first = services.notify(
        [ram, ram, None], "obligation_reminder", context, key="k1", customer=world.own
    )
    again = services.notify([ram], "obligation_reminder", context, key="k1", customer=world.own)
    assert len(first) == 1 and again == []
    assert (
        len(services.notify([ram], "obligation_reminder", context, key="k2", customer=world.own))
        == 1
    )


def test_language_and_email_preferences(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    asm = world.obj("asm", "own")
    context = {"obligation": world.obj("obligation", "own"), "days": 2}
    NotificationPreference.objects.create(
        user=asm, language="en", muted_kinds=["obligation_reminder"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        [note] = services.notify([asm], "obligation_reminder", context, key="a", customer=world.own)
        services.notify(
            [asm], "obligation_overdue", {**context, "owner": None}, key="b", customer=world.own
        )
    assert note.language == "en" and note.subject.startswith("Due in 2 days:")
    assert note.email_state == ""
    assert [m.subject for m in mail.outbox] == [
        "Overdue: Service start: contact the customer and walk through the items "
        "(East China City Commercial Bank)"
    ]


def test_inactive_users_are_skipped(world: World) -> None:
    asm = world.obj("asm", "own")
    asm.is_active = False
    asm.save()
    assert (
        services.notify(
            [asm], "plan_sent", {"contract": world.obj("contract", "own"), "count": 1}, key="x"
        )
        == []
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_kind_renders(world: World, language: str) -> None:
    request = world.obj("service_request", "own")
    request.first_responder = world.users["member_staff"]
    context = {
        "contract": world.obj("contract", "own"),
        "customer": world.own,
        "plan": world.obj("plan", "own"),
        "obligation": world.obj("obligation", "own"),
        "deliverable": world.obj("deliverable", "own"),
        "request": request,
        "due_local": request.first_response_due,
        "due": request.first_response_due.date(),
        "by": world.users["customer_admin"],
        "owner": None,
        "choices": [world.obj("item_choice", "own")],
        "days": 3,
        "count": 5,
        "kickoff": None,
        "last": None,
        "created": 1,
        "updated": 0,
        "deleted": 0,
        "reason_zh": "合同变更",
        "reason_en": "contract amended",
        "role_zh": "专属L2专家",
        "role_en": "L2 expert",
        "cadence_zh": "每14天",
        "cadence_en": "every 14 days",
        "recipient": world.users["member_staff"],
        "link": "/x/",
    }
    for kind in KINDS:
        subject, body = services.render(kind, language, context)
        assert subject and "\n" not in subject and body.strip(), kind
        assert "{{" not in subject + body and "&amp;" not in body, kind


def test_inbox_pages_and_api(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    mine = Notification.objects.filter(recipient=world.users["member_staff"])
    unread = mine.filter(read_at__isnull=True).count()
    page = client.get("/notifications/").content.decode()
    assert f"{unread} " in page and world.obj("notification", "own").subject in page
    note = world.obj("notification", "own")
    answer = client.post(f"/notifications/{note.pk}/read/")
    assert answer["Location"] == "/delivery/obligations/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.post("/api/notifications/read-all/").json()["marked"] == unread - 1
    assert client.get("/api/notifications/?unread=1").json()["count"] == 0
    saved = client.post(
        "/notifications/preferences/",
        {
            "language": "en",
            "email": "on",
            "muted_kinds": ["contact_lapsed"],
            "remind_days_before": 5,
        },
    )
    assert saved.status_code == 302
    preference = NotificationPreference.objects.get(user=world.users["member_staff"])
    assert (preference.language, preference.remind_days_before, preference.muted_kinds) == (
        "en",
        5,
        ["contact_lapsed"],
    )


def test_nav_shows_the_unread_count(world: World) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.users["member_staff"]
    request.session = {}  # type: ignore[assignment]
    html = render_to_string("notifications/_nav.html", {"user": request.user}, request=request)
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    assert f'id="unread-count">{count}<' in html and "/delivery/calendar/" in html
