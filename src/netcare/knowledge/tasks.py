"""Queue entry points of knowledge: thin, they call services."""

from __future__ import annotations

from typing import Any

from netcare.knowledge.services import packages


def propose_packages() -> dict[str, Any]:
    """The schedule ``netcare-doc-packages``: propose the packages of document pushes
    falling due soon and tell their RAM (idempotent)."""
    proposed = packages.propose_due()
    return {"proposed": [p.pk for p in proposed]}
