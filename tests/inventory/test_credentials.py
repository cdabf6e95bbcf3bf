"""Device credentials: encrypted at rest, never in API answers, audit rows, logs or repr."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client

from netcare.core.models import AuditEvent
from netcare.inventory import crypto, services
from netcare.inventory.models import Credential
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


PASSWORD = "Sup3r-Secret-Pa55!"
ENABLE = "En4ble-Secret-99"
KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAA\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
SECRETS = (PASSWORD, ENABLE, "b3BlbnNzaC1rZXktdjEAAAAA")


def staff_client(world: World, role: str = "member_staff") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def make(world: World, **extra: Any) -> Credential:
    return services.do_create_credential(
        world.own,
        actor=world.users["member_staff"],
        name="core-admin",
        username="netops",
        password=PASSWORD,
        enable_secret=ENABLE,
        private_key=KEY,
        **extra,
    )


def raw_columns(credential: Credential) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password_encrypted, enable_secret_encrypted, private_key_encrypted "
            "FROM inventory_credential WHERE id = %s",
            [credential.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return [str(v) for v in row]


def test_secrets_are_encrypted_in_the_raw_columns(world: World) -> None:
    credential = make(world)
    columns = raw_columns(credential)
    for column, secret in zip(columns, SECRETS, strict=True):
        assert secret not in column
        assert column.startswith("gAAAAA")  # a Fernet token
    assert crypto.decrypt(columns[0]) == PASSWORD


def test_collector_reads_the_plaintext(world: World) -> None:
    device = world.obj("device", "own")
    assert services.credential_for(device) == ("netcare", "device-pw-ECCB", "enable-ECCB")
    services.do_update_device(device, actor=world.users["admin"], credential=make(world))
    device.refresh_from_db()
    assert services.credential_for(device) == ("netops", PASSWORD, ENABLE)
    assert services.ssh_key_for(device) == KEY


def test_device_without_credential(world: World) -> None:
    device = world.obj("device", "own")
    services.do_update_device(device, actor=world.users["admin"], credential=None)
    with pytest.raises(LookupError):
        services.credential_for(device)


def test_update_keeps_or_clears_secrets(world: World) -> None:
    credential = make(world)
    actor = world.users["member_staff"]
    services.do_update_credential(credential, actor=actor, username="netops2")
    credential.refresh_from_db()
    assert credential.has_password and credential.has_enable_secret
    services.do_update_credential(credential, actor=actor, enable_secret="", password="new-pw")
    credential.refresh_from_db()
    assert not credential.has_enable_secret
    assert crypto.decrypt(credential.password_encrypted) == "new-pw"


def test_not_in_repr_or_str(world: World) -> None:
    credential = make(world)
    for text in (repr(credential), str(credential)):
        assert all(secret not in text for secret in SECRETS)
        assert credential.password_encrypted not in text


def test_not_in_audit_rows(world: World) -> None:
    credential = make(world)
    pk = str(credential.pk)
    services.do_update_credential(credential, actor=world.users["admin"], password="rotated-pw")
    services.do_delete_credential(credential, actor=world.users["admin"])
    events = AuditEvent.objects.filter(object_type="inventory.credential", object_id=pk)
    # A secret change leaves a trace (who, when: ``updated``) but not the secret.
    assert [e.action for e in events.order_by("id")] == ["create", "update", "delete"]
    dumped = json.dumps([[e.before, e.after, e.object_repr] for e in events], ensure_ascii=False)
    assert "core-admin" in dumped  # the event is there, and names the credential
    for secret in (*SECRETS, "rotated-pw", "gAAAAA", "_encrypted"):
        assert secret not in dumped


def test_not_in_logs(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    credential = make(world)
    client = staff_client(world)
    client.post(
        "/api/credentials/",
        {"customer": "ECCB", "name": "api", "username": "u", "password": "Api-Pa55-xyz"},
        content_type="application/json",
    )
    client.get("/api/credentials/")
    services.credential_for(world.obj("device", "own"))
    services.do_update_credential(credential, actor=world.users["admin"], password="Log-Pa55-1")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (*SECRETS, "Api-Pa55-xyz", "Log-Pa55-1", "device-pw-ECCB"):
        assert secret not in logged


def test_api_answers_never_carry_secrets(world: World) -> None:
    credential = make(world)
    client = staff_client(world)
    listed = client.get("/api/credentials/?customer__code=ECCB").json()["results"]
    detail = client.get(f"/api/credentials/{credential.pk}/").json()
    body = json.dumps([listed, detail])
    for secret in (*SECRETS, "gAAAAA", "device-pw-ECCB"):
        assert secret not in body
    assert detail["has_password"] is True and detail["has_private_key"] is True
    assert not {"password", "enable_secret", "private_key"} & set(detail)


def test_api_writes_secrets_write_only(world: World) -> None:
    client = staff_client(world)
    created = client.post(
        "/api/credentials/",
        {"customer": "ECCB", "name": "via-api", "username": "u1", "password": "Wr1te-0nly"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert "Wr1te-0nly" not in created.content.decode()
    assert created.json()["has_password"] is True and created.json()["has_enable_secret"] is False
    stored = Credential.objects.get(pk=created.json()["id"])
    assert "Wr1te-0nly" not in raw_columns(stored)[0]
    patched = client.patch(
        f"/api/credentials/{stored.pk}/", {"enable_secret": "e-1"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["has_enable_secret"] is True
    stored.refresh_from_db()
    assert crypto.decrypt(stored.password_encrypted) == "Wr1te-0nly"  # kept


def test_customers_never_see_credentials(world: World) -> None:
    for role in ("customer_admin", "customer_viewer"):
        client = staff_client(world, role)
        assert client.get("/api/credentials/").json()["results"] == []
        pk = world.obj("credential", "own").pk
        assert client.get(f"/api/credentials/{pk}/").status_code == 404
        device = client.get(f"/api/devices/{world.obj('device', 'own').pk}/").json()
        assert "credential" not in device and "credential_name" not in device
        page = client.get(f"/inventory/devices/{world.obj('device', 'own').pk}/")
        assert "ECCB-ro" not in page.content.decode()


def test_who_may_manage_credentials(world: World) -> None:
    for role in ("customer_admin", "nonmember_staff"):
        with pytest.raises(PermissionDenied):
            services.do_create_credential(
                world.own, actor=world.users[role], name="x", username="y", password="z"
            )
    answer = staff_client(world, "customer_admin").post(
        "/api/credentials/",
        {"customer": "ECCB", "name": "x", "username": "y"},
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_private_key_must_look_like_one(world: World) -> None:
    with pytest.raises(ValidationError):
        services.do_create_credential(
            world.own, actor=None, name="k", username="u", private_key="hunter2"
        )


def test_another_key_cannot_read_and_rotation_rewrites(world: World, settings: Any) -> None:
    credential = make(world)
    settings.CREDENTIAL_KEY = "a-brand-new-key"
    with pytest.raises(crypto.CredentialUnreadable):
        crypto.decrypt(credential.password_encrypted)
    settings.CREDENTIAL_KEY = f"a-brand-new-key,{settings.SECRET_KEY}"
    assert crypto.decrypt(credential.password_encrypted) == PASSWORD
    assert services.do_rotate_credential_key(actor=None) == Credential.objects.count()
    settings.CREDENTIAL_KEY = "a-brand-new-key"
    credential.refresh_from_db()
    assert crypto.decrypt(credential.password_encrypted) == PASSWORD
    with pytest.raises(PermissionDenied):
        services.do_rotate_credential_key(actor=world.users["member_staff"])
