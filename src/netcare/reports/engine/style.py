"""The house style: one set of colours, fonts and page geometry for every format.

Each renderer reads its numbers from here, so a Word file, a PDF and a chart made from
the same document look like they came from the same hand.
"""

from __future__ import annotations

from typing import Final

from .document import Tone

# Colours as RRGGBB hex without "#", the form Word, openpyxl and CSS (with "#") all take.
PRIMARY: Final = "1F4E79"  # headings, table header fill, cover rule
ACCENT: Final = "2E75B6"
TEXT: Final = "222222"
MUTED: Final = "6B6B6B"  # notes, captions' reading line, header/footer
RULE: Final = "BFBFBF"  # table borders
ZEBRA: Final = "F3F6FA"  # alternate body rows
HEADER_TEXT: Final = "FFFFFF"

# Chart series colours, in order; chosen to stay distinct when printed in grey.
PALETTE: Final = ("1F4E79", "ED7D31", "70AD47", "FFC000", "5B9BD5", "A5A5A5", "9E480E", "264478")

TONE_FILL: Final[dict[Tone, str]] = {
    "critical": "F4B6B6",
    "high": "FBD5B5",
    "medium": "FFF0B3",
    "low": "D9E8F6",
    "info": "E7E6E6",
    "ok": "D5EBCB",
    "neutral": "EDEDED",
}

# Word: a Latin face every Windows/macOS Word has, and the East-Asian face Chinese
# Windows ships; LibreOffice on Linux substitutes Noto Sans CJK for the latter.
WORD_LATIN_FONT: Final = "Arial"
WORD_EAST_ASIA_FONT: Final = "Microsoft YaHei"

# HTML/PDF font stack; the PDF adds an @font-face for the local Noto CJK file in front.
CSS_FONT_STACK: Final = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
    '"DejaVu Sans", Arial, sans-serif'
)

# A4 with 2 cm margins: the text block is 17 cm wide.
PAGE_WIDTH_CM: Final = 21.0
PAGE_HEIGHT_CM: Final = 29.7
MARGIN_CM: Final = 2.0
TEXT_WIDTH_CM: Final = PAGE_WIDTH_CM - 2 * MARGIN_CM
CHART_WIDTH_CM: Final = 15.0

BODY_PT: Final = 10.5  # 五号, the usual Chinese business-document body size
SMALL_PT: Final = 9.0
TITLE_PT: Final = 26.0
HEADING_PT: Final = (16.0, 13.0, 11.5)

# A TOC is added when the estimated length passes this many pages (shared/REPORTS.md).
TOC_MIN_PAGES: Final = 4.0
