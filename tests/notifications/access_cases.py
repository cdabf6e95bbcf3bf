"""Access-matrix rows for the inbox: a notification is its recipient's alone — not even
an admin reads another person's inbox."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.matrix import Case

#: Whose notification ``world.obj("notification", which)`` is.
OWNER = {"own": "member_staff", "foreign": "nonmember_staff"}


def _check_inbox_list(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    from netcare.notifications.models import Notification

    response = client.get(reverse(name))
    if anon:
        assert response.status_code == 401
        return
    ids = {row["id"] for row in response.json()["results"]}
    expected = set(
        Notification.objects.filter(recipient=world.users[role]).values_list("id", flat=True)
    )
    assert ids == expected
    for which, owner in OWNER.items():
        assert (world.obj("notification", which).pk in ids) == (role == owner)


def _check_inbox_item(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    api = name.startswith("api:")
    for which, owner in OWNER.items():
        url = reverse(name, kwargs={"pk": world.obj("notification", which).pk})
        response = client.post(url) if case.kind == "inbox_post" else client.get(url)
        if anon:
            assert response.status_code == (401 if api else 302)
            continue
        ok = 200 if api else 302
        assert response.status_code == (ok if role == owner else 404), which


def _check_signed_in(
    world: Any, client: Client, name: str, case: Case, role: str, anon: bool
) -> None:
    api = name.startswith("api:")
    response = (
        client.post(reverse(name))
        if case.kind == "inbox_signed_in_post"
        else client.get(reverse(name))
    )
    if anon:
        assert response.status_code == (401 if api else 302)
        return
    assert response.status_code == (200 if api or case.kind == "inbox_signed_in_get" else 302)


CASES = {
    "api:notification-list": Case("inbox_list"),
    "api:notification-detail": Case("inbox_get"),
    "api:notification-read": Case("inbox_post"),
    "api:notification-read-all": Case("inbox_signed_in_post"),
    "notifications:inbox": Case("inbox_signed_in_get"),
    "notifications:preferences": Case("inbox_signed_in_get"),
    "notifications:read": Case("inbox_post"),
    "notifications:read_all": Case("inbox_signed_in_post"),
}

CHECKS = {
    "inbox_list": _check_inbox_list,
    "inbox_get": _check_inbox_item,
    "inbox_post": _check_inbox_item,
    "inbox_signed_in_get": _check_signed_in,
    "inbox_signed_in_post": _check_signed_in,
}
