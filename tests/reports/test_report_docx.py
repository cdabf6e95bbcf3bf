"""The Word master, read back with python-docx and its XML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from netcare.reports.engine import Document, Format, Meta, Paragraph, Section, render

from .conftest import ACTIVITY_ROWS

CJK = re.compile(r"[\u4e00-\u9fff]")


def _body_before_first_heading(path: Path) -> str:
    doc = open_docx(str(path))
    texts = []
    for paragraph in doc.paragraphs:
        if _style(paragraph).startswith("Heading"):
            break
        texts.append(paragraph.text)
    cover_table = doc.tables[0]
    texts.extend(cell.text for row in cover_table.rows for cell in row.cells)
    return "\n".join(texts)


def test_cover_carries_customer_title_period_version_people_and_confidentiality(
    zh_files: dict[Format, Path], zh_document: Document
) -> None:
    cover = _body_before_first_heading(zh_files["docx"])
    meta = zh_document.meta
    for text in (
        meta.customer,
        meta.report_title,
        meta.period,
        meta.version,
        meta.author,
        meta.reviewer,
        "2025年4月2日",
        "机密",
        "作者",
        "审核",
    ):
        assert text in cover, text


def test_headings_are_numbered_and_appendix_lettered(zh_files: dict[Format, Path]) -> None:
    doc = open_docx(str(zh_files["docx"]))
    headings = [(_style(p), p.text) for p in doc.paragraphs if _style(p).startswith("Heading")]
    assert headings[:3] == [
        ("Heading 1", "1 合同与期限"),
        ("Heading 1", "2 服务团队与联系方式"),
        ("Heading 1", "3 服务项目与配额"),
    ]
    assert ("Heading 2", "4.1 活动记录") in headings
    assert headings[-1] == ("Heading 1", "附录 A 方法与数据来源")


def _style(paragraph: WordParagraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _long_table(doc: WordDocument) -> WordTable:
    return next(t for t in doc.tables if len(t.rows) == ACTIVITY_ROWS + 1)


def test_long_table_repeats_its_header_row(zh_files: dict[Format, Path]) -> None:
    doc = open_docx(str(zh_files["docx"]))
    table = _long_table(doc)
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    body_row = table.rows[1]._tr.trPr
    assert body_row is not None and body_row.find(qn("w:tblHeader")) is None
    assert [c.text for c in table.rows[0].cells][:3] == ["编号", "日期", "活动"]
    assert table.rows[ACTIVITY_ROWS].cells[0].text == "ACT-20250080"
    # Numbers are right-aligned and shown with the column's format.
    effort = table.rows[1].cells[5].paragraphs[0]
    assert effort.text == "0.50" and effort.alignment == 2


def test_captions_and_charts(zh_files: dict[Format, Path], en_files: dict[Format, Path]) -> None:
    zh = open_docx(str(zh_files["docx"]))
    captions = [p.text for p in zh.paragraphs if _style(p) == "Caption"]
    assert "表 2 服务项目、频次与配额" in captions
    assert "图 1 主要服务项目配额使用情况" in captions
    readings = [p.text for p in zh.paragraphs if _style(p) == "NetCare Reading"]
    assert readings[0].startswith("解读：第一季度")
    assert len(zh.inline_shapes) == 2
    en = open_docx(str(en_files["docx"]))
    en_captions = [p.text for p in en.paragraphs if _style(p) == "Caption"]
    assert "Table 2 Service items, cadence and quota" in en_captions
    assert "Figure 2 Service activities per month" in en_captions


def test_header_and_footer_carry_customer_date_and_page_fields(
    zh_files: dict[Format, Path],
) -> None:
    section = open_docx(str(zh_files["docx"])).sections[0]
    assert section.different_first_page_header_footer  # the cover has none
    assert "江南银行股份有限公司" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert "江南银行股份有限公司" in footer_xml and "2025-04-02" in footer_xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "第 " in footer_xml and "共 " in footer_xml
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_chinese_text_and_east_asian_fonts(zh_files: dict[Format, Path]) -> None:
    doc = open_docx(str(zh_files["docx"]))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert len(CJK.findall(body)) > 200
    for name in ("Normal", "Heading 1", "Caption", "Title"):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
    assert doc.core_properties.title == "服务权益说明"


def test_toc_only_for_long_documents(zh_files: dict[Format, Path], tmp_path: Path) -> None:
    long_xml = open_docx(str(zh_files["docx"])).element.xml
    assert 'TOC \\o "1-2"' in long_xml
    doc = open_docx(str(zh_files["docx"]))
    texts = [p.text for p in doc.paragraphs]
    contents = texts.index("目录")
    assert texts[contents + 1 : contents + 3] == ["1 合同与期限", "2 服务团队与联系方式"]
    assert "w:updateFields" in doc.settings.element.xml

    short = Document(
        Meta("客户", "风险通告", "2025-04", "V1", "王磊", "李娜", date(2025, 4, 1)),
        [Section("公告", [Paragraph("受影响设备两台。")])],
    )
    path = render(short, "docx", tmp_path / "short.docx")
    short_doc = open_docx(str(path))
    assert "TOC" not in short_doc.element.xml
    assert "目录" not in [p.text for p in short_doc.paragraphs]
