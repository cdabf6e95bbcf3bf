"""The iCalendar feed, parsed back: RFC 5545 line folding at 75 octets with Chinese
titles, escaping, one VEVENT per obligation held; the secret address and its reset; the
month grid page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from netcare.delivery import ics
from netcare.delivery.services import calendars
from netcare.notifications.models import NotificationPreference
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def parse(text: str) -> list[dict[str, str]]:
    """Unfold (RFC 5545 §3.1) and read each VEVENT's properties (name;params → value)."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in lines:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and not line.startswith("END:"):
            events[-1][name] = value
    return events


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def test_feed_lists_the_obligations_a_person_holds(world: World) -> None:
    ram = world.users["member_staff"]
    feed = calendars.feed_for(ram)
    response = Client().get(f"/delivery/ics/{feed.token}.ics")
    assert response.status_code == 200
    events = parse(response.content.decode())
    held = calendars.feed_obligations(ram)
    assert len(events) == held.count() > 50
    assert len({e["UID"] for e in events}) == len(events)
    by_uid = {e["UID"]: e for e in events}
    first = world.obj("obligation", "own")
    event = by_uid[f"obligation-{first.pk}@netcare"]
    assert event["DTSTART;VALUE=DATE"] == first.due.strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == (first.due + dt.timedelta(days=1)).strftime("%Y%m%d")
    assert unescape(event["SUMMARY"]) == f"[ECCB] {first.title_zh}"
    assert "SNEN" not in response.content.decode()
    assert event["URL"].endswith(f"/delivery/obligations/{first.pk}/")
    # In English when the person reads English.
    NotificationPreference.objects.create(user=ram, language="en")
    english = parse(Client().get(f"/delivery/ics/{feed.token}.ics").content.decode())
    assert any(unescape(e["SUMMARY"]) == f"[ECCB] {first.title_en}" for e in english)


def test_reset_invalidates_the_old_address(world: World) -> None:
    ram = world.users["member_staff"]
    old = calendars.feed_for(ram).token
    client = Client()
    client.force_login(ram)
    page = client.get("/delivery/calendar/").content.decode()
    assert f"/delivery/ics/{old}.ics" in page
    assert client.post("/delivery/calendar/reset/").status_code == 302
    new = calendars.feed_for(ram).token
    assert new != old and len(new) >= 32
    assert Client().get(f"/delivery/ics/{old}.ics").status_code == 404
    assert Client().get(f"/delivery/ics/{new}.ics").status_code == 200


def test_month_page_shows_the_days_obligations(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    first = world.obj("obligation", "own")
    page = client.get(f"/delivery/calendar/?month={first.due:%Y-%m}").content.decode()
    assert f"/delivery/obligations/{first.pk}/" in page
    foreign = client.get(f"/delivery/calendar/?customer=SNEN&month={first.due:%Y-%m}")
    assert foreign.status_code == 404


def test_escaping_and_folding_of_a_long_chinese_summary() -> None:
    summary = "节日关怀：农历除夕、春节; 含逗号, 反斜杠\\ 与换行\n" * 4
    text = ics.calendar(
        [ics.Event("u1", dt.date(2027, 2, 2), summary)],
        name="测试",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    [event] = parse(text)
    assert unescape(event["SUMMARY"]) == summary
    assert event["DTSTAMP"] == "20260101T000000Z"


@given(st.text(min_size=1, max_size=400))
def test_fold_round_trip(line: str) -> None:
    line = line.replace("\r", "").replace("\n", "")
    folded = ics.fold("SUMMARY:" + line)
    physical = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in physical)
    assert physical[0] + "".join(p[1:] for p in physical[1:]) == "SUMMARY:" + line


def test_engagements_are_on_the_plan_calendar(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    code = world.own.code
    may = client.get(f"/delivery/calendar/?month=2026-05&customer={code}").content.decode()
    change = world.obj("change", "own")
    assert f"{code} {change.title}" in may  # the window 2026-05-09 22:00 – 05-10 02:00
    assert f"/assurance/changes/{change.pk}/" in may
    assert world.obj("change", "foreign").title not in may
    march = client.get(f"/delivery/calendar/?month=2026-03&customer={code}").content.decode()
    visit = world.obj("onsite_visit", "own")
    assert f"/onsite/visits/{visit.pk}/" in march
    december = client.get(f"/delivery/calendar/?month=2026-12&customer={code}").content.decode()
    period = world.obj("critical_period", "own")
    assert f"/assurance/periods/{period.pk}/" in december
