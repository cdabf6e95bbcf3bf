"""The document laid out once for all formats: numbers, captions, chart pictures.

Numbering sections, tables and figures in one place guarantees that "表 3" in the
Word file is "表 3" in the PDF and the Excel summary. Charts are drawn once here and
shared, so ``render_all`` pays for matplotlib once per chart rather than per format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import style
from .charts import render_chart
from .document import (
    Block,
    BulletList,
    Chart,
    Document,
    Image,
    KeyValue,
    Language,
    PageBreak,
    Paragraph,
    Section,
    Table,
)
from .formatting import display_width
from .labels import appendix_letter, caption, label


@dataclass(frozen=True, slots=True)
class Placed:
    """A block in reading order with its caption number and, for pictures, its PNG."""

    block: Block
    number: int | None = None
    picture: bytes | None = None

    def caption(self, lang: Language) -> str:
        """ "表 2 …" / "Figure 1 …"; empty for blocks that carry no caption."""
        block = self.block
        if isinstance(block, Table) and self.number is not None:
            return caption("table", self.number, block.caption, lang)
        if isinstance(block, Chart | Image) and self.number is not None:
            return caption("figure", self.number, block.caption, lang)
        return ""


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered section: "2.1" + title, its depth (1–3) and its placed blocks."""

    number: str
    title: str
    level: int
    blocks: tuple[Placed, ...]
    children: tuple[Heading, ...]
    appendix: bool = False
    anchor: str = ""

    def text(self, lang: Language) -> str:
        """The heading as printed: "1.2 配额" or, for a top appendix, "附录 A 方法"."""
        if self.appendix and self.level == 1:
            return f"{label('appendix_n', lang, n=self.number)} {self.title}"
        return f"{self.number} {self.title}"

    def walk(self) -> Iterator[Heading]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Outline:
    """Everything a renderer needs beyond the document itself."""

    document: Document
    body: tuple[Heading, ...]
    appendix: tuple[Heading, ...]
    estimated_pages: float

    @property
    def lang(self) -> Language:
        return self.document.meta.language

    @property
    def needs_toc(self) -> bool:
        return self.estimated_pages > style.TOC_MIN_PAGES

    @property
    def confidentiality(self) -> str:
        meta = self.document.meta
        return meta.confidentiality or label("confidential", meta.language)

    def headings(self) -> Iterator[Heading]:
        for top in (*self.body, *self.appendix):
            yield from top.walk()

    def tables(self) -> Iterator[Placed]:
        for heading in self.headings():
            yield from (p for p in heading.blocks if isinstance(p.block, Table))


class _Counter:
    def __init__(self, pictures: bool) -> None:
        self.pictures = pictures
        self.tables = 0
        self.figures = 0
        self.anchors = 0

    def place(self, block: Block) -> Placed:
        if isinstance(block, Table):
            self.tables += 1
            return Placed(block, self.tables)
        if isinstance(block, Chart):
            self.figures += 1
            return Placed(block, self.figures, render_chart(block) if self.pictures else None)
        if isinstance(block, Image):
            self.figures += 1
            return Placed(block, self.figures, block.data() if self.pictures else None)
        return Placed(block)


def _number(
    section: Section, number: str, level: int, counter: _Counter, appendix: bool
) -> Heading:
    # The anchor is taken before the children are numbered: each heading gets its own,
    # in reading order (the PDF contents resolve their page numbers through it).
    counter.anchors += 1
    anchor = f"s{counter.anchors}"
    placed = tuple(counter.place(b) for b in section.blocks)
    children = tuple(
        _number(sub, f"{number}.{i}", level + 1, counter, appendix)
        for i, sub in enumerate(section.subsections, start=1)
    )
    return Heading(number, section.title, level, placed, children, appendix, anchor)


# Rough page model: ~46 lines of body text per A4 page at 10.5 pt; a 17 cm line holds
# ~46 CJK characters or ~90 Latin ones (display cells, CJK counted double). Good enough
# to decide "longer than four pages".
_LINES_PER_PAGE = 46.0


def _lines(block: Block) -> float:
    per_line = 90
    if isinstance(block, Paragraph):
        return display_width(block.text) / per_line + 1
    if isinstance(block, BulletList):
        return sum(display_width(item) / per_line + 1 for item in block.items)
    if isinstance(block, Table):
        return 4 + len(block.rows) * 1.3
    if isinstance(block, KeyValue):
        return 2 + len(block.pairs) * 1.3
    if isinstance(block, Chart | Image):
        return 24.0
    if isinstance(block, PageBreak):
        return _LINES_PER_PAGE / 2  # on average half a page is left blank
    return 1.0


def _estimate_pages(headings: tuple[Heading, ...]) -> float:
    lines = 0.0
    for top in headings:
        for heading in top.walk():
            lines += 3 + sum(_lines(p.block) for p in heading.blocks)
    return 1 + lines / _LINES_PER_PAGE  # + cover page


def build_outline(document: Document, pictures: bool = True) -> Outline:
    """Validate the document, number it, draw its charts and estimate its length.

    ``pictures=False`` skips drawing charts (the Excel rendering has no use for them).
    """
    document.validate()
    counter = _Counter(pictures)
    body = tuple(
        _number(s, str(i), 1, counter, False) for i, s in enumerate(document.sections, start=1)
    )
    appendix = tuple(
        _number(s, appendix_letter(i), 1, counter, True) for i, s in enumerate(document.appendix)
    )
    pages = _estimate_pages((*body, *appendix))
    return Outline(document, body, appendix, pages)
