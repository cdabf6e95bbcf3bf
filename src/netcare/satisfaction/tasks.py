"""Queue entry points of satisfaction: thin, they call services."""

from __future__ import annotations

from typing import Any

from netcare.satisfaction.services import surveys


def close_expired_surveys() -> dict[str, Any]:
    """The schedule ``netcare-close-surveys``: close surveys past their answer-by time and
    tell each sender how many answered (idempotent)."""
    return {"closed": len(surveys.close_expired())}
