"""The satisfaction-results report and workbook, read back in zh and en; the satisfaction
section it gives the mid-term review; the report published to the customer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from tests.conftest import World

from netcare.delivery.models import Deliverable
from netcare.delivery.reports import build_review
from netcare.delivery.services import reviews
from netcare.satisfaction.reports import build_results_document, review_section, write_results
from netcare.satisfaction.services import figures, publishing, surveys, visits


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


@pytest.fixture
def measured(asked: World, django_capture_on_commit_callbacks: Any) -> World:
    """The own customer's survey answered by both contacts, and a visit recorded; the
    world's own survey (one link answer: inspection 5, NPS 9) counts too."""
    staff = asked.users["member_staff"]
    with django_capture_on_commit_callbacks(execute=True):
        _survey, links = surveys.do_send_survey(asked.own, actor=staff)
    answers = [
        ({"inspection": 4, "problem_management": 2}, 6, "问题响应太慢"),
        ({"inspection": 3, "problem_management": 5}, 10, "Expert root-cause analysis"),
    ]
    for link, (scores, nps, comment) in zip(links, answers, strict=True):
        token = link.url.rstrip("/").rsplit("/", 1)[-1]
        surveys.do_answer_by_link(token, scores=scores, nps=nps, comment=comment)
    visits.do_record_visit(
        asked.own,
        actor=staff,
        stage="mid_term",
        visited_on=dt.date.today() - dt.timedelta(days=1),
        channel="phone",
        overall=4,
        others="Network team",
        feedback=[visits.ItemFeedback("inspection", 5, "thorough")],
        actions=[visits.Promise("Send the upgrade plan", staff, None)],
    )
    return asked


def test_figures_of_one_customer(measured: World) -> None:
    record = figures.gather([measured.own])
    f = record.figures
    # Invited: the world's 3 invitations and these 2; answered: 1 + 2.
    assert (f.invited, f.responded, f.rate) == (5, 3, 60.0)
    inspection = next(c for c in f.items if c.item == "inspection")
    # Scores 5 (world's answer), 4 (world's visit), 4, 3 (this survey), 5 (this visit):
    # 4 of 5 satisfied, mean 21/5.
    assert (inspection.answers, inspection.share, inspection.mean) == (5, 80.0, 4.2)
    # 9, 6, 10: two promoters, one detractor of three → +33.3.
    assert f.nps.score == 33.3
    assert {g.theme.key for g in f.themes} >= {"response", "expertise"}
    assert len(record.visits) == 2 and record.actions[0].text == "Send the upgrade plan"


def test_figures_across_customers_list_each(measured: World) -> None:
    record = figures.gather([measured.own, measured.foreign])
    assert [c.code for c in record.per_customer] == ["ECCB", "SNEN"]
    assert record.per_customer[1].figures.responded == 1
    assert record.figures.responded == 4


@pytest.mark.parametrize(
    ("language", "title", "nps"),
    [("zh", "满意度调查结果", "净推荐值"), ("en", "Satisfaction results", "Net promoter")],
)
def test_report_read_back(
    measured: World, tmp_path: Path, language: str, title: str, nps: str
) -> None:
    record = figures.gather([measured.own])
    docx = write_results(record, tmp_path / "r.docx", language, "docx")
    text = "\n".join(p.text for p in WordDocument(str(docx)).paragraphs)
    cells = "\n".join(
        c.text for t in WordDocument(str(docx)).tables for row in t.rows for c in row.cells
    )
    assert title in text and nps in text
    assert "80.0" in cells and "33.3" in cells and "Send the upgrade plan" in cells
    pdf = write_results(record, tmp_path / "r.pdf", language, "pdf")
    pages = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "NPS" in pages and "33.3" in pages
    xlsx = write_results(record, tmp_path / "r.xlsx", language, "xlsx")
    book = openpyxl.load_workbook(xlsx)
    sheet = book["CSAT"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    name = record.item_name("inspection", language)
    inspection = next(row for row in rows if row[0] == name)
    assert inspection[1:5] == [5, 4, 80.0, 4.2]


def test_nothing_measured_gives_no_review_section(world: World) -> None:
    contract = world.obj("contract", "own")
    assert review_section(contract, dt.date(2020, 1, 1), dt.date(2020, 12, 31), "zh") is None
    document = build_results_document(
        figures.gather([world.own], start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)), "en"
    )
    assert document.meta.report_title == "Satisfaction results"


def test_the_mid_term_review_shows_the_satisfaction_section(
    measured: World, tmp_path: Path
) -> None:
    plan = measured.obj("plan", "own")
    facts = reviews.review_facts(plan, "mid_term", on=dt.date.today())
    for language, title, empty in (
        ("zh", "客户满意度", "本期 NetCare 中尚无相关记录"),
        ("en", "Satisfaction", "Nothing recorded in NetCare"),
    ):
        document = build_review(facts, language=language, author=None, reviewer=None)
        section = next(s for s in document.sections if s.title == title)
        texts = [getattr(b, "text", "") for b in section.blocks]
        assert not any(empty in t for t in texts)
        pairs = dict(section.blocks[0].pairs)  # type: ignore[union-attr]
        assert pairs["NPS"] == 33.3
    deliverable = reviews.do_generate_review(plan, "mid_term", actor=measured.users["member_staff"])
    word = deliverable.files.get(format="docx", language="en")
    from django.conf import settings

    document = WordDocument(str(settings.REPORTS_DIR / word.file.name))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Overall CSAT (%)" in cells and "33.3" in cells


def test_publishing_the_results_report(measured: World) -> None:
    deliverable = publishing.do_publish_results(measured.own, actor=measured.users["member_staff"])
    assert deliverable.state == Deliverable.State.PUBLISHED
    assert deliverable.report_type == "satisfaction_results"
    assert sorted(deliverable.files.values_list("format", "language")) == [
        ("docx", "en"),
        ("docx", "zh"),
        ("pdf", "en"),
        ("pdf", "zh"),
        ("xlsx", "en"),
        ("xlsx", "zh"),
    ]
    again = publishing.do_publish_results(measured.own, actor=measured.users["member_staff"])
    assert again.pk == deliverable.pk and again.files.count() == 6
