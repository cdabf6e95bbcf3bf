"""Matching without a database: a devices CSV against advisory files, for
``netcare advisories match`` — an expert on site checks a customer's inventory export
against the vendor's bulletins before anything is imported.

The devices file has a header row; ``hostname``, ``platform`` and ``version`` are
required, ``vendor``, ``model`` and ``features`` optional. ``features`` lists NetCare
feature names separated by ``|`` or ``;``; an empty cell (or no such column) means the
features are unknown — "nothing collected", not "none in use" (write ``-`` for none).
A file NetCare cannot use is refused whole, naming file, row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netcare.lifecycle.advisories.model import Advisory
from netcare.lifecycle.matching.matcher import match
from netcare.lifecycle.matching.model import DeviceRecord
from netcare.lifecycle.versions import PLATFORM_SCHEME

__all__ = ["COLUMNS", "REQUIRED", "DeviceFileError", "match_files", "read_devices_csv", "rows"]

COLUMNS: tuple[str, ...] = ("hostname", "vendor", "platform", "model", "version", "features")
REQUIRED: tuple[str, ...] = ("hostname", "platform", "version")
#: A features cell meaning "collected, none in use".
NO_FEATURES = frozenset({"-", "none"})
_SPLIT = re.compile(r"[|;]")


class DeviceFileError(ValueError):
    """A devices file NetCare refuses; the message names the file, row and column."""

    def __init__(self, path: Path, row: int | None, column: str | None, message: str) -> None:
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")
        self.path, self.row, self.column = path, row, column


def _features(cell: str) -> frozenset[str] | None:
    text = cell.strip()
    if not text:
        return None
    if text.lower() in NO_FEATURES:
        return frozenset()
    return frozenset(p.strip().lower() for p in _SPLIT.split(text) if p.strip())


def read_devices_csv(path: Path | str) -> list[DeviceRecord]:
    """The devices of a CSV file (UTF-8, with or without BOM), keyed by hostname. Rows are
    numbered as a spreadsheet shows them (the header is row 1)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DeviceFileError(path, None, None, f"cannot read the file ({exc})") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise DeviceFileError(path, None, None, "the file is empty (a header row is needed)")
    names = [h.strip().lower() for h in header]
    for column in REQUIRED:
        if column not in names:
            raise DeviceFileError(
                path, 1, column, f"missing column (the header needs {', '.join(REQUIRED)})"
            )
    at = {name: i for i, name in reversed(list(enumerate(names)))}
    records: list[DeviceRecord] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            i = at.get(column)
            return row[i].strip() if i is not None and i < len(row) else ""

        hostname = cell("hostname")
        if not hostname:
            raise DeviceFileError(path, number, "hostname", "empty hostname")
        if hostname in seen:
            raise DeviceFileError(
                path, number, "hostname", f"{hostname!r} is already on row {seen[hostname]}"
            )
        seen[hostname] = number
        platform = cell("platform").lower()
        if platform not in PLATFORM_SCHEME:
            raise DeviceFileError(
                path,
                number,
                "platform",
                f"unknown platform {cell('platform')!r} (one of {', '.join(PLATFORM_SCHEME)})",
            )
        records.append(
            DeviceRecord(
                key=hostname,
                platform=platform,
                version=cell("version"),
                model=cell("model"),
                vendor=cell("vendor"),
                features=_features(cell("features")),
            )
        )
    return records


def rows(devices: Iterable[DeviceRecord], advisories: Iterable[Advisory]) -> list[dict[str, Any]]:
    """One JSON-ready object per device × advisory concerned, by device then advisory."""
    devices = list(devices)
    advisories = list(advisories)
    by_key = {a.key: a for a in advisories}
    by_device = {d.key: d for d in devices}
    out = []
    for e in match(devices, advisories):
        a, d = by_key[e.advisory], by_device[e.device]
        out.append(
            {
                "device": e.device,
                "platform": d.platform,
                "version": d.version,
                "advisory": e.advisory,
                "kind": a.kind,
                "title": a.title,
                "cves": list(a.cves),
                "status": str(e.status),
                "reason": str(e.reason),
                "detail_en": e.detail.en,
                "detail_zh": e.detail.zh,
                "range": e.range,
                "fixed": list(e.fixed),
                "severity": a.severity,
                "cvss": a.cvss_score,
            }
        )
    return out


def match_files(
    devices_csv: Path | str, advisory_paths: Iterable[Path | str]
) -> list[dict[str, Any]]:
    """Read the devices file and the advisory files (CSAF 2.0, CVE JSON 5, vendor files;
    folders are walked) and match them: :func:`rows`. Raises :class:`DeviceFileError` or
    the readers' ``AdvisoryFormatError`` (both ``ValueError``) for a file it cannot use."""
    from netcare.lifecycle.advisories import read_paths

    devices = read_devices_csv(devices_csv)
    advisories = read_paths([Path(p) for p in advisory_paths])
    return rows(devices, advisories)
