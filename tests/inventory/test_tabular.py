"""Reading spreadsheets without Django: encodings, XLSX, headers, aliases, row numbers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.inventory import tabular
from netcare.inventory.tabular import FileRefused, read_table

DATA = Path(__file__).parents[1] / "data" / "inventory"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("devices-utf8.csv", "utf-8"),
        ("devices-utf8-bom.csv", "utf-8-sig"),
        ("devices-gbk.csv", "gb18030"),
    ],
)
def test_csv_encodings_and_header_languages(name: str, encoding: str) -> None:
    table = read_table(name, (DATA / name).read_bytes())
    assert table.encoding == encoding
    assert {"hostname", "management_address", "platform", "site", "role"} <= set(table.columns)
    assert table.rows[0].number == 2  # the header is row 1, as the spreadsheet shows it
    assert table.rows[0].values["hostname"] == "ECCB-ZJ-CORE-01"
    assert table.rows[0].values["software_version"] == "7.1.070, Release 7585P05"


def test_gbk_headers_keep_the_users_spelling() -> None:
    table = read_table("x.csv", (DATA / "devices-gbk.csv").read_bytes())
    assert table.header_of("hostname") == "设备名称"
    assert table.header_of("management_address") == "管理地址"
    assert table.header_of("credential") is None


def test_utf16_tab_separated_as_excel_unicode_text() -> None:
    text = "主机名\t管理IP\t平台\nA-01\t10.0.0.1\t华为\n"
    table = read_table("x.txt", text.encode("utf-16"))
    assert table.encoding == "utf-16"
    assert table.rows[0].values == {
        "hostname": "A-01",
        "management_address": "10.0.0.1",
        "platform": "华为",
    }


def test_xlsx_numbers_become_plain_text_and_title_rows_are_skipped() -> None:
    data = _xlsx(
        [
            ["华东城市商业银行 设备清单"],
            [],
            ["主机名", "管理地址", "平台", "SSH端口", "序列号"],
            ["A-01", "10.0.0.1", "H3C", 22, 210235],
            [None, None, None, None, None],
            ["A-02", "10.0.0.2", "H3C", 22.0, "X"],
        ]
    )
    table = read_table("devices.xlsx", data)
    assert table.encoding == "xlsx" and table.header_row == 3
    assert [(r.number, r.values["ssh_port"], r.values["serial"]) for r in table.rows] == [
        (4, "22", "210235"),
        (6, "22", "X"),
    ]


def test_blank_lines_keep_row_numbers_and_multiline_cells_are_one_row() -> None:
    text = 'hostname,ip,model\nA,10.0.0.1,"two\nlines"\n\n,,\nB,10.0.0.2,m\n'
    table = read_table("x.csv", text.encode())
    assert [(r.number, r.values["hostname"]) for r in table.rows] == [(2, "A"), (5, "B")]
    assert table.rows[0].values["model"] == "two\nlines"


def test_semicolon_separated_and_unknown_columns_are_listed() -> None:
    text = "Host Name;Mgmt-IP;Platform;Rack\nA;10.0.0.1;ios;R1\n"
    table = read_table("x.csv", text.encode())
    assert table.rows[0].values["management_address"] == "10.0.0.1"
    assert table.ignored_headers == ["Rack"]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "x.csv", "empty"),
        (b"\x80\x81\xff\xfe\x00garbage\xff", "x.csv", "not_text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xls", "xls"),
        (b"PK\x03\x04 not really a zip", "x.xlsx", "xlsx_unreadable"),
        (b"this is not a spreadsheet", "notes.xlsx", "xlsx_unreadable"),
        (b"a,b,c\n1,2,3\n", "x.csv", "no_header"),
        (b"hostname,ip,host\nA,10.0.0.1,B\n", "x.csv", "duplicate_column"),
    ],
)
def test_whole_file_refusals(data: bytes, name: str, code: str) -> None:
    with pytest.raises(FileRefused) as caught:
        read_table(name, data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "slug", "exact"),
    [
        ("hp_comware", "hp_comware", True),
        ("H3C", "hp_comware", False),
        ("Comware", "hp_comware", False),
        ("华为", "huawei_vrp", False),
        ("Huawei VRP", "huawei_vrp", False),
        ("IOS-XE", "cisco_xe", False),
        ("ios xe", "cisco_xe", False),
        ("NX-OS", "cisco_nxos", False),
        ("Cisco IOS", "cisco_ios", False),
        ("Junos", "juniper_junos", False),
        ("Arista EOS", "arista_eos", False),
    ],
)
def test_platform_aliases(value: str, slug: str, exact: bool) -> None:
    match = tabular.resolve_platform(value)
    assert (match.slug, match.exact) == (slug, exact)


def test_ambiguous_and_unknown_platforms() -> None:
    assert tabular.resolve_platform("Cisco").candidates == ("cisco_ios", "cisco_xe", "cisco_nxos")
    unknown = tabular.resolve_platform("RouterOS")
    assert unknown.slug is None and unknown.candidates == ()


@pytest.mark.parametrize(
    ("value", "port"),
    [("22", 22), ("22.0", 22), (" 2222 ", 2222), ("0", None), ("65536", None), ("ssh", None)],
)
def test_ports(value: str, port: int | None) -> None:
    assert tabular.parse_port(value) == port


def test_role_and_status_aliases() -> None:
    assert tabular.resolve_role("核心") == "core"
    assert tabular.resolve_role("Data-Center") == "data_center"
    assert tabular.resolve_status("退网") == "decommissioned"
    assert tabular.resolve_role("spine") is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_any_bytes_read_or_refused_never_crash(data: bytes, name: str) -> None:
    try:
        table = read_table(name, data)
    except FileRefused:
        return
    assert all(row.number > table.header_row for row in table.rows)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(
                st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
            ),
            min_size=3,
            max_size=3,
        ),
        max_size=8,
    )
)
def test_written_csv_reads_back(rows: list[list[str]]) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["hostname", "management address", "model"])
    writer.writerows(rows)
    table = read_table("x.csv", buffer.getvalue().encode("utf-8"))
    expected = [
        [c.replace("\u00a0", " ").replace("\u200b", "").strip() for c in row] for row in rows
    ]
    got = [
        [r.values["hostname"], r.values["management_address"], r.values["model"]]
        for r in table.rows
    ]
    assert got == [row for row in expected if any(row)]
