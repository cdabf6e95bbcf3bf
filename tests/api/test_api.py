"""Token auth, filtering, pagination and tenant-safe writes through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from netcare.customers.models import Contact, Site
from tests.conftest import World, password_for


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def token_client(world: World, role: str) -> Client:
    user = world.users[role]
    answer = Client().post(
        "/api/auth/token/",
        {"username": user.username, "password": password_for(user.username)},
        content_type="application/json",
    )
    assert answer.status_code == 200
    return Client(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")


def test_token_auth_and_wrong_password(world: World) -> None:
    client = token_client(world, "customer_admin")
    answer = client.get("/api/customers/")
    assert [c["code"] for c in answer.json()["results"]] == ["ECCB"]
    wrong = Client().post("/api/auth/token/", {"username": "t.customer_admin", "password": "nope"})
    assert wrong.status_code == 400
    bad_token = Client(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert bad_token.get("/api/customers/").status_code == 401


def test_filters_search_and_pagination(world: World) -> None:
    client = token_client(world, "admin")
    assert client.get("/api/customers/?code=SNEN").json()["count"] == 1
    assert client.get("/api/customers/?search=华东").json()["results"][0]["code"] == "ECCB"
    assert client.get("/api/sites/?customer__code=ECCB").json()["count"] == 1
    page = client.get("/api/memberships/?page=1").json()
    assert set(page) == {"count", "next", "previous", "results"}


def test_staff_writes_contacts_for_own_customer_only(world: World) -> None:
    client = token_client(world, "member_staff")
    created = client.post(
        "/api/contacts/",
        {
            "customer": "ECCB",
            "name": "钱进",
            "preferred_channel": "wechat",
            "site": world.obj("site", "own").pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert Contact.objects.get(pk=created.json()["id"]).customer == world.own
    # The foreign customer is named as if missing, not as forbidden.
    assert (
        client.post(
            "/api/contacts/", {"customer": "SNEN", "name": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    # Another customer's site cannot be attached, and the answer does not reveal it exists.
    foreign_site = world.obj("site", "foreign").pk
    answer = client.post(
        "/api/contacts/",
        {"customer": "ECCB", "name": "y", "site": foreign_site},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "site" in answer.json()
    patch = client.patch(
        f"/api/sites/{foreign_site}/", {"city": "深圳"}, content_type="application/json"
    )
    assert patch.status_code == 404
    assert Site.objects.get(pk=foreign_site).city == ""


def test_viewer_cannot_write_but_admin_of_customer_can(world: World) -> None:
    site = world.obj("site", "own")
    viewer = token_client(world, "customer_viewer")
    assert (
        viewer.patch(
            f"/api/sites/{site.pk}/", {"city": "上海"}, content_type="application/json"
        ).status_code
        == 403
    )
    admin = token_client(world, "customer_admin")
    answer = admin.patch(
        f"/api/sites/{site.pk}/", {"city": "上海"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["city"] == "上海"


def test_validation_errors_name_the_field(world: World) -> None:
    client = token_client(world, "member_staff")
    answer = client.post(
        "/api/contacts/",
        {"customer": "ECCB", "name": "z", "email": "not-an-email"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "email" in answer.json()


def test_schema_and_docs_served_locally(world: World) -> None:
    client = token_client(world, "member_staff")
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for expected in (
        "/api/customers/",
        "/api/sites/",
        "/api/contacts/",
        "/api/memberships/",
        "/api/jobs/",
        "/api/auth/token/",
    ):
        assert expected in paths
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
