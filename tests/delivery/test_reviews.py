"""The mid-term review built from the record: facts counted right, rendered in zh and en
as Word, Excel and PDF and read back, published against the milestone it completes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone
from docx import Document as WordDocument
from pypdf import PdfReader

from netcare.delivery import services
from netcare.delivery.models import Deliverable, Obligation
from netcare.delivery.services import requests, reviews
from tests.conftest import World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


ON = dt.date(2026, 12, 31)


@pytest.fixture
def recorded(world: World) -> World:
    """The own plan a year in: one inspection on time, one problem review late, one
    waived, the rest of what fell due overdue; one request answered late."""
    plan, ram = world.obj("plan", "own"), world.users["member_staff"]
    first = plan.obligations.get(slot="inspection@2026-01-01")
    late = plan.obligations.get(slot="problem_management@2026-01-01")
    for obligation, when in ((first, first.due), (late, late.due + dt.timedelta(days=9))):
        record = services.do_create_deliverable(
            world.own,
            item=obligation.item,
            title=f"{obligation.title_en} record",
            kind=Deliverable.Kind.REPORT,
            summary="done",
            obligation=obligation,
            actor=ram,
        )
        services.do_publish(
            record, actor=ram, at=timezone.make_aware(dt.datetime.combine(when, dt.time(15)))
        )
    waived = plan.obligations.get(slot="problem_management@2026-04-01")
    services.do_waive_obligation(
        waived,
        reason="无报单 no tickets",
        actor=ram,
        at=timezone.make_aware(dt.datetime(2026, 6, 20)),
    )
    requests.do_respond_request(
        world.obj("service_request", "own"),
        response="late answer",
        actor=ram,
        at=world.obj("service_request", "own").first_response_due + dt.timedelta(hours=5),
    )
    return world


def test_facts(recorded: World) -> None:
    facts = reviews.review_facts(recorded.obj("plan", "own"), "mid_term", on=ON)
    due = Obligation.objects.filter(plan=recorded.obj("plan", "own"), due__lt=ON).count()
    assert facts.total.planned == due
    assert (facts.total.on_time, facts.total.late, facts.total.waived) == (1, 1, 1)
    assert facts.total.overdue == due - 3
    assert facts.by_item["problem_management"].late == 1
    assert facts.months[0] == "2026-01" and facts.months[-1] == "2026-12"
    assert facts.planned_remaining[-1] < facts.actual_remaining[-1]
    # Of the questions (other apps' worlds raise changes and critical periods too), the one
    # answered after its deadline.
    late = [r.title for r in facts.requests_late if r.kind == "technical_question"]
    assert late == ["ECCB OSPF question"]
    assert all(o.due >= ON for o in facts.upcoming) and facts.upcoming


def test_generate_read_back_and_publish(recorded: World, tmp_path: Path) -> None:
    plan, ram = recorded.obj("plan", "own"), recorded.users["member_staff"]
    with pytest.raises(Exception, match="manage_plan"):
        reviews.do_generate_review(plan, "mid_term", actor=recorded.users["customer_admin"])
    review = reviews.do_generate_review(
        plan, "mid_term", actor=ram, remarks="上半期总体按计划推进。", on=ON
    )
    files = {(f.language, f.format): f.path for f in review.files.all()}
    assert set(files) == {(lang, fmt) for lang in ("zh", "en") for fmt in ("docx", "xlsx", "pdf")}
    zh = WordDocument(str(files[("zh", "docx")]))
    text = "\n".join(p.text for p in zh.paragraphs)
    for heading in (
        "计划与交付",
        "交付成果",
        "配额使用",
        "问题与改进",
        "下阶段计划",
        "服务计划燃尽图",
    ):
        assert heading in text, heading
    assert "上半期总体按计划推进。" in text and "按时完成 1 项，延期完成 1 项，豁免 1 项" in text
    cells = {c.text for t in zh.tables for row in t.rows for c in row.cells}
    assert "无报单 no tickets" in cells and "超时" in cells
    en = WordDocument(str(files[("en", "docx")]))
    assert any("Delivered versus planned" in p.text for p in en.paragraphs)
    book = openpyxl.load_workbook(files[("en", "xlsx")])
    rows = list(book["Delivery"].iter_rows(values_only=True))
    total = next(r for r in rows if r and r[0] == "Total")
    assert total[2:5] == (1, 1, 1)
    pdf = "".join(page.extract_text() for page in PdfReader(str(files[("zh", "pdf")])).pages)
    assert "阶段性回顾报告" in pdf and "华东城市商业银行" in pdf

    milestone = plan.obligations.get(kind="mid_term")
    assert review.obligation == milestone and review.state == "draft"
    # The leads upload their edited Word master, then publish.
    client = Client()
    client.force_login(ram)
    edited = tmp_path / "edited.docx"
    zh.add_paragraph("专家补充意见")
    zh.save(str(edited))
    with edited.open("rb") as handle:
        client.post(
            "/delivery/ECCB/reviews/mid_term/",
            {"action": "upload", "language": "zh", "file": handle},
        )
    master = review.files.get(format="docx", language="zh")
    assert "专家补充意见" in "\n".join(p.text for p in WordDocument(str(master.path)).paragraphs)
    assert client.post("/delivery/ECCB/reviews/mid_term/", {"action": "publish"}).status_code == 302
    milestone.refresh_from_db()
    review.refresh_from_db()
    assert review.state == "published" and milestone.state == "done"
    assert milestone.completed_by == review
    viewer = Client()
    viewer.force_login(recorded.users["customer_viewer"])
    listed = viewer.get("/api/deliverables/?report_type=mid_term_review").json()["results"]
    assert [d["id"] for d in listed] == [review.pk]


def test_review_page_runs_the_render_as_a_job(world: World) -> None:
    client = Client()
    client.force_login(world.users["member_staff"])
    page = client.get("/delivery/ECCB/reviews/final/")
    assert page.status_code == 200 and "服务总结" in page.content.decode()
    from netcare.core.models import Job

    answer = client.post("/delivery/ECCB/reviews/final/", {"action": "generate", "remarks": "ok"})
    job = Job.objects.get(kind="review")
    assert answer["Location"] == f"/jobs/{job.pk}/" and job.customer == world.own
