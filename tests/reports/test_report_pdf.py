"""The PDF, read back with pypdf: text, pages, running header/footer, embedded font."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from netcare.reports.engine import Format
from netcare.reports.engine.pdf import OfflineURLFetcher, RemoteFetchRefused, _page_of


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_text_holds_title_customer_and_table_values(zh_files: dict[Format, Path]) -> None:
    pages = _pages(zh_files["pdf"])
    assert len(pages) > 1
    everything = "\n".join(pages)
    for text in (
        "服务权益说明",
        "江南银行股份有限公司",
        "前沿技术方案研讨",
        "ACT-20250080",
        "图 1 主要服务项目配额使用情况",
        "解读：",
        "附录 A 方法与数据来源",
    ):
        assert text in everything, text


def test_cover_is_bare_and_later_pages_have_header_and_footer(
    zh_files: dict[Format, Path],
) -> None:
    pages = _pages(zh_files["pdf"])
    total = len(pages)
    assert "第 1 页" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"第 {number} 页 / 共 {total} 页" in text, number
        assert "江南银行股份有限公司" in text and "2025-04-02" in text, number


def test_long_table_header_repeats_on_every_page_it_spans(zh_files: dict[Format, Path]) -> None:
    # Whitespace dropped: a header cell may wrap onto two lines.
    spanned = ["".join(t.split()) for t in _pages(zh_files["pdf"]) if "ACT-2025" in t]
    assert len(spanned) >= 2
    assert all("编号日期活动负责人优先级工时（人天）状态" in text for text in spanned)


def test_toc_lists_sections_with_page_numbers(zh_files: dict[Format, Path]) -> None:
    toc = _pages(zh_files["pdf"])[1]
    assert "目录" in toc and "4.1 活动记录" in toc
    assert any(
        line.startswith("1 合同与期限") and line.rstrip()[-1].isdigit() for line in toc.splitlines()
    )


def _fonts(path: Path) -> list[dict[str, Any]]:
    found = []
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            found.append(
                {
                    "name": str(font["/BaseFont"]),
                    "descriptor": descendant["/FontDescriptor"].get_object(),
                }
            )
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_embeds_the_cjk_font(
    lang: str, zh_files: dict[Format, Path], en_files: dict[Format, Path]
) -> None:
    path = (zh_files if lang == "zh" else en_files)["pdf"]
    cjk = [f for f in _fonts(path) if "CJK" in f["name"]]
    assert cjk, [f["name"] for f in _fonts(path)]
    assert all(
        any(k in f["descriptor"] for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in cjk
    )


def test_english_pdf(en_files: dict[Format, Path]) -> None:
    pages = _pages(en_files["pdf"])
    assert "Service entitlement statement" in pages[0]
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Table 3 Service activity log" in "\n".join(pages)


def test_fetcher_refuses_the_network_before_connecting() -> None:
    fetcher = OfflineURLFetcher()
    for url in (
        "http://example.invalid/x.png",
        "https://example.invalid/font.woff2",
        "ftp://example.invalid/a",
    ):
        with pytest.raises(RemoteFetchRefused, match="offline"):
            fetcher.fetch(url)


def test_a_remote_resource_stops_the_render(tmp_path: Path) -> None:
    html = HTML(
        string='<img src="https://example.invalid/logo.png">', url_fetcher=OfflineURLFetcher()
    )
    with pytest.raises(FatalURLFetchingError) as caught:
        html.write_pdf(tmp_path / "x.pdf")
    assert isinstance(caught.value.__cause__, RemoteFetchRefused)
    assert not (tmp_path / "x.pdf").exists()


def test_page_counter_css() -> None:
    assert _page_of("第 {n} 页 / 共 {m} 页") == (
        '"第 " counter(page) " 页 / 共 " counter(pages) " 页"'
    )
    assert _page_of("Page {n} of {m}") == '"Page " counter(page) " of " counter(pages)'
