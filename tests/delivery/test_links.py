"""Links that leave the site are absolute: the .ics feed's event URLs and the links in
notification e-mails start with ``NETCARE_SITE_URL``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from netcare.core.links import absolute
from netcare.delivery import services
from netcare.delivery.services import calendars
from tests.conftest import World
from tests.delivery.test_calendar import parse


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


SITE = "https://netcare.example.com"


def test_absolute_keeps_absolute_links_and_joins_paths(settings: Any) -> None:
    settings.SITE_URL = SITE
    assert absolute("/delivery/ECCB/plan/") == f"{SITE}/delivery/ECCB/plan/"
    assert absolute("delivery/x/") == f"{SITE}/delivery/x/"
    assert absolute("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert absolute("") == ""


def test_feed_event_urls_start_with_the_site_url(world: World, settings: Any) -> None:
    settings.SITE_URL = SITE
    feed = calendars.feed_for(world.users["member_staff"])
    events = parse(Client().get(f"/delivery/ics/{feed.token}.ics").content.decode())
    assert events and all(e["URL"].startswith(f"{SITE}/delivery/obligations/") for e in events)


def test_email_links_start_with_the_site_url(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    viewer = world.users["customer_viewer"]
    viewer.email = "viewer@example.com"
    viewer.save(update_fields=["email"])
    draft = world.obj("draft", "own")
    draft.summary = "见附件 / see attached"
    draft.save(update_fields=["summary"])
    with django_capture_on_commit_callbacks(execute=True):
        services.do_publish(draft, actor=world.users["member_staff"])
    sent = [m for m in mail.outbox if "viewer@example.com" in m.to]
    assert len(sent) == 1
    body = sent[0].body
    # Every link in the body is the absolute one (none left as a bare path).
    assert body.count("/delivery/ECCB/") == body.count(f"{SITE}/delivery/ECCB/") >= 1
