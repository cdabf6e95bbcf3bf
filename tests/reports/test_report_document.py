"""The document model refuses what cannot be rendered, and says exactly where."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from netcare.reports.engine import (
    Chart,
    Column,
    Document,
    DocumentError,
    Image,
    KeyValue,
    Meta,
    Paragraph,
    Section,
    Series,
    Table,
    render,
)
from netcare.reports.engine.formatting import display_width, format_cell, format_number

META = Meta(
    customer="江南银行",
    report_title="巡检报告",
    period="2025 Q1",
    version="V1.0",
    author="王磊",
    reviewer="李娜",
    date=date(2025, 4, 2),
)


def _chart(**changes: object) -> Chart:
    values: dict[str, object] = {
        "kind": "bar",
        "categories": ["a", "b"],
        "series": [Series("s", [1, 2])],
        "caption": "配额",
        "reading": "b is twice a",
    }
    values.update(changes)
    return Chart(**values)  # type: ignore[arg-type]


def test_chart_without_reading_names_the_chart() -> None:
    with pytest.raises(DocumentError, match=r"chart '配额' has no reading"):
        _chart(reading="  ")


def test_chart_reading_must_be_one_line() -> None:
    with pytest.raises(DocumentError, match="one line"):
        _chart(reading="first line\nsecond line")


def test_chart_series_must_match_categories() -> None:
    with pytest.raises(DocumentError, match=r"series 's' has 1 values for 2 categories"):
        _chart(series=[Series("s", [1])])


def test_pie_takes_one_series_of_non_negative_values() -> None:
    with pytest.raises(DocumentError, match="exactly one series"):
        _chart(kind="pie", series=[Series("x", [1, 2]), Series("y", [3, 4])])
    with pytest.raises(DocumentError, match="non-negative"):
        _chart(kind="pie", series=[Series("x", [1, -2])])


def test_unknown_chart_kind() -> None:
    with pytest.raises(DocumentError, match="kind 'radar'"):
        _chart(kind="radar")


def test_table_row_of_wrong_width_names_caption_and_row_index() -> None:
    with pytest.raises(DocumentError) as caught:
        Table("合同服务项目", [Column("a"), Column("b")], [["x", 1], ["only one"]])
    assert caught.value.problems == ["table '合同服务项目' row 1 has 1 cells, expected 2"]


def test_table_cell_of_unknown_type_names_column() -> None:
    with pytest.raises(DocumentError, match=r"row 0 column 'b': dict is not a text"):
        Table("t", [Column("a"), Column("b")], [["x", {"no": 1}]])  # type: ignore[list-item]


def test_table_rejects_non_finite_numbers_and_bad_formats() -> None:
    with pytest.raises(DocumentError, match="not finite"):
        Table("t", [Column("a")], [[float("nan")]])
    with pytest.raises(DocumentError, match=r"number_format '0\.0x'"):
        Table("t", [Column("a", number_format="0.0x")], [[1]])
    with pytest.raises(DocumentError, match="width must be a positive"):
        Table("t", [Column("a", width=0)], [[1]])


def test_table_reports_every_problem_at_once() -> None:
    with pytest.raises(DocumentError) as caught:
        Table("t", [Column("a")], [[1, 2], [], ["ok"], [3, 4]])
    assert [p.split(" has")[0] for p in caught.value.problems] == [
        "table 't' row 0",
        "table 't' row 1",
        "table 't' row 3",
    ]


def test_meta_fields_are_required() -> None:
    with pytest.raises(DocumentError, match=r"meta\.customer is empty"):
        Document(replace(META, customer=""), [Section("s", [Paragraph("x")])])
    with pytest.raises(DocumentError, match=r"meta\.language"):
        Document(replace(META, language="fr"), [Section("s")])  # type: ignore[arg-type]


def test_document_needs_sections_and_shallow_nesting() -> None:
    with pytest.raises(DocumentError, match="no sections"):
        Document(META, [])
    deep = Section(
        "1", subsections=[Section("2", subsections=[Section("3", subsections=[Section("4")])])]
    )
    with pytest.raises(DocumentError, match="section '4' is nested deeper than 3"):
        Document(META, [deep])


def test_image_must_be_png_or_jpeg(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="not a PNG or JPEG"):
        Image(b"GIF89a....", "拓扑图")
    with pytest.raises(DocumentError, match="does not exist"):
        Image(tmp_path / "missing.png", "拓扑图")


def test_key_value_needs_labels() -> None:
    with pytest.raises(DocumentError, match="pair 0 needs a label"):
        KeyValue([("", "x")])


def test_render_revalidates_lists_mutated_after_construction(tmp_path: Path) -> None:
    rows: list[list[object]] = [["x"]]
    table = Table("可变", [Column("a")], rows)  # type: ignore[arg-type]
    document = Document(META, [Section("s", [table])])
    rows.append(["y", "surplus"])
    with pytest.raises(DocumentError, match="table '可变' row 1 has 2 cells"):
        render(document, "html", tmp_path / "x.html")
    assert not list(tmp_path.iterdir())


def test_number_formats_match_excel() -> None:
    assert format_number(1234.5, "#,##0.00") == "1,234.50"
    assert format_number(0.255, "0%") == "26%"  # Excel rounds half away from zero
    assert format_number(2.5, "0") == "3"
    assert format_number(Decimal("0.1234"), "0.0%") == "12.3%"
    assert format_number(7, None) == "7"
    assert format_number(2.0, None) == "2"
    assert format_number(1 / 3, None) == "0.33"
    assert format_cell(date(2025, 1, 2)) == "2025-01-02"
    assert format_cell(None) == ""
    assert display_width("ab服务") == 6
