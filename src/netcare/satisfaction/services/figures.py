"""The rows behind the satisfaction figures, for one customer or many, over a period.

Scores are the 1–5 answers of the surveys sent in the period and the per-item scores
of the return visits held in it (both are the customer's recorded satisfaction); the
recommendation answers and comments come from the surveys (visit comments join the
comments). The arithmetic is :mod:`netcare.satisfaction.results`. A fixed number of
queries, whatever the number of customers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from netcare.contracts.models import ServiceItem
from netcare.core.people import display_name
from netcare.customers.models import Customer
from netcare.satisfaction import results
from netcare.satisfaction.models import Answer, Invitation, Response, ReturnVisit, Survey

__all__ = ["ActionRow", "CustomerFigures", "ResultsRecord", "VisitRow", "gather"]


@dataclass(frozen=True)
class VisitRow:
    customer: str
    visited_on: dt.date
    stage: str
    channel: str
    overall: int
    met: str


@dataclass(frozen=True)
class ActionRow:
    customer: str
    text: str
    owner: str
    due: dt.date | None


@dataclass(frozen=True)
class CustomerFigures:
    code: str
    name_zh: str
    name_en: str
    figures: results.Figures


@dataclass
class ResultsRecord:
    """Everything the results report and export say."""

    customers: list[Customer]
    start: dt.date | None
    end: dt.date | None
    figures: results.Figures
    item_names: dict[str, tuple[str, str]]
    surveys: int
    per_customer: list[CustomerFigures] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return bool(self.figures.responded or self.visits)

    def item_name(self, code: str, language: str) -> str:
        zh, en = self.item_names.get(code, (code, code))
        return en if language == "en" else zh


def _bounds(start: dt.date | None, end: dt.date | None) -> tuple[Any, Any]:
    zone = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, zone) if start else None
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone) if end else None
    return low, high


def gather(
    customers: Sequence[Customer], *, start: dt.date | None = None, end: dt.date | None = None
) -> ResultsRecord:
    """The figures of ``customers`` (one or many) for surveys sent and visits held from
    ``start`` to ``end`` (both inclusive; None: no bound)."""
    ids = [c.pk for c in customers]
    low, high = _bounds(start, end)
    sent = Q(survey__customer_id__in=ids)
    if low is not None:
        sent &= Q(survey__sent_at__gte=low)
    if high is not None:
        sent &= Q(survey__sent_at__lt=high)
    survey_filter = (
        Q(customer_id__in=ids)
        & (Q(sent_at__gte=low) if low else Q())
        & (Q(sent_at__lt=high) if high else Q())
    )
    surveys = Survey.objects.filter(survey_filter).count()
    invited = dict(
        Invitation.objects.filter(sent)
        .values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
    )
    responses = list(
        Response.objects.filter(sent).values_list("customer_id", "nps", "comment", "invitation_id")
    )
    scores = [
        results.Score(code, score, "survey", str(cid))
        for cid, code, score in Answer.objects.filter(
            Q(response__survey__customer_id__in=ids)
            & (Q(response__survey__sent_at__gte=low) if low else Q())
            & (Q(response__survey__sent_at__lt=high) if high else Q())
        ).values_list("customer_id", "item__code", "score")
    ]
    visits = ReturnVisit.objects.filter(customer_id__in=ids)
    if start is not None:
        visits = visits.filter(visited_on__gte=start)
    if end is not None:
        visits = visits.filter(visited_on__lte=end)
    visits = visits.select_related("customer").prefetch_related(
        "contacts", "feedback__item", "actions__owner"
    )
    codes = {c.pk: c.code for c in customers}
    visit_rows, action_rows, comments = [], [], defaultdict(list)
    for visit in visits.order_by("visited_on", "id"):
        code = codes[visit.customer_id]
        met = "、".join(c.name for c in visit.contacts.all()) or visit.others
        visit_rows.append(
            VisitRow(code, visit.visited_on, visit.stage, visit.channel, visit.overall, met)
        )
        for row in visit.feedback.all():
            scores.append(results.Score(row.item.code, row.score, "visit", str(visit.customer_id)))
            if row.feedback:
                comments[visit.customer_id].append(row.feedback)
        if visit.comments:
            comments[visit.customer_id].append(visit.comments)
        for action in visit.actions.all():
            action_rows.append(
                ActionRow(code, action.text, display_name(action.owner) or "—", action.due)
            )
    for cid, _nps, comment, _inv in responses:
        if comment:
            comments[cid].append(comment)
    numbers = {}
    for item in ServiceItem.objects.filter(code__in={s.item for s in scores}):
        numbers[item.code] = (item.number, item.name_zh, item.name_en)
    order = sorted(numbers, key=lambda code: numbers[code][0])

    def figures_of(wanted: set[int]) -> results.Figures:
        mine = [r for r in responses if r[0] in wanted]
        portal_only = sum(1 for r in mine if r[3] is None)
        return results.figures(
            invited=sum(invited.get(cid, 0) for cid in wanted) + portal_only,
            responded=len(mine),
            scores=[s for s in scores if int(s.customer) in wanted],
            recommendations=[r[1] for r in mine if r[1] is not None],
            comments=[c for cid in wanted for c in comments.get(cid, [])],
            items=order,
        )

    record = ResultsRecord(
        customers=list(customers),
        start=start,
        end=end,
        figures=figures_of(set(ids)),
        item_names={code: (zh, en) for code, (_n, zh, en) in numbers.items()},
        surveys=surveys,
        visits=visit_rows,
        actions=action_rows,
    )
    if len(customers) > 1:
        record.per_customer = [
            CustomerFigures(c.code, c.name_zh, c.name_en or c.name_zh, figures_of({c.pk}))
            for c in customers
        ]
    return record
