"""A sentence in the two languages NetCare writes, for the Django-free engines.

The rule engine, the version schemes, the matcher and the risk score explain what they
decide (a finding's title, why an exposure is "not vulnerable", what a risk point is
for) in both languages at once, because the same result is shown to a Chinese-speaking
customer and an English-speaking expert. Plain Python: engines import it without Django.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Text"]


@dataclass(frozen=True)
class Text:
    """A sentence in both languages NetCare writes (zh-hans is the default)."""

    zh: str
    en: str

    def pick(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh
