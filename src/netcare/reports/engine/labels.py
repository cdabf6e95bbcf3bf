"""The engine's own fixed words, in zh and en.

Report builders translate their own content; these are only the words the engine adds
around it (cover labels, "Contents", "Page N", caption prefixes). They live here rather
than in Django's gettext catalogues because the engine is pure Python and must render
the same words in a worker, a CLI or a benchmark without Django configured.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, TypeAlias

from .document import Language

LabelKey: TypeAlias = Literal[
    "contents",
    "contents_hint",
    "confidential",
    "page_n",
    "page_n_of_m",
    "author",
    "reviewer",
    "version",
    "period",
    "date",
    "customer",
    "report_title",
    "appendix",
    "appendix_n",
    "figure",
    "table",
    "reading",
    "summary",
    "tables",
    "sheet",
    "field",
    "value",
    "note",
]

_LABELS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "contents": ("目录", "Contents"),
    "contents_hint": (
        "目录页码在 Word 中更新域后显示。",
        "Page numbers appear once Word updates the fields.",
    ),
    "confidential": (
        "机密：仅限客户与服务团队内部使用，未经许可不得外传。",
        "Confidential: for the customer and the service team only; do not distribute.",
    ),
    "page_n": ("第 {n} 页", "Page {n}"),
    "page_n_of_m": ("第 {n} 页 / 共 {m} 页", "Page {n} of {m}"),
    "author": ("作者", "Author"),
    "reviewer": ("审核", "Reviewer"),
    "version": ("版本", "Version"),
    "period": ("周期", "Period"),
    "date": ("日期", "Date"),
    "customer": ("客户", "Customer"),
    "report_title": ("报告名称", "Report"),
    "appendix": ("附录", "Appendix"),
    "appendix_n": ("附录 {n}", "Appendix {n}"),
    "figure": ("图 {n}", "Figure {n}"),
    "table": ("表 {n}", "Table {n}"),
    "reading": ("解读：", "Reading: "),
    "summary": ("概要", "Summary"),
    "tables": ("表格清单", "Tables"),
    "sheet": ("工作表", "Sheet"),
    "field": ("项目", "Item"),
    "value": ("内容", "Value"),
    "note": ("注：", "Note: "),
}

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def label(key: LabelKey, lang: Language, **values: object) -> str:
    """The fixed word ``key`` in ``lang``, with ``{n}``-style placeholders filled in.

    An unknown key raises ``KeyError`` at once rather than printing a raw key into a
    customer's document.
    """
    zh, en = _LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text


def caption(kind: Literal["figure", "table"], number: int, text: str, lang: Language) -> str:
    """A numbered caption: "表 3 合同服务项目" or "Table 3 Contract service items"."""
    return f"{label(kind, lang, n=number)} {text}"


def long_date(value: date, lang: Language) -> str:
    """A date as people write it on a cover: "2025年3月31日" or "31 March 2025"."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def appendix_letter(index: int) -> str:
    """Appendix numbering A, B, … Z, AA, AB … for the ``index``-th (0-based) appendix."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
