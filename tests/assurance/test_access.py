"""Who sees what of assurance. The ``reviewer`` hook of ``core.access.restrict``: a user
whose only membership of a customer is ``reviewer`` sees the changes it reviews (and
their reviews) and nothing else of that customer, through the models, every API list,
and the pages; another membership gives back the usual rule. Customers see their own
changes only; another customer's answer 404 on the API and the pages."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from netcare.assurance.models import ChangeAssurance, ChecklistItem, CriticalPeriod, Review
from netcare.core import access
from netcare.customers.models import Customer, Membership, Site
from netcare.customers.services import do_grant_membership
from netcare.delivery.models import Deliverable, ServiceRequest
from netcare.inventory.models import Device
from tests.conftest import World


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reviewer_sees_only_what_it_reviews(w: World) -> None:
    reviewer = w.obj("reviewer", "own")
    change = w.obj("change", "own")
    assert access.reviewing_only(reviewer) == {w.own.pk}
    assert list(ChangeAssurance.objects.visible_to(reviewer)) == [change]
    assert set(Review.objects.visible_to(reviewer)) == set(change.reviews.all())
    for model in (
        CriticalPeriod,
        ChecklistItem,
        Customer,
        Site,
        Device,
        Membership,
        Deliverable,
        ServiceRequest,
    ):
        assert not model.objects.visible_to(reviewer).exists(), model.__name__
    assert not access.is_staff_for(reviewer, w.own)
    assert list(access.visible_users(reviewer)) == [reviewer]


def test_another_membership_gives_back_the_usual_rule(w: World) -> None:
    reviewer = w.obj("reviewer", "own")
    do_grant_membership(reviewer, w.own, "hq_expert", actor=None)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # memberships are cached per object
    assert access.reviewing_only(reviewer) == set()
    assert ChangeAssurance.objects.visible_to(reviewer).count() == 2
    assert Site.objects.visible_to(reviewer).exists()


def test_a_reviewer_reads_and_decides_on_the_pages(w: World) -> None:
    reviewer = w.obj("reviewer", "own")
    client = _client(reviewer)
    change, draft = w.obj("change", "own"), w.obj("change_draft", "own")
    assert (
        client.get(reverse("assurance:change_detail", kwargs={"pk": change.pk})).status_code == 200
    )
    assert (
        client.get(reverse("assurance:change_detail", kwargs={"pk": draft.pk})).status_code == 404
    )
    period = w.obj("critical_period", "own")
    assert (
        client.get(reverse("assurance:period_detail", kwargs={"pk": period.pk})).status_code == 404
    )
    assert (
        client.get(reverse("assurance:change_list", kwargs={"code": w.own.code})).status_code == 404
    )
    mine = client.get(reverse("assurance:my_reviews")).content.decode()
    assert change.title in mine and draft.title not in mine
    review = change.reviews.get()
    answer = client.post(
        reverse("assurance:review_decide", kwargs={"pk": review.pk}),
        {"decision": "approve_with_conditions", "conditions": "Keep the old image on flash."},
    )
    assert answer.status_code == 302
    change.refresh_from_db()
    assert change.state == "approved"


def test_customers_see_their_own_changes_and_not_anothers(w: World) -> None:
    client = _client(w.users["customer_viewer"])
    listed = client.get(reverse("api:change-list")).json()["results"]
    assert {row["id"] for row in listed} == {
        w.obj("change", "own").pk,
        w.obj("change_draft", "own").pk,
    }
    foreign = w.obj("change", "foreign")
    assert client.get(reverse("api:change-detail", kwargs={"pk": foreign.pk})).status_code == 404
    assert (
        client.get(reverse("assurance:change_detail", kwargs={"pk": foreign.pk})).status_code == 404
    )
    period = w.obj("critical_period", "foreign")
    assert (
        client.get(reverse("api:critical-period-detail", kwargs={"pk": period.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("assurance:period_detail", kwargs={"pk": period.pk})).status_code == 404
    )
    page = client.get(
        reverse("assurance:change_list", kwargs={"code": w.own.code})
    ).content.decode()
    assert w.obj("change", "own").title in page and foreign.title not in page


def test_the_customer_files_a_change_through_the_api(w: World) -> None:
    client = _client(w.users["customer_admin"])
    body = {
        "title": "Add a VLAN for the new branch",
        "purpose": "Branch 12 opens next month.",
        "starts_at": "2026-06-06T22:00:00+08:00",
        "ends_at": "2026-06-07T01:00:00+08:00",
        "devices": [w.obj("device", "own").pk],
        "steps": "vlan 120",
    }
    created = client.post(
        reverse("api:change-list"), json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "draft"
    body["devices"] = [w.obj("device", "foreign").pk]
    refused = client.post(
        reverse("api:change-list"), json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 400 and "devices" in refused.json()


def test_the_whole_change_runs_through_the_api(w: World) -> None:
    ram = _client(w.users["member_staff"])
    change = w.obj("change", "own")
    review = change.reviews.get()
    decided = _client(w.obj("reviewer", "own")).post(
        reverse("api:change-review-decide", kwargs={"pk": review.pk}),
        json.dumps({"decision": "approve"}),
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content

    def post(action: str, body: dict[str, Any]) -> Any:
        url = reverse(f"api:change-{action}", kwargs={"pk": change.pk})
        return ram.post(url, json.dumps(body), content_type="application/json")

    early = post("move", {"target": "in_progress"})
    assert (
        early.status_code == 400
        and "cannot move from 'approved' to 'in_progress'" in early.content.decode()
    )
    roster = {
        "person": "t.member_staff",
        "mode": "remote",
        "starts_at": "2026-05-09T22:00:00+08:00",
        "ends_at": "2026-05-10T02:00:00+08:00",
    }
    assert post("roster", roster).status_code == 201
    assert post("move", {"target": "scheduled"}).json()["state"] == "scheduled"
    assert post("move", {"target": "in_progress"}).json()["state"] == "in_progress"
    assert post("event", {"text": "Image loaded."}).status_code == 201
    assert (
        post("complete", {"outcome": "partial", "follow_ups": "finish the second unit"}).json()[
            "outcome"
        ]
        == "partial"
    )
    detail = ram.get(reverse("api:change-detail", kwargs={"pk": change.pk})).json()
    assert [e["text"] for e in detail["events"]] == ["Image loaded."]
    assert detail["roster"][0]["mode"] == "remote"


def test_changes_list_and_show_on_the_cli(w: World) -> None:
    from netcare.assurance.cli import changes_app

    runner = CliRunner()
    listed = runner.invoke(changes_app, ["list", "--customer", w.own.code])
    assert listed.exit_code == 0, listed.output
    change = w.obj("change", "own")
    assert f"#{change.pk}\tin_review" in listed.output and "t.reviewer_own" in listed.output
    assert "pending" in listed.output
    shown = runner.invoke(changes_app, ["show", str(change.pk)])
    assert shown.exit_code == 0 and "review round 1" in shown.output
    assert runner.invoke(changes_app, ["list", "--customer", "NOPE"]).exit_code == 2


def test_changes_and_periods_are_on_the_customer_timeline(w: World) -> None:
    client = _client(w.users["customer_viewer"])
    page = client.get(reverse("delivery:timeline", kwargs={"code": w.own.code}))
    body = page.content.decode()
    assert page.status_code == 200
    assert w.obj("change", "own").title in body
    assert w.obj("critical_period", "own").title in body
    assert w.obj("change", "foreign").title not in body


def test_the_pages_run_a_change_from_filing_to_review(w: World) -> None:
    admin = _client(w.users["customer_admin"])
    filed = admin.post(
        reverse("assurance:change_file", kwargs={"code": w.own.code}),
        {
            "title": "Enable NTP authentication",
            "purpose": "Audit finding.",
            "starts_at": "2026-07-04T22:00",
            "ends_at": "2026-07-05T00:00",
            "devices": [w.obj("device", "own").pk],
            "steps": "ntp authentication enable",
        },
    )
    assert filed.status_code == 302
    change = ChangeAssurance.objects.get(title="Enable NTP authentication")
    assert filed["Location"] == reverse("assurance:change_detail", kwargs={"pk": change.pk})
    ram = _client(w.users["member_staff"])
    named = ram.post(
        reverse("assurance:change_reviewer", kwargs={"pk": change.pk}),
        {"reviewer": w.obj("reviewer", "own").pk, "speciality": "rnd", "required": "on"},
    )
    assert named.status_code == 302
    admin.post(reverse("assurance:change_submit", kwargs={"pk": change.pk}))
    change.refresh_from_db()
    assert change.state == "in_review"
    page = ram.get(reverse("assurance:change_detail", kwargs={"pk": change.pk})).content.decode()
    assert "t.reviewer_own" in page or "reviewer_own" in page
    refused = ram.post(
        reverse("assurance:change_move", kwargs={"pk": change.pk}), {"target": "in_progress"}
    )
    assert refused.status_code == 302
    shown = ram.get(reverse("assurance:change_detail", kwargs={"pk": change.pk})).content.decode()
    assert "cannot move from" in shown
