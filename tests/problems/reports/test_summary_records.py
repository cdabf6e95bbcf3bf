"""The plain records the problem documents are written from: the numbers they derive,
the words of the vocabulary, and that neither records nor writers need Django."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from tests.problems.reports import world

from netcare.core.text import Text
from netcare.problems.summary import (
    RECURRENCE_KIND_NAMES,
    RECURRENCE_KINDS,
    ROOT_CAUSE_ADVICE,
    ROOT_CAUSE_NAMES,
    ROOT_CAUSES,
    SEVERITY_NAMES,
    STATUS_NAMES,
    StatsBlock,
    derive_advice,
    say,
)


def test_hand_counted_numbers_agree_with_the_analysis_engine() -> None:
    """The world's statistics are what ``problems.analysis`` computes from its tickets,
    so the report is tested on numbers the app would really hand it."""
    stats = pytest.importorskip("netcare.problems.analysis.stats")
    computed = stats.ticket_stats(world.QUARTER_TICKETS)
    s = world.STATS
    assert computed.total == s.total
    for name in ("by_severity", "by_status", "by_product", "by_category", "by_root_cause"):
        assert getattr(computed, name) == getattr(s, name), name
    assert computed.resolve.count == s.resolved
    assert computed.resolve.median == pytest.approx(s.resolve_hours_median)
    assert computed.resolve.p90 == pytest.approx(s.resolve_hours_p90)
    assert computed.resolve.mean == pytest.approx(s.resolve_hours_mean)
    medians = {k: v.median for k, v in computed.resolve_by_severity.items() if v.count}
    assert medians == pytest.approx(dict(s.median_by_severity))
    for ticket in world.CLOSED:  # hours_to_resolve is opened → closed
        assert ticket.closed is not None
        hours = (ticket.closed - ticket.opened).total_seconds() / 3600
        assert ticket.hours_to_resolve == pytest.approx(hours)


def test_undetermined_is_the_rest_of_the_total() -> None:
    assert world.STATS.undetermined == 1  # the spine ticket still open
    assert StatsBlock(total=0).undetermined == 0
    assert StatsBlock(total=3, by_root_cause={"hardware": 1}).undetermined == 2


def test_quarters_and_carried_over_tickets() -> None:
    review = world.review()
    assert review.carried_from(world.CARRIED) == "2026Q2"
    assert review.carried_from(world.SPINE_AGAIN) is None
    older = replace(world.CARRIED, opened=world.at(12, 31, 23, 0, year=2025))
    assert review.carried_from(older) == "2025Q4"
    # Open first, then by number: the two spine tickets, both escalated.
    assert [t.number for t in review.important] == ["ECCB-2026-0812", "ECCB-2026-0712"]


def test_advice_is_derived_from_recurrences_then_root_causes() -> None:
    advice = derive_advice(world.RECURRENCES, world.CLOSED)
    assert advice[0].zh.startswith("ECCB-ZJ-CORE-01：整批更换剩余风扇框")
    assert advice[1].en.startswith("ECCB-ZJ-SPINE-01: Load the patch")
    assert advice[2] == Text(
        f"硬件故障（2 单）：{ROOT_CAUSE_ADVICE['hardware'].zh}",
        f"Hardware fault (2 tickets): {ROOT_CAUSE_ADVICE['hardware'].en}",
    )
    assert len(advice) == 2 + 6  # six causes among the closed tickets
    assert "(1 ticket)" in advice[3].en
    unanalysed = replace(world.CRC, root_cause="")
    assert derive_advice((), [unanalysed]) == []


def test_every_vocabulary_word_in_both_languages() -> None:
    model = pytest.importorskip("netcare.problems.tickets.model")
    assert tuple(SEVERITY_NAMES) == model.SEVERITIES
    assert tuple(STATUS_NAMES) == model.STATUSES
    assert tuple(ROOT_CAUSE_NAMES) == tuple(ROOT_CAUSES) == model.ROOT_CAUSES
    assert set(ROOT_CAUSE_ADVICE) == set(ROOT_CAUSES)
    assert set(RECURRENCE_KIND_NAMES) == set(RECURRENCE_KINDS)
    words = [*SEVERITY_NAMES.values(), *STATUS_NAMES.values(), *ROOT_CAUSE_NAMES.values()]
    assert [w.zh for w in SEVERITY_NAMES.values()] == ["紧急", "严重", "一般", "提示"]
    assert [w.zh for w in STATUS_NAMES.values()] == [
        "待处理",
        "处理中",
        "等待中",
        "已解决",
        "已关闭",
    ]
    assert all(w.zh and w.en for w in words)
    assert say(Text("中", "en"), "en") == "en" and say("原样", "en") == "原样"


def test_records_and_writers_import_no_django() -> None:
    code = (
        "import sys, netcare.problems.summary, netcare.problems.reports; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
