"""The active language as the two words NetCare writes everything in: ``zh`` or ``en``.

Django speaks of ``zh-hans`` (the default) and ``en``; texts stored twice (a title in
Chinese and in English) and the report builders speak of ``zh`` and ``en``. Pages,
API answers and notifications run with the viewer's language active, so asking here
gives the viewer's language.
"""

from __future__ import annotations

from django.utils import translation


def current_language() -> str:
    """``en`` when English is active, else ``zh`` (the default locale)."""
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def pick(zh: str, en: str) -> str:
    """``en`` when English is active, else ``zh``: for messages written in both languages
    in code (the console's backup and restore messages, their errors) rather than in the
    gettext catalogue. The console activates the terminal's language (``NETCARE_LANGUAGE``
    or the locale) before any command runs."""
    return en if current_language() == "en" else zh
