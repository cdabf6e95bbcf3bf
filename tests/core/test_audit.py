"""Audit: every change with its actor and before/after; sign-ins; no secrets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from netcare.core.models import AuditEvent
from netcare.customers import services
from tests.conftest import World, password_for


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_create_update_delete_recorded_with_actor(world: World) -> None:
    staff = world.users["member_staff"]
    contact = services.do_add_contact(world.own, actor=staff, name="吴桐", phone="+86 21 1234 5678")
    contact_id = str(contact.pk)
    services.do_update_contact(contact, actor=staff, phone="+86 21 8765 4321")
    services.do_delete_contact(contact, actor=staff)

    events = list(
        AuditEvent.objects.filter(object_type="customers.contact", object_id=contact_id).order_by(
            "id"
        )
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert {e.actor_id for e in events} == {staff.pk}
    assert all(e.customer_id == world.own.pk for e in events)
    update = events[1]
    assert update.before["phone"] == "+86 21 1234 5678"
    assert update.after["phone"] == "+86 21 8765 4321"
    assert events[2].before["name"] == "吴桐" and events[2].after is None


def test_api_write_records_token_user_as_actor(world: World) -> None:
    from rest_framework.authtoken.models import Token

    staff = world.users["member_staff"]
    token = Token.objects.create(user=staff)
    response = Client().post(
        "/api/sites/",
        {"customer": "ECCB", "name": "无锡数据中心", "kind": "data_center", "city": "无锡"},
        HTTP_AUTHORIZATION=f"Token {token.key}",
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(
        object_type="customers.site", object_id=str(response.json()["id"])
    )
    assert event.action == "create" and event.actor_id == staff.pk
    assert event.remote_addr == "127.0.0.1"


def test_logins_and_failures_audited(world: World) -> None:
    user = world.users["customer_admin"]
    client = Client()
    client.post(reverse("web:login"), {"username": user.username, "password": "wrong"})
    client.post(
        reverse("web:login"), {"username": user.username, "password": password_for(user.username)}
    )
    client.post(reverse("web:logout"))
    actions = list(
        AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["login_failed", "login", "logout"]


def test_secret_fields_never_logged(world: World) -> None:
    from netcare.core.audit import snapshot

    class Fake:
        audit_exclude = ("phone",)

    contact = services.do_add_contact(world.own, actor=world.users["admin"], name="X", phone="1")
    contact.audit_exclude = Fake.audit_exclude  # type: ignore[attr-defined]
    assert "phone" not in snapshot(contact)
    user_events: Any = AuditEvent.objects.filter(object_type="auth.user")
    for event in user_events:
        assert "password" not in str(event.before) + str(event.after)


def test_customers_do_not_read_the_audit_trail(world: World) -> None:
    services.do_add_site(world.own, actor=world.users["admin"], name="审计测试站点")
    assert AuditEvent.objects.visible_to(world.users["customer_admin"]).count() == 0
    assert (
        AuditEvent.objects.visible_to(world.users["member_staff"])
        .filter(customer=world.own)
        .exists()
    )
    assert (
        not AuditEvent.objects.visible_to(world.users["member_staff"])
        .filter(customer=world.foreign)
        .exists()
    )


def test_reference_to_a_credential_is_audited_but_its_secrets_are_not(world: World) -> None:
    from netcare.inventory import services as inventory

    device = world.obj("device", "own")
    admin = world.users["admin"]
    credential = inventory.do_create_credential(
        world.own, actor=admin, name="ECCB-rw", username="netops", password="S3cret-pw!"
    )
    inventory.do_update_device(device, actor=admin, credential=credential)
    event = AuditEvent.objects.filter(
        object_type="inventory.device", object_id=str(device.pk)
    ).latest("id")
    assert event.after["credential_id"] == credential.pk
    created = AuditEvent.objects.get(
        object_type="inventory.credential", object_id=str(credential.pk)
    )
    assert "S3cret-pw!" not in str(created.after) and "netops" in str(created.after)
