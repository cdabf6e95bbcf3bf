"""The consulting API: a customer submits a proposal (a bad file answered 400 with its
name, nothing written), sees its submission but not the review until it is published,
its workshop's minutes only once published, and never another customer's objects."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from django.test import Client
from tests.conftest import World

from netcare.consulting.models import Assessment, FollowUp, Workshop


def _client(w: World, role: str) -> Client:
    client = Client()
    client.force_login(w.users[role])
    return client


def _upload(name: str, data: bytes) -> BytesIO:
    upload = BytesIO(data)
    upload.name = name
    return upload


def test_customer_submits_and_a_bad_file_is_refused(w: World) -> None:
    client = _client(w, "customer_admin")
    body: dict[str, Any] = {
        "title": "Campus redesign",
        "proposal_kind": "redesign",
        "background": "Move the campus to EVPN-VXLAN.",
    }
    count = Assessment.objects.count()
    refused = client.post(
        "/api/proposal-assessments/", {**body, "file": _upload("plan.pdf", b"GIF89a")}
    )
    assert refused.status_code == 400
    assert "plan.pdf is not a valid .pdf file" in refused.json()["file"][0]
    assert Assessment.objects.count() == count
    made = client.post(
        "/api/proposal-assessments/",
        {**body, "file": _upload("plan.pdf", b"%PDF-1.7\n%test\n")},
    )
    assert made.status_code == 201, made.content
    data = made.json()
    assert (data["customer"], data["state"], data["file_type"]) == ("ECCB", "submitted", "pdf")
    download = client.get(f"/api/proposal-assessments/{data['id']}/file/")
    assert b"".join(download.streaming_content) == b"%PDF-1.7\n%test\n"  # type: ignore[attr-defined]


def test_the_review_reaches_the_customer_once_published(w: World) -> None:
    client = _client(w, "customer_viewer")
    review, published = w.obj("assessment", "own"), w.obj("assessment_published", "own")
    pending = client.get(f"/api/proposal-assessments/{review.pk}/").json()
    assert pending["state"] == "in_review" and pending["reviewers"] == []
    assert pending["conclusion"] == ""
    done = client.get(f"/api/proposal-assessments/{published.pk}/").json()
    assert done["conclusion"] and done["reviewers"][0]["speciality"] == "l2_expert"
    findings = client.get("/api/assessment-findings/").json()["results"]
    assert {f["assessment"] for f in findings} == {published.pk}
    draft = w.obj("assessment_draft_finding", "own")
    assert client.get(f"/api/assessment-findings/{draft.pk}/").status_code == 404
    staff = _client(w, "member_staff").get(f"/api/proposal-assessments/{review.pk}/").json()
    assert staff["reviewers"] and "conclusion" in staff


def test_minutes_reach_the_customer_once_published(w: World) -> None:
    client = _client(w, "customer_admin")
    held, done = w.obj("workshop_held", "own"), w.obj("workshop_done", "own")
    assert client.get(f"/api/workshops/{held.pk}/").json()["minutes"] == ""
    shown = client.get(f"/api/workshops/{done.pk}/").json()
    assert shown["minutes"] == "SRv6 discussed." and shown["attendees"][0]["name"] == "Li Na"
    follow_ups = client.get("/api/workshop-follow-ups/").json()["results"]
    assert {f["workshop"] for f in follow_ups} == {done.pk}


def test_another_customers_objects_answer_404(w: World) -> None:
    client = _client(w, "other_customer")
    for path in (
        f"/api/proposal-assessments/{w.obj('assessment_published', 'own').pk}/",
        f"/api/proposal-assessments/{w.obj('assessment', 'own').pk}/file/",
        f"/api/assessment-findings/{w.obj('assessment_finding', 'own').pk}/",
        f"/api/workshops/{w.obj('workshop_done', 'own').pk}/",
        f"/api/workshop-follow-ups/{w.obj('follow_up', 'own').pk}/",
    ):
        assert client.get(path).status_code == 404, path
    listed = client.get("/api/workshops/").json()["results"]
    assert {row["customer"] for row in listed} == {"SNEN"}
    refused = client.post(
        f"/api/workshops/{w.obj('workshop', 'own').pk}/attendees/",
        json.dumps({"side": "customer", "name": "x"}),
        content_type="application/json",
    )
    assert refused.status_code == 404


def test_staff_run_a_workshop_through_the_api(w: World) -> None:
    ram = _client(w, "member_staff")
    made = ram.post(
        "/api/workshops/",
        json.dumps({"customer": "ECCB", "topic": "Zero trust campus"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    pk = made.json()["id"]

    def post(action: str, body: dict[str, Any]) -> Any:
        path = f"/api/workshops/{pk}/{action}/"
        return ram.post(path, json.dumps(body), content_type="application/json")

    assert post("schedule", {}).status_code == 400
    assert post("experts", {"user": "t.hq_own", "speciality": "industry"}).status_code == 201
    assert post("experts", {"user": "t.nonmember_staff"}).status_code == 400
    when = {"starts_at": "2026-03-02T14:00:00+08:00", "ends_at": "2026-03-02T17:00:00+08:00"}
    assert post("schedule", {**when, "online_link": "https://m.example/zt"}).status_code == 200
    assert post("held", {}).json()["state"] == "held"
    assert (
        post("follow-ups", {"text": "Pilot", "owner": "Li", "due": "2026-04-01"}).status_code == 201
    )
    bad = post("cancel", {"reason": "late"})
    assert bad.status_code == 400 and "from 'held' to 'cancelled'" in bad.json()["state"][0]
    follow_up = FollowUp.objects.get(workshop_id=pk)
    done = ram.post(
        f"/api/workshop-follow-ups/{follow_up.pk}/done/",
        json.dumps({"done": True}),
        content_type="application/json",
    )
    assert done.json()["done"] is True
    assert Workshop.objects.get(pk=pk).state == "held"
