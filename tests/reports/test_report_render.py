"""render/render_all: dispatch, atomic writes, numbering shared by every format."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from PIL import Image as PILImage
from pypdf import PdfReader

from netcare.reports.engine import (
    FORMATS,
    Document,
    Image,
    KeyValue,
    Meta,
    PageBreak,
    Paragraph,
    Section,
    render,
    render_all,
)
from netcare.reports.engine.labels import appendix_letter, label, long_date
from netcare.reports.engine.outline import build_outline


def _small() -> Document:
    return Document(
        Meta("Acme", "Risk notice", "2025-04", "V1", "Wang Lei", "Li Na", date(2025, 4, 1), "en"),
        [Section("Advisory", [Paragraph("Two devices are affected.")], [Section("Impact")])],
        appendix=[Section("Method"), Section("Sources")],
    )


def test_render_all_writes_four_readable_files(tmp_path: Path) -> None:
    files = render_all(_small(), tmp_path / "out", "risk-notice")
    assert set(files) == set(FORMATS)
    for fmt, path in files.items():
        assert path == tmp_path / "out" / f"risk-notice.{fmt}"
        assert path.stat().st_size > 0
        # Same permissions as any file the process writes (not a temp file's 0600).
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"risk-notice.{f}" for f in FORMATS
    )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_render_rejects_unknown_format_and_odd_basename(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown report format 'odt'"):
        render(_small(), "odt", tmp_path / "x.odt")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="plain file name"):
        render_all(_small(), tmp_path, "../escape")
    assert list(tmp_path.iterdir()) == []


def test_outline_numbers_sections_and_appendices() -> None:
    outline = build_outline(_small())
    numbers = [(h.number, h.text("en")) for h in outline.headings()]
    assert numbers == [
        ("1", "1 Advisory"),
        ("1.1", "1.1 Impact"),
        ("A", "Appendix A Method"),
        ("B", "Appendix B Sources"),
    ]
    assert not outline.needs_toc
    assert outline.confidentiality.startswith("Confidential")


def test_labels() -> None:
    assert label("page_n", "zh", n=3) == "第 3 页"
    assert label("page_n_of_m", "en", n=2, m=9) == "Page 2 of 9"
    assert label("confidential", "zh").startswith("机密")
    assert long_date(date(2025, 3, 31), "zh") == "2025年3月31日"
    assert long_date(date(2025, 3, 31), "en") == "31 March 2025"
    assert [appendix_letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]
    with pytest.raises(KeyError):
        label("no_such_label", "zh")  # type: ignore[arg-type]


def test_engine_renders_without_django(tmp_path: Path) -> None:
    """Render every format in a fresh interpreter and check Django was never imported."""
    script = (
        "import sys; from pathlib import Path\n"
        "from netcare.reports.engine import render_all\n"
        "from netcare.reports.engine.sample import sample_document\n"
        f"render_all(sample_document('en', 5), Path({str(tmp_path)!r}), 'r')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=300,
    )
    assert done.stdout.strip() == "[]"
    assert len(list(tmp_path.glob("r.*"))) == 4


def test_pictures_key_values_and_page_breaks_in_every_format(tmp_path: Path) -> None:
    png, jpeg = io.BytesIO(), tmp_path / "rack.jpg"
    PILImage.new("RGB", (400, 200), "#1F4E79").save(png, format="PNG")
    PILImage.new("RGB", (3000, 1500), "#ED7D31").save(jpeg, format="JPEG")
    document = Document(
        Meta("江南银行", "巡检报告", "2025 Q1", "V1", "王磊", "李娜", date(2025, 4, 1)),
        [
            Section("拓扑", [Image(png.getvalue(), "核心拓扑"), PageBreak(), Image(jpeg, "机柜")]),
            Section(
                "设备", [KeyValue([("主机名", "core-sw-01"), ("运行时间（天）", 412)], "身份")]
            ),
        ],
    )
    files = render_all(document, tmp_path / "out", "inspection")
    word = open_docx(str(files["docx"]))
    assert len(word.inline_shapes) == 2
    # A picture wider than the chart width is scaled down to fit the text block.
    assert max(shape.width for shape in word.inline_shapes) <= 15 * 360000
    html = files["html"].read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "data:image/jpeg;base64," in html
    assert "图 2 机柜" in html and "<th>主机名</th><td>core-sw-01</td>" in html
    reader = PdfReader(files["pdf"])
    assert len(reader.pages) == 3  # cover, picture 1, page break, picture 2 + sheet
    assert "core-sw-01" in reader.pages[2].extract_text()
