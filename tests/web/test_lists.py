"""Consistent list pages (``web.lists``): filters narrow, headers sort, page links keep
the filters, ``?format=xlsx`` exports exactly the filtered rows with headers in the
viewer's language, another customer's rows never appear, and values the list does not
know are ignored and named, never an error. Real database, the shared test world."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from netcare.contracts.models import ServiceItem
from netcare.delivery.models import Deliverable
from netcare.inspection.models import Finding
from netcare.inventory.models import Device, Platform
from netcare.problems.models import Ticket
from tests.conftest import World

DEVICES = "/inventory/ECCB/devices/"


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def client_for(world: World, role: str, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies["django_language"] = language
    return client


def add_devices(world: World, count: int, *, role: str = "access", prefix: str = "ACC") -> None:
    """``count`` more devices of the own customer, hostnames ``<prefix>-000`` upwards."""
    platform = Platform.objects.get(slug="huawei_vrp")
    Device.objects.bulk_create(
        Device(
            customer=world.own,
            hostname=f"{prefix}-{n:03d}",
            management_address=f"10.20.{n // 250}.{n % 250 + 1}",
            platform=platform,
            role=role,
            model="S5735-L48T4X",
        )
        for n in range(count)
    )


def hostnames(html: str) -> list[str]:
    """The device rows' hostnames, in page order."""
    return re.findall(r'<a href="/inventory/devices/\d+/">([^<]+)</a>', html)


def sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    active = book.active
    assert active is not None
    return [tuple(row) for row in active.iter_rows(values_only=True)]


def test_filter_narrows_and_sort_orders(world: World) -> None:
    add_devices(world, 5)
    add_devices(world, 3, role="wan", prefix="WAN")
    client = client_for(world, "customer_viewer")

    assert set(hostnames(client.get(f"{DEVICES}?role=wan").content.decode())) == {
        "WAN-000",
        "WAN-001",
        "WAN-002",
    }
    ascending = hostnames(client.get(f"{DEVICES}?role=access").content.decode())
    assert ascending == [f"ACC-{n:03d}" for n in range(5)]
    page = client.get(f"{DEVICES}?role=access&sort=-hostname").content.decode()
    assert hostnames(page) == list(reversed(ascending))
    # The sorted header says so, and its link turns the order round, keeping the filter.
    assert 'aria-sort="descending"' in page
    assert 'href="?role=access&amp;sort=hostname"' in page


def test_pagination_keeps_filters_and_sort(world: World) -> None:
    add_devices(world, 60)
    add_devices(world, 2, role="wan", prefix="WAN")
    client = client_for(world, "customer_viewer")
    first = client.get(f"{DEVICES}?role=access&sort=-hostname").content.decode()
    assert len(hostnames(first)) == 50
    assert hostnames(first)[0] == "ACC-059"
    assert 'href="?role=access&amp;sort=-hostname&amp;page=2"' in first
    second = client.get(f"{DEVICES}?role=access&sort=-hostname&page=2").content.decode()
    assert hostnames(second) == [f"ACC-{n:03d}" for n in range(9, -1, -1)]
    assert "WAN-000" not in first + second


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_export_holds_exactly_the_filtered_rows_in_the_viewers_language(
    world: World, language: str
) -> None:
    add_devices(world, 55)
    add_devices(world, 4, role="wan", prefix="WAN")
    client = client_for(world, "customer_viewer", language)
    response = client.get(f"{DEVICES}?role=access&sort=-hostname&format=xlsx")
    rows = sheet(response)
    with translation.override(language):
        expected = [gettext(w) for w in ("Hostname", "Management address", "Platform")]
        role_label = gettext("access")
    if language == "zh-hans":
        assert expected[0] != "Hostname"  # the header really is translated
    assert list(rows[0][:3]) == expected
    body = rows[1:]
    assert len(body) == 55  # the whole filtered list, not the first page of 50
    assert [r[0] for r in body] == [f"ACC-{n:03d}" for n in range(54, -1, -1)]
    assert {r[rows[0].index(gettext_in(language, "Role"))] for r in body} == {role_label}
    disposition = response["Content-Disposition"]
    assert "attachment" in disposition and "ECCB-devices-" in disposition
    assert disposition.rstrip('"').endswith(".xlsx")


def gettext_in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_another_customers_rows_never_appear(world: World) -> None:
    add_devices(world, 3)
    foreign = world.obj("device", "foreign")
    foreign_site = world.obj("site", "foreign")
    client = client_for(world, "customer_admin")
    page = client.get(DEVICES).content.decode()
    rows = sheet(client.get(f"{DEVICES}?format=xlsx"))
    assert foreign.hostname not in page
    assert foreign.hostname not in {r[0] for r in rows}
    assert len(rows) - 1 == Device.objects.filter(customer=world.own).count()
    # The site filter offers only the customer's own sites; a foreign site's id filters
    # nothing and is named as not understood.
    assert f'value="{foreign_site.pk}"' not in page
    narrowed = client.get(f"{DEVICES}?site={foreign_site.pk}&format=xlsx")
    assert len(sheet(narrowed)) == len(rows)
    shown = client.get(f"{DEVICES}?site={foreign_site.pk}").content.decode()
    assert 'id="devices-ignored"' in shown
    # The other customer's list and its export answer 404.
    assert client.get("/inventory/SNEN/devices/").status_code == 404
    assert client.get("/inventory/SNEN/devices/?format=xlsx").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "sort=password",
        "sort=-credential__name",
        "sort=",
        "page=abc",
        "page=99999",
        "role=nonsense",
        "platform=%00",
        "q=" + "x" * 5000,
        "site=1%20OR%201=1",
        "sort=hostname;drop&format=xlsx",
        "format=pdf",
    ],
)
def test_bad_values_never_fail(world: World, query: str) -> None:
    response = client_for(world, "customer_viewer").get(f"{DEVICES}?{query}")
    assert response.status_code == 200
    if query.startswith("sort=") and query != "sort=":
        if "format=xlsx" in query:
            assert len(sheet(response)) == 1 + Device.objects.filter(customer=world.own).count()
        else:
            assert 'id="devices-ignored"' in response.content.decode()


def test_empty_states_say_what_to_do(world: World) -> None:
    staff = client_for(world, "member_staff", "en")
    Device.objects.filter(customer=world.own).delete()
    empty = staff.get(DEVICES).content.decode()
    assert "No devices recorded yet" in empty
    assert 'href="/inventory/ECCB/import/"' in empty
    add_devices(world, 2)
    nothing = staff.get(f"{DEVICES}?role=wan").content.decode()
    assert "No rows match these filters" in nothing
    assert re.search(r'id="devices-empty">[^<]*<a href="\?">clear filters</a>', nothing)


def _deliverables(world: World, count: int) -> None:
    """``count`` published documents and one draft of the own customer, one a day."""
    inspection = ServiceItem.objects.get(code="inspection")
    contract = world.obj("contract", "own")
    start = timezone.make_aware(dt.datetime(2026, 1, 1, 10))
    Deliverable.objects.bulk_create(
        Deliverable(
            customer=world.own,
            contract=contract,
            item=inspection,
            title_zh=f"巡检记录 {n:02d}",
            title_en=f"Inspection record {n:02d}",
            state=Deliverable.State.PUBLISHED,
            published_at=start + dt.timedelta(days=n),
        )
        for n in range(count)
    )
    Deliverable.objects.create(
        customer=world.own, contract=contract, item=inspection, title_zh="未发布草稿"
    )


def test_deliverables_page_pages_and_exports_only_what_the_customer_may_see(
    world: World,
) -> None:
    _deliverables(world, 55)
    client = client_for(world, "customer_viewer", "en")
    published = Deliverable.objects.filter(
        customer=world.own, item__code="inspection", state=Deliverable.State.PUBLISHED
    )
    assert published.count() > 55
    first = client.get("/delivery/ECCB/?item=inspection").content.decode()
    assert first.count("<tr><td>") == 50
    assert "Inspection record 54" in first  # newest first
    assert 'href="?item=inspection&amp;page=2"' in first
    second = client.get("/delivery/ECCB/?item=inspection&page=2").content.decode()
    assert second.count("<tr><td>") == published.count() - 50
    assert "Inspection record 00" in second and "Inspection record 54" not in second
    tab = client.get("/delivery/ECCB/?group=documents&item=inspection").content.decode()
    assert 'href="?group=documents&amp;item=inspection&amp;page=2"' in tab
    rows = sheet(client.get("/delivery/ECCB/?item=inspection&format=xlsx"))
    titles = [r[0] for r in rows[1:]]
    assert len(titles) == published.count()
    assert rows[0][0] == "Title"
    assert "未发布草稿" not in titles and "未发布草稿" not in first + second
    assert not any(t.startswith(world.foreign.code) for t in titles)
    # A period narrows the export as it narrows the page.
    january = sheet(client.get("/delivery/ECCB/?item=inspection&quarter=2026-Q1&format=xlsx"))
    expected = published.filter(published_at__lt=timezone.make_aware(dt.datetime(2026, 4, 1)))
    assert len(january) - 1 == expected.count() > 0
    # Staff see the draft.
    staff = sheet(client_for(world, "member_staff").get("/delivery/ECCB/?format=xlsx"))
    assert "未发布草稿" in [r[0] for r in staff[1:]]


def test_ticket_export_headers_in_chinese(world: World) -> None:
    rows = sheet(client_for(world, "customer_viewer").get("/problems/ECCB/tickets/?format=xlsx"))
    assert rows[0][0] == gettext_in("zh-hans", "Ticket number") != "Ticket number"
    own = set(Ticket.objects.filter(customer=world.own).values_list("number", flat=True))
    foreign = set(Ticket.objects.filter(customer=world.foreign).values_list("number", flat=True))
    assert own and foreign and not own & foreign
    assert {r[0] for r in rows[1:]} == own


def test_findings_export_follows_the_filters_and_the_tenant(world: World) -> None:
    run = world.obj("inspection_run", "own")
    client = client_for(world, "member_staff", "en")
    base = f"/inspection/runs/{run.pk}/"
    everything = sheet(client.get(f"{base}?format=xlsx"))
    assert len(everything) - 1 == Finding.objects.filter(run=run).count() > 0
    assert everything[0][:3] == ("Severity", "Device", "Rule")
    none = sheet(client.get(f"{base}?severity=info&format=xlsx"))
    assert len(none) - 1 == Finding.objects.filter(run=run, severity="info").count()
    foreign = world.obj("inspection_run", "foreign")
    assert client.get(f"/inspection/runs/{foreign.pk}/?format=xlsx").status_code == 404
    assert client_for(world, "customer_admin").get(f"{base}?format=xlsx").status_code == 404


def test_obligations_filter_by_customer_and_export_only_visible_ones(world: World) -> None:
    from netcare.delivery.models import Obligation

    staff = client_for(world, "admin", "en")
    everything = sheet(staff.get("/delivery/obligations/?scope=all&state=all&format=xlsx"))
    assert {r[1] for r in everything[1:]} == {"ECCB", "SNEN"}
    own = sheet(staff.get("/delivery/obligations/?scope=all&state=all&customer=ECCB&format=xlsx"))
    assert len(own) - 1 == Obligation.objects.filter(customer=world.own).count() > 0
    assert {r[1] for r in own[1:]} == {"ECCB"}
    # A customer user's list holds only its customer's, whatever the filter asks for.
    viewer = client_for(world, "customer_viewer", "en")
    asked = viewer.get("/delivery/obligations/?scope=all&state=all&customer=SNEN")
    assert asked.status_code == 200 and 'id="obligations-ignored"' in asked.content.decode()
    rows = sheet(viewer.get("/delivery/obligations/?scope=all&state=all&customer=SNEN&format=xlsx"))
    assert rows[1:] and {r[1] for r in rows[1:]} == {"ECCB"}
