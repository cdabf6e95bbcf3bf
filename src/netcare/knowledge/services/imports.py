"""Bulk upload of the library: a zip holding the documents and an index (CSV or XLSX),
or an index alone whose rows give links.

The index columns are ``library.FIELDS`` plus ``file`` (a path inside the zip); see
docs/knowledge.md. An import is atomic: every row is checked first, and one bad row
refuses the whole upload — nothing is written, and the error names the file, the row
(as a spreadsheet numbers it: the header is row 1) and the column. The upload itself
is kept under ``DATA_DIR/knowledge/imports`` whatever the outcome (``DocumentImport``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core import access
from netcare.core.access import require_shared
from netcare.core.services import save_validated
from netcare.knowledge.models import Document, DocumentImport
from netcare.knowledge.services.library import FIELDS, clean_document, do_save_document

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["COLUMNS", "ImportRefused", "do_import_library"]

#: Index columns: the document fields and ``file``; ``slug`` and ``kind`` and ``updated``
#: are required, as is a title and a file or url.
COLUMNS = (*FIELDS, "file")
#: An upload larger than this is refused before it is read (a library zip of manuals).
MAX_UPLOAD = 512 * 1024 * 1024


class ImportRefused(ValueError):
    """The upload was refused; ``record`` is the kept ``DocumentImport`` saying why."""

    def __init__(self, record: DocumentImport) -> None:
        super().__init__(record.error)
        self.record = record


class _Problem(ValueError):
    pass


def _rows_csv(name: str, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _Problem(f"{name}: not UTF-8 or GB18030 text") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise _Problem(f"{name}: empty index")
    columns = _columns(name, header)
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        yield number, {c: (row[i] if i < len(row) else "") for i, c in columns.items()}


def _rows_xlsx(name: str, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many kinds on a broken file
        raise _Problem(f"{name}: not a readable XLSX workbook ({problem})") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise _Problem(f"{name}: empty index")
    columns = _columns(name, ["" if h is None else str(h) for h in header])
    for number, row in enumerate(rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        yield number, {c: (row[i] if i < len(row) else None) for i, c in columns.items()}


def _columns(name: str, header: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        if not key:
            continue
        if key not in COLUMNS:
            raise _Problem(
                f"{name}: row 1, column {title!r}: unknown column; use {', '.join(COLUMNS)}"
            )
        columns[index] = key
    for required in ("slug", "kind", "updated"):
        if required not in columns.values():
            raise _Problem(f"{name}: row 1: the column {required!r} is missing")
    return columns


def _read_index(name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".csv":
        return list(_rows_csv(name, data))
    if suffix == ".xlsx":
        return list(_rows_xlsx(name, data))
    raise _Problem(f"{name}: an index is a .csv or .xlsx file")


def _open_zip(name: str, data: bytes) -> tuple[str, bytes, dict[str, bytes]]:
    """The index (name, bytes) and every other member of a library zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _Problem(f"{name}: not a zip file") from None
    members: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            path = PurePosixPath(info.filename)
            if path.is_absolute() or ".." in path.parts:
                raise _Problem(f"{name}: unsafe path {info.filename!r} in the zip")
            members[str(path)] = archive.read(info)
    indexes = [m for m in members if PurePosixPath(m).name.lower() in {"index.csv", "index.xlsx"}]
    if not indexes:
        indexes = [
            m
            for m in members
            if "/" not in m and PurePosixPath(m).suffix.lower() in {".csv", ".xlsx"}
        ]
    if len(indexes) != 1:
        raise _Problem(f"{name}: the zip needs exactly one index (index.csv or index.xlsx)")
    index = indexes[0]
    return index, members.pop(index), members


def _keep(name: str, data: bytes) -> str:
    safe = re.sub(r"[^\w.-]+", "_", PurePosixPath(name).name) or "upload"
    relative = Path("imports") / f"{timezone.now():%Y%m%d-%H%M%S-%f}-{safe}"
    target = settings.DATA_DIR / "knowledge" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return str(relative)


def _check(
    index: str, rows: list[tuple[int, dict[str, Any]]], files: dict[str, bytes] | None
) -> list[tuple[dict[str, Any], str, bytes | None]]:
    """Every row checked; raises _Problem listing every row in error."""
    problems: list[str] = []
    checked: list[tuple[dict[str, Any], str, bytes | None]] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        where = f"{index}: row {number}"
        member = str(row.get("file") or "").strip()
        content: bytes | None = None
        if member:
            if files is None:
                problems.append(
                    f"{where}, column 'file': an index alone cannot carry files; upload a zip"
                )
                continue
            content = files.get(member)
            if content is None:
                problems.append(f"{where}, column 'file': {member!r} is not in the zip")
                continue
        slug = str(row.get("slug") or "").strip().lower()
        existing = Document.objects.filter(slug=slug).exclude(file="").exists() if slug else False
        try:
            clean_document(row, has_file=content is not None or existing)
        except ValidationError as refused:
            for field_name, messages in refused.message_dict.items():
                problems.append(f"{where}, column {field_name!r}: {'; '.join(messages)}")
            continue
        if slug in seen:
            problems.append(f"{where}, column 'slug': {slug!r} repeats row {seen[slug]}")
            continue
        seen[slug] = number
        checked.append((row, PurePosixPath(member).name if member else "", content))
    if not rows:
        problems.append(f"{index}: no document rows")
    if problems:
        raise _Problem("; ".join(problems))
    return checked


def do_import_library(name: str, data: bytes, *, actor: Actor) -> DocumentImport:
    """Import a library zip (documents + index) or an index of links, all or nothing.

    Returns the kept ``DocumentImport`` with counts (created, updated); raises
    :class:`ImportRefused` (its record says file, row and column) when anything is wrong.
    """
    require_shared(actor, "manage_library")
    record = DocumentImport(source=name[:300], created_by=access.recorded_user(actor))
    record.kept_file = _keep(name, data)
    try:
        if len(data) > MAX_UPLOAD:
            raise _Problem(f"{name}: larger than {MAX_UPLOAD // (1024 * 1024)} MB")
        if PurePosixPath(name).suffix.lower() == ".zip":
            index, index_data, files = _open_zip(name, data)
            checked = _check(index, _read_index(index, index_data), files)
        else:
            checked = _check(name, _read_index(name, data), None)
    except _Problem as problem:
        save_validated(
            record,
            actor=actor,
            state=DocumentImport.State.REFUSED,
            error=f"Refused, nothing was imported — {problem}",
        )
        raise ImportRefused(record) from None
    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        slugs = {str(row.get("slug") or "").strip().lower() for row, _n, _c in checked}
        known = set(Document.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        for row, file_name, content in checked:
            document = do_save_document(actor=actor, data=row, file_name=file_name, content=content)
            counts["updated" if document.slug in known else "created"] += 1
        save_validated(record, actor=actor, state=DocumentImport.State.DONE, counts=counts)
    return record
