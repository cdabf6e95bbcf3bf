"""The service entitlement statement, rendered, published and read back in zh and en."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from netcare.contracts.reports import build_entitlement_statement
from netcare.delivery import services
from netcare.delivery.services.rendering import render_into
from tests.conftest import Shared, World


@pytest.fixture
def world(shared_world: World) -> World:
    """One world for the module, as built (each test's writes are undone)."""
    return shared_world


@pytest.fixture(scope="module")
def rendered(module_world: Shared, django_db_blocker: Any) -> dict[tuple[str, str], Path]:
    """The statement rendered and published once for the module (every test reads it)."""
    world = module_world.reset()
    contract = world.obj("contract", "own")
    staff = world.users["member_staff"]
    with django_db_blocker.unblock():
        deliverable = services.do_create_deliverable(
            world.own,
            item="service_plan",
            title="服务权益说明",
            contract=contract,
            report_type="entitlement_statement",
            actor=staff,
        )
        documents = {
            lang: build_entitlement_statement(contract, language=lang, author=staff, reviewer=None)
            for lang in ("zh", "en")
        }
        files = render_into(deliverable, documents, basename="statement", actor=staff)
        services.do_publish(deliverable, actor=staff)
    return {(f.language, f.format): f.path for f in files}


@pytest.fixture
def published(rendered: dict[tuple[str, str], Path], world: World) -> dict[tuple[str, str], Path]:
    return dict(rendered)


def test_all_formats_in_both_languages(published: dict[tuple[str, str], Path]) -> None:
    assert set(published) == {
        (lang, fmt) for lang in ("zh", "en") for fmt in ("docx", "xlsx", "pdf")
    }
    assert all(path.is_file() and path.stat().st_size > 1000 for path in published.values())


def test_word_reads_back(published: dict[tuple[str, str], Path]) -> None:
    zh = WordDocument(str(published[("zh", "docx")]))
    text = "\n".join(p.text for p in zh.paragraphs)
    assert "服务权益说明" in text and "华东城市商业银行" in text
    assert any("现场支持人天台账" in p.text for p in zh.paragraphs)
    cells = {c.text for t in zh.tables for row in t.rows for c in row.cells}
    assert "现场技术支持" in cells and "T-ECCB-1" in cells
    en = WordDocument(str(published[("en", "docx")]))
    assert any("Service entitlement statement" in p.text for p in en.paragraphs)


def test_excel_reads_back(published: dict[tuple[str, str], Path]) -> None:
    book = openpyxl.load_workbook(published[("zh", "xlsx")])
    sheet = book["服务项目"]
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "序号")
    onsite = next(r for r in rows[header_at + 1 :] if r[1] == "现场技术支持")
    # Used and left are numbers: the world's day and the onsite world's visit day.
    assert onsite[5] == 2.0 and onsite[6] == 2.0
    assert len([r for r in rows[header_at + 1 :] if isinstance(r[0], int)]) == 17


def test_pdf_text_has_the_chinese(published: dict[tuple[str, str], Path]) -> None:
    zh_text = "".join(page.extract_text() for page in PdfReader(published[("zh", "pdf")]).pages)
    assert "服务权益说明" in zh_text and "现场技术支持" in zh_text and "如何申请服务" in zh_text
    en_text = "".join(page.extract_text() for page in PdfReader(published[("en", "pdf")]).pages)
    assert "How to request a service" in en_text and "Onsite support" in en_text
