"""Inspection app tests load the test pack beside the bundled ones (tests/inspection/packs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

PACKS = Path(__file__).parent / "packs"


@pytest.fixture
def test_pack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from netcare.inspection.services import findings

    monkeypatch.setattr(findings, "EXTRA_PACKS", [PACKS])
    yield PACKS
