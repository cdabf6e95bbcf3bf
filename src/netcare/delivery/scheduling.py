"""The service plan's calendar, as plain Python: which obligations fall due when.

From the contract term, each chosen item's cadence and the customer's holiday calendar,
``propose`` lists dated obligations; ``reconcile`` turns a new proposal into the
changes to make to an existing plan without touching the past. No Django here, so the
rules are tested exhaustively on their own (tests/delivery/test_scheduling.py).

The rules, as a service team states them:

* A recurring item gets one obligation per cadence period, counted from the contract
  start (contract quarters, not calendar quarters), due on the period's last day — or
  the working day before, when that is a day off. A final period cut short by the end
  of the term counts only when it is at least half a period long.
* An item the customer wants "later" starts at the mid-term review; "not" gets none.
* Milestones: kickoff two weeks after the start, the mid-term review at the midpoint
  of the term, the final summary two weeks before the end, each on a working day. Led
  jointly by the L2 expert and the account manager when both plan items are chosen.
* Holiday care: ``days_before_holiday`` days before each holiday break of the
  customer's region, moved back to a working day; a return visit a month before the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from netcare.contracts.terms import add_months
from netcare.core.workdays import HolidayBreak, care_date

#: Obligation kind for each catalog item that recurs on a cadence.
KIND_BY_ITEM = {
    "l2_expert_service": "contact",
    "asm_service": "contact",
    "doc_sharing": "doc_push",
    "problem_management": "problem_review",
    "inspection": "inspection",
    "version_management": "version_review",
    "maintenance_guide": "maintenance_guide",
}
#: What any other item given a cadence by its contract produces.
GENERIC_KIND = "service"
MILESTONES = ("kickoff", "mid_term", "final")
MILESTONE_ITEMS = ("service_plan", "service_plan_asm")
CARE_ITEM = "care_and_visit"
KICKOFF_AFTER = dt.timedelta(days=14)
FINAL_BEFORE = dt.timedelta(days=14)
RETURN_VISIT_BEFORE = dt.timedelta(days=30)


class Calendar(Protocol):
    """What scheduling needs of a region's calendar (``core.workdays.WorkCalendar``)."""

    def is_working_day(self, day: dt.date) -> bool: ...

    def previous_working_day(self, day: dt.date) -> dt.date: ...

    def next_working_day(self, day: dt.date) -> dt.date: ...

    def holiday_breaks(self, start: dt.date, end: dt.date) -> list[HolidayBreak]: ...


@dataclass(frozen=True)
class ItemSpec:
    """One entitlement as the plan sees it: the item, its cadence and the customer's choice."""

    code: str
    lead: str
    cadence_every: int | None = None
    cadence_unit: str = ""
    milestones: tuple[str, ...] = ()
    days_before_holiday: int | None = None
    choice: str = "now"  # now | later | not


@dataclass(frozen=True)
class Period:
    """One cadence period, both dates inclusive; ``index`` counts from 1."""

    index: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Proposal:
    """One obligation the plan proposes. ``slot`` names it stably across re-plans
    (``inspection@2026-07-01``, ``care@2026-10-01``, ``milestone:mid_term``)."""

    slot: str
    item: str
    kind: str
    due: dt.date
    lead: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    title_zh: str = ""
    title_en: str = ""


def _advance(start: dt.date, every: int, unit: str, steps: int) -> dt.date:
    if unit == "day":
        return start + dt.timedelta(days=every * steps)
    if unit == "week":
        return start + dt.timedelta(weeks=every * steps)
    if unit == "month":
        return add_months(start, every * steps)
    if unit == "year":
        return add_months(start, 12 * every * steps)
    raise ValueError(f"unknown cadence unit {unit!r}")


def period_days(start: dt.date, every: int, unit: str) -> int:
    """Days in the first cadence period from ``start`` (e.g. 14 for every 2 weeks)."""
    return (_advance(start, every, unit, 1) - start).days


def periods(start: dt.date, end: dt.date, every: int, unit: str) -> list[Period]:
    """The cadence periods of a term, each computed from the start date (never chained,
    so 31 January + n months does not drift to the 28th for good)."""
    if every < 1:
        raise ValueError("a cadence must be at least 1")
    if end < start:
        raise ValueError(f"the term ends ({end}) before it starts ({start})")
    found: list[Period] = []
    index = 1
    period_start = start
    while period_start <= end:
        full_end = _advance(start, every, unit, index) - dt.timedelta(days=1)
        period_end = min(full_end, end)
        full_days = (full_end - period_start).days + 1
        if period_end == full_end or 2 * ((period_end - period_start).days + 1) >= full_days:
            found.append(Period(index, period_start, period_end))
        period_start = full_end + dt.timedelta(days=1)
        index += 1
    return found


def midpoint(start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=(end - start).days // 2)


def _on_working_day(day: dt.date, floor: dt.date, calendar: Calendar) -> dt.date:
    """``day`` or the working day before it, but not before ``floor``."""
    moved = calendar.previous_working_day(day)
    return moved if moved >= floor else calendar.next_working_day(day)


def milestone_dates(start: dt.date, end: dt.date, calendar: Calendar) -> dict[str, dt.date]:
    """Kickoff, mid-term review and final summary for a term, on working days."""
    middle = midpoint(start, end)
    kickoff = min(start + KICKOFF_AFTER, middle)
    final = max(end - FINAL_BEFORE, middle)
    return {
        "kickoff": _on_working_day(kickoff, start, calendar),
        "mid_term": _on_working_day(middle, start, calendar),
        "final": _on_working_day(final, middle, calendar),
    }


_MILESTONE_TITLES = {
    "kickoff": ("服务启动会", "Kickoff"),
    "mid_term": ("阶段性回顾", "Mid-term review"),
    "final": ("服务总结", "Final summary"),
}
_KIND_TITLES = {
    "contact": ("主动联系", "Proactive contact"),
    "doc_push": ("专属资料推送", "Document push"),
    "problem_review": ("网上问题管理季度回顾", "Problem review"),
    "inspection": ("巡检", "Inspection"),
    "version_review": ("版本管理回顾", "Version review"),
    "maintenance_guide": ("日常维护指导手册", "Daily maintenance guide"),
    GENERIC_KIND: ("服务交付", "Service delivery"),
}
_LEAD_TITLES = {"l2_expert": ("RAM", "RAM"), "asm": ("ASM", "ASM"), "both": ("", "")}


def propose(
    start: dt.date, end: dt.date, items: Iterable[ItemSpec], calendar: Calendar
) -> list[Proposal]:
    """Every obligation of the term for the chosen items, in due-date order."""
    specs = [s for s in items if s.choice != "not"]
    middle = midpoint(start, end)
    found: list[Proposal] = []
    for spec in specs:
        floor = middle if spec.choice == "later" else start
        if spec.cadence_every and spec.cadence_unit and spec.code not in MILESTONE_ITEMS:
            found.extend(_recurring(spec, start, end, floor, calendar))
        if spec.code == CARE_ITEM or spec.days_before_holiday:
            found.extend(_care(spec, start, end, floor, calendar))
    found.extend(_milestones(specs, start, end, calendar))
    return sorted(found, key=lambda p: (p.due, p.slot))


def _recurring(
    spec: ItemSpec, start: dt.date, end: dt.date, floor: dt.date, calendar: Calendar
) -> list[Proposal]:
    assert spec.cadence_every is not None
    kind = KIND_BY_ITEM.get(spec.code, GENERIC_KIND)
    zh, en = _KIND_TITLES[kind]
    who_zh, who_en = _LEAD_TITLES.get(spec.lead, ("", ""))
    if kind == "contact":
        zh, en = f"{who_zh}{zh}", f"{who_en} {en.lower()}"
    found = []
    for period in periods(start, end, spec.cadence_every, spec.cadence_unit):
        due = _on_working_day(period.end, period.start, calendar)
        if due < floor:
            continue
        found.append(
            Proposal(
                # Keyed by the period's start, so a changed cadence re-plans the periods
                # that still line up in place and an edited one keeps its period.
                slot=f"{spec.code}@{period.start.isoformat()}",
                item=spec.code,
                kind=kind,
                due=due,
                lead=spec.lead,
                period_start=period.start,
                period_end=period.end,
                title_zh=f"{zh}（第{period.index}期）",
                title_en=f"{en} (period {period.index})",
            )
        )
    return found


def _care(
    spec: ItemSpec, start: dt.date, end: dt.date, floor: dt.date, calendar: Calendar
) -> list[Proposal]:
    days = spec.days_before_holiday if spec.days_before_holiday is not None else 3
    found = []
    for holiday in calendar.holiday_breaks(start, end):
        due = care_date(holiday, days, calendar)
        if due < max(start, floor):
            continue
        found.append(
            Proposal(
                slot=f"care@{holiday.start.isoformat()}",
                item=spec.code,
                kind="holiday_care",
                due=due,
                lead=spec.lead,
                period_start=holiday.start,
                period_end=holiday.end,
                title_zh=f"节日关怀：{'、'.join(holiday.names_zh or holiday.names)}",
                title_en=f"Holiday care: {', '.join(holiday.names)}",
            )
        )
    visit = _on_working_day(max(end - RETURN_VISIT_BEFORE, midpoint(start, end)), start, calendar)
    found.append(
        Proposal(
            slot="return_visit",
            item=spec.code,
            kind="return_visit",
            due=visit,
            lead=spec.lead,
            title_zh="期末回访与满意度调查",
            title_en="Return visit and satisfaction survey",
        )
    )
    return found


def milestone_lead(specs: Sequence[ItemSpec]) -> tuple[str, str] | None:
    """(item code, lead) of the milestones: both plan items chosen → jointly held."""
    chosen = {s.code: s for s in specs if s.code in MILESTONE_ITEMS and s.choice != "not"}
    if not chosen:
        return None
    if len(chosen) == 2:
        return "service_plan", "both"
    code, spec = next(iter(chosen.items()))
    return code, spec.lead


def _milestones(
    specs: Sequence[ItemSpec], start: dt.date, end: dt.date, calendar: Calendar
) -> list[Proposal]:
    owner = milestone_lead(specs)
    if owner is None:
        return []
    item, lead = owner
    dates = milestone_dates(start, end, calendar)
    return [
        Proposal(
            slot=f"milestone:{name}",
            item=item,
            kind=name,
            due=dates[name],
            lead=lead,
            period_start=start if name != "kickoff" else None,
            period_end=dates[name] if name != "kickoff" else None,
            title_zh=_MILESTONE_TITLES[name][0],
            title_en=_MILESTONE_TITLES[name][1],
        )
        for name in MILESTONES
    ]


@dataclass(frozen=True)
class Existing:
    """An obligation already in the plan, as far as re-planning needs to know it."""

    id: int
    slot: str
    due: dt.date
    lead: str
    open: bool
    generated: bool
    edited: bool = False


@dataclass
class Changes:
    """What re-planning does: create, update (id → proposal) and delete (ids)."""

    create: list[Proposal] = field(default_factory=list)
    update: list[tuple[int, Proposal]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    kept: int = 0

    @property
    def empty(self) -> bool:
        return not (self.create or self.update or self.delete)


def reconcile(
    existing: Iterable[Existing], proposals: Iterable[Proposal], today: dt.date
) -> Changes:
    """The changes that bring a plan in line with new proposals from ``today`` on.

    The past is never re-planned: an obligation due before today, one completed or
    waived, one a lead edited by hand and one added by hand all stay as they are, and
    a proposal whose slot one of them holds is not created again.
    """
    future = {p.slot: p for p in proposals if p.due >= today}
    changes = Changes()
    held: set[str] = set()
    for current in existing:
        held.add(current.slot)
        movable = current.open and current.generated and not current.edited
        if not movable or current.due < today:
            changes.kept += 1
            continue
        proposal = future.get(current.slot)
        if proposal is None:
            changes.delete.append(current.id)
        elif (proposal.due, proposal.lead) != (current.due, current.lead):
            changes.update.append((current.id, proposal))
        else:
            changes.kept += 1
    changes.create = [p for slot, p in future.items() if slot not in held]
    return changes
