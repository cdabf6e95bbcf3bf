"""The problem-management pages around the services: a real ticket export imported from
the list page (a dry run showing the diff and writing nothing, a refusal naming every
row), a column mapping saved and used, the analysis form with its links, importance
asked by the customer and decided by the RAM, escalation, a review opened, gated until
every closed ticket has its root cause, agreed and published, a daily report edited
and sent — and customer users refused like strangers on every staff page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.conftest import World
from tests.problems.world import NUMBERS

from netcare.problems.models import (
    ColumnMapping,
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


def client_for(world: World, role: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _section(response: Any, name: str) -> str:
    """One ``<section id=name>`` of a page."""
    body: str = response.content.decode()
    start = body.index(f'id="{name}"')
    return body[start : body.index("</section>", start)]


def _upload(name: str, data: bytes | None = None) -> io.BytesIO:
    upload = io.BytesIO(data if data is not None else (SAMPLES / name).read_bytes())
    upload.name = name
    return upload


def _import(client: Client, world: World, name: str, **extra: Any) -> Any:
    url = reverse("problems:ticket_import", kwargs={"code": world.own.code})
    return client.post(url, {"file": _upload(name), **extra}, follow=True)


def _staff_pages(world: World) -> list[str]:
    code = world.own.code
    return [
        reverse("problems:ticket_list", kwargs={"code": code}),
        reverse("problems:ticket_detail", kwargs={"pk": world.obj("ticket", "own").pk}),
        reverse("problems:review_list", kwargs={"code": code}),
        reverse("problems:review_detail", kwargs={"pk": world.obj("problem_review", "own").pk}),
        reverse("problems:daily_list", kwargs={"code": code}),
        reverse("problems:daily_detail", kwargs={"pk": world.obj("daily_draft", "own").pk}),
    ]


@pytest.mark.parametrize("role", ["customer_viewer", "customer_admin"])
def test_customer_users_get_404_on_every_staff_action(world: World, role: str) -> None:
    client = client_for(world, role)
    code = world.own.code
    ticket = world.obj("ticket", "own").pk
    review = world.obj("problem_review", "own").pk
    posts = [
        reverse("problems:ticket_import", kwargs={"code": code}),
        reverse("problems:mapping_save"),
        reverse("problems:ticket_analysis", kwargs={"pk": ticket}),
        reverse("problems:ticket_important", kwargs={"pk": ticket}),
        reverse("problems:ticket_escalate", kwargs={"pk": ticket}),
        reverse("problems:review_open", kwargs={"code": code}),
        reverse("problems:review_agreement", kwargs={"pk": review}),
        reverse("problems:review_publish", kwargs={"pk": review}),
        reverse("problems:daily_send", kwargs={"pk": world.obj("daily_draft", "own").pk}),
        reverse("problems:daily_send", kwargs={"pk": world.obj("daily_report", "own").pk}),
    ]
    for url in posts:
        assert client.post(url, {"important": "on", "resources": "x"}).status_code == 404, url
    # A draft daily report is the vendor's: 404 like a stranger's.
    assert client.get(_staff_pages(world)[-1]).status_code == 404
    assert Escalation.objects.filter(customer=world.own).count() == 1


@pytest.mark.parametrize("role", ["customer_viewer", "customer_admin"])
def test_customer_users_see_their_tickets_published_reviews_and_sent_reports(
    world: World, role: str
) -> None:
    client = client_for(world, role)
    code = world.own.code
    # A draft review of another quarter stays the vendor's.
    review = world.obj("problem_review", "own")
    draft = ProblemReview.objects.create(
        customer=world.own,
        quarter="2025Q4",
        period_start=review.period_start - dt.timedelta(days=92),
        period_end=review.period_start,
    )
    body = client.get(reverse("problems:review_list", kwargs={"code": code})).content.decode()
    assert "2026Q1" in body and "2025Q4" not in body
    assert client.get(reverse("problems:review_detail", kwargs={"pk": draft.pk})).status_code == 404
    detail = client.get(reverse("problems:review_detail", kwargs={"pk": review.pk}))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert NUMBERS["own"] in html
    assert 'id="gate"' not in html and 'id="agreement-form"' not in html
    daily = client.get(reverse("problems:daily_list", kwargs={"code": code})).content.decode()
    assert 'id="drafts"' not in daily and 'id="missed"' not in daily
    sent = world.obj("daily_report", "own")
    assert reverse("problems:daily_detail", kwargs={"pk": sent.pk}) in daily
    assert (
        reverse("problems:daily_detail", kwargs={"pk": world.obj("daily_draft", "own").pk})
        not in daily
    )
    ticket = client.get(
        reverse("problems:ticket_detail", kwargs={"pk": world.obj("ticket", "own").pk})
    )
    html = ticket.content.decode()
    assert world.obj("progress_entry", "own").text in html
    assert 'id="analysis-form"' not in html and 'id="importance"' not in html
    assert "product support expert" not in html  # the escalation is the vendor's


def test_staff_pages_render_in_both_languages(world: World) -> None:
    for language, word in (("en", "Import tickets"), ("zh-hans", "导入工单")):
        client = client_for(world, "member_staff", language)
        pages = _staff_pages(world)
        assert word in client.get(pages[0]).content.decode(), language
        for url in pages[1:]:
            assert client.get(url).status_code == 200, (language, url)


def test_a_dry_run_shows_the_diff_and_writes_nothing_then_the_import_does(world: World) -> None:
    client = client_for(world, "member_staff")
    before = (Ticket.objects.count(), TicketImport.objects.count(), ProgressEntry.objects.count())
    response = _import(client, world, "zh_gb18030.csv", dry_run="on")
    assert response.status_code == 200
    outcome = _section(response, "outcome")
    assert "nothing was written" in outcome
    assert all(n in outcome for n in ("T-001", "T-002", "T-003", "T-004", "T-005"))
    assert "5 new" in outcome
    after = (Ticket.objects.count(), TicketImport.objects.count(), ProgressEntry.objects.count())
    assert after == before
    response = _import(client, world, "zh_gb18030.csv")
    assert any(m.startswith("Imported: 5 new") for m in _messages(response)), _messages(response)
    listed = _section(response, "tickets")
    assert "T-001" in listed and NUMBERS["own"] in listed
    t1 = Ticket.objects.get(customer=world.own, number="T-001")
    assert (t1.status, t1.root_cause, t1.progress.count()) == ("closed", "hardware", 2)
    assert TicketImport.objects.filter(customer=world.own, state="done").count() == 2
    # The same file again changes nothing, and the dry run says so.
    again = _import(client, world, "zh_gb18030.csv", dry_run="on")
    assert "0 new, 0 updated, 5 unchanged" in _section(again, "outcome")


def test_a_refused_file_names_every_row_and_writes_nothing(world: World) -> None:
    client = client_for(world, "member_staff")
    before = Ticket.objects.count()
    response = _import(client, world, "bad_severity.csv")
    refused = _section(response, "refused")
    assert "bad_severity.csv" in refused and "P9" in refused and "已作废" in refused
    assert Ticket.objects.count() == before
    record = TicketImport.objects.filter(customer=world.own).latest("created")
    assert record.state == "refused" and Path(record.kept_file).exists()


def test_a_mapping_saved_on_the_page_reads_a_systems_own_headers(world: World) -> None:
    client = client_for(world, "nonmember_staff")  # shared data: staff of any customer
    back = reverse("problems:ticket_list", kwargs={"code": world.foreign.code})
    response = client.post(
        reverse("problems:mapping_save"),
        {
            "name": "Helpdesk X",
            "columns": "Ref = number\nHeadline = title\nPrio = severity\nState = status\n"
            "Logged = opened",
            "next": back,
        },
        follow=True,
    )
    assert "Column mapping saved." in _messages(response)
    assert response.redirect_chain[-1][0] == back
    assert ColumnMapping.objects.get(name="Helpdesk X").columns["Prio"] == "severity"
    csv = "Ref,Headline,Prio,State,Logged\nHX-7,Link down,major,open,2026-03-04 08:00\n"
    staff = client_for(world, "member_staff")
    url = reverse("problems:ticket_import", kwargs={"code": world.own.code})
    response = staff.post(
        url, {"file": _upload("helpdesk.csv", csv.encode()), "mapping": "Helpdesk X"}, follow=True
    )
    assert any(m.startswith("Imported: 1 new") for m in _messages(response)), _messages(response)
    assert Ticket.objects.get(customer=world.own, number="HX-7").severity == "major"
    bad = client.post(
        reverse("problems:mapping_save"),
        {"name": "Broken", "columns": "Ref = no_such_field", "next": back},
        follow=True,
    )
    assert any("no_such_field" in m for m in _messages(bad))


def test_the_analysis_form_links_the_customers_own_work(world: World) -> None:
    client = client_for(world, "member_staff")
    ticket = world.obj("ticket", "own")
    finding, step = world.obj("finding", "own"), world.obj("hardening_step", "own")
    url = reverse("problems:ticket_detail", kwargs={"pk": ticket.pk})
    form = _section(client.get(url), "analysis")
    assert f'value="{finding.pk}"' in form and f'value="{step.pk}"' in form
    foreign = world.obj("finding", "foreign")
    assert world.obj("device", "foreign").hostname not in form
    response = client.post(
        reverse("problems:ticket_analysis", kwargs={"pk": ticket.pk}),
        {
            "root_cause": "configuration",
            "root_cause_text": "The hello timer differed on one link.",
            "advice": "Align the OSPF timers in the standard.",
            "finding": finding.pk,
            "hardening_step": step.pk,
            "advisory": world.obj("advisory", "own").pk,
        },
        follow=True,
    )
    assert "Analysis saved." in _messages(response)
    ticket.refresh_from_db()
    assert (ticket.root_cause, ticket.finding, ticket.hardening_step) == (
        "configuration",
        finding,
        step,
    )
    assert ticket.advisory == world.obj("advisory", "own")
    links = _section(response, "analysis")
    assert reverse("inspection:plan_detail", kwargs={"pk": step.plan_id}) in links
    assert reverse("lifecycle:advisory_detail", kwargs={"pk": ticket.advisory_id}) in links
    # Another customer's finding is no choice; a cause without an analysis is refused.
    response = client.post(
        reverse("problems:ticket_analysis", kwargs={"pk": ticket.pk}),
        {"root_cause": "software", "root_cause_text": "x", "finding": foreign.pk},
        follow=True,
    )
    assert any(m.startswith("Finding:") for m in _messages(response)), _messages(response)
    response = client.post(
        reverse("problems:ticket_analysis", kwargs={"pk": ticket.pk}),
        {"root_cause": "software", "root_cause_text": "  "},
        follow=True,
    )
    assert any("analysis" in m for m in _messages(response)), _messages(response)
    ticket.refresh_from_db()
    assert ticket.root_cause == "configuration"


def test_importance_asked_by_the_customer_then_decided_and_escalated_by_the_ram(
    world: World,
) -> None:
    from netcare.notifications.models import Notification

    ticket = Ticket.objects.create(
        customer=world.own,
        number="SR-2026-0303",
        title="Slow DHCP",
        severity="minor",
        status="open",
        opened=timezone.now() - dt.timedelta(days=1),
    )
    customer = client_for(world, "customer_viewer")
    detail = reverse("problems:ticket_detail", kwargs={"pk": ticket.pk})
    listed = customer.get(reverse("problems:ticket_list", kwargs={"code": world.own.code}))
    ask = reverse("problems:ticket_request_importance", kwargs={"pk": ticket.pk})
    assert ask in listed.content.decode()
    response = customer.post(ask, follow=True)
    assert "Your request was sent to your L2 expert." in _messages(response)
    ticket.refresh_from_db()
    assert ticket.importance_requested and not ticket.important
    ram = world.users["member_staff"]
    assert Notification.objects.filter(recipient=ram, kind="importance_requested").exists()
    # Staff do not ask in the customer's place.
    staff = client_for(world, "member_staff")
    assert staff.post(ask).status_code == 403
    # Escalating before the ticket is important is refused with a message.
    escalate = reverse("problems:ticket_escalate", kwargs={"pk": ticket.pk})
    response = staff.post(escalate, {"resources": "R&D"}, follow=True)
    assert any("important" in m for m in _messages(response))
    assert "customer asks" in _section(staff.get(detail), "ticket")
    response = staff.post(
        reverse("problems:ticket_important", kwargs={"pk": ticket.pk}),
        {"important": "on"},
        follow=True,
    )
    assert any(m.startswith("Marked important") for m in _messages(response))
    response = staff.post(escalate, {"resources": "DHCP product support expert"}, follow=True)
    assert "Escalation recorded." in _messages(response)
    assert "DHCP product support expert" in _section(response, "importance")
    assert Escalation.objects.get(ticket=ticket).created_by == ram
    response = staff.post(
        reverse("problems:ticket_important", kwargs={"pk": ticket.pk}), follow=True
    )
    assert "No longer important." in _messages(response)
    ticket.refresh_from_db()
    assert not ticket.important


def test_the_review_is_gated_until_root_causes_exist_then_published(world: World) -> None:
    client = client_for(world, "member_staff")
    _import(client, world, "tickets.json")
    response = client.post(
        reverse("problems:review_open", kwargs={"code": world.own.code}),
        {"quarter": "2026Q2"},
        follow=True,
    )
    review = ProblemReview.objects.get(customer=world.own, quarter="2026Q2")
    assert response.redirect_chain[-1][0] == reverse(
        "problems:review_detail", kwargs={"pk": review.pk}
    )
    gate = _section(response, "gate")
    assert "J-2" in gate and "J-1" not in gate
    scope = _section(response, "scope")
    assert all(n in scope for n in ("J-1", "J-2", "3"))
    assert "Hardware fault" in _section(response, "stats")
    publish = reverse("problems:review_publish", kwargs={"pk": review.pk})
    response = client.post(publish, follow=True)
    assert any("J-2" in m for m in _messages(response)), _messages(response)
    review.refresh_from_db()
    assert review.state == "draft" and review.deliverable is None
    j2 = Ticket.objects.get(customer=world.own, number="J-2")
    client.post(
        reverse("problems:ticket_analysis", kwargs={"pk": j2.pk}),
        {"root_cause": "configuration", "root_cause_text": "PoE priority left at default."},
    )
    response = client.post(publish, follow=True)
    assert "Problem-management report published." in _messages(response)
    review.refresh_from_db()
    assert review.state == "published" and review.deliverable is not None
    assert review.deliverable.state == "published"
    files = {(f.format, f.language) for f in review.deliverable.files.all()}
    assert {("docx", "zh"), ("pdf", "en"), ("xlsx", "zh")} <= files
    # The customer now sees it.
    customer = client_for(world, "customer_admin")
    url = reverse("problems:review_detail", kwargs={"pk": review.pk})
    assert customer.get(url).status_code == 200


def test_a_scope_agreement_recorded_on_the_page_moves_the_period(world: World) -> None:
    client = client_for(world, "member_staff")
    review = world.obj("problem_review", "own")
    url = reverse("problems:review_detail", kwargs={"pk": review.pk})
    form = _section(client.get(url), "agreements")
    engineer = world.obj("field_engineer", "own")
    assert f'value="{engineer.pk}"' in form
    assert f'value="{world.obj("field_engineer", "foreign").pk}"' not in form
    response = client.post(
        reverse("problems:review_agreement", kwargs={"pk": review.pk}),
        {
            "what": "Start the review on 20 December: the year-end change freeze.",
            "expert": world.users["member_staff"].pk,
            "field_engineer": engineer.pk,
            "customer_party": "Li Na",
            "agreed_on": "2026-01-06",
            "first_day": "2025-12-20",
        },
        follow=True,
    )
    assert "Agreement recorded." in _messages(response)
    review.refresh_from_db()
    assert timezone.localtime(review.period_start).date() == dt.date(2025, 12, 20)
    assert "year-end change freeze" in _section(response, "agreements")
    # The customer admin cannot stand in for the field engineer.
    response = client.post(
        reverse("problems:review_agreement", kwargs={"pk": review.pk}),
        {
            "what": "x",
            "expert": world.users["member_staff"].pk,
            "field_engineer": world.users["customer_admin"].pk,
            "customer_party": "Li Na",
            "agreed_on": "2026-01-06",
        },
        follow=True,
    )
    assert any(m.startswith("Field engineer:") for m in _messages(response)), _messages(response)


def test_a_daily_report_is_drafted_edited_and_sent(world: World) -> None:
    from netcare.problems.services import daily

    viewer = world.users["customer_viewer"]
    viewer.email = "viewer@eccb.example"
    viewer.save()
    ticket = world.obj("ticket", "own")
    day = dt.date(2026, 3, 10)  # a Tuesday, a working day in China
    ProgressEntry.objects.create(
        customer=world.own,
        ticket=ticket,
        at=timezone.make_aware(dt.datetime(2026, 3, 9, 16, 0)),
        author="Wang Lei",
        text="Replaced the optic on Ten-GigabitEthernet1/0/1.",
        digest="optic",
    )
    drafted = [r for r in daily.draft_daily_reports(on=day) if r.customer_id == world.own.pk]
    assert [r.ticket for r in drafted] == [ticket]
    report = drafted[0]
    client = client_for(world, "member_staff")
    listed = client.get(reverse("problems:daily_list", kwargs={"code": world.own.code}))
    detail = reverse("problems:daily_detail", kwargs={"pk": report.pk})
    assert detail in _section(listed, "missed")  # an earlier day, still unsent
    page = client.get(detail)
    assert "Replaced the optic" in _section(page, "since")
    response = client.post(
        reverse("problems:daily_send", kwargs={"pk": report.pk}),
        {
            "impact": "Branch traffic drops for seconds.",
            "current_status": "No flap since the optic was replaced.",
            "next_steps": "Watch for 24 hours.\nClose with the customer.",
            "expected": "2026-03-11",
            "resources": "product support expert (routing)",
            "contact": "Wang Lei, 138 0000 0000",
        },
        follow=True,
    )
    assert "Daily progress report sent." in _messages(response)
    report.refresh_from_db()
    assert report.state == "sent" and report.next_steps.startswith("Watch for 24 hours")
    assert report.deliverable is not None and report.deliverable.state == "published"
    assert any("viewer@eccb.example" in m.to for m in mail.outbox), "the customer is e-mailed"
    # Sending twice is refused; the customer sees the sent report.
    response = client.post(reverse("problems:daily_send", kwargs={"pk": report.pk}), follow=True)
    assert any("already sent" in m for m in _messages(response))
    customer = client_for(world, "customer_viewer")
    assert "No flap since the optic" in customer.get(detail).content.decode()


def test_todays_drafts_are_the_work_list(world: World) -> None:
    ticket = world.obj("ticket", "own")
    today = DailyReport.objects.create(
        customer=world.own, ticket=ticket, day=timezone.localdate(), current_status="drafted"
    )
    client = client_for(world, "member_staff")
    response = client.get(reverse("problems:daily_list", kwargs={"code": world.own.code}))
    url = reverse("problems:daily_detail", kwargs={"pk": today.pk})
    assert url in _section(response, "drafts") and url not in _section(response, "missed")
    draft = world.obj("daily_draft", "own")
    missed = reverse("problems:daily_detail", kwargs={"pk": draft.pk})
    assert missed in _section(response, "missed")
    foreign = world.obj("daily_draft", "foreign")
    assert (
        reverse("problems:daily_detail", kwargs={"pk": foreign.pk}) not in response.content.decode()
    )


def test_ticket_filters(world: World) -> None:
    client = client_for(world, "member_staff")
    _import(client, world, "zh_gb18030.csv")
    _import(client, world, "tickets.json")
    url = reverse("problems:ticket_list", kwargs={"code": world.own.code})

    def listed(query: str) -> set[str]:
        body = _section(client.get(f"{url}?{query}"), "tickets")
        numbers = ("T-001", "T-002", "T-003", "T-004", "T-005", "J-1", "J-2", NUMBERS["own"])
        return {n for n in numbers if f">{n}</a>" in body}

    assert listed("quarter=2026Q2") == {"J-1", "J-2"}
    assert listed("quarter=2026Q1") == {NUMBERS["own"]}
    assert listed("important=yes") == {NUMBERS["own"]}
    assert listed("root_cause=hardware") == {"T-001", "J-1"}
    assert listed("status=waiting") == {"T-004"}
    assert listed("severity=critical&quarter=2026Q3") == {"T-002"}
    assert "T-003" in listed("root_cause=none") and "T-001" not in listed("root_cause=none")
    assert listed("q=BGP") == {"T-002"}
    assert len(listed("quarter=nonsense")) == 8


def test_list_pages_cost_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world, "member_staff")
    code = world.own.code
    urls = [
        reverse("problems:ticket_list", kwargs={"code": code}),
        reverse("problems:review_list", kwargs={"code": code}),
        reverse("problems:daily_list", kwargs={"code": code}),
    ]
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        before[url] = len(captured)
    ticket = world.obj("ticket", "own")
    review = world.obj("problem_review", "own")
    for n in range(30):
        Ticket.objects.create(
            customer=world.own,
            number=f"BULK-{n:03d}",
            title=f"Bulk {n}",
            severity="minor",
            status="open",
            opened=review.period_start + dt.timedelta(hours=n),
            important=True,
        )
        DailyReport.objects.create(
            customer=world.own,
            ticket=ticket,
            day=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            state="sent" if n % 2 else "draft",
        )
    for n in range(4):
        ProblemReview.objects.create(
            customer=world.own,
            quarter=f"2024Q{n + 1}",
            period_start=review.period_start - dt.timedelta(days=800 - 91 * n),
            period_end=review.period_start - dt.timedelta(days=709 - 91 * n),
        )
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            assert client.get(url).status_code == 200


def test_the_customer_bar_has_a_problems_tab(world: World) -> None:
    url = reverse("web:customer_detail", kwargs={"code": world.own.code})
    tickets = reverse("problems:ticket_list", kwargs={"code": world.own.code})
    for role in ("member_staff", "customer_admin"):
        client = client_for(world, role, "zh-hans")
        client.get(url)  # opening the customer makes it the current one of the bar
        body = client.get(url).content.decode()
        assert tickets in body and "问题管理" in body, role


def test_the_ticket_list_draws_tickets_per_quarter(world: World) -> None:
    client = Client()
    client.force_login(world.users["customer_admin"])
    page = client.get(reverse("problems:ticket_list", kwargs={"code": world.own.code}))
    chart = page.content.decode().split('id="by-quarter"')[1].split("</section>")[0]
    assert "<svg" in chart and "2026Q1" in chart
    own = Ticket.objects.filter(customer=world.own).count()
    assert f"共受理 {own} 张问题单" in chart
