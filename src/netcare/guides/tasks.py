"""Queue entry points of the maintenance guide: thin, they call services."""

from __future__ import annotations

from typing import Any

from netcare.guides.services import guides


def draft_guides() -> dict[str, Any]:
    """The schedule ``netcare-guide-drafts``: draft the guides whose obligation falls due
    within a month and tell the RAM (idempotent)."""
    drafted = guides.draft_due_guides()
    return {"drafted": [f"{g.customer.code} {g.year}" for g in drafted]}
