"""The plan's calendar over real terms: leap years, contract quarters, terms that start
mid-month, holiday care on China's calendar, and re-planning that never touches the past."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.core.workdays import WorkCalendar
from netcare.delivery import scheduling
from netcare.delivery.scheduling import Existing, ItemSpec, Proposal, periods, propose, reconcile

D = dt.date
SHANGHAI = WorkCalendar("CN", "SH")
CATALOG = [
    ItemSpec("l2_expert_service", "l2_expert", 2, "week"),
    ItemSpec("service_plan", "l2_expert", milestones=("kickoff", "mid_term", "final")),
    ItemSpec("doc_sharing", "l2_expert", 3, "month"),
    ItemSpec("problem_management", "l2_expert", 3, "month"),
    ItemSpec("inspection", "l2_expert", 6, "month"),
    ItemSpec("version_management", "l2_expert", 3, "month"),
    ItemSpec("maintenance_guide", "l2_expert", 1, "year"),
    ItemSpec("onsite_support", "l2_expert"),
    ItemSpec("asm_service", "asm", 1, "month"),
    ItemSpec("service_plan_asm", "asm", milestones=("kickoff", "mid_term", "final")),
    ItemSpec("care_and_visit", "asm", days_before_holiday=3),
]


def test_leap_day_start_yearly_periods() -> None:
    found = periods(D(2024, 2, 29), D(2028, 2, 28), 1, "year")
    assert [(p.start, p.end) for p in found] == [
        (D(2024, 2, 29), D(2025, 2, 27)),
        (D(2025, 2, 28), D(2026, 2, 27)),
        (D(2026, 2, 28), D(2027, 2, 27)),
        (D(2027, 2, 28), D(2028, 2, 28)),
    ]


def test_month_end_start_does_not_drift() -> None:
    ends = [p.end for p in periods(D(2024, 1, 31), D(2024, 12, 30), 1, "month")]
    assert ends[:4] == [D(2024, 2, 28), D(2024, 3, 30), D(2024, 4, 29), D(2024, 5, 30)]
    assert len(ends) == 11 and ends[-1] == D(2024, 12, 30)  # the last one ends with the term


def test_contract_quarters_from_mid_month() -> None:
    found = periods(D(2026, 1, 15), D(2028, 1, 14), 3, "month")
    assert len(found) == 8
    assert [p.end for p in found[:3]] == [D(2026, 4, 14), D(2026, 7, 14), D(2026, 10, 14)]


def test_short_final_period_counts_only_when_half_long() -> None:
    # 14 months with a 6-month cadence: the last 2 months are dropped…
    assert len(periods(D(2026, 1, 1), D(2027, 2, 28), 6, "month")) == 2
    # …but 4 left over count, due at the end of the term.
    last = periods(D(2026, 1, 1), D(2027, 4, 30), 6, "month")[-1]
    assert (last.index, last.end) == (3, D(2027, 4, 30))


def test_two_year_plan_counts_and_dates() -> None:
    start, end = D(2026, 1, 15), D(2028, 1, 14)
    found = propose(start, end, CATALOG, SHANGHAI)
    kinds = Counter(p.kind for p in found)
    assert kinds["problem_review"] == 8 and kinds["inspection"] == 4
    assert kinds["doc_push"] == 8 and kinds["version_review"] == 8
    assert kinds["maintenance_guide"] == 2
    contacts = Counter(p.lead for p in found if p.kind == "contact")
    assert contacts == {"l2_expert": 52, "asm": 24}
    assert kinds["kickoff"] == kinds["mid_term"] == kinds["final"] == 1
    assert kinds["return_visit"] == 1 and kinds["holiday_care"] >= 12
    assert not [p for p in found if p.item == "onsite_support"]  # a quota, not a cadence
    assert all(start <= p.due <= end for p in found)
    assert all(SHANGHAI.is_working_day(p.due) for p in found)
    assert len({p.slot for p in found}) == len(found)
    # A quarter ending on a Sunday is due the Friday before.
    quarter = next(p for p in found if p.slot == "problem_management@2027-07-15")
    assert quarter.period_end == D(2027, 10, 14) and quarter.due == D(2027, 10, 14)
    first = next(p for p in found if p.slot == "problem_management@2026-04-15")
    assert first.period_end == D(2026, 7, 14) and first.due == D(2026, 7, 14)


def test_due_dates_move_back_to_a_working_day() -> None:
    # Contract quarters ending on 3 October fall in the National Day break.
    found = propose(D(2026, 1, 4), D(2026, 12, 31), [CATALOG[3]], SHANGHAI)
    third = next(p for p in found if p.slot == "problem_management@2026-07-04")
    assert third.period_end == D(2026, 10, 3) and third.due == D(2026, 9, 30)


def test_milestones_jointly_led_and_single_lead() -> None:
    start, end = D(2026, 3, 1), D(2027, 2, 28)
    both = {
        p.kind: p for p in propose(start, end, CATALOG, SHANGHAI) if p.slot.startswith("milestone:")
    }
    assert {p.lead for p in both.values()} == {"both"}
    assert both["mid_term"].due == D(2026, 8, 28)  # midpoint 30 Aug is a Sunday
    assert both["kickoff"].due == D(2026, 3, 13)
    assert both["final"].due == D(2027, 2, 12)  # two weeks before the end, a working day
    only_asm = [
        s if s.code != "service_plan" else ItemSpec(s.code, s.lead, choice="not") for s in CATALOG
    ]
    leads = {p.lead for p in propose(start, end, only_asm, SHANGHAI) if p.kind == "mid_term"}
    assert leads == {"asm"}


def test_later_starts_at_mid_term_and_not_drops_the_item() -> None:
    start, end = D(2026, 1, 1), D(2027, 12, 31)
    specs = [
        ItemSpec("inspection", "l2_expert", 6, "month", choice="later"),
        ItemSpec("doc_sharing", "l2_expert", 3, "month", choice="not"),
    ]
    found = propose(start, end, specs, SHANGHAI)
    assert [p.title_en for p in found] == [f"Inspection (period {n})" for n in (2, 3, 4)]
    assert all(p.due >= scheduling.midpoint(start, end) for p in found)


def test_holiday_care_before_each_break_in_the_customer_region() -> None:
    care = [
        p
        for p in propose(D(2026, 1, 1), D(2026, 12, 31), [CATALOG[-1]], SHANGHAI)
        if p.kind == "holiday_care"
    ]
    assert [(p.due, p.title_zh) for p in care] == [
        (D(2026, 2, 12), "节日关怀：农历除夕、春节"),
        (D(2026, 4, 1), "节日关怀：清明节"),
        (D(2026, 4, 28), "节日关怀：劳动节"),
        (D(2026, 6, 16), "节日关怀：端午节"),
        (D(2026, 9, 22), "节日关怀：中秋节"),
        (D(2026, 9, 28), "节日关怀：国庆节"),
    ]  # New Year's care falls before the term starts


def _existing(
    found: list[Proposal], today: dt.date, done: set[str] = frozenset()
) -> list[Existing]:
    return [
        Existing(i, p.slot, p.due, p.lead, open=p.slot not in done, generated=True)
        for i, p in enumerate(found)
    ]


def test_amendment_mid_term_replans_only_the_future() -> None:
    start, end, today = D(2026, 1, 1), D(2027, 12, 31), D(2026, 11, 2)
    before = propose(
        start, end, [ItemSpec("problem_management", "l2_expert", 3, "month")], SHANGHAI
    )
    existing = _existing(before, today, done={"problem_management@2026-01-01"})
    after = propose(start, end, [ItemSpec("problem_management", "l2_expert", 2, "month")], SHANGHAI)
    changes = reconcile(existing, after, today)
    by_id = {e.id: e for e in existing}
    assert all(by_id[i].due >= today for i in changes.delete)
    assert all(by_id[i].due >= today for i, _ in changes.update)
    assert {p.slot for _, p in changes.update} | {p.slot for p in changes.create} == {
        p.slot for p in after if p.due >= today
    }
    assert not [p for p in changes.create if p.due < today]
    # Quarters that line up with a two-month period (1 Jan 2027…) move in place.
    assert [p.slot for _, p in changes.update][:1] == ["problem_management@2027-01-01"]
    assert min(p.due for p in changes.create) == D(2026, 12, 31)


def test_reconcile_leaves_edited_done_and_manual_alone() -> None:
    today = D(2026, 6, 1)
    proposal = Proposal("inspection#2", "inspection", "inspection", D(2026, 12, 31), "l2_expert")
    existing = [
        Existing(
            1, "inspection#2", D(2026, 11, 1), "l2_expert", open=True, generated=True, edited=True
        ),
        Existing(2, "manual#1", D(2026, 7, 1), "l2_expert", open=True, generated=False),
        Existing(3, "inspection@y", D(2027, 6, 1), "l2_expert", open=False, generated=True),
    ]
    changes = reconcile(existing, [proposal], today)
    assert changes.empty and changes.kept == 3


terms = st.tuples(
    st.dates(min_value=D(2023, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=30, max_value=1200),
)
cadences = st.tuples(
    st.integers(min_value=1, max_value=12), st.sampled_from(["week", "month", "year"])
)


@settings(max_examples=300, deadline=None)
@given(term=terms, cadence=cadences)
def test_periods_tile_the_term(term: tuple[dt.date, int], cadence: tuple[int, str]) -> None:
    start, length = term
    end = start + dt.timedelta(days=length)
    every, unit = cadence
    found = periods(start, end, every, unit)
    for earlier, later in itertools.pairwise(found):
        assert later.start == earlier.end + dt.timedelta(days=1)
        assert later.index == earlier.index + 1
    if found:
        assert found[0].start == start and found[-1].end <= end
        full = scheduling.period_days(start, every, unit)
        assert end - found[-1].end < dt.timedelta(days=full)


@settings(max_examples=60, deadline=None)
@given(term=terms, today_offset=st.integers(min_value=0, max_value=1200), seed=st.randoms())
def test_replanning_never_changes_the_past(
    term: tuple[dt.date, int], today_offset: int, seed: object
) -> None:
    start, length = term
    end = start + dt.timedelta(days=length)
    today = start + dt.timedelta(days=min(today_offset, length))
    before = propose(start, end, CATALOG[:7], SHANGHAI)
    after = propose(
        start, end, [*CATALOG[:2], ItemSpec("inspection", "l2_expert", 4, "month")], SHANGHAI
    )
    existing = _existing(before, today)
    changes = reconcile(existing, after, today)
    by_id = {e.id: e for e in existing}
    touched = [by_id[i] for i in changes.delete] + [by_id[i] for i, _ in changes.update]
    assert all(e.due >= today for e in touched)
    assert all(p.due >= today for p in changes.create)
    assert changes.kept + len(changes.delete) + len(changes.update) == len(existing)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="fortnight"):
        periods(D(2026, 1, 1), D(2026, 12, 31), 1, "fortnight")
