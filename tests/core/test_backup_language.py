"""``netcare backup`` and ``netcare restore`` speak the terminal's language, Chinese or
English, like the rest of the console: their own messages and every refusal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from netcare.core.backup import BackupError, read_manifest
from netcare.core.i18n import pick
from tests.core.test_backup import Install, make_install  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "不是 NetCare 备份文件"), ("en", "not a NetCare backup archive")],
)
def test_refusals_in_the_active_language(tmp_path: Path, language: str, expected: str) -> None:
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    with translation.override(language), pytest.raises(BackupError, match=expected):
        read_manifest(not_an_archive)


def test_pick_follows_the_active_language() -> None:
    with translation.override("en"):
        assert pick("备份", "backup") == "backup"
    with translation.override("zh-hans"):
        assert pick("备份", "backup") == "备份"


@pytest.mark.slow
def test_the_console_answers_in_chinese(
    make_install: Callable[..., Install],  # noqa: F811
    tmp_path: Path,
) -> None:
    install = make_install("zh", NETCARE_LANGUAGE="zh")
    install.ok("manage", "migrate", "--verbosity", "0")
    written = install.ok("backup", "--out", str(tmp_path / "b.tar.gz"))
    assert written.startswith("备份已写入：") and "张表共" in written
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("hello")
    refused = install.run("restore", str(not_an_archive))
    assert refused.returncode == 1
    assert "恢复被拒绝：" in refused.stderr and "不是 NetCare 备份文件" in refused.stderr
