"""Small wording helpers every report builder shares (no Django import)."""

from __future__ import annotations

from typing import Any

from netcare.core.people import display_name


def pick(language: str, zh: str, en: str) -> str:
    """The Chinese or English wording of a phrase; reports are built in both."""
    return zh if language == "zh" else en


def person(user: Any) -> str:
    """A person as a report names them (``core.people``: 张伟, Anna Schmidt), else a dash."""
    return display_name(user) or "—"
