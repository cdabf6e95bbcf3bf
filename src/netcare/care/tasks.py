"""Queue entry points of care: thin, they call services."""

from __future__ import annotations

from typing import Any

from netcare.care.services import touches


def care_due(days: int = touches.DUE_DAYS) -> dict[str, Any]:
    """The schedule ``netcare-care-due``: tell the account managers of the care touches
    due within ``days`` (each obligation once; a redelivered task writes nothing new)."""
    return {"told": touches.tell_due(days=days)}
