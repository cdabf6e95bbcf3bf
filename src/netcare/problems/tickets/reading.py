"""One entry point for ticket exports: CSV, XLSX and JSON from a vendor support system,
with Chinese or English headers, into :class:`TicketRecord` objects.

The format is told from the content first (a ZIP is a workbook whatever its name), then
from the suffix. Headers are matched by the built-in aliases of
:mod:`netcare.problems.tickets.vocab` or by a saved ``mapping`` that wins over them.

Reading is atomic: every row is checked, every problem is collected, and one
:class:`TicketFileError` lists them all — nothing is returned from a file with any
error, so an import writes the whole file or nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netcare.problems.tickets.model import (
    FIELDS,
    ROOT_CAUSES,
    ProgressRecord,
    ReadResult,
    RowError,
    TicketFileError,
    TicketRecord,
)
from netcare.problems.tickets.values import parse_progress, parse_when, text_of
from netcare.problems.tickets.vocab import (
    HEADER_ALIASES,
    field_for_header,
    fold,
    root_cause_of,
    severity_of,
    status_of,
)

__all__ = ["REQUIRED", "read_tickets"]

#: Columns a table must have; ``title`` is satisfied by a ``symptom`` column too.
REQUIRED: tuple[str, ...] = ("number", "title", "severity", "status", "opened")

#: A ticket number longer than this is a misread column, not a number.
MAX_NUMBER = 64

_TEXT_FIELDS = (
    "number",
    "title",
    "description",
    "product",
    "model",
    "hostname",
    "category",
    "symptom",
    "owner",
    "reporter",
    "root_cause_text",
    "advice",
)
_HEADER_SCAN = 10  # rows searched for the header (exports often start with a title row)
_SHEET_WORDS = ("ticket", "工单", "case", "问题")

_Fail = Callable[[str, str], None]
_Lookup = Callable[[str], str | None]


def read_tickets(
    path: Path | str, mapping: dict[str, str] | None = None, tz: str = "Asia/Shanghai"
) -> ReadResult:
    """The tickets of one export file, in file order.

    ``mapping`` maps a source header (compared case-blind, like the aliases) to a field
    name of :data:`~netcare.problems.tickets.model.FIELDS`, or to ``""`` to ignore that
    column; it wins over the built-in aliases. Naive times are read in ``tz``.

    Raises :class:`TicketFileError` listing every problem (row, column, message) when
    anything in the file is wrong, and ``ValueError`` for an unknown ``tz``.
    """
    path = Path(path)
    try:
        zone: tzinfo = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {tz!r}") from None
    chosen = _mapping(path, mapping or {})
    try:
        return _read(path, chosen, zone)
    except TicketFileError:
        raise
    except OSError as exc:
        raise TicketFileError(path, [RowError(0, "(file)", exc.strerror or str(exc))]) from None
    except (RecursionError, TypeError, KeyError, AttributeError, IndexError, ValueError) as exc:
        # Every value is checked where it is read; this keeps the promise that nothing
        # but TicketFileError leaves the reader, even for a structure nobody foresaw.
        raise TicketFileError(
            path, [RowError(0, "(file)", f"unreadable content: {exc!r}")]
        ) from None


def _mapping(path: Path, mapping: Mapping[str, str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    errors = []
    for header, name in mapping.items():
        target = (name or "").strip()
        if target and target not in FIELDS:
            errors.append(RowError(0, "mapping", f"{header!r} → unknown field {name!r}"))
        chosen[fold(str(header))] = target
    if errors:
        raise TicketFileError(path, errors)
    return chosen


def _fail(path: Path, message: str) -> TicketFileError:
    return TicketFileError(path, [RowError(0, "(file)", message)])


def _read(path: Path, mapping: dict[str, str], zone: tzinfo) -> ReadResult:
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if raw[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(path, raw)
        return _from_table(path, "xlsx", rows, mapping, zone)
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise _fail(path, "an old binary Excel (.xls) file: save it as .xlsx or CSV")
    if suffix in (".xlsx", ".xlsm"):
        raise _fail(path, "not an XLSX workbook (no ZIP signature)")
    text = _decode(path, raw)
    if suffix == ".json" or (suffix not in (".csv", ".tsv", ".txt") and _looks_json(text)):
        return _from_json(path, text, mapping, zone)
    return _from_table(path, "csv", _csv_rows(path, text), mapping, zone)


def _looks_json(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def _decode(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else
    GB18030 — what Chinese Excel writes for "CSV (逗号分隔)"."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(path, f"cannot decode as UTF-16 (BOM present): {exc.reason}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            raise _fail(
                path,
                f"cannot decode: not UTF-8 ({utf8.reason} at byte {utf8.start}) "
                "and not GB18030 either",
            ) from None


def _csv_rows(path: Path, text: str) -> list[list[object]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise _fail(path, f"not readable as CSV: {exc}") from None


def _xlsx_rows(path: Path, raw: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen kinds for a damaged workbook
        raise _fail(path, f"not a readable XLSX workbook: {exc}") from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _fail(path, "the workbook has no worksheet")
        sheet = next(
            (s for s in sheets if any(word in fold(s.title) for word in _SHEET_WORDS)),
            sheets[0],
        )
        return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    except TicketFileError:
        raise
    except Exception as exc:  # damaged sheet XML surfaces only while iterating
        raise _fail(path, f"not a readable XLSX workbook: {exc}") from None
    finally:
        workbook.close()


@dataclass
class _Columns:
    """How the headers of a source resolved to fields."""

    fields: dict[str, int] = field(default_factory=dict)  # field → column index / key rank
    headers: dict[str, str] = field(default_factory=dict)  # field → source header
    ignored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _resolve(headers: list[str], mapping: dict[str, str]) -> _Columns:
    """Which column each field reads. A saved mapping beats an alias; between aliases the
    more specific one (lower rank) wins and the other column is listed as ignored."""
    best: dict[str, tuple[int, int]] = {}  # field → (rank, column)
    out = _Columns()
    for index, header in enumerate(headers):
        if not header:
            continue
        key = fold(header)
        if key in mapping:
            target = mapping[key]
            if not target:
                out.ignored.append(header)
                continue
            rank = -1
        else:
            found = field_for_header(header)
            if found is None:
                out.ignored.append(header)
                continue
            target, rank = found
        if target in best:
            old_rank, old_index = best[target]
            if rank == -1 and old_rank == -1:
                out.errors.append(
                    f"the mapping sends both {headers[old_index]!r} and {header!r} to {target}"
                )
                continue
            if rank >= old_rank:
                out.ignored.append(header)
                continue
            out.ignored.append(headers[old_index])
        best[target] = (rank, index)
    out.fields = {name: index for name, (_, index) in best.items()}
    out.headers = {name: headers[index] for name, index in out.fields.items()}
    return out


def _blank(row: list[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _header_index(rows: list[list[object]], mapping: dict[str, str]) -> int | None:
    """The row holding the headers: of the first rows, the first one naming the most
    fields (at least two); else the first non-blank row."""
    candidates = [i for i, row in enumerate(rows) if not _blank(row)][:_HEADER_SCAN]
    if not candidates:
        return None
    scored = [
        (len(_resolve([_header_text(c) for c in rows[i]], mapping).fields), -i) for i in candidates
    ]
    score, index = max(scored)
    return -index if score >= 2 else candidates[0]


def _header_text(cell: object) -> str:
    try:
        return text_of(cell)
    except ValueError:
        return ""


def _from_table(
    path: Path,
    source: str,
    rows: list[list[object]],
    mapping: dict[str, str],
    zone: tzinfo,
) -> ReadResult:
    at = _header_index(rows, mapping)
    if at is None:
        raise _fail(path, "no header row: the file is empty")
    headers = [_header_text(cell) for cell in rows[at]]
    header_row = at + 1
    columns = _resolve(headers, mapping)
    errors = [RowError(header_row, "(header)", message) for message in columns.errors]
    present = set(columns.fields) | ({"title"} if "symptom" in columns.fields else set())
    for name in REQUIRED:
        if name not in present:
            examples = ", ".join((*HEADER_ALIASES[name][:3], name))
            also = " or a symptom column" if name == "title" else ""
            errors.append(
                RowError(header_row, name, f"missing column (a header such as {examples}{also})")
            )
    if errors:
        raise TicketFileError(path, errors)
    builder = _Builder(zone)
    for offset, row in enumerate(rows[at + 1 :], start=at + 2):
        if _blank(row):
            continue
        values = {
            name: (row[index] if index < len(row) else None)
            for name, index in columns.fields.items()
        }
        builder.add(offset, values, present=set(columns.fields))
    builder.finish(path)
    return ReadResult(
        tickets=tuple(builder.tickets),
        source_format=source,
        columns=tuple(
            (columns.headers[name], name)
            for name in sorted(columns.fields, key=columns.fields.__getitem__)
        ),
        ignored=tuple(columns.ignored),
    )


def _from_json(path: Path, text: str, mapping: dict[str, str], zone: tzinfo) -> ReadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise _fail(path, "not valid JSON: nested too deeply") from None
    if isinstance(data, dict):
        items = data.get("tickets")
        if not isinstance(items, list):
            raise _fail(path, 'a JSON object without a "tickets" list')
    elif isinstance(data, list):
        items = data
    else:
        raise _fail(path, 'expected a list of tickets or {"tickets": [...]}')
    builder = _Builder(zone)
    seen: dict[str, str] = {}
    ignored: set[str] = set()
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            builder.errors.append(
                RowError(position, "(ticket)", f"expected an object, got {type(item).__name__}")
            )
            continue
        keys = [str(key) for key in item]
        columns = _resolve(keys, mapping)
        for message in columns.errors:
            builder.errors.append(RowError(position, "(keys)", message))
        seen.update({name: header for name, header in columns.headers.items()})
        ignored.update(columns.ignored)
        values = {name: item[keys[index]] for name, index in columns.fields.items()}
        builder.add(position, values, present=set(values))
    builder.finish(path)
    return ReadResult(
        tickets=tuple(builder.tickets),
        source_format="json",
        columns=tuple((header, name) for name, header in sorted(seen.items())),
        ignored=tuple(sorted(ignored)),
    )


class _Builder:
    """Turns rows of field → cell into tickets, collecting every error on the way."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.tickets: list[TicketRecord] = []
        self.errors: list[RowError] = []
        self.numbers: dict[str, int] = {}

    def add(self, row: int, values: dict[str, object], *, present: set[str]) -> None:
        problems: list[RowError] = []

        def fail(column: str, message: str) -> None:
            problems.append(RowError(row, column, message))

        text: dict[str, str] = {}
        for name in _TEXT_FIELDS:
            try:
                text[name] = text_of(values.get(name))
            except ValueError as exc:
                fail(name, str(exc))
                text[name] = ""
        number = text["number"]
        if not number:
            fail("number", "missing" if "number" not in present else "empty")
        elif len(number) > MAX_NUMBER:
            fail("number", f"longer than {MAX_NUMBER} characters")
        elif number in self.numbers:
            fail("number", f"duplicate number {number!r} (first at row {self.numbers[number]})")
        else:
            self.numbers[number] = row
        title = text["title"] or text["symptom"].split("\n", 1)[0].strip()
        if not title:
            fail("title", "empty (and no symptom)")
        severity = self._word(values, "severity", severity_of, present, fail)
        status = self._word(values, "status", status_of, present, fail)
        root_cause = ""
        raw_cause = self._text(values, "root_cause", fail)
        if raw_cause:
            found = root_cause_of(raw_cause)
            if found is None:
                fail(
                    "root_cause",
                    f"unknown value {raw_cause!r} (expected one of {', '.join(ROOT_CAUSES)})",
                )
            root_cause = found or ""
        opened = self._when(values, "opened", present, fail, required=True)
        closed = self._when(values, "closed", present, fail, required=False)
        if opened is not None and closed is not None and closed < opened:
            fail("closed", f"{closed.isoformat()} is before opened {opened.isoformat()}")
        progress: tuple[ProgressRecord, ...] = ()
        try:
            progress = parse_progress(_none_if_blank(values.get("progress")), self.zone)
        except ValueError as exc:
            fail("progress", str(exc))
        if problems or severity is None or status is None or opened is None:
            self.errors.extend(problems)
            return
        self.tickets.append(
            TicketRecord(
                number=number,
                title=title,
                severity=severity,
                status=status,
                opened=opened,
                closed=closed,
                description=text["description"],
                product=text["product"],
                model=text["model"],
                hostname=text["hostname"],
                category=text["category"],
                symptom=text["symptom"],
                owner=text["owner"],
                reporter=text["reporter"],
                root_cause=root_cause,
                root_cause_text=text["root_cause_text"],
                advice=text["advice"],
                progress=progress,
                row=row,
            )
        )

    @staticmethod
    def _text(values: dict[str, object], name: str, fail: _Fail) -> str:
        try:
            return text_of(values.get(name))
        except ValueError as exc:
            fail(name, str(exc))
            return ""

    def _word(
        self,
        values: dict[str, object],
        name: str,
        lookup: _Lookup,
        present: set[str],
        fail: _Fail,
    ) -> str | None:
        raw = self._text(values, name, fail)
        if not raw:
            fail(name, "missing" if name not in present else "empty")
            return None
        found = lookup(raw)
        if found is None:
            fail(name, f"unknown value {raw!r}")
        return found

    def _when(
        self,
        values: dict[str, object],
        name: str,
        present: set[str],
        fail: _Fail,
        *,
        required: bool,
    ) -> datetime | None:
        value = _none_if_blank(values.get(name))
        if value is None:
            if required:
                fail(name, "missing" if name not in present else "empty")
            return None
        try:
            return parse_when(value, self.zone)
        except ValueError as exc:
            fail(name, str(exc))
            return None

    def finish(self, path: Path) -> None:
        if self.errors:
            raise TicketFileError(path, sorted(self.errors, key=lambda e: e.row))


def _none_if_blank(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value
