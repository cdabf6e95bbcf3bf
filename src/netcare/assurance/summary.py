"""Pure rules and records of assurance (no Django): the review rule and the shapes the
change-assurance and critical-period records are built from.

The review rule: a plan is approved when every required reviewer of the round approved
(approval with conditions counts, its conditions listed) and at least one reviewer was
named; any rejection sends it back at once; otherwise it waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

APPROVING = frozenset({"approve", "approve_with_conditions"})
REJECT = "reject"


@dataclass(frozen=True)
class Decision:
    """One reviewer's word in a round: whether it is required, and what it decided
    (``""`` while pending)."""

    reviewer: str
    required: bool
    decision: str
    comments: str = ""
    conditions: str = ""


def conclude(decisions: Sequence[Decision]) -> str:
    """``"rejected"`` if anyone rejected, ``"approved"`` when every required reviewer
    approved (and there is one), else ``"pending"``."""
    if any(d.decision == REJECT for d in decisions):
        return "rejected"
    required = [d for d in decisions if d.required]
    if required and all(d.decision in APPROVING for d in required):
        return "approved"
    return "pending"


def reasons(decisions: Sequence[Decision]) -> list[str]:
    """The rejections' reasons, "reviewer: comments", as the filer reads them."""
    return [f"{d.reviewer}: {d.comments}" for d in decisions if d.decision == REJECT]


def conditions(decisions: Sequence[Decision]) -> list[str]:
    """The conditions attached to approvals, "reviewer: conditions"."""
    return [
        f"{d.reviewer}: {d.conditions}"
        for d in decisions
        if d.decision == "approve_with_conditions" and d.conditions
    ]


@dataclass(frozen=True)
class ReviewRow:
    reviewer: str
    speciality: str
    round: int
    decision: str
    conditions: str
    comments: str
    decided: str


@dataclass(frozen=True)
class RosterRow:
    person: str
    mode: str
    starts: str
    ends: str
    duty: str
    person_days: str = ""


@dataclass(frozen=True)
class EventRow:
    at: str
    text: str
    author: str


@dataclass(frozen=True)
class CheckRow:
    phase: str
    text: str
    done: bool
    by: str
    at: str
    note: str


@dataclass(frozen=True)
class ChangeRecord:
    """Everything the change-assurance record says, already in one language."""

    customer: str
    title: str
    purpose: str
    window: str
    devices: list[str]
    plan_name: str
    steps: str
    rollback: str
    reviews: list[ReviewRow]
    conditions: list[str]
    roster: list[RosterRow]
    events: list[EventRow]
    outcome: str
    verification: str
    follow_ups: str
    hardening: list[str]
    author: str
    reviewer: str
    day: date
    request: str = ""


@dataclass(frozen=True)
class PeriodRecord:
    """Everything the critical-period assurance record says, in one language."""

    customer: str
    title: str
    event: str
    window: str
    sites: list[str]
    devices: list[str]
    checks: list[CheckRow]
    roster: list[RosterRow]
    events: list[EventRow]
    summary: str
    issues: str
    follow_ups: str
    person_days: str
    author: str
    reviewer: str
    day: date
    extra: list[str] = field(default_factory=list)
