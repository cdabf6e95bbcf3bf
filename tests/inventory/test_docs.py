"""The import format reference names every header, platform, role and status spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcare.inventory import tabular

DOC = Path(__file__).parents[2] / "docs" / "inventory.md"


@pytest.mark.parametrize(
    "spellings",
    [
        [a for aliases in tabular.HEADER_ALIASES.values() for a in aliases],
        list(tabular.PLATFORM_ALIASES),
        list(tabular.AMBIGUOUS_PLATFORMS),
        list(tabular.ROLE_ALIASES),
        list(tabular.STATUS_ALIASES),
    ],
)
def test_every_spelling_is_documented(spellings: list[str]) -> None:
    text = tabular.normalise(DOC.read_text(encoding="utf-8"))
    missing = [s for s in spellings if tabular.normalise(s) not in text]
    assert not missing, f"document these in docs/inventory.md: {missing}"
