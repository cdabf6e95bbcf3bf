"""The onsite support record: published as a deliverable in zh and en (Word and PDF),
closing the request, read back with python-docx; refused before any day is logged or
from a visit not on site."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Word

from netcare.delivery.models import Deliverable, ServiceRequest
from netcare.delivery.services.requests import do_raise_request
from netcare.onsite import summary
from netcare.onsite.models import Visit
from netcare.onsite.reports import build_visit_record_document, write_visit_record
from netcare.onsite.services import records, visits
from tests.onsite.conftest import Team


def _text(path: Path) -> str:
    document = Word(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_record_is_published_in_both_languages_and_closes_the_request(team: Team) -> None:
    request = do_raise_request(
        team.own,
        kind="onsite_support",
        title="IRF 扩容割接现场支持",
        text="请派工程师到现场",
        actor=team.customer_admin,
    )
    visit = team.dispatch(request=request, site=team.site, title="IRF 扩容割接")
    team.log(visit, 10, "6", "2")
    team.log(visit, 11, "3", "1")
    with pytest.raises(PermissionDenied):
        records.do_publish_record(visit, actor=team.fe, work_done="done")
    deliverable = records.do_publish_record(
        visit,
        actor=team.ram,
        work_done="两台成员设备加入 IRF，业务验证通过。",
        follow_ups="一周内复查链路利用率\n更新拓扑图",
    )
    visit.refresh_from_db()
    request.refresh_from_db()
    assert visit.state == Visit.State.DONE and visit.deliverable == deliverable
    assert request.state == ServiceRequest.State.CLOSED
    assert deliverable.state == Deliverable.State.PUBLISHED
    assert deliverable.report_type == "onsite_record" and deliverable.item.code == "onsite_support"
    files = {(f.format, f.language): f for f in deliverable.files.all()}
    assert set(files) == {("docx", "zh"), ("docx", "en"), ("pdf", "zh"), ("pdf", "en")}
    zh = _text(settings.REPORTS_DIR / files[("docx", "zh")].file.name)
    for expected in (
        "华东城市商业银行",
        "现场技术支持记录",
        "支持事项与目的",
        "现场工时与人天",
        "王强",
        "张江数据中心",
        "IRF 扩容割接现场支持",
        "1.5 人天",
        "一周内复查链路利用率",
        "2.5 人天",  # left of the year's 4.0 after this visit's 1.5
    ):
        assert expected in zh, expected
    en = _text(settings.REPORTS_DIR / files[("docx", "en")].file.name)
    for expected in (
        "East China City Bank",
        "Onsite support record",
        "Visit and purpose",
        "Time on site and person-days",
        "This visit used 1.5 person-days in total.",
        "Used (this visit included)",
        "Method and data sources",
    ):
        assert expected in en, expected
    with pytest.raises(ValidationError) as again:
        records.do_publish_record(visit, actor=team.ram, work_done="x")
    assert "cannot move from 'done' to 'done'" in str(again.value)


def test_nothing_to_record_before_a_day_is_logged(team: Team) -> None:
    visit = team.dispatch()
    with pytest.raises(ValidationError) as dispatched:
        records.do_publish_record(visit, actor=team.ram, work_done="x")
    assert "allowed: cancelled, on_site" in str(dispatched.value)
    visits.do_arrive(visit, actor=team.fe)
    with pytest.raises(ValidationError) as empty:
        records.do_publish_record(visit, actor=team.ram, work_done="x")
    assert "no day logged" in str(empty.value)
    assert not Deliverable.objects.exists()


def test_the_record_with_an_approved_overrun_says_so(tmp_path: Path) -> None:
    record = summary.VisitRecord(
        number=7,
        customer_name="East China City Bank",
        title="Outage support",
        purpose="Restore the core",
        engineer="Wang Qiang",
        dispatched_by="Zhang Wei",
        site="",
        planned_date=dt.date(2026, 5, 1),
        request="",
        days=[
            summary.DayRow(dt.date(2026, 5, 1), Decimal(4), Decimal(0), Decimal(4), Decimal("0.5"))
        ],
        work_done="",
        follow_ups=[],
        quota=summary.QuotaRow(
            "T-1",
            1,
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            Decimal(4),
            Decimal("4.5"),
            Decimal("-0.5"),
            True,
        ),
        author="Zhang Wei",
        reviewer="Zhang Wei",
        issued=dt.date(2026, 5, 2),
        approval=("NetCare Admin", "outage at the bank"),
    )
    build_visit_record_document(record, "zh")  # both languages build
    path = write_visit_record(record, tmp_path / "record.docx", "en")
    text = _text(path)
    assert "approved by NetCare Admin (admin): outage at the bank" in text
    assert "Less than one person-day is left this year (-0.5)" in text
    assert "dispatched directly" in text and "Nothing is left open from this visit." in text
