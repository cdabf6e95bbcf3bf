"""Small wording helpers every report builder shares (no Django import)."""

from __future__ import annotations

from typing import Any


def pick(language: str, zh: str, en: str) -> str:
    """The Chinese or English wording of a phrase; reports are built in both."""
    return zh if language == "zh" else en


def person(user: Any) -> str:
    """A person as a report names them: full name, else login, else a dash."""
    if user is None:
        return "—"
    return str(user.get_full_name() or user.get_username())
