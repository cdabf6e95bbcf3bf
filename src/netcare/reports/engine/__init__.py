"""NetCare's report engine: one document model, four formats, one house style.

A report builder (each Django app's ``reports.py``) builds a :class:`Document` from
domain data and calls :func:`render` or :func:`render_all`; this package never imports
Django, so it renders the same in a web request, a django-q2 task, the CLI or a
benchmark. See shared/REPORTS.md for what every deliverable must contain.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeAlias, get_args

from .document import (
    SEVERITY_TONES,
    STATUS_TONES,
    Block,
    BulletList,
    CellValue,
    Chart,
    Column,
    Document,
    DocumentError,
    Image,
    KeyValue,
    Language,
    Meta,
    PageBreak,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
)
from .fonts import FontNotFoundError
from .outline import Outline, build_outline

Format: TypeAlias = Literal["docx", "xlsx", "pdf", "html"]
FORMATS: tuple[Format, ...] = get_args(Format)

__all__ = [
    "FORMATS",
    "SEVERITY_TONES",
    "STATUS_TONES",
    "Block",
    "BulletList",
    "CellValue",
    "Chart",
    "Column",
    "Document",
    "DocumentError",
    "FontNotFoundError",
    "Format",
    "Image",
    "KeyValue",
    "Language",
    "Meta",
    "PageBreak",
    "Paragraph",
    "Section",
    "Series",
    "Table",
    "Tone",
    "render",
    "render_all",
]


def _writer(fmt: Format) -> Callable[[Outline, Path], None]:
    # Imported on demand: a worker rendering only Excel never loads WeasyPrint.
    if fmt == "docx":
        from .docx import write_docx

        return write_docx
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        return write_xlsx
    if fmt == "html":
        from .html import write_html

        return write_html
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf
    raise ValueError(f"unknown report format {fmt!r}; expected one of {FORMATS}")


def _write_atomically(outline: Outline, fmt: Format, path: Path) -> Path:
    """Write next to ``path`` and rename, so a reader never sees half a file."""
    writer = _writer(fmt)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A fresh name rather than mkstemp: mkstemp's 0600 mode would stick to the report.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    try:
        writer(outline, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def render(document: Document, fmt: Format, path: Path) -> Path:
    """Render ``document`` as ``fmt`` to ``path`` and return the path.

    Raises ``DocumentError`` (a ``ValueError``) listing every problem when the document
    is invalid, and ``FontNotFoundError`` when no CJK font is installed (PDF, charts).
    """
    return _write_atomically(build_outline(document, pictures=fmt != "xlsx"), fmt, path)


def render_all(document: Document, directory: Path, basename: str) -> dict[Format, Path]:
    """Render all four formats as ``directory/basename.<fmt>``; charts are drawn once."""
    if not basename or Path(basename).name != basename:
        raise ValueError(f"basename must be a plain file name, not {basename!r}")
    outline = build_outline(document)
    return {
        fmt: _write_atomically(outline, fmt, Path(directory) / f"{basename}.{fmt}")
        for fmt in FORMATS
    }
