"""``{% chart c %}``: a report-engine ``Chart`` drawn on a page as inline SVG, with its
caption and one-line reading — the same chart the Word and PDF reports carry."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from netcare.reports.engine import Chart
from netcare.reports.engine.charts import render_chart_svg

register = template.Library()


@register.simple_tag
def chart(value: Chart | None) -> SafeString | str:
    """The chart as a figure (nothing when there is no chart to draw)."""
    if value is None or not value.categories or not value.series:
        return ""
    svg = mark_safe(render_chart_svg(value))  # noqa: S308 (matplotlib writes escaped XML)
    return format_html(
        '<figure class="chart-figure">{}<figcaption><strong>{}</strong> {}</figcaption></figure>',
        svg,
        value.caption,
        value.reading,
    )
