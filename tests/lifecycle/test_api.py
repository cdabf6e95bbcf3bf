"""The lifecycle API around the services: targets set and removed, the version summary,
an assessment run and published, notices drafted, real advisory files imported (and a
refused import naming its file), exposure filters, and list costs that do not grow with
the rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.conftest import World
from tests.lifecycle.world import FIXED, RUNNING, comware_products
from tests.queries import assert_fixed_queries

from netcare.lifecycle.models import Advisory, Exploitation, TargetRelease
from netcare.lifecycle.services import exposures


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


ADVISORIES = Path(__file__).resolve().parents[1] / "data" / "lifecycle" / "advisories"


def client_for(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _json(client: Client, url: str, body: dict[str, Any]) -> Any:
    import json

    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member_staff", 201), ("customer_admin", 403), ("nonmember_staff", 404), ("admin", 201)],
)
def test_a_target_is_set_by_the_customer_expert(world: World, role: str, expected: int) -> None:
    client = client_for(world, role)
    body = {
        "customer": world.own.code,
        "platform": "hp_comware",
        "model": "S125*",
        "release": RUNNING,
        "reason": "the core switches stay on the tested release",
    }
    response = _json(client, "/api/target-releases/", body)
    assert response.status_code == expected, response.content
    if expected == 201:
        row = TargetRelease.objects.get(pk=response.json()["id"])
        assert (row.customer, row.model, row.release) == (world.own, "S125*", RUNNING)
        assert client.delete(f"/api/target-releases/{row.pk}/").status_code == 204
        assert not TargetRelease.objects.filter(pk=row.pk).exists()


def test_a_target_names_a_device_of_the_customer_only(world: World) -> None:
    client = client_for(world, "admin")
    body = {
        "customer": world.own.code,
        "platform": "hp_comware",
        "model": "",
        "device": world.obj("device", "foreign").pk,
        "release": RUNNING,
    }
    response = _json(client, "/api/target-releases/", body)
    assert response.status_code == 400 and "device" in response.json()


def test_the_version_summary_says_who_is_off_target(world: World) -> None:
    client = client_for(world, "member_staff")
    answer = client.get(f"/api/version-summary/?customer={world.own.code}").json()
    rows = answer["results"][0]["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert row["hostname"] == world.obj("device", "own").hostname
    assert (row["version"], row["target"], row["off_track"]) == (RUNNING, FIXED, True)
    assert row["end_of_support"] == "2028-06-30"


def test_an_assessment_is_run_and_published(world: World) -> None:
    client = client_for(world, "member_staff")
    response = _json(client, "/api/version-assessments/", {"customer": world.own.code})
    assert response.status_code == 201, response.content
    body = response.json()
    (score,) = body["scores"]
    assert score["hostname"] == world.obj("device", "own").hostname
    assert score["value"] == pytest.approx(sum(p["points"] for p in score["points"]), abs=0.1)
    assert all(p["zh"] and p["en"] for p in score["points"])
    published = client.post(f"/api/version-assessments/{body['id']}/publish/")
    assert published.status_code == 200, published.content
    from netcare.delivery.models import Deliverable

    deliverable = Deliverable.objects.get(pk=published.json()["deliverable"])
    assert deliverable.state == "published" and deliverable.customer == world.own
    assert {(f.format, f.language) for f in deliverable.files.all()} == {
        ("docx", "zh"),
        ("docx", "en"),
        ("pdf", "zh"),
        ("pdf", "en"),
    }


def test_a_notice_is_drafted_for_an_exposed_advisory_only(world: World) -> None:
    client = client_for(world, "member_staff")
    own, foreign = world.obj("advisory", "own"), world.obj("advisory", "foreign")
    body = {"customer": world.own.code, "advisory": own.key, "impact": "SSH restarts"}
    response = _json(client, "/api/risk-notices/", body)
    assert response.status_code == 201 and response.json()["state"] == "draft"
    refused = _json(
        client, "/api/risk-notices/", {"customer": world.own.code, "advisory": foreign.key}
    )
    assert refused.status_code == 400 and foreign.key in str(refused.json())


def _upload(name: str, data: bytes | None = None) -> io.BytesIO:
    upload = io.BytesIO(data if data is not None else (ADVISORIES / name).read_bytes())
    upload.name = name
    return upload


def test_real_files_are_imported_and_a_bad_one_refuses_them_all(world: World) -> None:
    client = client_for(world, "member_staff")
    before = Advisory.objects.count()
    broken = _upload("broken.json", b"[1, 2")
    refused = client.post(
        "/api/advisories/import/", {"files": [_upload("CVE-2024-39513.json"), broken]}
    )
    assert refused.status_code == 400
    assert refused.json()["state"] == "refused" and "broken.json" in refused.json()["error"]
    assert Advisory.objects.count() == before
    done = client.post(
        "/api/advisories/import/",
        {"files": [_upload("CVE-2024-39513.json"), _upload("cisco-sa-20180328-smi2.csaf.json")]},
    )
    assert done.status_code == 201, done.content
    assert done.json()["counts"]["created"] >= 2
    keys = {a["key"] for a in client.get("/api/advisories/?page_size=500").json()["results"]}
    assert "CVE-2024-39513" in keys


def _kev_advisory() -> None:
    Advisory.objects.create(
        key="TEST-COMWARE-KEV-04",
        kind=Advisory.Kind.VULNERABILITY,
        title="Exploited in the wild",
        source_format="cve5",
        severity="critical",
        cves=["CVE-2099-0004"],
        products=comware_products(),
        platforms=["hp_comware"],
        content_hash="kev",
    )
    Exploitation.objects.create(cve="CVE-2099-0004", known_exploited=True)


def _exposed_keys(world: World, query: str) -> set[str]:
    client = client_for(world, "member_staff")
    response = client.get(f"/api/exposures/?customer={world.own.code}&{query}")
    assert response.status_code == 200, response.content
    return {r["advisory_key"] for r in response.json()["results"]}


def test_exposure_filters_and_the_customer_users_refusal(world: World) -> None:
    _kev_advisory()
    exposures.do_match(world.own, notify_staff=False)
    assert _exposed_keys(world, "severity=critical&status=vulnerable") == {"TEST-COMWARE-KEV-04"}
    assert _exposed_keys(world, "status=potentially_vulnerable") == {"TEST-COMWARE-BGP-02"}
    assert _exposed_keys(world, "kind=bug") == {"TEST-COMWARE-BGP-02"}
    viewer = client_for(world, "customer_admin").get("/api/exposures/").json()
    assert viewer["results"] == []


def test_exposures_filtered_by_known_exploitation(world: World) -> None:
    _kev_advisory()
    exposures.do_match(world.own, notify_staff=False)
    assert _exposed_keys(world, "exploited=true") == {"TEST-COMWARE-KEV-04"}
    assert "TEST-COMWARE-KEV-04" not in _exposed_keys(world, "exploited=false")


def test_an_annotation_through_the_api_matches_again(world: World) -> None:
    advisory = world.obj("advisory", "foreign")  # feature condition: bgp
    exposures.do_match(world.own, notify_staff=False)
    client = client_for(world, "member_staff")
    from netcare.lifecycle.models import Exposure

    device = world.obj("device", "own")
    assert Exposure.objects.get(device=device, advisory=advisory).status == "potentially_vulnerable"
    response = _json(client, f"/api/advisories/{advisory.pk}/annotate/", {"features": []})
    assert response.status_code == 200 and response.json()["feature_any_of"] == []
    assert Exposure.objects.get(device=device, advisory=advisory).status == "vulnerable"


SHARED_LISTS = ["releases", "advisories", "advisory-imports", "advisory-feeds"]
CUSTOMER_LISTS = ["exposures", "target-releases", "version-assessments", "risk-notices"]


@pytest.mark.parametrize("prefix", SHARED_LISTS + CUSTOMER_LISTS)
def test_lists_cost_the_same_for_one_row_and_many(world: World, prefix: str) -> None:
    for n in range(5):
        Advisory.objects.create(
            key=f"TEST-BULK-{n:02d}",
            kind=Advisory.Kind.BUG,
            title=f"Bulk {n}",
            source_format="vendor",
            products=comware_products(),
            platforms=["hp_comware"],
            content_hash=f"bulk-{n}",
        )
    exposures.do_match(world.own, notify_staff=False)
    client = client_for(world, "admin")
    _json(client, "/api/version-assessments/", {"customer": world.own.code})
    cost = assert_fixed_queries(client, f"/api/{prefix}/")
    assert cost.rows_full >= 2, prefix
