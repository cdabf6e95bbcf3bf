"""Queue entry points of problem management: thin, they call services."""

from __future__ import annotations

from typing import Any

from netcare.problems.services import daily


def daily_reports() -> dict[str, Any]:
    """The schedule ``netcare-daily-reports``: draft today's reports (idempotent) and
    tell the RAM of days that ended unsent."""
    drafted = daily.draft_daily_reports()
    return {"drafted": len(drafted), "missed_told": daily.tell_missed()}
