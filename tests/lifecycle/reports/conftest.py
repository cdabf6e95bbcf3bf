"""The three lifecycle documents rendered once per session and read back by every test.

Word and Excel take a fraction of a second; a PDF takes a second or two (WeasyPrint), so
each document is rendered as PDF once: the version summary and the assessment in zh, the
risk notice in en.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lifecycle.reports import world

from netcare.lifecycle import reports


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name → file: summary_<lang>.xlsx, summary_<lang>.docx, assessment_<lang>.docx,
    notice_<lang>.docx, summary_zh.pdf, assessment_zh.pdf, notice_en.pdf."""
    out = tmp_path_factory.mktemp("lifecycle-reports")
    files: dict[str, Path] = {}
    for lang in ("zh", "en"):
        summary = world.version_summary(lang)
        files[f"summary_{lang}.xlsx"] = reports.write_version_summary_xlsx(
            summary, out / f"summary_{lang}.xlsx", lang
        )
        files[f"summary_{lang}.docx"] = reports.write_version_summary_report(
            summary, out / f"summary_{lang}.docx", lang
        )
        files[f"assessment_{lang}.docx"] = reports.write_assessment_report(
            world.assessment(), out / f"assessment_{lang}.docx", lang
        )
        files[f"notice_{lang}.docx"] = reports.write_risk_notice(
            world.notice(lang), out / f"notice_{lang}.docx", lang
        )
    files["summary_zh.pdf"] = reports.write_version_summary_report(
        world.version_summary("zh"), out / "summary_zh.pdf", "zh"
    )
    files["assessment_zh.pdf"] = reports.write_assessment_report(
        world.assessment(), out / "assessment_zh.pdf", "zh"
    )
    files["notice_en.pdf"] = reports.write_risk_notice(
        world.notice("en"), out / "notice_en.pdf", "en"
    )
    return files
