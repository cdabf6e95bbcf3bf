"""The two problem documents rendered once per session and read back by every test.

Word and Excel take a fraction of a second; a PDF takes a second or two (WeasyPrint), so
each document is rendered as PDF once: the review in zh, the daily report in en.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.problems.reports import world

from netcare.problems import reports


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name → file: review_<lang>.docx, review_<lang>.xlsx, daily_<lang>.docx,
    review_zh.pdf, daily_en.pdf."""
    out = tmp_path_factory.mktemp("problem-reports")
    files: dict[str, Path] = {}
    for lang in ("zh", "en"):
        review = world.review_in(lang)
        files[f"review_{lang}.docx"] = reports.write_problem_review(
            review, out / f"review_{lang}.docx", lang
        )
        files[f"review_{lang}.xlsx"] = reports.write_problem_review_xlsx(
            review, out / f"review_{lang}.xlsx", lang
        )
        files[f"daily_{lang}.docx"] = reports.write_daily_report(
            world.daily(lang), out / f"daily_{lang}.docx", lang
        )
    files["review_zh.pdf"] = reports.write_problem_review(
        world.review_in("zh"), out / "review_zh.pdf", "zh"
    )
    files["daily_en.pdf"] = reports.write_daily_report(
        world.daily("en"), out / "daily_en.pdf", "en"
    )
    return files
