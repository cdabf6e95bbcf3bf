"""Anchors of sections with subsections, and line breaks inside cells and paragraphs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from netcare.reports.engine import Document, Meta, PageBreak, Paragraph, Section, render
from netcare.reports.engine.outline import build_outline


def _nested() -> Document:
    """Three top sections, each with subsections on pages of their own: long enough for
    a table of contents."""
    filler = [Paragraph("Line of body text. " * 40) for _ in range(12)]
    sections = [
        Section(
            f"Part {n}",
            [Paragraph(f"Opening of part {n}.")],
            [
                Section(f"Detail {n}a", [PageBreak(), *filler]),
                Section(f"Detail {n}b", [PageBreak(), *filler]),
            ],
        )
        for n in (1, 2, 3)
    ]
    return Document(
        Meta("Acme", "Audit", "2025-04", "V1", "Wang Lei", "Li Na", date(2025, 4, 1), "en"),
        sections,
    )


def test_a_section_and_its_subsections_have_distinct_anchors_in_reading_order() -> None:
    outline = build_outline(_nested())
    anchors = [h.anchor for h in outline.headings()]
    assert len(set(anchors)) == len(anchors)
    assert anchors == [f"s{i}" for i in range(1, len(anchors) + 1)]


def test_toc_gives_a_section_with_subsections_the_page_it_starts_on(tmp_path: Path) -> None:
    outline = build_outline(_nested())
    assert outline.needs_toc
    pdf = render(_nested(), "pdf", tmp_path / "nested.pdf")
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    toc = pages[1]
    for heading in outline.headings():
        title = re.escape(heading.text("en"))
        listed = re.search(rf"^{title}\W*?(\d+)\s*$", toc, re.M)
        assert listed, toc
        starts = next(
            i for i, t in enumerate(pages[2:], start=3) if re.search(rf"^{title}\s*$", t, re.M)
        )
        assert int(listed.group(1)) == starts, (heading.number, toc)


def test_line_breaks_in_paragraphs_and_table_cells_survive_in_html_and_pdf(
    tmp_path: Path,
) -> None:
    from netcare.reports.engine import Column, Table

    evidence = "interface Gi0/1\nspanning-tree portfast\nno shutdown"
    document = Document(
        Meta("Acme", "Audit", "2025-04", "V1", "Wang Lei", "Li Na", date(2025, 4, 1), "en"),
        [
            Section(
                "Evidence",
                [
                    Paragraph(evidence),
                    Table("Lines", [Column("Evidence")], [[evidence]]),
                ],
            )
        ],
    )
    pdf = render(document, "pdf", tmp_path / "lines.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    lines = [line.strip() for line in text.splitlines()]
    # Twice (paragraph and cell), each evidence line on a line of its own.
    assert lines.count("spanning-tree portfast") == 2, text
    assert lines.count("interface Gi0/1") == 2, text
