"""Which proposal files are accepted (plain Python, no database)."""

from __future__ import annotations

import io
import zipfile

import pytest

from netcare.consulting.files import FileRefused, check_proposal, clean_name


def _ooxml() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("方案.pdf", b"%PDF-1.4\n", "pdf"),
        ("C:\\Users\\li\\设计.DOCX", _ooxml(), "docx"),
        ("slides.pptx", _ooxml(), "pptx"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"),
        ("notes.md", "# 标题\n".encode(), "md"),
    ],
)
def test_accepted(name: str, data: bytes, kind: str) -> None:
    assert check_proposal(name, data).file_type == kind


def test_folders_and_odd_characters_are_dropped_from_the_name() -> None:
    assert clean_name("../../etc/pass<wd>.txt") == "pass_wd_.txt"
    assert clean_name("a" * 200 + ".pdf").endswith(".pdf")
    assert len(clean_name("a" * 200 + ".pdf")) == 120


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("zip.docx", b"PK\x05\x06" + b"\x00" * 18, "has no Office content types"),
        ("legacy.xls", b"%PDF-1.4", "not an Office 97"),
        ("t.txt", b"a\x00b", "binary data"),
        ("big.pdf", b"%PDF" + b"x" * 20, "big.pdf is 24 bytes; proposals up to 10 bytes"),
    ],
)
def test_refused(name: str, data: bytes, says: str) -> None:
    with pytest.raises(FileRefused, match=says):
        check_proposal(name, data, max_bytes=10 if name == "big.pdf" else None)
