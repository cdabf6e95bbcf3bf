"""Consulting pages: the customer's list and details show the review only once published,
another customer's pages answer 404, a refused upload is named on the page with nothing
written, the RAM runs an assessment from the pages, and the timeline shows the work."""

from __future__ import annotations

from io import BytesIO

from django.test import Client
from django.urls import reverse
from tests.conftest import World

from netcare.consulting.models import Assessment
from netcare.consulting.pages import timeline_events


def _client(w: World, role: str) -> Client:
    client = Client()
    client.force_login(w.users[role])
    return client


def test_customer_sees_the_review_only_once_published(w: World) -> None:
    client = _client(w, "customer_viewer")
    index = client.get(reverse("consulting:index", kwargs={"code": "ECCB"})).content.decode()
    assert "ECCB proposal in review" in index and "ECCB DC workshop" in index
    assert "SNEN proposal" not in index and "SNEN DC workshop" not in index
    review = w.obj("assessment", "own")
    page = client.get(reverse("consulting:assessment_detail", kwargs={"pk": review.pk}))
    body = page.content.decode()
    assert page.status_code == 200 and "The new leaves take every free spine port." not in body
    published = w.obj("assessment_published", "own")
    body = client.get(
        reverse("consulting:assessment_detail", kwargs={"pk": published.pk})
    ).content.decode()
    assert "The new leaves take every free spine port." in body
    assert "Feasible after the spine ports are planned." in body
    held = client.get(
        reverse("consulting:workshop_detail", kwargs={"pk": w.obj("workshop_held", "own").pk})
    ).content.decode()
    assert "SRv6 discussed." not in held


def test_another_customers_pages_answer_404(w: World) -> None:
    client = _client(w, "other_customer")
    for name, obj in (
        ("consulting:assessment_detail", w.obj("assessment_published", "own")),
        ("consulting:assessment_file", w.obj("assessment", "own")),
        ("consulting:workshop_detail", w.obj("workshop_done", "own")),
    ):
        assert client.get(reverse(name, kwargs={"pk": obj.pk})).status_code == 404, name
    assert client.get(reverse("consulting:index", kwargs={"code": "ECCB"})).status_code == 404


def test_a_refused_upload_is_named_and_nothing_is_written(w: World) -> None:
    client = _client(w, "customer_admin")
    upload = BytesIO(b"MZ\x90\x00binary")
    upload.name = "tool.exe"
    count = Assessment.objects.count()
    response = client.post(
        reverse("consulting:assessment_submit", kwargs={"code": "ECCB"}),
        {"title": "x", "proposal_kind": "change", "context": "y", "file": upload},
        follow=True,
    )
    assert "tool.exe: files of type .exe are not accepted" in response.content.decode()
    assert Assessment.objects.count() == count


def test_the_ram_runs_the_review_from_the_pages(w: World) -> None:
    admin = _client(w, "customer_admin")
    upload = BytesIO("# 方案\n\n新增 Leaf。\n".encode())
    upload.name = "plan.md"
    admin.post(
        reverse("consulting:assessment_submit", kwargs={"code": "ECCB"}),
        {"title": "Leaf expansion", "proposal_kind": "expansion", "context": "c", "file": upload},
    )
    row = Assessment.objects.get(title="Leaf expansion")
    ram = _client(w, "member_staff")
    detail = reverse("consulting:assessment_detail", kwargs={"pk": row.pk})
    form = ram.get(detail).content.decode()
    assert "t.hq_own" in form and "t.nonmember_staff" not in form  # own staff only
    ram.post(
        reverse("consulting:assessment_reviewer", kwargs={"pk": row.pk}),
        {"user": w.users["member_staff"].pk},
    )
    ram.post(
        reverse("consulting:assessment_finding", kwargs={"pk": row.pk}),
        {
            "area": "availability",
            "severity": "high",
            "finding": "No multihoming",
            "recommendation": "Use ESI",
        },
    )
    response = ram.post(
        reverse("consulting:assessment_conclude", kwargs={"pk": row.pk}),
        {"conclusion": "Feasible with changes."},
        follow=True,
    )
    row.refresh_from_db()
    assert row.state == "assessed" and "No multihoming" in response.content.decode()


def test_the_timeline_shows_what_the_user_may_see(w: World) -> None:
    viewer = [e.title for e in timeline_events(w.own, w.users["customer_viewer"])]
    assert "ECCB proposal in review" in viewer and "ECCB SRv6 workshop" in viewer
    assert not any(title.startswith("SNEN") for title in viewer)
    other = timeline_events(w.own, w.users["other_customer"])
    assert other == []
