"""The onsite pages: the customer reads used and remaining days and the warning when
less than one is left, and never another customer's page or visit (404); the RAM
dispatches, the engineer logs, an over-quota day is refused with the ledger's reason."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.onsite.models import Visit, VisitDay
from netcare.onsite.services import visits
from tests.onsite.conftest import Team


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_customer_reads_its_days_and_the_warning(team: Team) -> None:
    visit = team.dispatch()
    team.log(visit, 10, "16", "8")  # 3.0
    customer = _client(team.customer_admin)
    page = customer.get("/onsite/ECCB/").content.decode()
    assert 'id="quota-used">3.0<' in page and 'id="quota-left">1.0<' in page
    assert "quota-warning" not in page and "Dispatch a field engineer" not in page
    team.log(visit, 11, "2")  # 3.5
    page = customer.get("/onsite/ECCB/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="quota-left">0.5<' in page and 'id="quota-warning"' in page
    detail = customer.get(f"/onsite/visits/{visit.pk}/").content.decode()
    assert 'id="visit-days">3.5<' in detail and "Log a day" not in detail
    assert customer.get("/onsite/SNEN/").status_code == 404
    other = visits.do_dispatch(
        team.foreign,
        engineer=team.foreign_fe,
        planned_date=team.day(10),
        purpose="Their visit",
        actor=team.admin,
    )
    assert customer.get(f"/onsite/visits/{other.pk}/").status_code == 404
    assert customer.post(f"/onsite/visits/{visit.pk}/log/", {}).status_code == 404


def test_the_ram_dispatches_and_the_engineer_logs_on_the_pages(team: Team) -> None:
    ram = _client(team.ram)
    page = ram.get("/onsite/ECCB/").content.decode()
    assert "o.fe" in page and "o.foreign_fe" not in page  # only this customer's engineers
    sent = ram.post(
        "/onsite/ECCB/dispatch/",
        {
            "engineer": team.fe.pk,
            "planned_date": team.day(10).isoformat(),
            "purpose": "Swap the line card",
            "site": team.site.pk,
        },
    )
    visit = Visit.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/onsite/visits/{visit.pk}/"
    foreign = ram.post(
        "/onsite/ECCB/dispatch/",
        {"engineer": team.foreign_fe.pk, "planned_date": team.day(10).isoformat(), "purpose": "x"},
        follow=True,
    )
    assert Visit.objects.count() == 1 and '<li class="error">' in foreign.content.decode()
    engineer = _client(team.fe)
    for n in (10, 11):  # 16 hours a day: the whole quota in two days
        day = {"date": team.day(n).isoformat(), "hours_onsite": "12", "hours_travel": "4"}
        engineer.post(f"/onsite/visits/{visit.pk}/log/", day)
    assert sum(d.ledger_entry.amount for d in VisitDay.objects.all()) == 4
    more = {"date": team.day(12).isoformat(), "hours_onsite": "2", "hours_travel": "0"}
    refused = engineer.post(f"/onsite/visits/{visit.pk}/log/", more, follow=True)
    assert "over quota" in refused.content.decode() and VisitDay.objects.count() == 2
    assert engineer.post(f"/onsite/visits/{visit.pk}/approve/", {"note": "x"}).status_code == 403
    _client(team.admin).post(f"/onsite/visits/{visit.pk}/approve/", {"note": "outage"})
    engineer.post(f"/onsite/visits/{visit.pk}/log/", more)
    assert VisitDay.objects.count() == 3
    assert VisitDay.objects.get(date=team.day(12)).ledger_entry.approval_note == "outage"


def test_visits_are_on_the_customer_timeline(team: Team) -> None:
    visit = team.dispatch(title="IRF 扩容割接")
    page = _client(team.customer_admin).get("/delivery/ECCB/timeline/").content.decode()
    assert "IRF 扩容割接" in page and f"/onsite/visits/{visit.pk}/" in page
    other = _client(team.ram).get("/delivery/SNEN/timeline/")
    assert other.status_code == 404
