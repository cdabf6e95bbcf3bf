"""Reading a device spreadsheet into rows: encodings, XLSX, header aliases, value aliases.

Plain Python with no Django import, so it can be fuzzed and benchmarked alone. It
knows how customers' spreadsheets look (Excel in China saves CSV as GB18030/GBK,
headers come in Chinese or English, platforms are written "H3C" or "华为") and turns
them into canonical field names and values; what the values mean for a customer
(sites, existing devices) is ``inventory.importing``'s business.

Errors are raised as ``FileRefused(code, detail)`` and returned as codes, never as
prose, so the Django layer can word them in the user's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Canonical field names of an import, in the order the format reference lists them.
FIELDS = (
    "hostname",
    "management_address",
    "platform",
    "model",
    "serial",
    "software_version",
    "site",
    "role",
    "status",
    "ssh_port",
    "credential",
)

#: Header spellings per field; compared after ``normalise`` (case, spaces, punctuation).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "hostname": ("hostname", "host name", "host", "device name", "主机名", "设备名称", "设备名"),
    "management_address": (
        "management address",
        "management ip",
        "mgmt address",
        "mgmt ip",
        "ip address",
        "ip",
        "管理地址",
        "管理ip",
        "管理ip地址",
        "ip地址",
    ),
    "platform": ("platform", "os", "平台", "操作系统"),
    "model": ("model", "device model", "型号", "设备型号"),
    "serial": ("serial", "serial number", "serial no", "sn", "序列号", "设备序列号"),
    "software_version": (
        "software version",
        "version",
        "os version",
        "软件版本",
        "版本",
        "版本号",
    ),
    "site": ("site", "location", "站点", "机房", "位置"),
    "role": ("role", "device role", "角色", "设备角色"),
    "status": ("status", "state", "状态"),
    "ssh_port": ("ssh port", "port", "ssh端口", "端口"),
    "credential": ("credential", "credentials", "login", "凭据", "登录凭据"),
}

#: Accepted platform slugs (the ntc-templates / netmiko names).
PLATFORMS = (
    "hp_comware",
    "huawei_vrp",
    "cisco_ios",
    "cisco_xe",
    "cisco_nxos",
    "juniper_junos",
    "arista_eos",
)

#: Vendor-ish platform spellings customers write, mapped to a slug.
PLATFORM_ALIASES: dict[str, str] = {
    **{slug: slug for slug in PLATFORMS},
    "h3c": "hp_comware",
    "comware": "hp_comware",
    "h3c comware": "hp_comware",
    "hp comware": "hp_comware",
    "hpe comware": "hp_comware",
    "comware5": "hp_comware",
    "comware7": "hp_comware",
    "华三": "hp_comware",
    "新华三": "hp_comware",
    "huawei": "huawei_vrp",
    "vrp": "huawei_vrp",
    "huawei vrp": "huawei_vrp",
    "vrp5": "huawei_vrp",
    "vrp8": "huawei_vrp",
    "华为": "huawei_vrp",
    "ios": "cisco_ios",
    "cisco ios": "cisco_ios",
    "ios xe": "cisco_xe",
    "iosxe": "cisco_xe",
    "cisco ios xe": "cisco_xe",
    "cisco xe": "cisco_xe",
    "nxos": "cisco_nxos",
    "nx os": "cisco_nxos",
    "cisco nx os": "cisco_nxos",
    "nexus": "cisco_nxos",
    "junos": "juniper_junos",
    "juniper": "juniper_junos",
    "juniper junos": "juniper_junos",
    "瞻博": "juniper_junos",
    "eos": "arista_eos",
    "arista": "arista_eos",
    "arista eos": "arista_eos",
}

#: Spellings that name a vendor with several platforms: refused, with the candidates.
AMBIGUOUS_PLATFORMS: dict[str, tuple[str, ...]] = {
    "cisco": ("cisco_ios", "cisco_xe", "cisco_nxos"),
    "思科": ("cisco_ios", "cisco_xe", "cisco_nxos"),
}

ROLE_ALIASES: dict[str, str] = {
    "core": "core",
    "核心": "core",
    "aggregation": "aggregation",
    "distribution": "aggregation",
    "汇聚": "aggregation",
    "access": "access",
    "接入": "access",
    "border": "border",
    "edge": "border",
    "边界": "border",
    "出口": "border",
    "firewall": "firewall",
    "fw": "firewall",
    "防火墙": "firewall",
    "wan": "wan",
    "广域网": "wan",
    "data center": "data_center",
    "datacenter": "data_center",
    "dc": "data_center",
    "数据中心": "data_center",
    "other": "other",
    "其他": "other",
    "其它": "other",
}

STATUS_ALIASES: dict[str, str] = {
    "active": "active",
    "in service": "active",
    "在网": "active",
    "在用": "active",
    "运行": "active",
    "spare": "spare",
    "备件": "spare",
    "备用": "spare",
    "decommissioned": "decommissioned",
    "retired": "decommissioned",
    "退网": "decommissioned",
    "下线": "decommissioned",
    "已退役": "decommissioned",
}

#: Rows a header may be preceded by (a title line, a blank line or two).
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t", "|")
MAX_ROWS = 20000
_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(Exception):
    """The file as a whole cannot be read. ``code`` names why; ``detail`` adds context.

    Codes: ``empty``, ``not_text`` (neither UTF-8 nor GB18030), ``xls`` (Excel 97-2003),
    ``xlsx_unreadable``, ``no_header``, ``duplicate_column``, ``too_many_rows``.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Column:
    """A recognised column: the field it feeds and the header text the user wrote."""

    field: str
    header: str
    index: int


@dataclass
class Row:
    """One data row: its number as the spreadsheet shows it, and its canonical values."""

    number: int
    values: dict[str, str]


@dataclass
class Table:
    """A read spreadsheet: which columns were recognised, the data rows, and how it was read."""

    columns: dict[str, Column]
    rows: list[Row]
    header_row: int
    encoding: str
    ignored_headers: list[str] = field(default_factory=list)

    def header_of(self, field_name: str) -> str | None:
        """The header text the user wrote for a field, or None if the file lacks it."""
        column = self.columns.get(field_name)
        return column.header if column is not None else None


def normalise(text: str) -> str:
    """Case-, space- and punctuation-blind form of a header or value ("Mgmt-IP" → "mgmtip")."""
    return re.sub(r"[\s_\-./()（）:：*#]+", "", text.casefold().replace("\ufeff", ""))


_HEADER_INDEX = {normalise(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}
_PLATFORM_INDEX = {normalise(a): slug for a, slug in PLATFORM_ALIASES.items()}
_AMBIGUOUS_INDEX = {normalise(a): c for a, c in AMBIGUOUS_PLATFORMS.items()}
_ROLE_INDEX = {normalise(a): v for a, v in ROLE_ALIASES.items()}
_STATUS_INDEX = {normalise(a): v for a, v in STATUS_ALIASES.items()}


def header_field(text: str) -> str | None:
    """The canonical field a header cell names, or None."""
    return _HEADER_INDEX.get(normalise(text))


@dataclass(frozen=True)
class PlatformMatch:
    """How a platform cell was understood: a slug (exact or via alias) or candidates."""

    slug: str | None
    exact: bool = False
    candidates: tuple[str, ...] = ()


def resolve_platform(value: str) -> PlatformMatch:
    """The platform slug a cell names ("H3C" → hp_comware); ambiguous or unknown → no slug."""
    key = normalise(value)
    if value.strip() in PLATFORMS:
        return PlatformMatch(value.strip(), exact=True)
    if key in _PLATFORM_INDEX:
        return PlatformMatch(_PLATFORM_INDEX[key])
    return PlatformMatch(None, candidates=_AMBIGUOUS_INDEX.get(key, ()))


def resolve_role(value: str) -> str | None:
    return _ROLE_INDEX.get(normalise(value))


def resolve_status(value: str) -> str | None:
    return _STATUS_INDEX.get(normalise(value))


def parse_port(value: str) -> int | None:
    """A TCP port from a cell ("22", "22.0" as Excel writes numbers), else None."""
    text = value.strip()
    if re.fullmatch(r"\d{1,5}(\.0+)?", text) is None:
        return None
    port = int(float(text))
    return port if 1 <= port <= 65535 else None


# --- reading files -----------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> Table:
    """Read a CSV (UTF-8 with/without BOM, UTF-16, GB18030/GBK) or XLSX file into a Table."""
    if not data.strip():
        raise FileRefused("empty")
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return _table(_xlsx_rows(data), "xlsx")
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise FileRefused("xls")
    text, encoding = decode_text(data)
    return _table(_csv_rows(text), encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding that read it; GB18030 (a superset of GBK) after UTF-8."""
    if data.startswith(_UTF8_BOM):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]  # Excel's "Unicode text"
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # binary data that happened to decode
        return text, encoding
    raise FileRefused("not_text")


def _delimiter(text: str) -> str:
    """The separator under which the first lines hold the best header (comma on a tie).

    Judged by the header, not by counting separators: data cells may hold any of
    them. csv.Sniffer also guesses quoting and gets it wrong on short files; only
    the separator varies in practice (comma, semicolon in European locales, tab
    from Excel's "Unicode text"), quoting is always Excel's.
    """
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        for cells in csv.reader(lines, delimiter=candidate):
            score = (len({header_field(c) for c in cells} - {None}), len(cells))
            if score > best_score:
                best, best_score = candidate, score
    return best


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text))
    try:
        # Record numbers, not line numbers: a quoted multi-line cell is one spreadsheet row.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise FileRefused("not_text", str(exc)) from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or foreign file
        raise FileRefused("xlsx_unreadable", f"{type(exc).__name__}: {exc}") from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileRefused("no_header")
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _clean(cell: str) -> str:
    return cell.replace("\u00a0", " ").replace("\u200b", "").strip()


def _find_header(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    """The first row naming the hostname column and one other known column."""
    for seen, (number, cells) in enumerate(rows):
        found = [header_field(c) for c in cells]
        if "hostname" in found and len([f for f in found if f]) >= 2:
            return number, cells
        if seen + 1 >= HEADER_SEARCH_ROWS:
            break
    raise FileRefused("no_header")


def _table(rows: Iterable[tuple[int, list[str]]], encoding: str) -> Table:
    iterator = iter(rows)
    header_row, header_cells = _find_header(iterator)
    columns: dict[str, Column] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header_cells):
        text = _clean(cell).replace("\ufeff", "")
        name = header_field(text)
        if name is None:
            if text:
                ignored.append(text)
            continue
        if name in columns:
            raise FileRefused("duplicate_column", f"{columns[name].header} / {text}")
        columns[name] = Column(name, text, index)
    table_rows: list[Row] = []
    for number, cells in iterator:
        values = {
            name: _clean(cells[col.index]) if col.index < len(cells) else ""
            for name, col in columns.items()
        }
        if not any(values.values()):
            continue  # blank lines between blocks are common; they keep their numbers
        if len(table_rows) >= MAX_ROWS:
            raise FileRefused("too_many_rows", str(MAX_ROWS))
        table_rows.append(Row(number, values))
    return Table(columns, table_rows, header_row, encoding, ignored)
