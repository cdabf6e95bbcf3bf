"""The service plan document: generated from the confirmed plan in zh and en, read back
from Word; publishing it completes the open kickoff; customers see only the published
one of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netcare.care.models import PlanDocument
from netcare.care.services import documents
from netcare.delivery.models import Deliverable
from tests.care.conftest import Care


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _files(issued: PlanDocument) -> dict[tuple[str, str], Path]:
    return {(f.format, f.language): f.path for f in issued.deliverable.files.all()}


@pytest.fixture(autouse=True)
def _word_only(request: Any, monkeypatch: Any) -> None:
    """Word is what the tests read back; the full set (PDF is slow) is rendered once."""
    if "every_format" not in request.node.name:
        monkeypatch.setattr(documents, "FORMATS", ("docx",))


@pytest.fixture
def issued(care: Care) -> PlanDocument:
    return documents.do_generate_plan_document(care.plan, actor=care.asm)


def test_every_format_in_both_languages(care: Care, issued: PlanDocument) -> None:
    files = _files(issued)
    assert set(files) == {(fmt, lang) for fmt in ("docx", "xlsx", "pdf") for lang in ("zh", "en")}
    assert all(path.stat().st_size > 1000 for path in files.values())


def test_the_document_reads_back_in_chinese_and_english(care: Care, issued: PlanDocument) -> None:
    files = _files(issued)
    zh, en = _text(files[("docx", "zh")]), _text(files[("docx", "en")])
    for heading in (
        "服务目标",
        "服务项目选择及原因",
        "服务日历（按季度）",
        "负责人",
        "里程碑",
        "沟通计划",
    ):
        assert heading in zh, heading
    for heading in (
        "Objectives agreed at kickoff",
        "Items chosen and why",
        "Calendar of obligations by quarter",
        "Owners",
        "Milestones",
        "Communication plan",
    ):
        assert heading in en, heading
    assert "核心网络全年稳定运行" in zh and "keep the core network stable" in en
    assert "2026Q1" in zh and "2027Q4" in en
    assert "服务启动会" in zh and "Kickoff" in en and "Mid-term review" in en
    assert "李娜" in zh and "张伟" in en  # the ASM and the RAM by name
    assert "陈立" in zh and "WeChat" in en  # contacts with their preferred channel
    assert "升级路径" in zh and "Escalation path" in en
    holiday = care.plan.obligations.filter(kind="holiday_care").order_by("due").first()
    assert holiday.title_zh in zh and holiday.title_en in en


def test_publishing_completes_the_open_kickoff(care: Care, issued: PlanDocument) -> None:
    kickoff = documents.kickoff_of(care.plan)
    assert kickoff is not None and kickoff.state == "open"
    assert issued.deliverable.obligation_id == kickoff.pk
    documents.do_publish_plan_document(issued, actor=care.asm)
    kickoff.refresh_from_db()
    assert kickoff.state == "done" and kickoff.completed_by_id == issued.deliverable_id
    # A revised plan gets a new issue; the kickoff is done, so it stands on the plan alone.
    again = documents.do_generate_plan_document(care.plan, actor=care.ram)
    assert again.version == 2 and again.deliverable.obligation_id is None
    assert again.deliverable.contract_id == care.contract.pk


def test_generating_again_re_renders_the_draft(care: Care, issued: PlanDocument) -> None:
    again = documents.do_generate_plan_document(care.plan, actor=care.asm)
    assert again.pk == issued.pk and again.version == 1
    assert again.deliverable.files.count() == 2


def test_only_a_confirmed_plan_by_its_leads(care: Care) -> None:
    with pytest.raises(PermissionDenied):
        documents.do_generate_plan_document(care.plan, actor=care.customer_admin)
    care.plan.state = "sent"
    care.plan.save(update_fields=["state"])
    with pytest.raises(ValidationError, match="not confirmed"):
        documents.do_generate_plan_document(care.plan, actor=care.asm)


def test_customers_see_only_their_published_document(care: Care, issued: PlanDocument) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(care.customer_admin)
    url = reverse("api:plan-document-list")
    assert client.get(url).json()["results"] == []
    page = client.get(reverse("care:plan_document", kwargs={"code": care.customer.code}))
    assert page.status_code == 200 and "docx·zh" not in page.content.decode()
    documents.do_publish_plan_document(issued, actor=care.asm)
    rows = client.get(url).json()["results"]
    assert [r["id"] for r in rows] == [issued.pk]
    assert rows[0]["deliverable_state"] == Deliverable.State.PUBLISHED
    page = client.get(reverse("care:plan_document", kwargs={"code": care.customer.code}))
    assert "docx·zh" in page.content.decode()
    # Nothing of care's working material reaches the customer.
    for name in ("care:agenda", "care:message_list"):
        assert client.get(reverse(name, kwargs={"code": care.customer.code})).status_code == 404
    assert client.get(reverse("api:care-touch-list")).json()["results"] == []
    assert client.get(reverse("api:care-message-list")).json()["results"] == []


def test_the_api_generates_and_publishes(care: Care, client: Any) -> None:
    from django.urls import reverse

    client.force_login(care.ram)
    made = client.post(
        reverse("api:plan-document-list"), {"customer": care.customer.code}, format="json"
    )
    assert made.status_code == 201, made.content
    published = client.post(reverse("api:plan-document-publish", kwargs={"pk": made.json()["id"]}))
    assert published.status_code == 200
    assert Deliverable.objects.get(pk=published.json()["deliverable"]).state == "published"
