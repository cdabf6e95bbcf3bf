"""The OpenAPI schema: valid OpenAPI 3, generated without a warning, and true to what
the API answers where DRF's defaults would say otherwise (the fuzz run in
``test_schema_fuzz.py`` checks the answers themselves against it)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from tests.conftest import Shared, World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def test_spectacular_generates_the_schema_without_warnings(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """``netcare manage spectacular --validate --fail-on-warn`` in-process."""
    GENERATOR_STATS.reset()
    try:
        call_command(
            "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml")
        )
    except Exception as exc:  # the command fails on the first warning
        pytest.fail(f"{exc}\n{capsys.readouterr().err}")
    assert "Warning" not in capsys.readouterr().err
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.")


@pytest.fixture(scope="module")
def served_schema(module_world: Shared, django_db_blocker: Any) -> dict[str, Any]:
    """The schema as served, fetched once for the module (it takes seconds to build)."""
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(module_world.reset().users["customer_viewer"])
        answer = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert answer.status_code == 200
    served: dict[str, Any] = answer.json()
    return served


@pytest.fixture
def schema(served_schema: dict[str, Any], world: World) -> dict[str, Any]:
    """A copy of the served schema for one test."""
    return copy.deepcopy(served_schema)


def _operation(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    found: dict[str, Any] = schema["paths"][path][method]
    return found


def _component(schema: dict[str, Any], ref: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]
    return found


def test_served_schema_is_valid_openapi_3(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert len(schema["paths"]) > 40


def test_every_operation_documents_its_error_answers(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "400" in codes, (method, path)
            if path != "/api/auth/token/":
                assert {"401", "403", "404"} <= codes, (method, path)
    assert "429" in _operation(schema, "/api/auth/token/", "post")["responses"]


def test_downloads_are_binary_in_the_types_they_are_served_as(schema: dict[str, Any]) -> None:
    ok = _operation(schema, "/api/deliverable-files/{id}/download/", "get")["responses"]["200"]
    assert set(ok["content"]) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
        "text/csv",
        "text/html",
    }
    assert all(
        media["schema"] == {"type": "string", "format": "binary"}
        for media in ok["content"].values()
    )


def test_action_bodies_answers_and_parameters_are_as_served(schema: dict[str, Any]) -> None:
    choose = _operation(schema, "/api/service-plans/{id}/choose/", "post")
    body = choose["requestBody"]["content"]["application/json"]["schema"]
    assert set(_component(schema, body)["properties"]) == {"choices"}
    waive = _operation(schema, "/api/obligations/{id}/waive/", "post")
    body = waive["requestBody"]["content"]["application/json"]["schema"]
    assert set(_component(schema, body)["properties"]) == {"reason"}
    for action in ("publish", "withdraw"):
        assert "requestBody" not in _operation(
            schema, f"/api/deliverables/{{id}}/{action}/", "post"
        )

    generate = _operation(schema, "/api/service-plans/{id}/generate/", "post")
    assert [p["name"] for p in generate["parameters"] if p["in"] == "query"] == ["dry_run"]
    answer = generate["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(_component(schema, answer)["properties"]) >= {"dry_run", "created", "kept"}
    listed = _operation(schema, "/api/obligations/", "get")
    assert "mine" in {p["name"] for p in listed["parameters"]}
    assert "post" not in schema["paths"]["/api/obligations/"]  # obligations come from plans

    assert "202" in _operation(schema, "/api/jobs/self-check/", "post")["responses"]
    assert "202" in _operation(schema, "/api/collection-jobs/start/", "post")["responses"]
    upload = _operation(schema, "/api/uploads/import/", "post")
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"201", "400"} <= set(upload["responses"])
    read_all = _operation(schema, "/api/notifications/read-all/", "post")
    answer = read_all["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(_component(schema, answer)["properties"]) == {"marked"}


def test_nullable_and_conditional_fields_are_marked(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    deliverable = components["Deliverable"]["properties"]
    assert deliverable["published_by"].get("nullable") is True  # declared by hand, FK null
    assert deliverable["published_at"].get("nullable") is True
    assert "nullable" not in deliverable["title"]
    job = components["Job"]["properties"]
    assert job["customer"].get("nullable") is True  # system jobs belong to no customer
    quota = components["Entitlement"]["properties"]["quota"]
    assert quota["nullable"] is True and quota["type"] == "object"
    # Customer users get devices without the credential fields.
    assert "credential" not in components["Device"].get("required", [])
    assert "hostname" in components["Device"]["required"]


def test_a_patch_answer_carries_every_documented_field(world: World) -> None:
    """Found by the fuzz run: DRF drops a read-only field's default from a PATCH answer,
    so clearing a device's site answered without ``site_name``."""
    client = Client()
    client.force_login(world.users["admin"])
    device = world.obj("device", "own")
    answer = client.patch(
        f"/api/devices/{device.pk}/",
        {"site": None, "credential": None},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["site"] is None and body["site_name"] == ""
    assert body["credential"] is None and body["credential_name"] == ""


def test_a_path_under_api_that_names_no_endpoint_answers_json_404(world: World) -> None:
    client = Client()
    client.force_login(world.users["admin"])
    for method, path in (("get", "/api/sites/1.5/"), ("post", "/api/deliverables/x.y/publish/")):
        answer = getattr(client, method)(path)
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/json"
        assert set(answer.json()) == {"detail"}
    # Without the slash Django still redirects first, to the same JSON answer.
    assert Client().get("/api/nothing-here").status_code == 301
