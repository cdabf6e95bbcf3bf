"""Error pages: branded, in the viewer's language, the same for missing and foreign."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


ZH = {"lang": 'lang="zh-hans"', "404": "页面不存在", "500": "系统出错了", "home": "返回首页"}
EN = {
    "lang": 'lang="en"',
    "404": "Page not found",
    "500": "Something went wrong",
    "home": "Back to the home page",
}


@pytest.fixture(autouse=True)
def _production(settings: Any) -> None:
    settings.DEBUG = False


def _client(world: World, role: str, language: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize(("language", "words"), [("zh-hans", ZH), ("en", EN)])
def test_foreign_and_missing_objects_answer_the_branded_404(
    world: World, language: str, words: dict[str, str]
) -> None:
    client = _client(world, "customer_viewer", language)
    foreign_device = world.obj("device", "foreign")
    urls = [
        "/customers/SNEN/",  # another tenant
        "/customers/NOPE/",  # no such customer
        f"/inventory/devices/{foreign_device.pk}/",
        "/inventory/devices/999999/",
        "/no/such/page/",
    ]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert words["lang"] in body and words["404"] in body and words["home"] in body, url
        assert 'href="/static/web/netcare.css"' in body and 'class="topbar"' in body
        assert "南方能源" not in body and "Southern Energy" not in body
        bodies.append(body)
    # Missing and forbidden are indistinguishable.
    assert len(set(bodies)) == 1


def test_404_other_language_words_absent(world: World) -> None:
    body = _client(world, "customer_viewer", "en").get("/customers/SNEN/").content.decode()
    assert "页面不存在" not in body
    body = _client(world, "customer_viewer", "zh-hans").get("/customers/SNEN/").content.decode()
    assert "Page not found" not in body


@pytest.mark.parametrize(("language", "words"), [("zh-hans", ZH), ("en", EN)])
def test_server_error_page_in_the_viewer_language(
    world: World, settings: Any, language: str, words: dict[str, str]
) -> None:
    settings.ROOT_URLCONF = "tests.web.urls_failing"
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/test-fail/")
    assert response.status_code == 500
    body = response.content.decode()
    assert words["lang"] in body and words["500"] in body and words["home"] in body
    assert "RuntimeError" not in body and "deliberate" not in body


def test_server_error_page_needs_no_database(world: World, settings: Any) -> None:
    """The 500 page renders while every query fails (no context processor runs)."""
    from django.test import RequestFactory

    from netcare.web import errors

    request = RequestFactory().get("/anything/")

    def refuse(*args: Any) -> None:
        raise AssertionError("the 500 page queried the database")

    with connection.execute_wrapper(refuse), translation.override("zh-hans"):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()


def test_permission_denied_and_bad_request_pages(world: World) -> None:
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from netcare.web import errors

    request = RequestFactory().get("/")
    with translation.override("en"):
        assert (
            "Not allowed" in errors.permission_denied(request, PermissionDenied()).content.decode()
        )
    with translation.override("zh-hans"):
        assert "无权操作" in errors.permission_denied(request, PermissionDenied()).content.decode()
        bad = errors.bad_request(request, ValueError())
    assert bad.status_code == 400 and "请求无效" in bad.content.decode()
