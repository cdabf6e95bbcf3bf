"""Notification text is stored as plain text and escaped exactly once where shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from netcare.notifications import services
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


TITLE = "Next year's plan & <core> upgrade"


def _titled(deliverable: Any) -> Any:
    """The deliverable titled ``TITLE`` in every language (not saved)."""
    if isinstance(getattr(type(deliverable), "title", None), property):
        deliverable.title_zh = deliverable.title_en = TITLE
    else:
        deliverable.title = TITLE
    return deliverable


def test_text_stored_plain_escaped_once_on_the_page(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    viewer = world.users["customer_viewer"]
    viewer.email = "viewer@eccb.example"
    viewer.save()
    deliverable = _titled(world.obj("deliverable", "own"))
    with django_capture_on_commit_callbacks(execute=True):
        [note] = services.notify(
            [viewer],
            "deliverable_published",
            {"deliverable": deliverable},
            key="escaping",
            customer=world.own,
        )
    assert TITLE in note.subject and TITLE in note.body
    assert "&#x27;" not in note.body and "&amp;" not in note.body and "&lt;" not in note.body
    [email] = [m for m in mail.outbox if m.to == ["viewer@eccb.example"]]
    assert TITLE in email.subject and TITLE in email.body

    client = Client()
    client.force_login(viewer)
    page = client.get("/notifications/").content.decode()
    once = "Next year&#x27;s plan &amp; &lt;core&gt; upgrade"
    assert once in page
    assert "&amp;#x27;" not in page and "&amp;amp;" not in page and "&amp;lt;" not in page
    assert "<core>" not in page


def test_render_keeps_quotes_and_ampersands_in_both_languages(world: World) -> None:
    deliverable = _titled(world.obj("deliverable", "own"))
    for language in ("zh", "en"):
        subject, body = services.render(
            "deliverable_published", language, {"deliverable": deliverable, "link": ""}
        )
        assert TITLE in subject and TITLE in body, language
