"""Small wording helpers every report builder shares (no Django import): the report's
language, a phrase in it, a vocabulary word, a person, and the cover's metadata."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Protocol

from netcare.core.people import display_name
from netcare.reports.engine import Language, Meta


class Worded(Protocol):
    """Anything with a Chinese and an English wording (each engine's ``Text``)."""

    def pick(self, language: str) -> str: ...


def language_of(language: str) -> Language:
    """ "en" for any English tag ("en", "en-us"), else "zh": reports are built in both."""
    return "en" if language.startswith("en") else "zh"


def pick(language: str, zh: str, en: str) -> str:
    """The Chinese or English wording of a phrase; reports are built in both."""
    return zh if language == "zh" else en


def phrases(language: str) -> Callable[[str, str], str]:
    """``t = phrases(lang)`` then ``t("数据来源", "Data sources")``."""
    return lambda zh, en: pick(language, zh, en)


def vocabulary(names: Mapping[str, Worded], key: str | None, language: str) -> str:
    """A vocabulary word in the language; an unknown key shown as given, none as a dash."""
    if not key:
        return "—"
    word = names.get(key)
    return word.pick(language) if word else key


def person(user: Any) -> str:
    """A person as a report names them (``core.people``: 张伟, Anna Schmidt), else a dash."""
    return display_name(user) or "—"


def report_meta(
    customer: str,
    title: Worded | str,
    period: str,
    version: str,
    author: str,
    reviewer: str,
    day: date,
    language: Language,
) -> Meta:
    """The cover and header of a report (REPORTS.md): an empty author is NetCare, an
    empty reviewer the author, an empty period the report's day."""
    return Meta(
        customer=customer,
        report_title=title if isinstance(title, str) else title.pick(language),
        period=period or day.isoformat(),
        version=version,
        author=author or "NetCare",
        reviewer=reviewer or author or "NetCare",
        date=day,
        language=language,
    )
