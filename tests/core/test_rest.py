"""The tenant-aware REST layer: every serializer and viewset of every app is walked, so
a new one that bypasses the access rule or the service layer fails the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from netcare.core.rest import SAFE_RELATED_FIELDS, TenantModelViewSet
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _api_modules() -> list[Any]:
    from netcare.api.urls import API_APPS

    modules = []
    for app in API_APPS:
        try:
            modules.append(import_module(f"netcare.{app}.api"))
        except ModuleNotFoundError:
            continue
    return modules


def _subclasses(base: type[Any]) -> Iterator[type[Any]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _netcare_serializers() -> list[type[serializers.BaseSerializer[Any]]]:
    _api_modules()
    found = {
        cls
        for cls in _subclasses(serializers.BaseSerializer)
        if cls.__module__.startswith("netcare.") and cls.__module__ != "netcare.core.rest"
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _walk(fields: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for name, field in fields.items():
        path = f"{prefix}.{name}"
        yield path, field
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.BaseSerializer) and hasattr(field, "fields"):
            yield from _walk(field.fields, path)


def test_serializers_are_found() -> None:
    names = {cls.__name__ for cls in _netcare_serializers()}
    assert {"DeviceSerializer", "ServiceRequestSerializer", "ContactLogSerializer"} <= names


@pytest.mark.parametrize(
    "serializer", _netcare_serializers(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_every_writable_relation_is_a_visible_one(serializer: type[Any]) -> None:
    """A writable relation over ``objects.all()`` would accept, and the browsable API
    would list, another customer's objects: only the fields of ``core.rest`` may write."""
    try:
        instance = serializer()
    except TypeError:
        pytest.skip(f"{serializer.__name__} needs arguments")
    unsafe = []
    for path, field in _walk(instance.fields, serializer.__name__):
        relation = field.child_relation if isinstance(field, ManyRelatedField) else field
        if not isinstance(relation, RelatedField) or field.read_only:
            continue
        if not isinstance(relation, SAFE_RELATED_FIELDS):
            unsafe.append(f"{path} ({type(relation).__name__})")
    assert not unsafe, f"writable relations not narrowed by the access rule: {unsafe}"


WRITES = {"post": "create", "put": "update", "patch": "update", "delete": "destroy"}


def _write_viewsets() -> list[type[TenantModelViewSet]]:
    _api_modules()
    return sorted(
        (cls for cls in _subclasses(TenantModelViewSet) if cls.__module__.startswith("netcare.")),
        key=lambda cls: cls.__name__,
    )


@pytest.mark.parametrize("viewset", _write_viewsets(), ids=lambda cls: cls.__name__)
def test_every_write_goes_through_a_service(viewset: type[TenantModelViewSet]) -> None:
    """Each write method a viewset accepts is overridden by the app (a service call)."""
    allowed = set(getattr(viewset, "http_method_names", [])) & set(WRITES)
    for method in allowed:
        operation = WRITES[method]
        own = [
            name
            for name in (operation, f"perform_{operation}")
            if any(
                name in vars(cls)
                for cls in viewset.__mro__[: viewset.__mro__.index(TenantModelViewSet)]
            )
        ]
        assert own, f"{viewset.__name__} accepts {method.upper()} but keeps DRF's {operation}"


def test_default_writes_refuse_to_run() -> None:
    class Bare(TenantModelViewSet):
        pass

    view = Bare()
    for call in (view.perform_create, view.perform_update, view.perform_destroy):
        with pytest.raises(ImproperlyConfigured, match="must call a service function"):
            call(None)


# -- the defects found by probing, each with its regression test ------------------------


def _options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>(.*?)</option>", html, flags=re.S)


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_browsable_api_offers_only_own_customers(world: World) -> None:
    client = _client(world, "customer_viewer")
    html = client.get("/api/service-requests/", HTTP_ACCEPT="text/html").content.decode()
    options = " ".join(_options(html))
    assert world.own.code in options
    assert world.foreign.code not in html and world.foreign.name_zh not in html


def test_browsable_api_offers_only_own_contracts(world: World) -> None:
    client = _client(world, "member_staff")
    html = client.get("/api/contact-logs/", HTTP_ACCEPT="text/html").content.decode()
    own, foreign = world.obj("contract", "own"), world.obj("contract", "foreign")
    assert own.number in " ".join(_options(html))
    assert foreign.number not in html


def test_obligation_owner_is_chosen_among_the_callers_people(world: World) -> None:
    """Another customer's people are refused as an owner exactly like unknown names."""
    client = _client(world, "member_staff")
    url = f"/api/obligations/{world.obj('obligation', 'own').pk}/"
    answers = []
    for name in ("t.nonmember_staff", "nobody-here"):
        response = client.patch(url, {"owner": name}, content_type="application/json")
        answers.append((response.status_code, response.json()["owner"][0].replace(name, "…")))
    assert answers[0] == answers[1] and answers[0][0] == 400
    response = client.patch(url, {"owner": "t.member_staff"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["owner"] == "t.member_staff"


@pytest.mark.parametrize(
    ("role", "url", "field", "payload"),
    [
        (
            "customer_viewer",
            "/api/service-requests/",
            "customer",
            {"kind": "technical_question", "title": "x", "text": "y"},
        ),
        ("member_staff", "/api/contact-logs/", "contract", {"role": "l2_expert"}),
    ],
)
def test_foreign_and_unknown_slugs_answer_alike(
    world: World, role: str, url: str, field: str, payload: dict[str, str]
) -> None:
    """No existence oracle: a slug of another tenant and a slug of nothing get the same
    status and the same shape of message."""
    client = _client(world, role)
    foreign = world.foreign.code if field == "customer" else world.obj("contract", "foreign").number
    answers = []
    for value in (foreign, "NOPE-404", "NO\x00PE"):
        response = client.post(url, {**payload, field: value}, content_type="application/json")
        answers.append((response.status_code, response.json()[field][0].replace(value, "…")))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 400


def test_customer_code_with_nul_is_unknown(world: World) -> None:
    """A NUL in a customer code is an unknown customer (404), not a database error."""
    client = _client(world, "member_staff")
    upload = SimpleUploadedFile("devices.csv", b"hostname,management_ip\n")
    response = client.post("/api/devices/import/", {"customer": "A\x00B", "file": upload})
    assert response.status_code == 404
    assert client.get("/delivery/calendar/?customer=A%00B").status_code == 404


def test_customer_user_writes_for_its_own_customer(world: World) -> None:
    client = _client(world, "customer_viewer")
    response = client.post(
        "/api/service-requests/",
        {"kind": "technical_question", "title": "请协助核查链路", "text": "核心交换机间链路丢包"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["customer"] == world.own.code


def test_staff_must_name_the_customer(world: World) -> None:
    client = _client(world, "member_staff")
    response = client.post(
        "/api/service-requests/",
        {"kind": "technical_question", "title": "x", "text": "y"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "customer" in response.json()
