"""Self-contained HTML rendering, which is also the source of the PDF.

The file must open on a customer's offline laptop and look the same years later, so
everything is inline: CSS in a ``<style>`` element, pictures as ``data:`` URIs, fonts
named from the local system only. No attribute ever carries an external URL. The PDF
renderer adds print CSS (page size, running header and footer, the embedded CJK font)
on top of the very same markup, so the two formats cannot drift apart.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from . import style
from .document import (
    BulletList,
    CellValue,
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
from .labels import LabelKey, label, long_date
from .outline import Heading, Outline, Placed

# Runs of Han characters, CJK punctuation and full-width forms.
_CJK_RUN = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]+")

# Same specificity as the zebra rule and later in the sheet, so a tone beats the stripe.
_TONES = style.TONE_FILL.items()

SCREEN_CSS = f"""
html {{ font-family: {style.CSS_FONT_STACK}; font-size: {style.BODY_PT}pt;
  color: #{style.TEXT}; line-height: 1.55; }}
body {{ max-width: 52rem; margin: 0 auto; padding: 1.5rem; }}
h1, h2, h3, h4 {{ color: #{style.PRIMARY}; line-height: 1.3; }}
h2 {{ font-size: {style.HEADING_PT[0]}pt; margin: 1.6em 0 0.5em;
  border-bottom: 1px solid #{style.RULE}; padding-bottom: 0.2em; }}
h3 {{ font-size: {style.HEADING_PT[1]}pt; margin: 1.3em 0 0.4em; }}
h4 {{ font-size: {style.HEADING_PT[2]}pt; margin: 1.1em 0 0.3em; }}
.running {{ color: #{style.MUTED}; font-size: 8pt; display: flex;
  justify-content: space-between; border-bottom: 1px solid #{style.RULE}; }}
.cover {{ padding: 4rem 0 2rem; }}
.cover-customer {{ color: #{style.MUTED}; font-size: 14pt; margin: 0; }}
.cover-title {{ font-size: {style.TITLE_PT}pt; margin: 0.3em 0;
  border-bottom: 3px solid #{style.PRIMARY}; padding-bottom: 0.2em; }}
.cover-subtitle {{ font-size: 14pt; color: #{style.ACCENT}; margin: 0 0 2em; }}
table.cover-meta th {{ text-align: left; padding: 0.25em 1.5em 0.25em 0; }}
table.cover-meta td {{ padding: 0.25em 0; }}
.confidential {{ font-weight: bold; color: #{style.MUTED}; font-size: 9pt; margin-top: 3em; }}
nav.toc ol {{ list-style: none; padding: 0; }}
nav.toc li.toc-2 {{ padding-left: 1.5em; }}
nav.toc li.toc-1 {{ font-weight: bold; margin-top: 0.3em; }}
nav.toc a {{ color: inherit; text-decoration: none; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em;
  font-size: {style.SMALL_PT}pt; }}
table.data th, table.data td, table.kv th, table.kv td {{ border: 1px solid #{style.RULE};
  padding: 0.25em 0.45em; vertical-align: top; }}
table.data thead th {{ background: #{style.PRIMARY}; color: #{style.HEADER_TEXT};
  text-align: left; }}
table.data tbody tr:nth-child(even) td {{ background: #{style.ZEBRA}; }}
table.kv th {{ background: #{style.ZEBRA}; text-align: left; width: 30%; }}
caption {{ caption-side: top; text-align: left; font-weight: bold; color: #{style.PRIMARY};
  font-size: {style.SMALL_PT}pt; padding-bottom: 0.3em; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
{"".join(f"table.data tbody tr td.tone-{t} {{ background: #{c}; }}" for t, c in _TONES)}
figure {{ margin: 1em 0; text-align: center; }}
figure img {{ max-width: 100%; width: {style.CHART_WIDTH_CM}cm; }}
figcaption {{ font-weight: bold; color: #{style.PRIMARY}; font-size: {style.SMALL_PT}pt; }}
.reading, .note {{ color: #{style.MUTED}; font-size: {style.SMALL_PT}pt; }}
.reading {{ margin: 0.2em 0 0; }}
p.emphasis {{ font-weight: bold; }}
p, td, th, li, dd, figcaption, caption {{ white-space: pre-line; }}
.page-break {{ break-after: page; }}
"""


def text(value: str, lang: Language) -> str:
    """Escape ``value`` for HTML; in an English document mark Chinese runs as zh-CN.

    The language tag makes the PDF's text shaper pick Simplified Chinese glyph forms
    from the Noto CJK collection (whose default face is Japanese) for a customer name
    or hostname written in Chinese.
    """
    escaped = escape(value, quote=True)
    if lang == "zh":
        return escaped
    return _CJK_RUN.sub(lambda m: f'<span lang="zh-CN">{m.group(0)}</span>', escaped)


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _cell(value: CellValue, column: Column, lang: Language) -> str:
    classes = []
    if is_numeric(value):
        classes.append("num")
    tone = column.tone_for(value)
    if tone is not None:
        classes.append(f"tone-{tone}")
    attr = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{attr}>{text(format_cell(value, column.number_format), lang)}</td>"


def _table(placed: Placed, lang: Language) -> str:
    table = placed.block
    assert isinstance(table, Table)
    columns = list(table.columns)
    weights = [c.width or 1.0 for c in columns]
    total = sum(weights)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in weights)
    head = "".join(f"<th>{text(c.label, lang)}</th>" for c in table.columns)
    body = "\n".join(
        "<tr>" + "".join(_cell(v, c, lang) for c, v in zip(columns, row, strict=True)) + "</tr>"
        for row in table.rows
    )
    head_tag = "thead" if table.repeat_header else 'thead class="once"'
    note = ""
    if table.note:
        note = f'<p class="note">{text(label("note", lang) + table.note, lang)}</p>'
    return (
        f'<table class="data"><caption>{text(placed.caption(lang), lang)}</caption>'
        f"<colgroup>{cols}</colgroup><{head_tag}><tr>{head}</tr></thead>"
        f"<tbody>\n{body}\n</tbody></table>{note}"
    )


def _key_value(block: KeyValue, lang: Language) -> str:
    caption = f"<caption>{text(block.title, lang)}</caption>" if block.title else ""
    rows = "".join(
        f"<tr><th>{text(k, lang)}</th><td>{text(format_cell(v), lang)}</td></tr>"
        for k, v in block.pairs
    )
    return f'<table class="kv">{caption}<tbody>{rows}</tbody></table>'


def _figure(placed: Placed, lang: Language) -> str:
    block = placed.block
    assert isinstance(block, Chart | Image) and placed.picture is not None
    mime = "image/png" if isinstance(block, Chart) else block.mime_type()
    caption = text(placed.caption(lang), lang)
    reading = ""
    if isinstance(block, Chart):
        reading = f'<p class="reading">{text(label("reading", lang) + block.reading, lang)}</p>'
    return (
        f'<figure class="{"chart" if isinstance(block, Chart) else "image"}">'
        f'<img src="{data_uri(placed.picture, mime)}" alt="{caption}">'
        f"<figcaption>{caption}</figcaption>{reading}</figure>"
    )


def _block(placed: Placed, lang: Language) -> str:
    block = placed.block
    if isinstance(block, Paragraph):
        css = f' class="{block.style}"' if block.style != "normal" else ""
        return f"<p{css}>{text(block.text, lang)}</p>"
    if isinstance(block, BulletList):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{text(item, lang)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table(placed, lang)
    if isinstance(block, KeyValue):
        return _key_value(block, lang)
    if isinstance(block, Chart | Image):
        return _figure(placed, lang)
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"unknown block {type(block).__name__}")


def _section(heading: Heading, lang: Language) -> str:
    tag = f"h{heading.level + 1}"
    parts = [f'<section class="level-{heading.level}" id="{heading.anchor}">']
    parts.append(f"<{tag}>{text(heading.text(lang), lang)}</{tag}>")
    parts.extend(_block(p, lang) for p in heading.blocks)
    parts.extend(_section(child, lang) for child in heading.children)
    parts.append("</section>")
    return "\n".join(parts)


def _cover(outline: Outline) -> str:
    meta, lang = outline.document.meta, outline.lang
    rows: list[tuple[LabelKey, str]] = [
        ("customer", meta.customer),
        ("period", meta.period),
        ("version", meta.version),
        ("author", meta.author),
        ("reviewer", meta.reviewer),
        ("date", long_date(meta.date, lang)),
    ]
    cells = "".join(
        f"<tr><th>{label(key, lang)}</th><td>{text(value, lang)}</td></tr>" for key, value in rows
    )
    subtitle = outline.document.subtitle
    return (
        '<section class="cover">'
        f'<p class="cover-customer">{text(meta.customer, lang)}</p>'
        f'<h1 class="cover-title">{text(meta.report_title, lang)}</h1>'
        + (f'<p class="cover-subtitle">{text(subtitle, lang)}</p>' if subtitle else "")
        + f'<table class="cover-meta"><tbody>{cells}</tbody></table>'
        f'<p class="confidential">{text(outline.confidentiality, lang)}</p></section>'
    )


def _toc(outline: Outline) -> str:
    lang = outline.lang
    items = "".join(
        f'<li class="toc-{h.level}"><a href="#{h.anchor}">{text(h.text(lang), lang)}</a></li>'
        for h in outline.headings()
        if h.level <= 2
    )
    return f'<nav class="toc"><h2>{label("contents", lang)}</h2><ol>{items}</ol></nav>'


def build_html(outline: Outline, extra_css: str = "") -> str:
    """The whole report as one HTML string; ``extra_css`` is appended (print rules)."""
    meta, lang = outline.document.meta, outline.lang
    running = (
        f'<header class="running"><span>{text(meta.customer, lang)}</span>'
        f"<span>{text(meta.report_title, lang)}</span>"
        f"<span>{meta.date.isoformat()}</span></header>"
    )
    body = "\n".join(_section(h, lang) for h in outline.body)
    appendix = ""
    if outline.appendix:
        sections = "\n".join(_section(h, lang) for h in outline.appendix)
        appendix = f'<div class="appendix">\n{sections}\n</div>\n'

    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{text(meta.report_title, lang)} · {text(meta.customer, lang)}</title>\n"
        f'<meta name="author" content="{escape(meta.author)}">\n'
        f'<meta name="description" content="{escape(meta.period)}">\n'
        f'<meta name="dcterms.created" content="{meta.date.isoformat()}">\n'
        f"<style>{SCREEN_CSS}{extra_css}</style>\n</head>\n<body>\n{running}\n"
        f"{_cover(outline)}\n{_toc(outline) if outline.needs_toc else ''}\n"
        f"<main>\n{body}\n</main>\n{appendix}</body>\n</html>\n"
    )


def write_html(outline: Outline, path: Path) -> None:
    """Write the self-contained HTML file to ``path`` (UTF-8)."""
    path.write_text(build_html(outline), encoding="utf-8")
