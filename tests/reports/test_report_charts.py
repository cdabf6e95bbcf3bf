"""Charts: PNG bytes from every kind, Chinese glyphs from the local CJK font."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from PIL import Image as PILImage

from netcare.reports.engine import Chart, FontNotFoundError, Series, fonts
from netcare.reports.engine.charts import cjk_family, render_chart

CATEGORIES = ["严重", "高", "中", "低"]


@pytest.mark.parametrize("kind", ["bar", "stacked_bar", "pie", "line"])
def test_every_kind_renders_chinese_without_missing_glyphs(kind: str) -> None:
    series = [Series("本期", [3, 5, 8, 2])]
    if kind in ("bar", "stacked_bar", "line"):
        series.append(Series("上期", [4, 6, 5, 1]))
    chart = Chart(kind, CATEGORIES, series, "风险按严重程度分布", "本期高风险较上期减少一项。")  # type: ignore[arg-type]
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font(s)" when it falls back to boxes.
        warnings.simplefilter("error")
        png = render_chart(chart)
    picture = PILImage.open(io.BytesIO(png))
    assert picture.format == "PNG"
    assert picture.size == (1181, 669)  # 15 cm × 8.5 cm at 200 dpi


def test_font_is_registered_from_the_noto_cjk_file() -> None:
    assert "CJK" in cjk_family()
    assert fonts.cjk_font().name.startswith("NotoSansCJK")


def test_missing_font_names_the_debian_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "_FONT_DIRS", ())
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
            fonts.cjk_font()
    finally:
        fonts.cjk_font.cache_clear()


def test_font_directory_from_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "NotoSansCJKsc-Regular.otf").write_bytes(b"OTTO")
    monkeypatch.setenv(fonts.FONT_DIR_ENV, str(tmp_path))
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font() == tmp_path / "NotoSansCJKsc-Regular.otf"
        assert fonts.cjk_font(bold=True) == tmp_path / "NotoSansCJKsc-Regular.otf"
    finally:
        fonts.cjk_font.cache_clear()
