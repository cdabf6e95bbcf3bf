"""Reading the produced files back, as a customer's tools would."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as WordDocument
from pypdf import PdfReader

#: Text that must never reach a customer: Python's None, unfilled templates, raw records.
PLACEHOLDERS = re.compile(r"\bNone\b|\bnan\b|TODO|\{[a-z_]+\}|Text\(|\[\[")


class Word:
    """A Word file's headings, captions, tables (rows of cell texts) and all its text."""

    def __init__(self, path: Path) -> None:
        doc = WordDocument(str(path))
        self.doc = doc
        styled = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
        self.headings = [text for style, text in styled if style.startswith("Heading")]
        self.captions = [text for style, text in styled if style == "Caption"]
        self.tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
        self.text = "\n".join(
            [p.text for p in doc.paragraphs] + [c for t in self.tables for row in t for c in row]
        )
        self.pictures = len(doc.inline_shapes)

    def numbered(self) -> list[str]:
        """The top-level numbered headings ("1 概览" …)."""
        return [h for h in self.headings if re.match(r"^\d+ ", h)]

    def appendix(self) -> list[str]:
        return [h for h in self.headings if h.startswith(("附录", "Appendix"))]

    def table(self, *header: str) -> list[list[str]]:
        """The first table whose header row starts with ``header``."""
        return next(t for t in self.tables if tuple(t[0][: len(header)]) == header)


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines inside table cells."""
    return "".join(text.split())
