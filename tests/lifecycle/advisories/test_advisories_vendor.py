"""NetCare's vendor bulletin format (docs/advisory-formats.md), CSV and XLSX."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from netcare.lifecycle.advisories import AdvisoryFormatError, AffectedRange, read_file

HEADER = [
    "id",
    "kind",
    "vendor",
    "product",
    "platform",
    "models",
    "title",
    "severity",
    "cvss",
    "cves",
    "affected",
    "fixed",
    "features",
    "feature_text",
    "published",
]
ROW = [
    "HWPSIRT-2024-0001",
    "vulnerability",
    "Huawei",
    "S5700",
    "",
    "",
    "SSH server denial of service",
    "",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
    "CVE-2024-00001; CVE-2024-00002",
    ">=V200R019C00 <V200R019C10SPC500; =V200R020C00",
    "V200R019C10SPC500",
    "ssh_server|telnet_server",
    "SSH or Telnet server enabled",
    "2024-05-06",
]


def write_csv(tmp_path: Path, rows: list[list[str]], name: str = "bulletins.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_english_csv(tmp_path: Path) -> None:
    (adv,) = read_file(write_csv(tmp_path, [HEADER, ROW]))
    assert (adv.key, adv.kind, adv.source_format) == (
        "HWPSIRT-2024-0001",
        "vulnerability",
        "vendor",
    )
    assert adv.cves == ("CVE-2024-00001", "CVE-2024-00002")
    assert (adv.cvss_score, adv.severity) == (7.5, "high")  # from the vector
    assert adv.published == date(2024, 5, 6)
    assert adv.feature is not None
    assert adv.feature.any_of == ("ssh_server", "telnet_server")
    (item,) = adv.products
    assert (item.platforms, item.models) == (("huawei_vrp",), ("S5700*",))  # via the product map
    assert item.ranges == (
        AffectedRange(
            raw=">=V200R019C00 <V200R019C10SPC500",
            introduced="V200R019C00",
            fixed="V200R019C10SPC500",
        ),
        AffectedRange(raw="=V200R020C00", exact="V200R020C00"),
    )
    assert item.fixed_versions == ("V200R019C10SPC500",)


def test_chinese_headers_and_rows_of_one_id(tmp_path: Path) -> None:
    header = ["编号", "类型", "厂商", "产品", "平台", "型号", "标题", "严重性", "影响版本", "特性"]
    rows = [
        header,
        [
            "NC-1",
            "缺陷",
            "H3C",
            "S6800",
            "hp_comware",
            "S6800-54QF",
            "IRF 分裂",
            "高",
            "<R2630",
            "stacking",
        ],
        ["NC-1", "缺陷", "H3C", "S6850", "hp_comware", "", "IRF 分裂", "高", "<R6635", "stacking"],
    ]
    (adv,) = read_file(write_csv(tmp_path, rows))
    assert (adv.kind, adv.severity) == ("bug", "high")
    first, second = adv.products
    assert (first.product, first.models, first.ranges[0].fixed) == (
        "S6800",
        ("S6800-54QF",),
        "R2630",
    )
    assert (second.product, second.models) == ("S6850", ("S6850*",))


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([*ROW[:8], 7.5, *ROW[9:14], date(2024, 5, 6)])
    path = tmp_path / "bulletins.xlsx"
    book.save(path)
    (adv,) = read_file(path)
    assert (adv.cvss_score, adv.published) == (7.5, date(2024, 5, 6))


def test_gb18030_csv_as_chinese_excel_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "编号,类型,厂商,产品,标题,影响版本\nNC-2,公告,华为,S5700,风险提示,*\n".encode("gb18030")
    )
    (adv,) = read_file(path)
    assert (adv.kind, adv.products[0].platforms) == ("bulletin", ("huawei_vrp",))
    assert adv.products[0].ranges == (AffectedRange(raw="*"),)


@pytest.mark.parametrize(
    ("column", "value", "field", "words"),
    [
        ("features", "ssh_server|warp_drive", "row 2: features", "unknown feature 'warp_drive'"),
        ("published", "06/05/2024", "row 2: published", "not a date"),
        ("platform", "cisco_iosxr", "row 2: platform", "unknown platform"),
        ("affected", ">=A >=B", "row 2: affected", "two lower bounds"),
        ("cvss", "eleven", "row 2: cvss", "neither a score"),
        ("cves", "CVE-2024-1; hello", "row 2: cves", "not CVE ids"),
        ("kind", "rumour", "row 2: kind", "is not one of"),
        ("severity", "apocalyptic", "row 2: severity", "is not critical"),
        ("title", "", "row 2: title", "empty"),
    ],
)
def test_bad_cell_names_row_and_column(
    tmp_path: Path, column: str, value: str, field: str, words: str
) -> None:
    row = list(ROW)
    row[HEADER.index(column)] = value
    path = write_csv(tmp_path, [HEADER, row])
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(path)
    assert caught.value.path == path
    assert caught.value.field == field
    assert words in caught.value.message


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write_csv(tmp_path, [[*HEADER, "colour"], [*ROW, "blue"]]))
    assert caught.value.field == f"row 1: column {len(HEADER) + 1}"
    assert "unknown column 'colour'" in caught.value.message
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write_csv(tmp_path, [["id", "affected", "title"], ["x", "*", "t"]], "b.csv"))
    assert caught.value.field == "row 1"
    assert "missing column(s): kind, vendor, product" in caught.value.message


def test_later_bad_row_is_named(tmp_path: Path) -> None:
    bad = list(ROW)
    bad[0] = "HWPSIRT-2024-0002"
    bad[HEADER.index("fixed")] = "V1"
    bad[HEADER.index("affected")] = ""
    with pytest.raises(AdvisoryFormatError) as caught:
        read_file(write_csv(tmp_path, [HEADER, ROW, ["", ""], bad]))
    assert caught.value.field == "row 4: affected"
