"""The HTML file is self-contained: no URL leaves the file."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from netcare.reports.engine import Format
from netcare.reports.engine.html import text


def test_no_external_url_of_any_kind(
    zh_files: dict[Format, Path], en_files: dict[Format, Path]
) -> None:
    for files in (zh_files, en_files):
        html = files["html"].read_text(encoding="utf-8")
        assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:|//|file:)", html, re.I)
        assert "url(" not in html  # no fonts or images pulled in by CSS
        for attr, value in re.findall(r"\b(src|href)=\"([^\"]*)\"", html):
            assert value.startswith("data:" if attr == "src" else "#"), value[:40]


def test_charts_are_embedded_pngs(zh_files: dict[Format, Path]) -> None:
    html = zh_files["html"].read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2
    assert all(base64.b64decode(i).startswith(b"\x89PNG\r\n\x1a\n") for i in images)
    assert "图 1 主要服务项目配额使用情况" in html and "解读：" in html


def test_same_structure_as_the_other_formats(zh_files: dict[Format, Path]) -> None:
    html = zh_files["html"].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "<h2>1 合同与期限</h2>" in html and "<h3>4.1 活动记录</h3>" in html
    assert "<h2>附录 A 方法与数据来源</h2>" in html
    assert html.count("<thead>") == 3 and html.count("ACT-2025") == 80
    assert '<td class="num">0.50</td>' in html
    assert 'class="tone-high"' in html  # "高" priority / "延期" status coloured
    assert '<nav class="toc">' in html


def test_text_is_escaped_and_chinese_marked_in_english_documents() -> None:
    assert text("<b>A&B</b>", "zh") == "&lt;b&gt;A&amp;B&lt;/b&gt;"
    assert (
        text("Customer 江南银行 (HQ)", "en") == 'Customer <span lang="zh-CN">江南银行</span> (HQ)'
    )
    assert text("江南银行", "zh") == "江南银行"
