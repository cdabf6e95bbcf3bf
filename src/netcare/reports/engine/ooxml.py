"""WordprocessingML details python-docx has no API for.

Each helper writes one documented OOXML element (ECMA-376 part 1, §17) so the Word
renderer reads as layout decisions, not XML plumbing.
"""

from __future__ import annotations

import re
from typing import Any

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """The ``tag`` child of ``parent``, created when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def set_fonts(rpr: Any, latin: str, east_asia: str) -> None:
    """Set explicit Latin and East-Asian fonts on a ``w:rPr``.

    Word picks the font for Chinese characters from ``w:eastAsia`` only; the default
    template points it at a theme font that may be a Japanese face or missing, which
    shows Chinese as boxes or in the wrong glyph shapes. Theme attributes win over
    explicit names, so they are removed.
    """
    fonts = _child(rpr, "w:rFonts", first=True)
    for attr in _THEME_FONT_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_style_fonts(style: BaseStyle, latin: str, east_asia: str) -> None:
    set_fonts(style.element.get_or_add_rPr(), latin, east_asia)


def set_document_language(document: WordDocument, latin_lang: str) -> None:
    """Proofing language in the document defaults: Latin text and East-Asian text."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), latin_lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_field(paragraph: WordParagraph, instruction: str, shown: str = "") -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``TOC …``) with a shown result.

    The result text is what a reader sees before Word or LibreOffice updates the field.
    """
    _field_begin(paragraph, instruction)
    if shown:
        paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _field_char(paragraph: WordParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _field_begin(paragraph: WordParagraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph, "separate")


def begin_field(paragraph: WordParagraph, instruction: str) -> None:
    """Open a field whose result spans several paragraphs (a TOC); see ``end_field``."""
    _field_begin(paragraph, instruction)


def end_field(paragraph: WordParagraph) -> None:
    _field_char(paragraph, "end")


def add_template_with_fields(
    paragraph: WordParagraph, template: str, fields: dict[str, str]
) -> None:
    """Write "第 {n} 页 / 共 {m} 页" with ``{n}``/``{m}`` replaced by live fields."""
    for part in re.split(r"(\{\w+\})", template):
        key = part[1:-1] if part.startswith("{") else None
        if key in fields:
            add_field(paragraph, fields[key], "1")
        elif part:
            paragraph.add_run(part)


def mark_header_row(row: _Row) -> None:
    """``w:tblHeader``: Word repeats this row at the top of every page the table spans."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_together(row: _Row) -> None:
    """``w:cantSplit``: a row never breaks across two pages."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit")


def shade_cell(cell: _Cell, fill: str) -> None:
    """Solid background colour (RRGGBB) of a table cell."""
    shading = _child(cell._tc.get_or_add_tcPr(), "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def set_table_borders(table_element: Any, colour: str, size_eighths: int = 4) -> None:
    """Thin borders of one colour on all edges and inner lines of a table."""
    tbl_pr = table_element.tblPr
    borders = _child(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = _child(borders, f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size_eighths))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), colour)


def set_fixed_layout(table_element: Any) -> None:
    """Fixed layout: Word honours our column widths instead of re-fitting to content."""
    _child(table_element.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")


def paragraph_border(paragraph: WordParagraph, edge: str, colour: str, size: int = 6) -> None:
    """A rule above or below a paragraph (``edge`` "top"/"bottom")."""
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    line = _child(borders, f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "4")
    line.set(qn("w:color"), colour)


def update_fields_on_open(document: WordDocument) -> None:
    """``w:updateFields``: Word refreshes the TOC and page numbers when opening the file."""
    settings = document.settings.element
    _child(settings, "w:updateFields").set(qn("w:val"), "true")
