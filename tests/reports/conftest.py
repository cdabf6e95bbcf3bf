"""Fixtures for the report engine: the specimen report rendered once per language.

Rendering all four formats takes a few seconds, so each language is rendered once per
test session and every test reads the same files back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netcare.reports.engine import Document, Format, render_all
from netcare.reports.engine.sample import sample_document

ACTIVITY_ROWS = 80


@pytest.fixture(scope="session")
def zh_document() -> Document:
    return sample_document("zh", activity_count=ACTIVITY_ROWS)


@pytest.fixture(scope="session")
def en_document() -> Document:
    return sample_document("en", activity_count=ACTIVITY_ROWS)


@pytest.fixture(scope="session")
def zh_files(zh_document: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[Format, Path]:
    return render_all(zh_document, tmp_path_factory.mktemp("zh"), "entitlement")


@pytest.fixture(scope="session")
def en_files(en_document: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[Format, Path]:
    return render_all(en_document, tmp_path_factory.mktemp("en"), "entitlement")
