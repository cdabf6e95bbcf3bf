"""Reports rendered once per test module session and read back by every test.

Word and Excel take a fraction of a second; a PDF takes a few seconds (WeasyPrint), so
only one inspection report (zh) and one hardening plan (en) are rendered as PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.inspection.reports import world

from netcare.inspection import reports
from netcare.inspection.engine.summary import HardeningSummary, InspectionSummary


@pytest.fixture(scope="session")
def summary() -> InspectionSummary:
    return world.inspection_summary()


@pytest.fixture(scope="session")
def plan() -> HardeningSummary:
    return world.hardening_summary()


@pytest.fixture(scope="session")
def rendered(
    summary: InspectionSummary, plan: HardeningSummary, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """name → file: inspection_<lang>.docx, findings_<lang>.xlsx, hardening_<lang>.docx,
    inspection_zh.pdf, hardening_en.pdf, scripts.zip."""
    out = tmp_path_factory.mktemp("inspection-reports")
    files: dict[str, Path] = {}
    for lang in ("zh", "en"):
        files[f"inspection_{lang}.docx"] = reports.write_inspection_report(
            summary, out / f"inspection_{lang}.docx", lang
        )
        files[f"findings_{lang}.xlsx"] = reports.write_findings_xlsx(
            summary, out / f"findings_{lang}.xlsx", lang
        )
        files[f"hardening_{lang}.docx"] = reports.write_hardening_report(
            plan, out / f"hardening_{lang}.docx", lang
        )
    files["inspection_zh.pdf"] = reports.write_inspection_report(
        summary, out / "inspection_zh.pdf", "zh"
    )
    files["hardening_en.pdf"] = reports.write_hardening_report(plan, out / "hardening_en.pdf", "en")
    files["scripts.zip"] = reports.write_scripts_zip(plan, out / "scripts.zip")
    return files
