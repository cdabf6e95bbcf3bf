"""NetCare's vendor bulletin file (CSV or XLSX): the lists vendors publish of security
bulletins, known bugs, field notices and end-of-life notices, one row per advisory and
product, with English or Chinese headers. The format is defined in
``docs/advisory-formats.md``; every error names the file, the row (as a spreadsheet
numbers it, the header being row 1) and the column.

Rows with the same ``id`` are one advisory concerning several products (one row per
product); the first row's title, summary and other texts stand, later rows add products.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netcare.lifecycle.advisories.common import (
    as_date,
    score_vector,
    severity_for,
    severity_word,
    unique,
)
from netcare.lifecycle.advisories.errors import AdvisoryFormatError
from netcare.lifecycle.advisories.model import (
    ADVISORY_KINDS,
    Advisory,
    AffectedProduct,
    AffectedRange,
    FeatureCondition,
)
from netcare.lifecycle.advisories.products import PLATFORMS, ProductMap
from netcare.lifecycle.advisories.ranges import parse_constraints

__all__ = ["COLUMNS", "REQUIRED", "is_vendor_header", "read_vendor_rows", "table_rows"]

#: Column → accepted header spellings (compared case-blind, spaces read as "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "公告编号", "问题单号"),
    "kind": ("kind", "类型"),
    "vendor": ("vendor", "厂商"),
    "product": ("product", "产品"),
    "platform": ("platform", "平台"),
    "models": ("models", "model", "型号"),
    "title": ("title", "标题"),
    "summary": ("summary", "描述", "摘要"),
    "severity": ("severity", "严重性", "严重级别", "级别"),
    "cvss": ("cvss", "cvss评分"),
    "cves": ("cves", "cve"),
    "affected": ("affected", "影响版本", "受影响版本"),
    "fixed": ("fixed", "修复版本"),
    "features": ("features", "特性", "触发特性"),
    "feature_text": ("feature_text", "特性说明", "触发条件"),
    "workaround": ("workaround", "规避措施", "临时规避"),
    "recommended_release": ("recommended_release", "推荐版本"),
    "published": ("published", "发布日期"),
    "url": ("url", "链接"),
}
REQUIRED: tuple[str, ...] = ("id", "kind", "vendor", "product", "title", "affected")

_KINDS = {
    **{k: k for k in ADVISORY_KINDS},
    "field notice": "field_notice",
    "漏洞": "vulnerability",
    "安全漏洞": "vulnerability",
    "缺陷": "bug",
    "已知问题": "bug",
    "问题": "bug",
    "公告": "bulletin",
    "技术公告": "bulletin",
    "预警": "field_notice",
    "现场通告": "field_notice",
    "停止支持": "eol",
    "停产": "eol",
}
_SPELLINGS = {spelling: name for name, spellings in COLUMNS.items() for spelling in spellings}
_CVE = re.compile(r"CVE-\d{4}-\d{4,}", re.IGNORECASE)


def _header_name(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", cell.strip().lstrip("\ufeff").strip().lower())


def is_vendor_header(cells: list[str]) -> bool:
    """Whether a first row is this format's header (it names an id and the affected
    versions)."""
    names = {_SPELLINGS.get(_header_name(c)) for c in cells}
    return {"id", "affected"} <= names


def table_rows(path: Path) -> list[list[str]]:
    """The cells of a CSV (UTF-8, or GB18030 as Chinese Excel saves it) or of the first
    sheet of an XLSX workbook, as text."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AdvisoryFormatError(path, "encoding", "neither UTF-8 nor GB18030 text")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise AdvisoryFormatError(path, "csv", str(exc)) from None


def _xlsx_rows(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise AdvisoryFormatError(path, "xlsx", f"not a readable workbook: {exc}") from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    path: Path

    def get(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def error(self, column: str, message: str) -> AdvisoryFormatError:
        return AdvisoryFormatError(self.path, f"row {self.number}: {column}", message)


@dataclass
class _Draft:
    advisory: Advisory
    products: list[AffectedProduct] = field(default_factory=list)


def read_vendor_rows(rows: list[list[str]], path: Path, products: ProductMap) -> list[Advisory]:
    """Advisories of a vendor bulletin table (its rows as :func:`table_rows` gives them)."""
    if not rows:
        raise AdvisoryFormatError(path, "row 1", "empty file: no header")
    header = rows[0]
    columns: list[str] = []
    for index, cell in enumerate(header):
        name = _SPELLINGS.get(_header_name(cell))
        if name is None:
            if not cell.strip():
                columns.append("")
                continue
            raise AdvisoryFormatError(
                path, f"row 1: column {index + 1}", f"unknown column {cell.strip()!r}"
            )
        if name in columns:
            raise AdvisoryFormatError(path, f"row 1: {name}", "column given twice")
        columns.append(name)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise AdvisoryFormatError(path, "row 1", f"missing column(s): {', '.join(missing)}")
    drafts: dict[str, _Draft] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values) or values[0].strip().startswith("#"):
            continue
        if len(values) > len(columns) and any(v.strip() for v in values[len(columns) :]):
            raise AdvisoryFormatError(path, f"row {number}", "more cells than header columns")
        cells = {name: value for name, value in zip(columns, values, strict=False) if name}
        row = _Row(number, cells, path)
        advisory, product = _advisory(row, products)
        draft = drafts.get(advisory.key)
        if draft is None:
            drafts[advisory.key] = _Draft(advisory, [product])
        else:
            if advisory.kind != draft.advisory.kind:
                raise row.error("kind", f"differs from an earlier row of {advisory.key}")
            draft.products.append(product)
    return [replace(d.advisory, products=tuple(d.products)) for d in drafts.values()]


def _advisory(row: _Row, products: ProductMap) -> tuple[Advisory, AffectedProduct]:
    for name in REQUIRED:
        if not row.get(name):
            raise row.error(name, "empty")
    kind = _KINDS.get(row.get("kind").lower())
    if kind is None:
        raise row.error("kind", f"{row.get('kind')!r} is not one of {', '.join(ADVISORY_KINDS)}")
    score, vector = _cvss(row)
    severity = row.get("severity")
    if severity:
        word = severity_word(severity)
        if word is None:
            raise row.error("severity", f"{severity!r} is not critical/high/medium/low/none")
        severity = word
    else:
        severity = severity_for(score)
    cves = _cves(row)
    advisory = Advisory(
        key=row.get("id"),
        kind=kind,
        title=row.get("title"),
        source_format="vendor",
        products=(),
        cves=cves,
        summary=row.get("summary"),
        severity=severity,
        cvss_score=score,
        cvss_vector=vector,
        published=as_date(row.get("published"), row.path, f"row {row.number}: published"),
        url=row.get("url"),
        workaround=row.get("workaround"),
        recommended_release=row.get("recommended_release"),
        feature=_feature(row),
        source_file=str(row.path),
    )
    return advisory, _product(row, products)


def _cvss(row: _Row) -> tuple[float | None, str]:
    text = row.get("cvss")
    if not text:
        return None, ""
    if text.upper().startswith("CVSS:") or text.startswith("AV:"):
        score = score_vector(text)
        if score is None:
            raise row.error("cvss", f"not a valid CVSS vector: {text!r}")
        return score, text
    try:
        score = float(text)
    except ValueError:
        raise row.error("cvss", f"neither a score (0-10) nor a CVSS vector: {text!r}") from None
    if not 0.0 <= score <= 10.0:
        raise row.error("cvss", f"a score is between 0 and 10: {text!r}")
    return score, ""


def _cves(row: _Row) -> tuple[str, ...]:
    text = row.get("cves")
    found = [c.upper() for c in _CVE.findall(text)]
    rest = _CVE.sub("", text).strip(" ;,，；\t\n")
    if re.sub(r"[\s;,，；]+", "", rest):
        raise row.error("cves", f"not CVE ids: {rest!r} (write CVE-2024-12345; separated by ';')")
    return unique(found)


def _feature(row: _Row) -> FeatureCondition | None:
    from netcare.collection.parsing.features import FEATURE_NAMES

    names = [n.strip() for n in row.get("features").split("|") if n.strip()]
    text = row.get("feature_text")
    if not names:
        if text:
            raise row.error("features", "feature_text is given but no feature names")
        return None
    unknown = [n for n in names if n not in FEATURE_NAMES]
    if unknown:
        raise row.error(
            "features",
            f"unknown feature {unknown[0]!r}; NetCare's feature names are: "
            + ", ".join(FEATURE_NAMES),
        )
    return FeatureCondition(any_of=unique(names), text=text)


def _product(row: _Row, products: ProductMap) -> AffectedProduct:
    vendor, product = row.get("vendor"), row.get("product")
    platforms = tuple(p.strip() for p in re.split(r"[;,|]", row.get("platform")) if p.strip())
    unknown = [p for p in platforms if p not in PLATFORMS]
    if unknown:
        raise row.error(
            "platform", f"unknown platform {unknown[0]!r}; one of {', '.join(PLATFORMS)}"
        )
    match = products.lookup(vendor, product)
    models = tuple(m.strip() for m in re.split(r"[;,，；]", row.get("models")) if m.strip())
    ranges: list[AffectedRange] = []
    for part in (p.strip() for p in row.get("affected").split(";")):
        if not part:
            continue
        parsed = parse_constraints(part)
        if parsed.problems:
            raise row.error("affected", parsed.problems[0])
        ranges.extend(parsed.ranges)
    if not ranges:
        raise row.error("affected", "no version range")
    fixed = [f.strip() for f in re.split(r"[;,，；]", row.get("fixed")) if f.strip()]
    return AffectedProduct(
        vendor=vendor,
        product=product,
        platforms=platforms or match.platforms,
        models=models or match.models,
        ranges=tuple(ranges),
        fixed_versions=unique(fixed),
    )
