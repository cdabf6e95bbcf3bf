"""The deliverables page: reports and documents apart from the contact and care
records, newest first, filtered by service item and by period (from/to or quarter),
state words that do not wrap."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from netcare.delivery import services
from netcare.delivery.models import Deliverable
from tests.conftest import World
from tests.delivery.world import proactive_record


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _document(world: World, item: str, zh: str, en: str, day: dt.date) -> Deliverable:
    staff = world.users["member_staff"]
    made = services.do_create_deliverable(
        world.own, item=item, title=zh, title_en=en, summary="见附件", actor=staff
    )
    return services.do_publish(made, actor=staff, at=_at(day))


def _setup(world: World) -> dict[str, Deliverable]:
    q1 = _document(
        world, "problem_management", "一季度问题回顾", "Q1 problem review", dt.date(2026, 2, 10)
    )
    q2 = _document(
        world, "inspection", "二季度巡检报告", "Q2 inspection report", dt.date(2026, 5, 20)
    )
    record = proactive_record(world, dt.date(2026, 3, 4), channel="phone", summary="季度电话回访。")
    return {"q1": q1, "q2": q2, "record": record, "latest": world.obj("deliverable", "own")}


def _page(world: World, query: str = "") -> str:
    client = Client()
    client.force_login(world.users["customer_viewer"])
    response = client.get(f"/delivery/ECCB/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str) -> str:
    found = re.search(r'<section class="card" id="deliverables-\w+">(.*?)</section>', html, re.S)
    assert found is not None
    return found.group(1)


def test_documents_and_records_apart_newest_first(world: World) -> None:
    made = _setup(world)
    page = _page(world)
    documents = _section(page)
    titles = [made["latest"].title_zh, "二季度巡检报告", "一季度问题回顾"]
    assert all(t in documents for t in titles)
    assert [documents.index(t) for t in titles] == sorted(documents.index(t) for t in titles)
    assert made["record"].title_zh not in documents
    assert "(3)" in page and "(1)" in page  # documents 3, records 1 (drafts hidden)

    records = _section(_page(world, "?group=records"))
    assert made["record"].title_zh in records and "巡检报告" not in records


def test_filters_by_item_and_period(world: World) -> None:
    _setup(world)
    by_item = _section(_page(world, "?item=inspection"))
    assert "二季度巡检报告" in by_item and "一季度问题回顾" not in by_item
    by_dates = _section(_page(world, "?start=2026-02-01&end=2026-02-28"))
    assert "一季度问题回顾" in by_dates
    assert "二季度巡检报告" not in by_dates and "ECCB 巡检报告" not in by_dates
    by_quarter = _page(world, "?quarter=2026-Q2")
    assert "二季度巡检报告" in _section(by_quarter) and "一季度问题回顾" not in _section(by_quarter)
    assert 'value="2026-Q1"' in by_quarter  # the quarters offered are those with deliveries
    records = _section(_page(world, "?group=records&quarter=2026-Q1"))
    assert "主动联系记录" in records
    assert "主动联系记录" not in _section(_page(world, "?group=records&quarter=2026-Q2"))
    # The group tabs keep the filters.
    assert "group=records&amp;quarter=2026-Q2" in by_quarter


def test_state_words_do_not_wrap(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    html = client.get("/delivery/ECCB/").content.decode()
    assert re.search(r'<span class="badge state-draft" style="white-space:nowrap">', html)
