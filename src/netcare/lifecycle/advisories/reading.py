"""One entry point for advisory files: the format is told from the content, never from
the file name alone — CSAF 2.0 (``document.csaf_version``), a CVE JSON 5 record
(``cveMetadata``), or NetCare's vendor bulletin table (CSV/XLSX, by its header).

Reading is atomic: :func:`read_paths` raises on the first file it cannot read, naming
it, so an import writes all of a set of files or nothing.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from netcare.lifecycle.advisories.csaf import is_csaf, read_csaf
from netcare.lifecycle.advisories.cve5 import is_cve_record, read_cve_record
from netcare.lifecycle.advisories.errors import AdvisoryFormatError
from netcare.lifecycle.advisories.exploitation import (
    is_epss_text,
    is_kev,
    read_epss,
    read_kev,
    with_exploitation,
)
from netcare.lifecycle.advisories.model import Advisory, Exploitation
from netcare.lifecycle.advisories.products import ProductMap, load_product_map
from netcare.lifecycle.advisories.vendor import is_vendor_header, read_vendor_rows, table_rows

__all__ = ["file_kind", "read_file", "read_paths"]

_SKIPPED_NAMES = {"license", "licence", "notice", "copying"}


def read_file(path: Path, products: ProductMap | None = None) -> list[Advisory]:
    """The advisories of one file (CSAF 2.0 JSON, CVE JSON 5, vendor CSV/XLSX).

    Raises :class:`AdvisoryFormatError` naming the file and field for anything else,
    malformed JSON included (with its line and column)."""
    path = Path(path)
    mapping = products if products is not None else load_product_map()
    try:
        return _read(path, mapping)
    except AdvisoryFormatError:
        raise
    except OSError as exc:
        raise AdvisoryFormatError(path, "(file)", exc.strerror or str(exc)) from None
    except (RecursionError, TypeError, KeyError, AttributeError, IndexError, ValueError) as exc:
        # The readers check every field they use; this keeps the promise that nothing
        # but AdvisoryFormatError leaves them even for a structure nobody foresaw.
        raise AdvisoryFormatError(path, "(document)", f"unreadable structure: {exc!r}") from None


def _read(path: Path, products: ProductMap) -> list[Advisory]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = table_rows(path)
        if not rows or not is_vendor_header(rows[0]):
            raise AdvisoryFormatError(
                path, "row 1", "not a vendor bulletin workbook: no id/affected header"
            )
        return read_vendor_rows(rows, path, products)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raise AdvisoryFormatError(
            path, "(file)", "a compressed file (EPSS scores?), not an advisory"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if text.lstrip().startswith(("{", "[")):
        return _read_json(text, path, products)
    rows = table_rows(path)
    head = "\n".join(",".join(r) for r in rows[:2])
    if is_epss_text(head):
        raise AdvisoryFormatError(path, "(file)", "an EPSS score file, not an advisory")
    if rows and is_vendor_header(rows[0]):
        return read_vendor_rows(rows, path, products)
    raise AdvisoryFormatError(
        path,
        "(file)",
        "not an advisory format: neither CSAF 2.0 / CVE JSON 5 nor a vendor bulletin table "
        "(whose header names at least the id and affected columns)",
    )


def _read_json(text: str, path: Path, products: ProductMap) -> list[Advisory]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AdvisoryFormatError(path, f"line {exc.lineno} column {exc.colno}", exc.msg) from None
    if not isinstance(data, dict):
        raise AdvisoryFormatError(path, "(top)", "expected a JSON object")
    if is_csaf(data):
        return read_csaf(data, path, products)
    if is_cve_record(data):
        return read_cve_record(data, path, products)
    if is_kev(data):
        raise AdvisoryFormatError(path, "(file)", "a KEV catalog, not an advisory")
    if "affected" in data or "providerMetadata" in data:
        raise AdvisoryFormatError(
            path,
            "cveMetadata",
            "missing: a CNA container alone is not a CVE record (no CVE id, no dates)",
        )
    if isinstance(data.get("document"), dict):
        raise AdvisoryFormatError(path, "document.csaf_version", "missing: not a CSAF 2.0 document")
    raise AdvisoryFormatError(
        path, "(top)", "neither CSAF 2.0 (document.csaf_version) nor CVE JSON 5 (cveMetadata)"
    )


def file_kind(path: Path) -> str:
    """``kev``, ``epss`` or ``advisory``: what a file holds, from its first bytes."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(4096)
        except (OSError, EOFError):
            return "advisory"
    text = head.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("{") and '"catalogVersion"' in text:
        return "kev"
    if is_epss_text(text):
        return "epss"
    return "advisory"


def files_in(paths: Iterable[Path]) -> list[Path]:
    """The files to read under these paths: folders walked recursively and sorted,
    README, licence and hidden files skipped."""
    found: list[Path] = []
    for given in paths:
        given = Path(given)
        if not given.is_dir():
            found.append(given)
            continue
        for path in sorted(p for p in given.rglob("*") if p.is_file()):
            relative = path.relative_to(given)
            name = path.name.lower()
            if any(part.startswith(".") for part in relative.parts):
                continue
            if name.startswith("readme") or name.split(".")[0] in _SKIPPED_NAMES:
                continue
            found.append(path)
    return found


def read_paths(paths: Iterable[Path], products: ProductMap | None = None) -> list[Advisory]:
    """The advisories of files and folders (walked recursively, sorted; README, licence
    and hidden files skipped). A KEV catalog or EPSS file among them is merged into the
    advisories (:func:`with_exploitation`) rather than read as one. Raises on the first
    file that is not an advisory format, naming it."""
    mapping = products if products is not None else load_product_map()
    advisories: list[Advisory] = []
    kev: dict[str, Exploitation] = {}
    epss: dict[str, tuple[float, float]] = {}
    for path in files_in(paths):
        try:
            kind = file_kind(path)
        except OSError as exc:
            raise AdvisoryFormatError(path, "(file)", exc.strerror or str(exc)) from None
        if kind == "kev":
            kev.update(read_kev(path))
        elif kind == "epss":
            epss.update(read_epss(path))
        else:
            advisories.extend(read_file(path, mapping))
    if kev or epss:
        return with_exploitation(advisories, kev, epss)
    return advisories
