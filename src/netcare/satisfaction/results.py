"""Satisfaction figures as plain arithmetic (no Django): CSAT, NPS, response rate, themes.

The definitions a service team reports by:

* **CSAT** of an item: the share of its 1–5 scores that are 4 or 5 ("satisfied"), in %,
  beside the mean score. No score: no figure (``None``), never 0 %.
* **NPS**: % promoters (9–10) minus % detractors (0–6) among the 0–10 answers, from
  −100 to +100; passives (7–8) count in the total only. No answer: ``None``.
* **Response rate**: answered invitations over invitations sent, in %.
* **Themes**: a comment joins every theme one of whose keywords it contains (case-
  insensitive, so Chinese and English keywords both work as substrings); the rest go
  under "other". Themes are data (``data/themes.yaml``).

The same functions serve one customer and all customers: callers pass the rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
SATISFIED = 4
PROMOTER = 9
DETRACTOR_MAX = 6

__all__ = [
    "Csat",
    "Figures",
    "Nps",
    "Score",
    "Theme",
    "ThemeGroup",
    "csat",
    "csat_by_item",
    "figures",
    "group_comments",
    "load_themes",
    "nps",
    "response_rate",
]


@dataclass(frozen=True)
class Score:
    """One 1–5 score of one item, from a survey answer or a return visit."""

    item: str
    score: int
    source: str = "survey"  # survey | visit
    customer: str = ""


@dataclass(frozen=True)
class Csat:
    item: str
    answers: int
    satisfied: int
    share: float | None  # % of 4–5 answers
    mean: float | None


@dataclass(frozen=True)
class Nps:
    answers: int
    promoters: int
    passives: int
    detractors: int
    score: float | None  # % promoters − % detractors


@dataclass(frozen=True)
class Theme:
    key: str
    zh: str
    en: str
    keywords: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


@dataclass
class ThemeGroup:
    theme: Theme
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figures:
    """Everything the results report says, for one customer or across customers."""

    invited: int
    responded: int
    rate: float | None
    items: list[Csat]
    overall: Csat
    nps: Nps
    themes: list[ThemeGroup]


def _check_score(value: int, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, not {value!r}")
    return value


def csat(item: str, scores: Iterable[int]) -> Csat:
    """CSAT of one item from its 1–5 scores (share of 4–5 answers in %, and the mean)."""
    values = [_check_score(s, 1, 5, f"the score of {item}") for s in scores]
    if not values:
        return Csat(item, 0, 0, None, None)
    satisfied = sum(1 for s in values if s >= SATISFIED)
    return Csat(
        item,
        len(values),
        satisfied,
        round(100 * satisfied / len(values), 1),
        round(sum(values) / len(values), 2),
    )


def csat_by_item(scores: Iterable[Score], order: Sequence[str] = ()) -> list[Csat]:
    """CSAT per item, items in ``order`` first (then by code); items without scores in
    ``order`` are listed with no figure."""
    grouped: dict[str, list[int]] = {code: [] for code in order}
    for row in scores:
        grouped.setdefault(row.item, []).append(row.score)
    ranked = list(order) + sorted(code for code in grouped if code not in order)
    return [csat(code, grouped[code]) for code in ranked]


def nps(answers: Iterable[int]) -> Nps:
    """Net promoter score from 0–10 answers: % promoters (9–10) − % detractors (0–6)."""
    values = [_check_score(a, 0, 10, "a recommendation answer") for a in answers]
    promoters = sum(1 for a in values if a >= PROMOTER)
    detractors = sum(1 for a in values if a <= DETRACTOR_MAX)
    passives = len(values) - promoters - detractors
    if not values:
        return Nps(0, 0, 0, 0, None)
    score = round(100 * (promoters - detractors) / len(values), 1)
    return Nps(len(values), promoters, passives, detractors, score)


def response_rate(invited: int, responded: int) -> float | None:
    """Answered over invited, in % (``None`` when nobody was invited)."""
    if invited < 0 or responded < 0:
        raise ValueError("counts cannot be negative")
    if responded > invited:
        raise ValueError(f"{responded} answers for {invited} invitations")
    return round(100 * responded / invited, 1) if invited else None


@lru_cache(maxsize=1)
def load_themes(path: Path = DATA / "themes.yaml") -> tuple[list[Theme], Theme]:
    """The comment themes and the catch-all "other" theme, from the data file."""
    spec: Mapping[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    themes = []
    for index, entry in enumerate(spec.get("themes") or []):
        missing = [k for k in ("key", "zh", "en", "keywords") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path.name}: theme {index + 1} lacks {', '.join(missing)}")
        keywords = tuple(str(k).casefold() for k in entry["keywords"])
        themes.append(Theme(str(entry["key"]), str(entry["zh"]), str(entry["en"]), keywords))
    other = spec.get("other") or {}
    return themes, Theme(
        str(other.get("key", "other")), str(other.get("zh", "其他")), str(other.get("en", "Other"))
    )


def group_comments(
    comments: Iterable[str], themes: Sequence[Theme] | None = None, other: Theme | None = None
) -> list[ThemeGroup]:
    """Comments grouped by theme (a comment may join several); empty themes left out,
    "other" last."""
    if themes is None or other is None:
        themes, other = load_themes()
    groups = [ThemeGroup(theme) for theme in themes]
    # One alternation per theme: a dozen substring scans per theme become one.
    patterns = [re.compile("|".join(map(re.escape, g.theme.keywords)) or "(?!)") for g in groups]
    rest = ThemeGroup(other)
    for comment in comments:
        text = comment.strip()
        if not text:
            continue
        folded = text.casefold()
        matched = [g for g, p in zip(groups, patterns, strict=True) if p.search(folded)]
        for group in matched or [rest]:
            group.comments.append(text)
    return [g for g in [*groups, rest] if g.comments]


def figures(
    *,
    invited: int,
    responded: int,
    scores: Iterable[Score],
    recommendations: Iterable[int],
    comments: Iterable[str],
    items: Sequence[str] = (),
) -> Figures:
    """All the figures of a results report from its rows."""
    rows = list(scores)
    return Figures(
        invited=invited,
        responded=responded,
        rate=response_rate(invited, responded),
        items=csat_by_item(rows, items),
        overall=csat("*", [r.score for r in rows]),
        nps=nps(recommendations),
        themes=group_comments(comments),
    )
