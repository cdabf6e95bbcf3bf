"""The API and pages around the services: starting runs, plans from finding ids, step
states, filters, the device page's findings tab — and another customer's objects
refused like missing ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import World

from netcare.inspection.models import Finding, FindingMark, InspectionRun


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def client_for(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    ("role", "which", "expected"),
    [
        ("member_staff", "own", 202),
        ("customer_admin", "own", 403),
        ("member_staff", "foreign", 404),
        ("admin", "foreign", 202),
    ],
)
def test_post_starts_an_inspection(world: World, role: str, which: str, expected: int) -> None:
    code = world.obj("customer", which).code
    response = client_for(world, role).post("/api/inspection-runs/", {"customer": code})
    assert response.status_code == expected, response.content
    if expected == 202:
        run = InspectionRun.objects.get(pk=response.json()["id"])
        assert run.state == "queued" and run.job is not None and run.customer.code == code


def test_a_foreign_collection_job_is_refused_like_a_missing_one(world: World) -> None:
    client = client_for(world, "member_staff")
    answers = []
    for job in (world.obj("collection_job", "foreign").pk, 999999):
        response = client.post(
            "/api/inspection-runs/",
            {"customer": world.own.code, "collection_job": job},
            content_type="application/json",
        )
        answers.append(
            (response.status_code, response.json()["collection_job"][0].replace(str(job), "…"))
        )
    assert answers[0] == answers[1] and answers[0][0] == 400


def test_plans_are_made_from_own_runs_only(world: World) -> None:
    client = client_for(world, "member_staff")
    foreign = world.obj("inspection_run", "foreign")
    response = client.post(
        "/api/hardening-plans/",
        {"run": foreign.pk, "findings": [world.obj("finding", "foreign").pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "run" in response.json()


def test_step_state_changes_through_the_api(world: World) -> None:
    step = world.obj("hardening_step", "own")
    url = f"/api/hardening-steps/{step.pk}/"
    staff = client_for(world, "member_staff")
    response = staff.patch(url, {"state": "applied"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "applied"
    assert response.json()["applied_at"]
    wrong = staff.patch(url, {"state": "planned_twice"}, content_type="application/json")
    assert wrong.status_code == 400
    viewer = client_for(world, "customer_admin")
    assert (
        viewer.patch(url, {"state": "planned"}, content_type="application/json").status_code == 404
    )
    foreign = world.obj("hardening_step", "foreign")
    response = staff.patch(
        f"/api/hardening-steps/{foreign.pk}/", {"state": "applied"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_findings_filter_by_severity_status_and_run(world: World) -> None:
    client = client_for(world, "admin")
    own = world.obj("finding", "own")
    rows = client.get("/api/findings/", {"severity": "major", "run": own.run_id}).json()["results"]
    assert [r["id"] for r in rows] == [own.pk]
    assert (
        client.get("/api/findings/", {"severity": "critical", "run": own.run_id}).json()["results"]
        == []
    )
    assert client.get("/api/findings/", {"status": "resolved"}).json()["results"] == []


def test_marking_through_the_api(world: World) -> None:
    finding = world.obj("finding", "own")
    response = client_for(world, "member_staff").post(
        f"/api/findings/{finding.pk}/mark/",
        {
            "kind": "accepted_risk",
            "reason": "replaced at the next refresh",
            "expires_on": (dt.date.today() + dt.timedelta(days=60)).isoformat(),
            "owner": "t.nonmember_staff",
        },
    )
    assert response.status_code == 400 and "owner" in response.json()


def test_run_page_shows_health_findings_and_filters(world: World) -> None:
    run = world.obj("inspection_run", "own")
    client = client_for(world, "member_staff")
    page = client.get(reverse("inspection:run_detail", kwargs={"pk": run.pk})).content.decode()
    assert "92.5" in page and "test.old_release" in page and "软件版本过旧" in page
    filtered = client.get(
        reverse("inspection:run_detail", kwargs={"pk": run.pk}), {"severity": "critical"}
    ).content.decode()
    assert "test.old_release" not in filtered.split('id="findings"')[1].split("</table>")[0]


def test_a_score_with_nothing_assessed_reads_not_assessed(world: World) -> None:
    run = world.obj("inspection_run", "own")
    InspectionRun.objects.filter(pk=run.pk).update(
        score=100.0, coverage={"coverage": 0.0, "assessed": 0, "applicable": 12}
    )
    url = reverse("inspection:run_detail", kwargs={"pk": run.pk})
    page = client_for(world, "member_staff").get(url).content.decode()
    heading = page.split("<h2>")[1].split("</h2>")[0]
    assert "未能评估" in heading and "100" not in heading


def test_marking_from_the_page(world: World) -> None:
    finding: Any = world.obj("finding", "own")
    client = client_for(world, "member_staff")
    response = client.post(
        reverse("inspection:finding_mark", kwargs={"pk": finding.pk}),
        {
            "kind": "false_positive",
            "reason": "the release is the vendor's long-term one",
            "expires_on": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == Finding.Status.FALSE_POSITIVE
    assert FindingMark.objects.filter(fingerprint=finding.fingerprint).count() == 1


def test_device_page_has_a_findings_tab_for_staff_only(world: World) -> None:
    device = world.obj("device", "own")
    url = reverse("inventory:device_detail", kwargs={"pk": device.pk})
    staff = client_for(world, "member_staff").get(url).content.decode()
    assert 'id="inspection-findings"' in staff and "test.old_release" in staff
    viewer = client_for(world, "customer_viewer").get(url).content.decode()
    assert 'id="inspection-findings"' not in viewer and "test.old_release" not in viewer


def test_the_customer_bar_has_an_inspections_tab_for_staff(world: World) -> None:
    url = reverse("web:customer_detail", kwargs={"code": world.own.code})
    runs = reverse("inspection:run_list", kwargs={"code": world.own.code})
    assert runs in client_for(world, "member_staff").get(url).content.decode()
    assert runs not in client_for(world, "customer_admin").get(url).content.decode()


def test_admin_lists_inspection_records_read_only(world: World) -> None:
    client = client_for(world, "admin")
    for model in ("inspectionrun", "finding", "findingmark", "hardeningplan", "hardeningstep"):
        assert client.get(f"/admin/inspection/{model}/").status_code == 200, model
    assert client.get("/admin/inspection/finding/add/").status_code == 403


@pytest.mark.parametrize(
    ("language", "said", "unsaid"),
    [("en", "missing data: psus unknown", "缺少数据"), ("zh-hans", "缺少数据", "missing data")],
)
def test_run_page_says_why_a_rule_was_not_assessed_in_the_viewers_language(
    world: World, language: str, said: str, unsaid: str
) -> None:
    from django.conf import settings

    client = client_for(world, "member_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    run = world.obj("inspection_run", "own")
    page = client.get(reverse("inspection:run_detail", kwargs={"pk": run.pk})).content.decode()
    assert said in page and unsaid not in page


def test_the_runs_page_draws_the_health_trend_once_there_are_two_runs(world: World) -> None:
    run = world.obj("inspection_run", "own")
    url = reverse("inspection:run_list", kwargs={"code": world.own.code})
    client = client_for(world, "member_staff")
    InspectionRun.objects.filter(pk=run.pk).update(
        state="finished", score=80.0, coverage={"assessed": 5, "applicable": 5}
    )
    assert 'id="trend"' not in client.get(url).content.decode()
    InspectionRun.objects.create(
        customer=world.own,
        state="finished",
        score=91.5,
        counts={"critical": 0, "major": 1},
        coverage={"assessed": 5, "applicable": 5},
    )
    page = client.get(url).content.decode()
    trend = page.split('id="trend"')[1].split("</section>")[0]
    assert "<svg" in trend and "80.0" in trend and "91.5" in trend
