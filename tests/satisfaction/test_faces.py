"""The API, the pages and the CLI around the services: a survey sent and answered, a visit
recorded, the results downloaded and published; links never leave the server unasked."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from tests.conftest import World
from typer.testing import CliRunner

from netcare.cli import app
from netcare.satisfaction.models import Invitation, Response, ReturnVisit, Survey


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_send_answer_and_record(asked: World, django_capture_on_commit_callbacks: Any) -> None:
    staff = _client(asked, "member_staff")
    with django_capture_on_commit_callbacks(execute=True):
        sent = _post(staff, "/api/surveys/", {"customer": "ECCB", "stage": "final", "days": 10})
    assert sent.status_code == 201, sent.content
    data = sent.json()
    assert data["invited"] == 2 and data["stage"] == "final" and data["state"] == "open"
    invitations = staff.get(f"/api/survey-invitations/?survey={data['id']}").json()["results"]
    assert len(invitations) == 2 and all("token" not in key for row in invitations for key in row)
    token = re.search(r"/satisfaction/s/([\w-]+)/", mail.outbox[0].body)
    assert token and token.group(1) not in sent.content.decode() + json.dumps(invitations)
    viewer = _client(asked, "customer_viewer")
    url = f"/api/surveys/{data['id']}/answer/"
    body = {"scores": {"inspection": 5}, "nps": 10, "comment": "快"}
    assert _post(viewer, url, body).status_code == 201
    again = _post(viewer, url, body)
    assert again.status_code == 400 and "already answered" in again.content.decode()
    assert _post(viewer, url, {"scores": {"inspection": 9}}).status_code == 400
    visit = _post(
        staff,
        "/api/return-visits/",
        {
            "customer": "ECCB",
            "stage": "mid_term",
            "visited_on": "2026-11-02",
            "channel": "visit",
            "overall": 5,
            "contacts": [asked.obj("contact", "own").pk],
            "feedback": [{"item": "inspection", "score": 4, "feedback": "good"}],
            "actions": [{"text": "Workshop", "owner": "t.member_staff", "due": "2026-12-20"}],
        },
    )
    assert visit.status_code == 201, visit.content
    shown = visit.json()
    assert shown["feedback"] == [{"item": "inspection", "score": 4, "feedback": "good"}]
    assert shown["actions"][0]["text"] == "Workshop" and shown["deliverable"]
    foreign_contact = _post(
        staff,
        "/api/return-visits/",
        {
            "customer": "ECCB",
            "stage": "mid_term",
            "visited_on": "2026-11-02",
            "channel": "visit",
            "overall": 5,
            "contacts": [asked.obj("contact", "foreign").pk],
        },
    )
    assert foreign_contact.status_code == 400  # not a contact the caller can name


def test_pages_send_answer_record_and_results(
    asked: World, django_capture_on_commit_callbacks: Any
) -> None:
    staff = _client(asked, "member_staff")
    with django_capture_on_commit_callbacks(execute=True):
        shown = staff.post(
            reverse("satisfaction:survey_send", kwargs={"code": "ECCB"}),
            {"stage": "mid_term", "days": "14", "ask_nps": "on", "show_links": "on"},
        )
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("max-age=0")
    links = re.findall(r"https?://[^<\s]+/satisfaction/s/[\w-]+/", shown.content.decode())
    assert len(links) == 2
    survey = Survey.objects.filter(customer=asked.own).latest("sent_at")
    viewer = _client(asked, "customer_viewer")
    detail = reverse("satisfaction:survey_detail", kwargs={"pk": survey.pk})
    assert "item:inspection" in viewer.get(detail).content.decode()
    answered = viewer.post(
        reverse("satisfaction:survey_answer", kwargs={"pk": survey.pk}),
        {"item:inspection": "4", "nps": "8", "comment": "ok"},
    )
    assert answered.status_code == 302
    assert Response.objects.filter(survey=survey, via="portal").count() == 1
    assert "item:inspection" not in viewer.get(detail).content.decode()  # answered
    page = staff.get(detail).content.decode()
    assert "陈立" in page and "item:inspection" not in page
    form = staff.get(reverse("satisfaction:visit_record", kwargs={"code": "ECCB"}))
    assert form.status_code == 200
    recorded = staff.post(
        reverse("satisfaction:visit_record", kwargs={"code": "ECCB"}),
        {
            "stage": "final",
            "visited_on": "2026-11-30",
            "channel": "phone",
            "overall": "5",
            "contacts": [asked.obj("contact", "own").pk],
            "score_inspection": "5",
            "feedback_inspection": "great",
            "action_0": "Plan next year",
            "owner_0": asked.users["member_staff"].pk,
            "due_0": "2026-12-31",
        },
    )
    assert recorded.status_code == 302, recorded.content.decode()[-2000:]
    visit = ReturnVisit.objects.filter(customer=asked.own).latest("created")
    assert visit.deliverable.obligation is not None  # the end-of-term visit
    assert (
        "Plan next year"
        in viewer.get(
            reverse("satisfaction:visit_detail", kwargs={"pk": visit.pk})
        ).content.decode()
    )
    workbook = staff.get(reverse("satisfaction:results_export", kwargs={"code": "ECCB"}))
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert "CSAT" in book.sheetnames
    overview = staff.get(reverse("satisfaction:overview", kwargs={"code": "ECCB"}))
    assert "NPS" in overview.content.decode()


def test_cli_prints_links_only_when_asked(
    asked: World, django_capture_on_commit_callbacks: Any, tmp_path: Any
) -> None:
    runner = CliRunner()
    with django_capture_on_commit_callbacks(execute=True):
        quiet = runner.invoke(app, ["survey", "send", "--customer", "ECCB", "--mid-term"])
    assert quiet.exit_code == 0, quiet.output
    assert "sent to 2 contacts" in quiet.output and "/satisfaction/s/" not in quiet.output
    with django_capture_on_commit_callbacks(execute=True):
        shown = runner.invoke(app, ["survey", "send", "--customer", "ECCB", "--show-links"])
    links = re.findall(r"/satisfaction/s/([\w-]+)/", shown.output)
    assert len(links) == 2
    assert Invitation.objects.filter(survey__customer=asked.own).count() == 7
    out = tmp_path / "results.xlsx"
    result = runner.invoke(app, ["survey", "results", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "ECCB" in result.output and "SNEN" in result.output and out.exists()
    assert runner.invoke(app, ["survey", "send", "--customer", "NOPE"]).exit_code == 2
