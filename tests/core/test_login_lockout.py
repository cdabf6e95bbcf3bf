"""Sign-in lockout (django-axes) on the web, admin and API token logins, its audit
record, its end, and the password rules wherever an administrator sets a password."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from netcare.core.models import AuditEvent
from tests.conftest import World, password_for


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


LOGIN = "/login/"


def _hammer(client: Client, username: str, times: int, **extra: Any) -> list[int]:
    return [
        client.post(LOGIN, {"username": username, "password": f"wrong-{i}"}, **extra).status_code
        for i in range(times)
    ]


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_web_login_and_the_right_one_is_refused(world: World) -> None:
    user = world.users["customer_admin"]
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _hammer(client, user.username, 25)
    assert statuses == [200] * (limit - 1) + [429] * (25 - limit + 1)

    answer = client.post(
        LOGIN, {"username": user.username, "password": password_for(user.username)}
    )
    assert answer.status_code == 429
    assert not _signed_in(client)
    page = answer.content.decode()
    assert "登录已锁定" in page and "请管理员解锁" in page  # Chinese by default
    assert answer["Retry-After"] and 0 < int(answer["Retry-After"]) <= 30 * 60
    # The admin site's login is behind the same lock.
    admin_answer = client.post(
        "/admin/login/", {"username": user.username, "password": password_for(user.username)}
    )
    assert admin_answer.status_code == 429 and not _signed_in(client)


def test_lockout_page_in_english_when_chosen(world: World) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _hammer(client, "t.customer_viewer", settings.AXES_FAILURE_LIMIT)
    page = client.post(
        LOGIN, {"username": "t.customer_viewer", "password": "pw-customer_viewer"}
    ).content.decode()
    assert "Sign-in locked" in page and "Too many failed sign-ins" in page
    assert "登录已锁定" not in page


def test_lockout_is_audited_once_with_address(world: World) -> None:
    user = world.users["member_staff"]
    _hammer(Client(), user.username, 12)
    events = list(AuditEvent.objects.filter(action="locked_out"))
    assert len(events) == 1
    event = events[0]
    assert event.object_type == "auth.user" and event.object_id == str(user.pk)
    assert event.actor is None and event.actor_label == user.username
    assert event.remote_addr == "127.0.0.1"
    assert event.after["failures"] == settings.AXES_FAILURE_LIMIT
    assert event.after["cool_off_minutes"] == 30
    # Every refused attempt is still a failed sign-in in the log.
    assert AuditEvent.objects.filter(action="login_failed", actor_label=user.username).count() == 12


def test_unknown_username_locks_and_is_audited_without_an_object(db: Any) -> None:
    _hammer(Client(), "nobody-here", settings.AXES_FAILURE_LIMIT)
    event = AuditEvent.objects.get(action="locked_out")
    assert event.object_id == "" and event.actor_label == "nobody-here"


def test_lock_is_per_username_and_address(world: World) -> None:
    user = world.users["customer_admin"]
    _hammer(Client(), user.username, settings.AXES_FAILURE_LIMIT)
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    answer = elsewhere.post(
        LOGIN, {"username": user.username, "password": password_for(user.username)}
    )
    assert answer.status_code == 302 and _signed_in(elsewhere)
    # Another account from the locked address is not affected either.
    other = Client()
    answer = other.post(LOGIN, {"username": "t.customer_viewer", "password": "pw-customer_viewer"})
    assert answer.status_code == 302 and _signed_in(other)


def test_signing_in_again_after_the_cool_off(world: World) -> None:
    user = world.users["customer_admin"]
    client = Client()
    _hammer(client, user.username, settings.AXES_FAILURE_LIMIT)
    right = {"username": user.username, "password": password_for(user.username)}
    assert client.post(LOGIN, right).status_code == 429
    # The failures were recorded 31 minutes ago: the 30-minute cool-off is over.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    answer = client.post(LOGIN, right)
    assert answer.status_code == 302 and _signed_in(client)


def test_an_admin_unlocks_with_the_reset_command(world: World) -> None:
    user = world.users["customer_admin"]
    client = Client()
    _hammer(client, user.username, settings.AXES_FAILURE_LIMIT)
    right = {"username": user.username, "password": password_for(user.username)}
    assert client.post(LOGIN, right).status_code == 429
    call_command("axes_reset_username", user.username)
    assert client.post(LOGIN, right).status_code == 302 and _signed_in(client)


def test_success_before_the_limit_clears_the_count(world: World) -> None:
    user = world.users["customer_admin"]
    client = Client()
    right = {"username": user.username, "password": password_for(user.username)}
    _hammer(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert client.post(LOGIN, right).status_code == 302
    client.post(reverse("web:logout"))
    statuses = _hammer(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1)


def test_api_token_view_locks_out_with_a_json_answer(world: World) -> None:
    user = world.users["member_staff"]
    client = Client()
    url = "/api/auth/token/"
    statuses = [
        client.post(url, {"username": user.username, "password": "nope"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT + 2)
    ]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[settings.AXES_FAILURE_LIMIT - 1 :] == [429] * 3
    answer = client.post(
        url,
        {"username": user.username, "password": password_for(user.username)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 429
    body = answer.json()
    assert "token" not in body and body["code"] == "locked_out"
    assert "Too many failed sign-ins" in body["detail"] and body["retry_after_minutes"] == 30
    zh = client.post(url, {"username": user.username, "password": password_for(user.username)})
    assert "登录已锁定" in zh.json()["detail"]


def test_behind_a_proxy_the_proxy_reported_address_counts(world: World, settings: Any) -> None:
    settings.BEHIND_PROXY = True
    user = world.users["customer_admin"]
    spoofing = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9", "REMOTE_ADDR": "10.0.0.1"}
    _hammer(Client(), user.username, settings.AXES_FAILURE_LIMIT, **spoofing)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # A client inventing another left-most address is still the same client.
    forged = {"HTTP_X_FORWARDED_FOR": "5.6.7.8, 203.0.113.9", "REMOTE_ADDR": "10.0.0.1"}
    answer = Client().post(
        LOGIN, {"username": user.username, "password": password_for(user.username)}, **forged
    )
    assert answer.status_code == 429


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Ab3$xy9", "too short"),
        ("password1234", "too common"),
        ("84736251904857", "entirely numeric"),
        ("li.qiang.admin", "too similar"),
    ],
)
def test_createadmin_refuses_a_weak_password(
    db: Any, monkeypatch: pytest.MonkeyPatch, password: str, rule: str
) -> None:
    from netcare.cli import app

    monkeypatch.setenv("NETCARE_LANGUAGE", "en")
    monkeypatch.setenv("NETCARE_ADMIN_PASSWORD", password)
    result = CliRunner().invoke(app, ["createadmin", "--username", "li.qiang.admin"])
    assert result.exit_code == 1
    assert rule in result.output
    assert not get_user_model().objects.filter(username="li.qiang.admin").exists()


def test_createadmin_accepts_a_strong_password(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from netcare.cli import app

    monkeypatch.setenv("NETCARE_LANGUAGE", "en")
    monkeypatch.setenv("NETCARE_ADMIN_PASSWORD", "Wt7-harbour-lantern")
    result = CliRunner().invoke(app, ["createadmin", "--username", "li.qiang.admin"])
    assert result.exit_code == 0, result.output
    admin = get_user_model().objects.get(username="li.qiang.admin")
    assert admin.is_superuser and admin.check_password("Wt7-harbour-lantern")
