"""PDF rendering with WeasyPrint from the HTML rendering plus print CSS.

The PDF is what gets sent, so it must look right on any machine: the CJK font is
embedded from the local Noto file (declared with ``@font-face`` and a ``file:`` URL),
headers repeat on every page of a long table (``thead`` as ``table-header-group``),
and the running header and footer carry the customer, date and "page N / M". The
renderer never touches the network: its URL fetcher refuses every scheme but ``file:``
and ``data:``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import style
from .fonts import cjk_font
from .html import build_html
from .labels import label
from .outline import Outline

FONT_FAMILY = "Noto Sans CJK SC"
_ALLOWED_SCHEMES = ("file:", "data:")


class RemoteFetchRefused(PermissionError):
    """A document tried to load a resource over the network while rendering a PDF."""


class OfflineURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher that only serves local files and ``data:`` URIs.

    Failures are fatal (``fail_on_errors``): a PDF missing its font or a picture must
    not be sent to a customer with a warning in a log nobody reads.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not url.lower().startswith(_ALLOWED_SCHEMES):
            raise RemoteFetchRefused(f"report rendering is offline; refused to fetch {url!r}")
        return super().fetch(url, headers)


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string (for ``content:`` in page margin boxes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def _page_of(template: str) -> str:
    """'第 {n} 页 / 共 {m} 页' → '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'."""
    counters = {"{n}": "counter(page)", "{m}": "counter(pages)"}
    parts = [p for p in re.split(r"(\{[nm]\})", template) if p]
    return " ".join(counters.get(p, css_string(p)) for p in parts)


def print_css(outline: Outline) -> str:
    """Page geometry, running header/footer, the embedded font and print-only rules."""
    meta, lang = outline.document.meta, outline.lang
    regular, bold = cjk_font(bold=False).as_uri(), cjk_font(bold=True).as_uri()
    page_of = _page_of(label("page_n_of_m", lang, n="{n}", m="{m}"))
    muted, rule = f"#{style.MUTED}", f"#{style.RULE}"
    box = f"font-size: 8pt; color: {muted};"
    return f"""
@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{regular}"); font-weight: normal; }}
@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{bold}"); font-weight: bold; }}
html {{ font-family: "{FONT_FAMILY}", {style.CSS_FONT_STACK}; }}
@page {{
  size: A4; margin: 2.2cm {style.MARGIN_CM}cm 2.2cm {style.MARGIN_CM}cm;
  @top-left {{ content: {css_string(meta.customer)}; {box}
    border-bottom: 0.5pt solid {rule}; vertical-align: bottom; padding-bottom: 3pt; }}
  @top-right {{ content: {css_string(meta.report_title)}; {box}
    border-bottom: 0.5pt solid {rule}; vertical-align: bottom; padding-bottom: 3pt; }}
  @bottom-left {{ content: {css_string(f"{meta.date.isoformat()} · {meta.version}")}; {box}
    border-top: 0.5pt solid {rule}; vertical-align: top; padding-top: 3pt; }}
  @bottom-center {{ content: {css_string(outline.confidentiality)}; font-size: 7pt;
    color: {muted}; border-top: 0.5pt solid {rule}; vertical-align: top; padding-top: 3pt; }}
  @bottom-right {{ content: {page_of}; {box}
    border-top: 0.5pt solid {rule}; vertical-align: top; padding-top: 3pt; }}
}}
@page :first {{
  @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-center {{ content: none; }}
  @bottom-right {{ content: none; }}
}}
body {{ max-width: none; margin: 0; padding: 0; }}
.running {{ display: none; }}
.cover {{ break-after: page; padding-top: 6cm; }}
nav.toc {{ break-after: page; }}
nav.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
.appendix {{ break-before: page; }}
h2, h3, h4, caption, figcaption {{ break-after: avoid; }}
thead {{ display: table-header-group; }}
thead.once {{ display: table-row-group; }}
tr, figure, table.kv {{ break-inside: avoid; }}
table.data {{ break-inside: auto; }}
p {{ orphans: 2; widows: 2; }}
"""


def write_pdf(outline: Outline, path: Path) -> None:
    """Render the outline's HTML with print CSS to a PDF at ``path``."""
    meta = outline.document.meta
    document = HTML(
        string=build_html(outline, extra_css=print_css(outline)),
        url_fetcher=OfflineURLFetcher(),
        base_url=None,
    )
    document.write_pdf(
        str(path),
        pdf_identifier=f"{meta.customer}/{meta.report_title}/{meta.version}".encode(),
    )
