"""The streaming archive reader refuses every hostile or broken archive by name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from tests.collection.archives.badarchives import BAD, GOOD

from netcare.collection import archives


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_archive_is_refused_with_its_reason(tmp_path: Path, case: str) -> None:
    build, code = BAD[case]
    path = build(tmp_path)
    with pytest.raises(archives.ArchiveRefused) as refused:
        list(archives.iter_members(path))
    assert refused.value.code == code, refused.value


def test_zip_headers_are_checked_before_any_member_is_read(tmp_path: Path) -> None:
    path = BAD["zip_traversal"][0](tmp_path)
    reader = archives.iter_members(path)
    with pytest.raises(archives.ArchiveRefused):
        next(reader)  # the good first member is never handed out


def test_limits_on_count_and_size(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(5):
            archive.writestr(f"SW{i}.log", GOOD * (i + 1))
    with pytest.raises(archives.ArchiveRefused) as many:
        list(archives.iter_members(path, archives.Limits(max_members=3)))
    assert many.value.code == "too_many_members"
    with pytest.raises(archives.ArchiveRefused) as large:
        list(archives.iter_members(path, archives.Limits(max_member_bytes=len(GOOD) * 2)))
    assert large.value.code == "member_too_large"
    with pytest.raises(archives.ArchiveRefused) as total:
        list(archives.iter_members(path, archives.Limits(max_total_bytes=len(GOOD) * 5)))
    assert total.value.code == "total_too_large"
    assert len(list(archives.iter_members(path))) == 5


def test_windows_gbk_member_names_and_backslashes(tmp_path: Path) -> None:
    path = tmp_path / "gbk.zip"
    raw = "巡检\\核心交换机.log".encode("gbk")
    placeholder = "N" * len(raw)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(placeholder, GOOD)
    # A Chinese Windows zip tool: GBK bytes without the UTF-8 flag, backslash separators.
    path.write_bytes(buffer.getvalue().replace(placeholder.encode(), raw))
    names = [m.name for m in archives.iter_members(path)]
    assert names == ["巡检/核心交换机.log"]


def test_safe_name() -> None:
    assert archives.safe_name("./a//b/./c.txt") == "a/b/c.txt"
    for bad in ("../a", "a/../../b", "/abs", "C:/x", "\\\\server\\share\\x"):
        with pytest.raises(archives.ArchiveRefused):
            archives.safe_name(bad)
