"""Word (.docx) rendering: the editable master of every report.

Service teams edit the Word file before sending, so it uses real Word styles (Heading
1–3, Caption, List Bullet) rather than direct formatting wherever Word has a style:
their edits then keep the house look. Heading numbers are written into the heading text
("2.1 …") instead of Word's list numbering, so they survive copy-paste between files and
read the same in every viewer.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from pathlib import Path

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.image.image import Image as WordImage
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell

from . import ooxml, style
from .document import (
    BulletList,
    Chart,
    Column,
    Image,
    KeyValue,
    Language,
    PageBreak,
    Paragraph,
    Table,
)
from .formatting import format_cell, is_numeric
from .labels import label, long_date
from .outline import Heading, Outline, Placed

NOTE_STYLE = "NetCare Note"
READING_STYLE = "NetCare Reading"
COVER_STYLE = "NetCare Cover"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


def _setup_styles(doc: WordDocument, lang: Language) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(style.BODY_PT)
    normal.font.color.rgb = _rgb(style.TEXT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.2
    for name, size in zip(("Heading 1", "Heading 2", "Heading 3"), style.HEADING_PT, strict=True):
        heading = styles[name]
        heading.font.size = Pt(size)
        heading.font.color.rgb = _rgb(style.PRIMARY)
        heading.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        heading.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Subtitle", "Caption", "Header", "Footer", "TOC Heading"):
        styles[name].font.color.rgb = _rgb(style.PRIMARY if name != "Footer" else style.MUTED)
    styles["Subtitle"].font.italic = False  # no italic face for Chinese; Word would slant it
    # The template's header/footer tab stops are set for US Letter; ours span A4's text.
    for name in ("Header", "Footer"):
        stops = styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Cm(style.TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    styles["Caption"].font.size = Pt(style.SMALL_PT)
    styles["Caption"].font.bold = True
    styles["Caption"].font.italic = False
    # No italics: Chinese has no italic face and Word would slant the glyphs.
    for name in (NOTE_STYLE, READING_STYLE):
        added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        added.base_style = styles["Normal"]
        added.font.size = Pt(style.SMALL_PT)
        added.font.color.rgb = _rgb(style.MUTED)
    cover = styles.add_style(COVER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cover.base_style = styles["Normal"]
    # Every style we use gets explicit fonts: w:eastAsia is what makes Chinese display.
    for each in styles:
        if each.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            ooxml.set_style_fonts(each, style.WORD_LATIN_FONT, style.WORD_EAST_ASIA_FONT)
    ooxml.set_document_language(doc, "zh-CN" if lang == "zh" else "en-US")


def _setup_page(doc: WordDocument, outline: Outline) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(style.PAGE_WIDTH_CM), Cm(style.PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(style.MARGIN_CM))
    section.different_first_page_header_footer = True  # the cover carries no header
    meta, lang = outline.document.meta, outline.lang

    header = section.header.paragraphs[0]
    header.add_run(f"{meta.customer}\t{meta.report_title}")
    ooxml.paragraph_border(header, "bottom", style.RULE)

    footer = section.footer.paragraphs[0]
    footer.add_run(f"{meta.customer} · {meta.date.isoformat()} · {meta.version}\t")
    page_of = label("page_n_of_m", lang, n="{n}", m="{m}")
    ooxml.add_template_with_fields(footer, page_of, {"n": "PAGE", "m": "NUMPAGES"})
    ooxml.paragraph_border(footer, "top", style.RULE)
    secret = section.footer.add_paragraph(outline.confidentiality)
    secret.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in [*footer.runs, *secret.runs, *header.runs]:
        run.font.size = Pt(8)


def _cover(doc: WordDocument, outline: Outline) -> None:
    meta, lang = outline.document.meta, outline.lang
    top = doc.add_paragraph(meta.customer, style=COVER_STYLE)
    top.paragraph_format.space_before = Pt(120)
    top.runs[0].font.size = Pt(14)
    top.runs[0].font.color.rgb = _rgb(style.MUTED)
    title = doc.add_paragraph(meta.report_title, style="Title")
    ooxml.paragraph_border(title, "bottom", style.PRIMARY, 12)
    title.runs[0].font.size = Pt(style.TITLE_PT)
    if outline.document.subtitle:
        doc.add_paragraph(outline.document.subtitle, style="Subtitle")
    doc.add_paragraph("", style=COVER_STYLE).paragraph_format.space_after = Pt(36)
    pairs = [
        (label("customer", lang), meta.customer),
        (label("period", lang), meta.period),
        (label("version", lang), meta.version),
        (label("author", lang), meta.author),
        (label("reviewer", lang), meta.reviewer),
        (label("date", lang), long_date(meta.date, lang)),
    ]
    _key_value_table(doc, KeyValue(pairs), widths_cm=(4.0, 9.0), borders=False)
    secret = doc.add_paragraph(outline.confidentiality, style=NOTE_STYLE)
    secret.paragraph_format.space_before = Pt(150)
    secret.alignment = WD_ALIGN_PARAGRAPH.CENTER
    secret.runs[0].font.bold = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc: WordDocument, outline: Outline) -> None:
    """A TOC field whose shown result is a static list of the numbered headings.

    The static list makes the file read right in any viewer; Word replaces it with the
    real TOC (with page numbers) because ``updateFields`` is set.
    """
    lang = outline.lang
    doc.add_paragraph(label("contents", lang), style="TOC Heading")
    entries = [h for h in outline.headings() if h.level <= 2]
    for index, heading in enumerate(entries):
        entry = doc.add_paragraph()
        entry.paragraph_format.left_indent = Cm(0.75 * (heading.level - 1))
        entry.paragraph_format.space_after = Pt(2)
        if index == 0:
            ooxml.begin_field(entry, 'TOC \\o "1-2" \\h \\z \\u')
        run = entry.add_run(heading.text(lang))
        run.bold = heading.level == 1
        if index == len(entries) - 1:
            ooxml.end_field(entry)
    doc.add_paragraph(label("contents_hint", lang), style=NOTE_STYLE)
    ooxml.update_fields_on_open(doc)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _column_widths(columns: list[Column], total_cm: float) -> list[float]:
    weights = [c.width or 1.0 for c in columns]
    scale = total_cm / sum(weights)
    return [w * scale for w in weights]


def _fill_cell_text(
    cell: _Cell, text: str, *, bold: bool = False, right: bool = False, colour: str | None = None
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.font.size = Pt(style.SMALL_PT)
    run.bold = bold or None
    if colour:
        run.font.color.rgb = _rgb(colour)


def _new_table(
    doc: WordDocument, widths_cm: list[float], rows: int, centred: bool = True
) -> WordTable:
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER if centred else WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    ooxml.set_fixed_layout(table._tbl)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    return table


def _table(doc: WordDocument, placed: Placed, lang: Language) -> None:
    block = placed.block
    assert isinstance(block, Table)
    cap = doc.add_paragraph(placed.caption(lang), style="Caption")
    cap.paragraph_format.keep_with_next = True
    columns = list(block.columns)
    widths = _column_widths(columns, style.TEXT_WIDTH_CM)
    table = _new_table(doc, widths, rows=1 + len(block.rows))
    ooxml.set_table_borders(table._tbl, style.RULE)
    rows = table.rows
    header = rows[0]
    if block.repeat_header:
        ooxml.mark_header_row(header)
    for cell, column, width in zip(header.cells, columns, widths, strict=True):
        cell.width = Cm(width)
        ooxml.shade_cell(cell, style.PRIMARY)
        _fill_cell_text(cell, column.label, bold=True, colour=style.HEADER_TEXT)
    for index, (row, values) in enumerate(zip(rows[1:], block.rows, strict=True)):
        ooxml.keep_row_together(row)
        for cell, column, value, width in zip(row.cells, columns, values, widths, strict=True):
            cell.width = Cm(width)
            tone = column.tone_for(value)
            if tone is not None:
                ooxml.shade_cell(cell, style.TONE_FILL[tone])
            elif index % 2 == 1:
                ooxml.shade_cell(cell, style.ZEBRA)
            text = format_cell(value, column.number_format)
            _fill_cell_text(cell, text, right=is_numeric(value))
    if block.note:
        doc.add_paragraph(f"{label('note', lang)}{block.note}", style=NOTE_STYLE)
    else:
        doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _key_value_table(
    doc: WordDocument,
    block: KeyValue,
    widths_cm: tuple[float, float] = (5.0, 12.0),
    borders: bool = True,
) -> None:
    if block.title:
        doc.add_paragraph(block.title, style="Caption").paragraph_format.keep_with_next = True
    table = _new_table(doc, list(widths_cm), rows=len(block.pairs), centred=borders)
    if borders:
        ooxml.set_table_borders(table._tbl, style.RULE)
    for row, (key, value) in zip(table.rows, block.pairs, strict=True):
        ooxml.keep_row_together(row)
        key_cell, value_cell = row.cells
        key_cell.width, value_cell.width = Cm(widths_cm[0]), Cm(widths_cm[1])
        if borders:
            ooxml.shade_cell(key_cell, style.ZEBRA)
        _fill_cell_text(key_cell, key, bold=True)
        _fill_cell_text(value_cell, format_cell(value))
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _picture(doc: WordDocument, placed: Placed, lang: Language) -> None:
    assert placed.picture is not None
    native = WordImage.from_blob(placed.picture)
    width = min(Emu(native.width), Cm(style.CHART_WIDTH_CM))
    holder = doc.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.keep_with_next = True
    holder.add_run().add_picture(io.BytesIO(placed.picture), width=width)
    cap = doc.add_paragraph(placed.caption(lang), style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if isinstance(placed.block, Chart):
        cap.paragraph_format.keep_with_next = True
        reading_text = f"{label('reading', lang)}{placed.block.reading}"
        reading = doc.add_paragraph(reading_text, style=READING_STYLE)
        reading.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _block(doc: WordDocument, placed: Placed, lang: Language) -> None:
    block = placed.block
    if isinstance(block, Paragraph):
        if block.style == "note":
            doc.add_paragraph(block.text, style=NOTE_STYLE)
        else:
            doc.add_paragraph().add_run(block.text).bold = block.style == "emphasis" or None
    elif isinstance(block, BulletList):
        for number, item in enumerate(block.items, start=1):
            if block.ordered:
                entry = doc.add_paragraph(f"{number}.\t{item}", style="List Paragraph")
                entry.paragraph_format.first_line_indent = Cm(-0.63)
            else:
                doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, placed, lang)
    elif isinstance(block, KeyValue):
        _key_value_table(doc, block)
    elif isinstance(block, Chart | Image):
        _picture(doc, placed, lang)
    elif isinstance(block, PageBreak):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(doc: WordDocument, heading: Heading, lang: Language) -> None:
    doc.add_heading(heading.text(lang), level=heading.level)
    for placed in heading.blocks:
        _block(doc, placed, lang)
    for child in heading.children:
        _heading(doc, child, lang)


def write_docx(outline: Outline, path: Path) -> None:
    """Write the outline as a Word file at ``path``."""
    meta, lang = outline.document.meta, outline.lang
    doc = new_word_document()
    _setup_styles(doc, lang)
    _setup_page(doc, outline)
    properties = doc.core_properties
    properties.title, properties.author = meta.report_title, meta.author
    properties.subject, properties.language = meta.customer, "zh-CN" if lang == "zh" else "en-US"
    properties.created = properties.modified = datetime.combine(meta.date, time())
    properties.version, properties.keywords = meta.version, meta.period
    # python-docx's template starts with one empty paragraph; drop it so the cover leads.
    body = doc.element.body
    for empty in list(body.iterchildren(f"{{{body.nsmap['w']}}}p")):
        body.remove(empty)
    _cover(doc, outline)
    if outline.needs_toc:
        _toc(doc, outline)
    for heading in outline.body:
        _heading(doc, heading, lang)
    if outline.appendix:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for heading in outline.appendix:
            _heading(doc, heading, lang)
    doc.save(str(path))
