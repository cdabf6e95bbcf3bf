"""Mid-term review and final summary: the facts gathered from what was recorded, and the
operation that renders them into a deliverable against the milestone obligation."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.contracts import services as contract_services
from netcare.contracts.terms import add_months
from netcare.core.services import require, save_validated
from netcare.delivery.models import (
    ContactLog,
    Deliverable,
    Obligation,
    ServicePlan,
    ServiceRequest,
)
from netcare.delivery.services.deliverables import do_create_deliverable

if TYPE_CHECKING:
    from netcare.core.access import Actor

REPORT_TYPES = {"mid_term": "mid_term_review", "final": "final_summary"}
TITLES = {
    "mid_term": ("阶段性回顾报告", "Mid-term review"),
    "final": ("服务总结报告", "Final summary"),
}


@dataclass
class Tally:
    """Planned work due in the period by outcome."""

    on_time: int = 0
    late: int = 0
    waived: int = 0
    overdue: int = 0

    @property
    def planned(self) -> int:
        return self.on_time + self.late + self.waived + self.overdue

    @property
    def delivered(self) -> int:
        return self.on_time + self.late


@dataclass
class ReviewFacts:
    """Everything a review reports, read from the records up to ``on``."""

    plan: ServicePlan
    milestone: str
    start: dt.date
    on: dt.date
    total: Tally
    by_item: dict[str, Tally]
    due: list[Obligation]
    upcoming: list[Obligation]
    months: list[str]
    planned_remaining: list[int]
    actual_remaining: list[int]
    deliverables: list[Deliverable]
    records: int
    contacts: Counter[str]
    requests: list[ServiceRequest]
    quota_rows: list[Any]
    remarks: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def requests_late(self) -> list[ServiceRequest]:
        return [r for r in self.requests if r.response_late(_end_of(self.on))]

    @property
    def median_response_hours(self) -> float | None:
        hours = [
            (r.first_response_at - r.raised_at).total_seconds() / 3600
            for r in self.requests
            if r.first_response_at is not None
        ]
        return round(statistics.median(hours), 1) if hours else None


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _outcome(obligation: Obligation, on: dt.date) -> str:
    """on_time | late | waived | overdue | open as of the end of ``on``."""
    done = obligation.completed_on
    if obligation.state == Obligation.State.WAIVED and done is not None and done <= on:
        return "waived"
    if obligation.state == Obligation.State.DONE and done is not None and done <= on:
        return "on_time" if done <= obligation.due else "late"
    return "overdue" if obligation.due < on else "open"


def review_facts(plan: ServicePlan, milestone: str, *, on: dt.date | None = None) -> ReviewFacts:
    """Gather the review of ``plan`` as of ``on`` (today, capped at the contract end)."""
    contract = plan.contract
    day = min(on or timezone.localdate(), contract.end)
    obligations = list(
        plan.obligations.select_related("item", "owner", "completed_by").order_by("due", "id")
    )
    # What fell due before the review date (work due that day is not late yet).
    due = [o for o in obligations if o.due < day or (o.due == day and not o.is_open)]
    total, by_item = Tally(), dict[str, Tally]()
    for obligation in due:
        outcome = _outcome(obligation, day)
        if outcome == "open":
            continue
        for tally in (total, by_item.setdefault(obligation.item.code, Tally())):
            setattr(tally, outcome, getattr(tally, outcome) + 1)
    horizon = add_months(day, 6) if milestone == "mid_term" else contract.end
    upcoming = [o for o in obligations if day <= o.due <= horizon and o.is_open]
    months, planned, actual = burn_down(obligations, contract.start, day)
    published = list(
        Deliverable.objects.filter(
            customer=plan.customer,
            state=Deliverable.State.PUBLISHED,
            published_at__lte=_end_of(day),
        )
        .filter(published_at__date__gte=contract.start)
        .select_related("item", "published_by")
        .order_by("published_at")
    )
    contacts = Counter(
        f"{role}:{channel}"
        for role, channel in ContactLog.objects.filter(
            contract=contract, date__gte=contract.start, date__lte=day
        ).values_list("role", "channel")
    )
    requests = list(
        ServiceRequest.objects.filter(
            customer=plan.customer, raised_at__date__gte=contract.start, raised_at__lte=_end_of(day)
        )
        .select_related("routed_to", "raised_by")
        .order_by("raised_at")
    )
    quota_rows = [
        r
        for r in contract_services.entitlement_rows(contract, language="zh", on=day)
        if r.quota is not None
    ]
    return ReviewFacts(
        plan=plan,
        milestone=milestone,
        start=contract.start,
        on=day,
        total=total,
        by_item=by_item,
        due=due,
        upcoming=upcoming,
        months=months,
        planned_remaining=planned,
        actual_remaining=actual,
        deliverables=[d for d in published if d.kind != Deliverable.Kind.RECORD],
        records=sum(1 for d in published if d.kind == Deliverable.Kind.RECORD),
        contacts=contacts,
        requests=requests,
        quota_rows=quota_rows,
    )


def burn_down(
    obligations: list[Obligation], start: dt.date, on: dt.date
) -> tuple[list[str], list[int], list[int]]:
    """Month by month to ``on``: obligations still to do by plan (all minus those due) and
    in fact (all minus those done or waived), the two lines of the burn-down chart."""
    total = len(obligations)
    months, planned, actual = [], [], []
    month = start.replace(day=1)
    while month <= on:
        end = min(add_months(month, 1) - dt.timedelta(days=1), on)
        months.append(f"{month:%Y-%m}")
        planned.append(total - sum(1 for o in obligations if o.due <= end))
        closed = sum(
            1
            for o in obligations
            if o.state != Obligation.State.OPEN
            and o.completed_on is not None
            and o.completed_on <= end
        )
        actual.append(total - closed)
        month = add_months(month, 1)
    return months, planned, actual


#: Share of the term after which a final summary is expected, and the window around
#: half-way in which a mid-term review is expected.
FINAL_FROM = 0.9
MID_TERM_WINDOW = (0.35, 0.65)


@dataclass(frozen=True)
class TimingWarning:
    """Why a review generated now may be premature or late; generating stays allowed
    (a customer may want a summary before renewal talks), the leads are only warned."""

    code: str
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


def term_elapsed(plan: ServicePlan, on: dt.date) -> float:
    """Share of the contract term passed by ``on`` (0 before the start, 1 at the end)."""
    contract = plan.contract
    length = max((contract.end - contract.start).days, 1)
    return min(max((on - contract.start).days / length, 0.0), 1.0)


def timing_warnings(
    plan: ServicePlan, milestone: str, *, on: dt.date | None = None
) -> list[TimingWarning]:
    """What to tell the leads before generating ``milestone`` on ``on`` (today): a final
    summary before 90% of the term or with planned work still open, a mid-term review
    far from half-way."""
    day = on or timezone.localdate()
    percent = round(term_elapsed(plan, day) * 100)
    found = []
    if milestone == "final":
        if percent < FINAL_FROM * 100:
            found.append(
                TimingWarning(
                    "final_early",
                    f"服务期才过去 {percent}%：服务总结报告通常在服务期过去 90% 之后编写。"
                    "仍可生成，但报告将只涵盖到今天为止的服务。",
                    f"Only {percent}% of the term has passed: a final summary is usually "
                    "written after 90% of the term. You may still generate it; it covers the "
                    "service up to today only.",
                )
            )
        still_open = plan.obligations.filter(state=Obligation.State.OPEN).exclude(kind="final")
        count = still_open.count()
        if count:
            found.append(
                TimingWarning(
                    "final_open_work",
                    f"仍有 {count} 项计划工作未完成，服务总结会把它们列为未完成。",
                    f"{count} planned obligations are still open; the summary will show them "
                    "as not done.",
                )
            )
    elif milestone == "mid_term" and not (
        MID_TERM_WINDOW[0] * 100 <= percent <= MID_TERM_WINDOW[1] * 100
    ):
        found.append(
            TimingWarning(
                "mid_term_off",
                f"服务期已过去 {percent}%，离服务期中点较远：阶段性回顾通常在服务期过半前后进行。"
                "仍可生成。",
                f"{percent}% of the term has passed, far from mid-term: a mid-term review is "
                "usually held around half-way through the term. You may still generate it.",
            )
        )
    return found


def milestone_obligation(plan: ServicePlan, milestone: str) -> Obligation | None:
    return plan.obligations.filter(kind=milestone).order_by("due").first()


@transaction.atomic
def do_generate_review(
    plan: ServicePlan,
    milestone: str,
    *,
    actor: Actor,
    remarks: str | None = None,
    on: dt.date | None = None,
) -> Deliverable:
    """Build the mid-term review or final summary in zh and en (Word, Excel, PDF) into a
    draft deliverable against the milestone's obligation, ready for the leads to edit
    (re-upload the Word master) and publish. Generating again re-renders the draft;
    ``remarks`` (the leads' assessment) is kept in the deliverable's summary.
    """
    from netcare.contracts.services import assignee
    from netcare.delivery.reports import build_review
    from netcare.delivery.services.rendering import render_into

    require(actor, "manage_plan", plan.customer_id)
    if milestone not in REPORT_TYPES:
        raise ValidationError({"milestone": "mid_term or final"})
    obligation = milestone_obligation(plan, milestone)
    contract = plan.contract
    existing = (
        Deliverable.objects.filter(
            contract=contract,
            report_type=REPORT_TYPES[milestone],
            state__in=[Deliverable.State.DRAFT, Deliverable.State.IN_REVIEW],
        )
        .order_by("-created")
        .first()
    )
    zh, en = TITLES[milestone]
    deliverable = existing or do_create_deliverable(
        plan.customer,
        item=obligation.item if obligation else "service_plan",
        title=f"{zh} · {contract.number}",
        title_en=f"{en} · {contract.number}",
        kind=Deliverable.Kind.REPORT,
        contract=contract,
        report_type=REPORT_TYPES[milestone],
        obligation=obligation,
        actor=actor,
    )
    facts = review_facts(plan, milestone, on=on)
    if remarks is not None:
        save_validated(deliverable, actor=actor, summary=remarks.strip())
    facts.remarks = deliverable.summary
    save_validated(deliverable, actor=actor, period_start=facts.start, period_end=facts.on)
    ram = assignee(contract, "l2_expert", facts.on)
    asm = assignee(contract, "asm", facts.on)
    documents = {
        language: build_review(facts, language=language, author=ram or actor, reviewer=asm or actor)
        for language in ("zh", "en")
    }
    render_into(
        deliverable,
        documents,
        basename=f"{contract.number}-{REPORT_TYPES[milestone].replace('_', '-')}",
        actor=actor,
    )
    return deliverable
