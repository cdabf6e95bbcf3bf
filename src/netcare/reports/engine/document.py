"""The one document model every NetCare report is written in.

A report builder (each Django app's ``reports.py``) describes *what* a deliverable says
with these dataclasses; the renderers decide how it looks in Word, Excel, HTML and PDF.
Keeping the model free of layout is what lets one builder produce four formats that
share the house style of shared/REPORTS.md.

Blocks validate themselves when built, so a builder bug surfaces at the line that made
the block, with the table caption or chart caption in the message; ``Document.validate``
re-checks the whole tree before rendering because the sequences may be lists that a
caller mutated after construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeAlias

Language: TypeAlias = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

CellValue: TypeAlias = str | int | float | Decimal | date | datetime | None
"""What a table or key-value cell may hold; numbers stay numbers all the way to Excel."""

Tone: TypeAlias = Literal["critical", "high", "medium", "low", "info", "ok", "neutral"]
"""Cell colouring classes; the colours themselves live in ``style.py``."""
TONES: tuple[Tone, ...] = ("critical", "high", "medium", "low", "info", "ok", "neutral")

ParagraphStyle: TypeAlias = Literal["normal", "note", "emphasis"]
ChartKind: TypeAlias = Literal["bar", "stacked_bar", "pie", "line"]

# Excel-style number formats we can also render as text in Word/HTML/PDF: optional
# thousands separator, fixed decimals, optional percent ("#,##0", "0.0", "0.00%").
_NUMBER_FORMAT = re.compile(r"^(#,##)?0(\.0+)?%?$")
MAX_HEADING_DEPTH = 3

SEVERITY_TONES: Mapping[str, Tone] = {
    "critical": "critical", "严重": "critical", "紧急": "critical", "致命": "critical",
    "high": "high", "高": "high", "major": "high", "重要": "high",
    "medium": "medium", "中": "medium", "minor": "medium", "一般": "medium",
    "low": "low", "低": "low",
    "info": "info", "提示": "info", "informational": "info",
}  # fmt: skip
"""Severity words (zh and en) to tones; pass as ``Column.tones`` for a severity column."""

STATUS_TONES: Mapping[str, Tone] = {
    "ok": "ok", "normal": "ok", "正常": "ok", "done": "ok", "已完成": "ok", "closed": "ok",
    "已关闭": "ok", "on time": "ok", "按时": "ok", "pass": "ok", "通过": "ok",
    "late": "high", "延期": "high", "overdue": "critical", "逾期": "critical",
    "fail": "critical", "不通过": "critical", "open": "medium", "处理中": "medium",
    "in progress": "medium", "进行中": "medium", "planned": "info", "计划中": "info",
    "waived": "neutral", "豁免": "neutral", "n/a": "neutral",
}  # fmt: skip
"""Delivery/health status words (zh and en) to tones."""


class DocumentError(ValueError):
    """A document that cannot be rendered; ``problems`` lists every reason found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _require(problems: list[str]) -> None:
    if problems:
        raise DocumentError(problems)


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Meta:
    """Who the report is for and who stands behind it: the cover, header and footer."""

    customer: str
    report_title: str
    period: str
    version: str
    author: str
    reviewer: str
    date: date
    language: Language = "zh"
    confidentiality: str | None = None
    """``None`` means the engine's default confidentiality line for the language."""

    def problems(self) -> list[str]:
        found = [
            f"meta.{name} is empty"
            for name in ("customer", "report_title", "period", "version", "author", "reviewer")
            if _blank(getattr(self, name))
        ]
        if self.language not in LANGUAGES:
            found.append(f"meta.language must be one of {LANGUAGES}, not {self.language!r}")
        if not isinstance(self.date, date):
            found.append("meta.date must be a date")
        return found


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text; ``note`` is the small grey aside, ``emphasis`` a bold statement."""

    text: str
    style: ParagraphStyle = "normal"

    def problems(self) -> list[str]:
        if self.style not in ("normal", "note", "emphasis"):
            return [f"paragraph style {self.style!r} is not normal/note/emphasis"]
        return ["paragraph text is empty"] if _blank(self.text) else []

    def __post_init__(self) -> None:
        _require(self.problems())


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bulleted (or numbered, ``ordered=True``) list of short items."""

    items: Sequence[str]
    ordered: bool = False

    def problems(self) -> list[str]:
        if not self.items:
            return ["bullet list has no items"]
        return [f"bullet list item {i} is empty" for i, t in enumerate(self.items) if _blank(t)]

    def __post_init__(self) -> None:
        _require(self.problems())


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: header label, relative width, number format, optional tones.

    ``width`` is a relative weight (the renderers share the page width out by weight).
    ``number_format`` is an Excel format from the small set the text renderers can
    mirror. ``tones`` maps a cell's text (case-insensitive) to a colouring class.
    """

    label: str
    width: float | None = None
    number_format: str | None = None
    tones: Mapping[str, Tone] | None = None

    def problems(self) -> list[str]:
        found = [] if not _blank(self.label) else ["column label is empty"]
        if self.width is not None and not (_is_number(self.width) and self.width > 0):
            found.append(f"column {self.label!r} width must be a positive number")
        if self.number_format is not None and not _NUMBER_FORMAT.match(self.number_format):
            found.append(
                f"column {self.label!r} number_format {self.number_format!r} is not one of "
                "0, 0.0…, #,##0, #,##0.0…, optionally followed by %"
            )
        for key, tone in (self.tones or {}).items():
            if tone not in TONES:
                found.append(f"column {self.label!r} tone {tone!r} for {key!r} is unknown")
        return found

    def tone_for(self, value: CellValue) -> Tone | None:
        """The colouring class of a cell, or ``None`` when the column is not toned."""
        if not self.tones or not isinstance(value, str):
            return None
        lowered = {k.casefold(): v for k, v in self.tones.items()}
        return lowered.get(value.strip().casefold())


@dataclass(frozen=True, slots=True)
class Table:
    """A captioned table; every table is also a sheet in the Excel rendering.

    ``sheet_name`` overrides the caption as the Excel sheet name (it is still cleaned
    and shortened to Excel's rules). ``repeat_header`` repeats the header row on every
    page in Word and PDF, which shared/REPORTS.md asks of every long table.
    """

    caption: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[CellValue]]
    repeat_header: bool = True
    sheet_name: str | None = None
    note: str | None = None

    def problems(self) -> list[str]:
        where = f"table {self.caption!r}"
        found = [] if not _blank(self.caption) else ["table caption is empty"]
        if not self.columns:
            return [*found, f"{where} has no columns"]
        for column in self.columns:
            found.extend(f"{where}: {p}" for p in column.problems())
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if isinstance(row, str | bytes) or len(row) != width:
                size = len(row) if not isinstance(row, str | bytes) else "a string, not"
                found.append(f"{where} row {index} has {size} cells, expected {width}")
                continue
            for column, value in zip(self.columns, row, strict=True):
                problem = _cell_problem(value)
                if problem:
                    found.append(f"{where} row {index} column {column.label!r}: {problem}")
        return found

    def __post_init__(self) -> None:
        _require(self.problems())


def _cell_problem(value: object) -> str | None:
    if value is None or isinstance(value, str | date):
        return None
    if not _is_number(value):
        return f"{type(value).__name__} is not a text, number or date"
    if isinstance(value, float) and not math.isfinite(value):
        return "number is not finite"
    return None


@dataclass(frozen=True, slots=True)
class Series:
    """One named data series of a chart, one value per category."""

    name: str
    values: Sequence[float]


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart with a caption and its mandatory one-line reading.

    The reading ("what this shows") is required because a customer reads a chart
    without the expert beside them; a chart that cannot be summarised in one line
    does not belong in a report.
    """

    kind: ChartKind
    categories: Sequence[str]
    series: Sequence[Series]
    caption: str
    reading: str
    x_label: str = ""
    y_label: str = ""

    def problems(self) -> list[str]:
        where = f"chart {self.caption!r}"
        found = [] if not _blank(self.caption) else ["chart caption is empty"]
        if self.kind not in ("bar", "stacked_bar", "pie", "line"):
            found.append(f"{where} kind {self.kind!r} is not bar/stacked_bar/pie/line")
        if _blank(self.reading):
            found.append(f"{where} has no reading (one line saying what the chart shows)")
        elif "\n" in self.reading.strip():
            found.append(f"{where} reading must be one line")
        if not self.categories:
            found.append(f"{where} has no categories")
        if not self.series:
            found.append(f"{where} has no series")
        for s in self.series:
            if len(s.values) != len(self.categories):
                found.append(
                    f"{where} series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.categories)} categories"
                )
            if any(not _is_number(v) or not math.isfinite(float(v)) for v in s.values):
                found.append(f"{where} series {s.name!r} has a value that is not a number")
        if self.kind == "pie" and not found:
            values = [float(v) for v in self.series[0].values]
            if len(self.series) != 1:
                found.append(f"{where} is a pie and takes exactly one series")
            elif min(values) < 0 or sum(values) <= 0:
                found.append(f"{where} is a pie and needs non-negative values with a sum > 0")
        return found

    def __post_init__(self) -> None:
        _require(self.problems())


_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True, slots=True)
class Image:
    """A PNG or JPEG picture (a topology drawing, a screenshot) with its caption."""

    source: Path | bytes
    caption: str

    def data(self) -> bytes:
        """The image bytes, read from disk when given as a path."""
        return self.source if isinstance(self.source, bytes) else Path(self.source).read_bytes()

    def mime_type(self) -> str:
        head = self.data()[:8]
        return next(mime for magic, mime in _IMAGE_MAGIC.items() if head.startswith(magic))

    def problems(self) -> list[str]:
        where = f"image {self.caption!r}"
        found = [] if not _blank(self.caption) else ["image caption is empty"]
        if isinstance(self.source, Path) and not self.source.is_file():
            return [*found, f"{where} file {self.source} does not exist"]
        if not isinstance(self.source, Path | bytes):
            return [*found, f"{where} source must be a Path or bytes"]
        head = self.data()[:8]
        if not any(head.startswith(magic) for magic in _IMAGE_MAGIC):
            found.append(f"{where} is not a PNG or JPEG image")
        return found

    def __post_init__(self) -> None:
        _require(self.problems())


@dataclass(frozen=True, slots=True)
class KeyValue:
    """Label/value pairs shown as a two-column sheet (a device identity, a contract)."""

    pairs: Sequence[tuple[str, CellValue]]
    title: str = ""

    def problems(self) -> list[str]:
        if not self.pairs:
            return ["key-value block has no pairs"]
        found = []
        for index, pair in enumerate(self.pairs):
            if len(pair) != 2 or _blank(pair[0]):
                found.append(f"key-value {self.title!r} pair {index} needs a label and a value")
            elif (problem := _cell_problem(pair[1])) is not None:
                found.append(f"key-value {self.title!r} pair {index}: {problem}")
        return found

    def __post_init__(self) -> None:
        _require(self.problems())


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start the next block on a new page (Word and PDF; ignored in Excel)."""

    def problems(self) -> list[str]:
        return []


Block: TypeAlias = Paragraph | BulletList | Table | Chart | Image | KeyValue | PageBreak
BLOCK_TYPES = (Paragraph, BulletList, Table, Chart, Image, KeyValue, PageBreak)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled section; the engine numbers it ("1", "1.1", appendix "A", "A.1")."""

    title: str
    blocks: Sequence[Block] = ()
    subsections: Sequence[Section] = ()

    def problems(self, depth: int = 1) -> list[str]:
        where = f"section {self.title!r}"
        found = [] if not _blank(self.title) else ["section title is empty"]
        if depth > MAX_HEADING_DEPTH:
            found.append(f"{where} is nested deeper than {MAX_HEADING_DEPTH} levels")
        for block in self.blocks:
            if not isinstance(block, BLOCK_TYPES):
                found.append(f"{where} holds {type(block).__name__}, which is not a block")
            else:
                found.extend(block.problems())
        for sub in self.subsections:
            found.extend(sub.problems(depth + 1))
        return found


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report: meta for cover/header/footer, numbered sections, an appendix."""

    meta: Meta
    sections: Sequence[Section]
    appendix: Sequence[Section] = ()
    subtitle: str = ""

    @property
    def title(self) -> str:
        return self.meta.report_title

    @property
    def language(self) -> Language:
        return self.meta.language

    def problems(self) -> list[str]:
        found = self.meta.problems()
        if not self.sections:
            found.append("document has no sections")
        for section in [*self.sections, *self.appendix]:
            found.extend(section.problems())
        return found

    def validate(self) -> None:
        """Raise ``DocumentError`` listing every problem; renderers call this first."""
        _require(self.problems())

    def __post_init__(self) -> None:
        self.validate()
