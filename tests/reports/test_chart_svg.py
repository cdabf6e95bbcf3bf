"""Charts on pages are inline SVG drawn by NetCare itself: no script, no CDN, the text
kept as text (so Chinese labels are real characters) and scaled to the page."""

from __future__ import annotations

from netcare.reports.engine import Chart, Series
from netcare.reports.engine.charts import render_chart_svg


def test_a_chart_is_an_inline_scalable_svg_with_its_labels_as_text() -> None:
    chart = Chart(
        kind="line",
        categories=["#1 03-01", "#2 06-01", "#3 09-01"],
        series=[Series("健康度", [71.5, 80.0, 88.25]), Series("严重隐患", [4.0, 2.0, 1.0])],
        caption="健康度趋势 <&>",
        reading="健康度从 71.5 变为 88.25。",
    )
    svg = render_chart_svg(chart)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    head = svg.split(">", 1)[0]
    assert "viewBox=" in head and ' width="' not in head and ' height="' not in head
    assert 'aria-label="健康度趋势 &lt;&amp;&gt;"' in head
    assert "健康度" in svg and "#3 09-01" in svg
    assert "<script" not in svg and "<metadata" not in svg
    assert "http://" not in svg.replace("http://www.w3.org/", "")
