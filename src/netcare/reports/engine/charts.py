"""Charts to PNG bytes with matplotlib, in the house style, Chinese labels included.

We use matplotlib's object API (``Figure`` + Agg canvas) rather than ``pyplot``: no
display is needed, nothing is kept in pyplot's global figure list between renders (a
long-running worker would otherwise leak figures), and no GUI backend is ever chosen.
The caption and reading are not drawn into the picture; each format sets them as text
so they stay searchable and translatable.
"""

from __future__ import annotations

import io
import re
import threading
from functools import cache
from html import escape
from typing import Any

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from . import style
from .document import Chart
from .fonts import cjk_font
from .formatting import display_width

DPI = 200
_SIZE_IN = (style.CHART_WIDTH_CM / 2.54, 8.5 / 2.54)

# rc_context changes process-wide settings; matplotlib is not thread-safe, so renders
# in a threaded worker take turns.
_LOCK = threading.Lock()


@cache
def cjk_family() -> str:
    """Register the local Noto CJK files with matplotlib once; return the family name.

    Registering by file path (rather than trusting matplotlib's font cache) makes the
    chart independent of when the cache was built. A ``.ttc`` collection registers all
    its faces; we pick the Simplified Chinese one so glyph shapes match zh-CN usage.
    """
    paths = {cjk_font(bold=False), cjk_font(bold=True)}
    for path in paths:
        font_manager.fontManager.addfont(str(path))
    names = sorted(
        {f.name for f in font_manager.fontManager.ttflist if f.fname in {str(p) for p in paths}}
    )
    return next((n for n in names if n.endswith(" SC")), names[0])


def _rc() -> dict[RcKeyType, Any]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_family(), "DejaVu Sans"],
        "font.size": 9,
        "axes.edgecolor": f"#{style.RULE}",
        "axes.labelcolor": f"#{style.TEXT}",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": "#E5E5E5",
        "xtick.color": f"#{style.TEXT}",
        "ytick.color": f"#{style.TEXT}",
        "axes.unicode_minus": False,  # the CJK font lacks U+2212; use ASCII minus
        "svg.fonttype": "none",
    }


def _colours(count: int) -> list[str]:
    return [f"#{style.PALETTE[i % len(style.PALETTE)]}" for i in range(count)]


def _bars(ax: Axes, chart: Chart, stacked: bool) -> None:
    positions = list(range(len(chart.categories)))
    colours = _colours(len(chart.series))
    count = len(chart.series)
    width = 0.7 if stacked or count == 1 else 0.8 / count
    bottoms = [0.0] * len(positions)
    for index, (series, colour) in enumerate(zip(chart.series, colours, strict=True)):
        values = [float(v) for v in series.values]
        offset = 0.0 if stacked else (index - (count - 1) / 2) * width
        xs = [p + offset for p in positions]
        bars = ax.bar(
            xs, values, width, bottom=bottoms if stacked else None, label=series.name, color=colour
        )
        if not stacked and len(positions) * count <= 24:
            ax.bar_label(bars, fmt="%g", fontsize=7, padding=2)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if stacked and len(positions) <= 24:
        for x, total in zip(positions, bottoms, strict=True):
            ax.annotate(
                f"{total:g}",
                (x, total),
                ha="center",
                va="bottom",
                fontsize=7,
                xytext=(0, 2),
                textcoords="offset points",
            )
    ax.set_xticks(positions, list(chart.categories))


def _line(ax: Axes, chart: Chart) -> None:
    positions = list(range(len(chart.categories)))
    for series, colour in zip(chart.series, _colours(len(chart.series)), strict=True):
        ax.plot(
            positions,
            [float(v) for v in series.values],
            marker="o",
            markersize=3,
            linewidth=1.8,
            color=colour,
            label=series.name,
        )
    ax.set_xticks(positions, list(chart.categories))


def _pie(ax: Axes, chart: Chart) -> None:
    values = [float(v) for v in chart.series[0].values]
    ax.pie(
        values,
        labels=None,
        colors=_colours(len(values)),
        startangle=90,
        counterclock=False,
        autopct=lambda pct: f"{pct:.0f}%" if pct >= 4 else "",
        pctdistance=0.75,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
        textprops={"fontsize": 8, "color": "white"},
    )
    ax.set_aspect("equal")
    ax.grid(False)
    legend = [f"{c} ({v:g})" for c, v in zip(chart.categories, values, strict=True)]
    ax.legend(legend, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)


def _tidy_axes(ax: Axes, chart: Chart) -> None:
    longest = max(display_width(c) for c in chart.categories)
    if len(chart.categories) > 8 or longest * len(chart.categories) > 70:
        for tick in ax.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")
    if chart.x_label:
        ax.set_xlabel(chart.x_label)
    if chart.y_label:
        ax.set_ylabel(chart.y_label)
    ax.set_axisbelow(True)
    if len(chart.series) > 1:
        ax.legend(frameon=False, fontsize=8)


def _figure(chart: Chart) -> Figure:
    figure = Figure(figsize=_SIZE_IN, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    if chart.kind == "pie":
        _pie(ax, chart)
    else:
        if chart.kind == "line":
            _line(ax, chart)
        else:
            _bars(ax, chart, stacked=chart.kind == "stacked_bar")
        _tidy_axes(ax, chart)
    return figure


def render_chart(chart: Chart) -> bytes:
    """The chart as a PNG (200 dpi, 15 cm wide) ready to embed in any format."""
    with _LOCK, rc_context(_rc()):
        buffer = io.BytesIO()
        _figure(chart).savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def render_chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element for a web page: served by NetCare itself
    (no chart library, no CDN), text kept as text so the page's CJK font draws it, and
    scaled to its container. The caption and reading stay in the page's own markup."""
    with _LOCK, rc_context(_rc()):
        buffer = io.StringIO()
        _figure(chart).savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    # Fit the container: keep the viewBox, drop the fixed size in points.
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    return f'{head} role="img" aria-label="{escape(chart.caption)}" class="chart">{rest}'
