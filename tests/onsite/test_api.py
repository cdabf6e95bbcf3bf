"""The onsite API: the RAM dispatches and the engineer logs through it; a customer user
reads its own visits and quota and nothing of another customer's (404), and may not act
(403); another customer's field engineer cannot be dispatched."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from netcare.onsite.models import Visit
from tests.onsite.conftest import Team


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_dispatch_log_and_read_the_quota_through_the_api(team: Team) -> None:
    ram = _client(team.ram)
    body = {
        "customer": "ECCB",
        "engineer": "o.fe",
        "planned_date": team.day(10).isoformat(),
        "purpose": "Swap the line card",
        "site": team.site.pk,
    }
    created = _post(ram, "/api/onsite-visits/", body)
    assert created.status_code == 201, created.content
    visit = created.json()
    assert visit["state"] == "dispatched" and visit["site"] == "张江数据中心"
    assert visit["engineer"] == "o.fe" and visit["engineer_name"] == "王强"

    foreign = _post(ram, "/api/onsite-visits/", {**body, "engineer": "o.foreign_fe"})
    assert foreign.status_code == 400 and "no such user" in foreign.content.decode()
    admin = _post(_client(team.admin), "/api/onsite-visits/", {**body, "engineer": "o.foreign_fe"})
    assert admin.status_code == 400 and "not a field engineer of ECCB" in admin.content.decode()

    engineer = _client(team.fe)
    day = {"date": team.day(10).isoformat(), "hours_onsite": "6", "hours_travel": "2"}
    logged = _post(engineer, f"/api/onsite-visits/{visit['id']}/days/", day)
    assert logged.status_code == 201, logged.content
    assert logged.json()["person_days"] == "1.0"

    customer = _client(team.customer_admin)
    quota = customer.get(f"/api/onsite-quota/{team.own.pk}/").json()
    assert (quota["quota"], quota["used"], quota["left"], quota["low"]) == (
        "4.0",
        "1.0",
        "3.0",
        False,
    )
    assert quota["by_visit"] == [
        {"visit": visit["id"], "title": "Swap the line card", "person_days": "1.0", "hours": "8.0"}
    ]
    listed = customer.get("/api/onsite-quota/").json()["results"]
    assert [row["customer"] for row in listed] == ["ECCB"]
    assert customer.get(f"/api/onsite-quota/{team.foreign.pk}/").status_code == 404
    assert ram_listed(team) == ["ECCB"]
    refused = _post(customer, f"/api/onsite-visits/{visit['id']}/days/", day)
    assert refused.status_code == 403


def ram_listed(team: Team) -> list[str]:
    rows = _client(team.ram).get("/api/onsite-quota/?code=ECCB").json()["results"]
    return [row["customer"] for row in rows]


def test_a_customer_sees_only_its_own_visits(team: Team) -> None:
    from netcare.onsite.services import visits

    own = team.dispatch()
    other = visits.do_dispatch(
        team.foreign,
        engineer=team.foreign_fe,
        planned_date=team.day(10),
        purpose="Their visit",
        actor=team.admin,
    )
    customer = _client(team.customer_admin)
    ids = {row["id"] for row in customer.get("/api/onsite-visits/").json()["results"]}
    assert ids == {own.pk}
    assert customer.get(f"/api/onsite-visits/{other.pk}/").status_code == 404
    ram = _client(team.ram)
    for action in ("arrive", "cancel", "days", "approve-overrun", "publish"):
        answer = _post(ram, f"/api/onsite-visits/{other.pk}/{action}/", {"reason": "x"})
        assert answer.status_code == 404, action
    assert Visit.objects.get(pk=other.pk).state == Visit.State.DISPATCHED
