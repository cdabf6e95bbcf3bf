"""The problem-management API around the services: real exports imported (a dry run
writes nothing, a refusal names every row), the support system's push with a
``system``-role token (recorded and audited), the expert's analysis, importance asked
by the customer and decided by the RAM, escalation, a review opened, gated, agreed and
published, a daily report sent with edits, filters — and list costs that do not grow
with the rows."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import World
from tests.problems.world import NUMBERS
from tests.queries import assert_fixed_queries

from netcare.problems.models import (
    DailyReport,
    Escalation,
    ProblemReview,
    ProgressEntry,
    Ticket,
    TicketImport,
)


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


SAMPLES = Path(__file__).resolve().parents[1] / "data" / "problems"


def client_for(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _json(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _upload(name: str, data: bytes | None = None) -> io.BytesIO:
    upload = io.BytesIO(data if data is not None else (SAMPLES / name).read_bytes())
    upload.name = name
    return upload


def _import(client: Client, world: World, name: str, **extra: Any) -> Any:
    body = {"file": _upload(name), "customer": world.own.code, **extra}
    return client.post("/api/tickets/import/", body)


def test_a_dry_run_writes_nothing_and_the_import_writes_the_file(world: World) -> None:
    client = client_for(world, "member_staff")
    before = (Ticket.objects.count(), TicketImport.objects.count(), ProgressEntry.objects.count())
    dry = _import(client, world, "en_tickets.xlsx", dry_run="true")
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["dry_run"] is True and body["ticket_import"] is None
    assert sorted(body["created"]) == ["1001", "1002", "1003"]
    assert body["counts"]["created"] == 3
    after = (Ticket.objects.count(), TicketImport.objects.count(), ProgressEntry.objects.count())
    assert after == before
    done = _import(client, world, "en_tickets.xlsx")
    assert done.status_code == 200 and done.json()["dry_run"] is False
    record = TicketImport.objects.get(pk=done.json()["ticket_import"])
    assert record.state == "done" and record.counts["created"] == 3
    assert record.created_by == world.users["member_staff"]
    assert Path(record.kept_file).read_bytes() == (SAMPLES / "en_tickets.xlsx").read_bytes()
    listed = client.get(f"/api/ticket-imports/?customer={world.own.code}").json()
    assert record.pk in {row["id"] for row in listed["results"]}


def test_a_refused_file_answers_every_row_error(world: World) -> None:
    client = client_for(world, "member_staff")
    before = Ticket.objects.count()
    refused = _import(client, world, "bad_date.csv")
    assert refused.status_code == 400
    body = refused.json()
    assert body["errors"] and all(e.startswith("row ") for e in body["errors"])
    assert any("before opened" in e for e in body["errors"]), body
    assert TicketImport.objects.get(pk=body["ticket_import"]).state == "refused"
    assert Ticket.objects.count() == before
    unknown = _import(client, world, "tickets.json", mapping="No such mapping")
    assert unknown.status_code == 400 and "mapping" in unknown.json()


def test_a_customer_user_may_not_import(world: World) -> None:
    response = _import(client_for(world, "customer_admin"), world, "tickets.json")
    assert response.status_code == 403


def _system_token(world: World) -> str:
    from rest_framework.authtoken.models import Token

    from netcare.customers import services
    from netcare.customers.models import Role

    robot = services.do_create_user("support-system", password="pw-robot-1", actor=None)
    services.do_grant_membership(robot, world.own, Role.SYSTEM, actor=world.users["admin"])
    return Token.objects.create(user=robot).key


def test_the_support_system_pushes_with_its_token_and_is_audited(world: World) -> None:
    from netcare.core.models import AuditEvent

    token = _system_token(world)
    tickets = json.loads((SAMPLES / "tickets.json").read_text(encoding="utf-8"))["tickets"]
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    response = _json(
        client, "/api/tickets/push/", {"customer": world.own.code, "tickets": tickets}, **auth
    )
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["created"] == 3
    record = TicketImport.objects.get(pk=response.json()["ticket_import"])
    robot = record.created_by
    assert robot is not None and robot.username == "support-system"
    assert record.source == "push"
    j1 = Ticket.objects.get(customer=world.own, number="J-1")
    created = AuditEvent.objects.get(object_type="problems.ticket", object_id=str(j1.pk))
    assert created.actor == robot and created.action == "create"
    assert created.customer_id == world.own.pk
    # Pushed again, nothing changes; the token names no other customer.
    again = _json(
        client, "/api/tickets/push/", {"customer": world.own.code, "tickets": tickets}, **auth
    )
    assert again.json()["counts"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "progress_added": 0,
        "closed": 0,
    }
    foreign = _json(
        client, "/api/tickets/push/", {"customer": world.foreign.code, "tickets": tickets}, **auth
    )
    assert foreign.status_code == 404
    bad = _json(
        client,
        "/api/tickets/push/",
        {"customer": world.own.code, "tickets": [{"number": "X-1", "severity": "P9"}]},
        **auth,
    )
    assert bad.status_code == 400 and bad.json()["errors"]
    # The token reads what it may see, and nothing of the vendor's other customers.
    listed = client.get("/api/tickets/?page_size=500", **auth).json()["results"]
    assert {t["customer"] for t in listed} == {world.own.code}


def test_the_expert_analyses_a_ticket(world: World) -> None:
    client = client_for(world, "member_staff")
    ticket = world.obj("ticket", "own")
    url = f"/api/tickets/{ticket.pk}/analysis/"
    body = {
        "root_cause": "configuration",
        "root_cause_text": "Hello timers differed on one link.",
        "advice": "Align the OSPF timers.",
        "finding": world.obj("finding", "own").pk,
        "hardening_step": world.obj("hardening_step", "own").pk,
    }
    response = _json(client, url, body)
    assert response.status_code == 200, response.content
    assert response.json()["root_cause"] == "configuration"
    assert response.json()["finding"] == world.obj("finding", "own").pk
    foreign = _json(client, url, {**body, "finding": world.obj("finding", "foreign").pk})
    assert foreign.status_code == 400 and "finding" in foreign.json()
    empty = _json(client, url, {"root_cause": "software", "root_cause_text": ""})
    assert empty.status_code == 400 and "root_cause_text" in empty.json()
    # Customer users read the analysis, not the links to the vendor's working material.
    seen = client_for(world, "customer_viewer").get(f"/api/tickets/{ticket.pk}/").json()
    assert seen["root_cause"] == "configuration" and "finding" not in seen
    refused = _json(client_for(world, "customer_admin"), url, body)
    assert refused.status_code == 403


def test_importance_is_asked_by_the_customer_and_decided_by_the_ram(world: World) -> None:
    from netcare.notifications.models import Notification

    ticket = Ticket.objects.create(
        customer=world.own,
        number="SR-2026-0404",
        title="Wireless controller reboots",
        severity="major",
        status="open",
        opened=timezone.now() - dt.timedelta(hours=5),
    )
    customer = client_for(world, "customer_viewer")
    asked = customer.post(f"/api/tickets/{ticket.pk}/request-importance/")
    assert asked.status_code == 200 and asked.json()["importance_requested"] is True
    assert Notification.objects.filter(
        recipient=world.users["member_staff"], kind="importance_requested"
    ).exists()
    assert (
        customer.post(f"/api/tickets/{ticket.pk}/important/", {"important": True}).status_code
        == 403
    )
    ram = client_for(world, "member_staff")
    early = _json(ram, f"/api/tickets/{ticket.pk}/escalate/", {"resources": "R&D"})
    assert early.status_code == 400 and "ticket" in early.json()
    decided = _json(ram, f"/api/tickets/{ticket.pk}/important/", {"important": True})
    assert decided.status_code == 200 and decided.json()["important"] is True
    escalated = _json(ram, f"/api/tickets/{ticket.pk}/escalate/", {"resources": "WLAN R&D"})
    assert escalated.status_code == 201, escalated.content
    assert Escalation.objects.get(pk=escalated.json()["id"]).ticket == ticket
    blank = _json(ram, f"/api/tickets/{ticket.pk}/escalate/", {"resources": "   "})
    assert blank.status_code == 400
    closed = Ticket.objects.create(
        customer=world.own,
        number="SR-2026-0405",
        title="Closed already",
        severity="minor",
        status="closed",
        opened=timezone.now() - dt.timedelta(days=3),
        closed=timezone.now() - dt.timedelta(days=2),
    )
    refused = _json(ram, f"/api/tickets/{closed.pk}/important/", {"important": True})
    assert refused.status_code == 400 and "important" in refused.json()


def test_ticket_filters(world: World) -> None:
    client = client_for(world, "member_staff")
    _import(client, world, "zh_gb18030.csv")
    _import(client, world, "tickets.json")

    def numbers(query: str) -> set[str]:
        response = client.get(f"/api/tickets/?customer={world.own.code}&page_size=500&{query}")
        assert response.status_code == 200, response.content
        return {t["number"] for t in response.json()["results"]}

    assert numbers("quarter=2026Q2") == {"J-1", "J-2", "3"}
    assert numbers("quarter=2026-Q1") == {NUMBERS["own"]}
    assert numbers("important=true") == {NUMBERS["own"]}
    assert numbers("root_cause=hardware") == {"T-001", "J-1"}
    assert numbers("status=waiting") == {"T-004"}
    assert numbers("severity=critical&quarter=2026Q3") == {"T-002"}
    bad = client.get("/api/tickets/?quarter=Q9")
    assert bad.status_code == 400 and "quarter" in bad.json()
    ticket = Ticket.objects.get(customer=world.own, number="T-001")
    progress = client.get(f"/api/progress-entries/?ticket={ticket.pk}").json()["results"]
    assert len(progress) == 2 and progress[0]["at"] < progress[1]["at"]


def test_a_column_mapping_is_saved_and_used(world: World) -> None:
    client = client_for(world, "nonmember_staff")
    body = {
        "name": "Helpdesk Y",
        "columns": {"Ref": "number", "Headline": "title", "Prio": "severity", "State": "status"},
    }
    saved = _json(client, "/api/column-mappings/", body)
    assert saved.status_code == 201, saved.content
    body["columns"]["Logged"] = "opened"
    again = _json(client, "/api/column-mappings/", body)
    assert again.status_code == 201 and again.json()["id"] == saved.json()["id"]
    bad = _json(client, "/api/column-mappings/", {"name": "Z", "columns": {"A": "nope"}})
    assert bad.status_code == 400 and "columns" in bad.json()
    csv = b"Ref,Headline,Prio,State,Logged\nHY-1,Link down,major,open,2026-03-04 08:00\n"
    done = client_for(world, "member_staff").post(
        "/api/tickets/import/",
        {"file": _upload("y.csv", csv), "customer": world.own.code, "mapping": "Helpdesk Y"},
    )
    assert done.status_code == 200, done.content
    assert Ticket.objects.filter(customer=world.own, number="HY-1").exists()


def test_a_review_is_opened_gated_agreed_and_published(world: World) -> None:
    staff = client_for(world, "member_staff")
    _import(staff, world, "tickets.json")
    opened = _json(
        staff, "/api/problem-reviews/", {"customer": world.own.code, "quarter": "2026Q2"}
    )
    assert opened.status_code == 201, opened.content
    review = opened.json()
    assert review["state"] == "draft"
    detail = f"/api/problem-reviews/{review['id']}/"
    customer = client_for(world, "customer_admin")
    assert customer.get(detail).status_code == 404
    assert review["id"] not in {
        r["id"] for r in customer.get("/api/problem-reviews/").json()["results"]
    }
    assert _json(customer, "/api/problem-reviews/", {"quarter": "2026Q3"}).status_code == 403
    bad = _json(staff, "/api/problem-reviews/", {"customer": world.own.code, "quarter": "26Q5"})
    assert bad.status_code == 400 and "quarter" in bad.json()
    agreed = _json(
        staff,
        f"{detail}agreement/",
        {
            "what": "End the review a week early: the freeze starts on 24 June.",
            "expert": "t.member_staff",
            "field_engineer": world.obj("field_engineer", "own").username,
            "customer_party": "Li Na",
            "agreed_on": "2026-06-01",
            "period_end": "2026-06-24T00:00:00+08:00",
        },
    )
    assert agreed.status_code == 201, agreed.content
    assert ProblemReview.objects.get(pk=review["id"]).period_end.date() == dt.date(2026, 6, 23)
    stranger = _json(
        staff,
        f"{detail}agreement/",
        {
            "what": "x",
            "expert": "t.member_staff",
            "field_engineer": world.obj("field_engineer", "foreign").username,
            "customer_party": "Li Na",
            "agreed_on": "2026-06-01",
        },
    )
    assert stranger.status_code == 400 and "field_engineer" in stranger.json()
    refused = staff.post(f"{detail}publish/")
    assert refused.status_code == 400 and "J-2" in json.dumps(refused.json())
    j2 = Ticket.objects.get(customer=world.own, number="J-2")
    _json(
        staff,
        f"/api/tickets/{j2.pk}/analysis/",
        {"root_cause": "configuration", "root_cause_text": "PoE priority left at default."},
    )
    published = staff.post(f"{detail}publish/")
    assert published.status_code == 200, published.content
    from netcare.delivery.models import Deliverable

    deliverable = Deliverable.objects.get(pk=published.json()["deliverable"])
    assert deliverable.state == "published" and deliverable.customer == world.own
    assert {f.format for f in deliverable.files.all()} == {"docx", "pdf", "xlsx"}
    seen = customer.get(detail)
    assert seen.status_code == 200 and seen.json()["state"] == "published"


def test_a_daily_report_is_sent_with_edits(world: World) -> None:
    from django.core import mail

    viewer = world.users["customer_viewer"]
    viewer.email = "viewer@eccb.example"
    viewer.save()
    draft = world.obj("daily_draft", "own")
    customer = client_for(world, "customer_viewer")
    assert customer.get(f"/api/daily-reports/{draft.pk}/").status_code == 404
    listed = {r["id"] for r in customer.get("/api/daily-reports/").json()["results"]}
    assert listed == {world.obj("daily_report", "own").pk}
    staff = client_for(world, "member_staff")
    wrong = _json(staff, f"/api/daily-reports/{draft.pk}/send/", {"expected": "x" * 300})
    assert wrong.status_code == 400
    # A report is XML inside: control characters are refused, not a server error.
    control = _json(staff, f"/api/daily-reports/{draft.pk}/send/", {"impact": "down\x13"})
    assert control.status_code == 400 and "impact" in control.json()
    sent = _json(
        staff,
        f"/api/daily-reports/{draft.pk}/send/",
        {"next_steps": "Close with the customer tomorrow.", "expected": "2026-02-13"},
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["state"] == "sent" and body["next_steps"].startswith("Close with")
    assert body["sent_by"] and body["deliverable"]
    assert any("viewer@eccb.example" in m.to for m in mail.outbox)
    assert _json(staff, f"/api/daily-reports/{draft.pk}/send/", {}).status_code == 400
    assert customer.get(f"/api/daily-reports/{draft.pk}/").json()["state"] == "sent"


LISTS = ["tickets", "progress-entries", "ticket-imports", "column-mappings"]
LISTS += ["problem-reviews", "daily-reports"]


@pytest.mark.parametrize("prefix", LISTS)
def test_lists_cost_the_same_for_one_row_and_many(world: World, prefix: str) -> None:
    client = client_for(world, "admin")
    _import(client, world, "zh_gb18030.csv")
    _import(client, world, "tickets.json")
    review = world.obj("problem_review", "own")
    ticket = world.obj("ticket", "own")
    for n in range(3):
        DailyReport.objects.create(
            customer=world.own,
            ticket=ticket,
            day=dt.date(2026, 3, 1) + dt.timedelta(days=n),
            state="sent",
            sent_by=world.users["member_staff"],
        )
        ProblemReview.objects.create(
            customer=world.own,
            quarter=f"2025Q{n + 1}",
            period_start=review.period_start - dt.timedelta(days=400 - 91 * n),
            period_end=review.period_start - dt.timedelta(days=309 - 91 * n),
        )
    cost = assert_fixed_queries(client, f"/api/{prefix}/")
    assert cost.rows_full >= 2, prefix
