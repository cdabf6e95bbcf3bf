"""The satisfaction arithmetic on hand-computed examples, and the theme data's schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcare.satisfaction import results
from netcare.satisfaction.results import Score


def test_csat_share_of_four_and_five_and_mean() -> None:
    # 5 and 4 satisfied: 2 of 5 → 40 %; mean 15 / 5 = 3.
    figure = results.csat("inspection", [5, 4, 3, 2, 1])
    assert (figure.answers, figure.satisfied, figure.share, figure.mean) == (5, 2, 40.0, 3.0)
    assert results.csat("x", [4, 4, 5]).share == 100.0
    assert results.csat("x", [3, 3, 2]).share == 0.0
    # 2 of 3 → 66.7 % (rounded to one decimal), mean 13/3 → 4.33.
    third = results.csat("x", [5, 5, 3])
    assert (third.share, third.mean) == (66.7, 4.33)


def test_csat_without_answers_is_no_figure_not_zero() -> None:
    figure = results.csat("inspection", [])
    assert (figure.answers, figure.share, figure.mean) == (0, None, None)


@pytest.mark.parametrize("bad", [0, 6, -1, True, 4.5, "5"])
def test_csat_refuses_a_score_off_the_scale(bad: object) -> None:
    with pytest.raises(ValueError, match="inspection"):
        results.csat("inspection", [5, bad])  # type: ignore[list-item]


def test_nps_promoters_minus_detractors() -> None:
    # 10, 9 promoters; 8, 7 passives; 6, 0 detractors: (2 − 2) / 6 = 0.
    balanced = results.nps([10, 9, 8, 7, 6, 0])
    assert (balanced.promoters, balanced.passives, balanced.detractors) == (2, 2, 2)
    assert balanced.score == 0.0
    # 3 promoters, 1 passive, 1 detractor of 5: (3 − 1) / 5 = +40.
    assert results.nps([9, 9, 10, 7, 5]).score == 40.0
    # 1 promoter of 3, 2 detractors: (1 − 2) / 3 = −33.3.
    assert results.nps([9, 6, 6]).score == -33.3


def test_nps_edges() -> None:
    assert results.nps([0, 3, 6]).score == -100.0  # all detractors
    assert results.nps([9, 10]).score == 100.0  # all promoters
    assert results.nps([7, 8]).score == 0.0  # all passives
    empty = results.nps([])
    assert (empty.answers, empty.score) == (0, None)
    with pytest.raises(ValueError):
        results.nps([11])


def test_response_rate() -> None:
    assert results.response_rate(3, 2) == 66.7
    assert results.response_rate(4, 0) == 0.0
    assert results.response_rate(0, 0) is None  # nobody asked: no rate, not 0 %
    with pytest.raises(ValueError):
        results.response_rate(2, 3)


def test_comments_grouped_by_theme_in_both_languages() -> None:
    groups = results.group_comments(
        [
            "问题响应很快，根因分析专业",  # response + expertise
            "The onsite engineer was great",  # onsite
            "版本升级建议希望提前沟通",  # versions + communication
            "谢谢",  # other
            "   ",  # blank: skipped
        ]
    )
    by_key = {g.theme.key: g.comments for g in groups}
    assert by_key["response"] == ["问题响应很快，根因分析专业"]
    assert by_key["expertise"] == ["问题响应很快，根因分析专业"]
    assert by_key["onsite"] == ["The onsite engineer was great"]
    assert by_key["versions"] == by_key["communication"] == ["版本升级建议希望提前沟通"]
    assert by_key["other"] == ["谢谢"]
    assert groups[-1].theme.key == "other"
    assert results.group_comments([]) == []


def test_figures_per_customer_rows() -> None:
    scores = [Score("inspection", 5), Score("inspection", 3), Score("doc_sharing", 4, "visit")]
    figures = results.figures(
        invited=4,
        responded=2,
        scores=scores,
        recommendations=[10, 6],
        comments=["slow response"],
        items=["inspection", "doc_sharing", "onsite_support"],
    )
    assert figures.rate == 50.0
    assert [(c.item, c.share) for c in figures.items] == [
        ("inspection", 50.0),
        ("doc_sharing", 100.0),
        ("onsite_support", None),
    ]
    assert (figures.overall.answers, figures.overall.share) == (3, 66.7)
    assert figures.nps.score == 0.0
    assert [g.theme.key for g in figures.themes] == ["response"]


def test_no_answers_at_all() -> None:
    figures = results.figures(invited=0, responded=0, scores=[], recommendations=[], comments=[])
    assert figures.rate is None and figures.overall.share is None and figures.nps.score is None
    assert figures.items == [] and figures.themes == []


def test_theme_data_schema(tmp_path: Path) -> None:
    themes, other = results.load_themes()
    assert themes and all(t.zh and t.en and t.keywords for t in themes)
    assert len({t.key for t in themes} | {other.key}) == len(themes) + 1
    bad = tmp_path / "themes.yaml"
    bad.write_text("themes:\n  - {key: x, zh: 甲}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"themes.yaml: theme 1 lacks en, keywords"):
        results.load_themes.__wrapped__(bad)
