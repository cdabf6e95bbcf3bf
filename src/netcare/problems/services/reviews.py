"""The quarterly problem review (季度问题回顾) and its report (问题管理报告).

A review's scope is every ticket opened in its quarter; tickets opened earlier and still
open are listed apart. Only a recorded agreement of the L2 expert, the customer and the
field engineer changes the period. Publishing needs every closed ticket in scope to
have a root-cause category and an analysis; it renders the report in zh and en and
completes the plan's open ``problem_management`` obligation.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from netcare.core.access import recorded_user, require, roles_for
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_attach_file,
    do_create_deliverable,
    do_publish,
    do_withdraw,
    next_open_obligation,
)
from netcare.problems.analysis import stats as stats_engine
from netcare.problems.models import ProblemReview, ScopeAgreement, Ticket

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "carried_tickets",
    "do_open_review",
    "do_publish_review",
    "do_record_agreement",
    "missing_analysis",
    "scope_tickets",
]

LANGUAGES = ("zh", "en")


def _zone() -> Any:
    return timezone.get_current_timezone()


def do_open_review(customer: Customer, quarter: str, *, actor: Actor) -> ProblemReview:
    """The review of ``quarter`` (``2026Q3``), opened once; opening it again returns it."""
    require(actor, "review_problems", customer.pk)
    try:
        start, end = stats_engine.quarter_bounds(quarter, str(_zone()))
    except ValueError as exc:
        raise ValidationError({"quarter": str(exc)}) from None
    existing = ProblemReview.objects.filter(customer=customer, quarter=quarter).first()
    if existing is not None:
        return existing
    review = ProblemReview(
        customer=customer,
        quarter=quarter,
        period_start=start,
        period_end=end,
        created_by=recorded_user(actor),
    )
    return save_validated(review, actor=actor)


def do_record_agreement(
    review: ProblemReview,
    *,
    actor: Actor,
    what: str,
    expert: Any,
    field_engineer: Any,
    customer_party: str,
    agreed_on: date,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
) -> ScopeAgreement:
    """Record the three parties' agreement to change the review's scope or cadence; a
    new period, when given, becomes the review's."""
    require(actor, "review_problems", review.customer_id)
    if "l2_expert" not in roles_for(expert, review.customer) - {"admin"} and not getattr(
        expert, "is_superuser", False
    ):
        raise ValidationError({"expert": "the customer's L2 expert agrees for the vendor"})
    if "field_engineer" not in roles_for(field_engineer, review.customer):
        raise ValidationError({"field_engineer": "not a field engineer of this customer"})
    if not customer_party.strip():
        raise ValidationError({"customer_party": "name who agreed for the customer"})
    if period_start and period_end and period_start >= period_end:
        raise ValidationError({"period_end": "the period ends before it starts"})
    agreement = ScopeAgreement(
        customer=review.customer,
        review=review,
        what=what.strip(),
        expert=expert,
        field_engineer=field_engineer,
        customer_party=customer_party.strip(),
        agreed_on=agreed_on,
        period_start=period_start,
        period_end=period_end,
    )
    save_validated(agreement, actor=actor)
    if period_start or period_end:
        save_validated(
            review,
            actor=actor,
            period_start=period_start or review.period_start,
            period_end=period_end or review.period_end,
        )
    return agreement


def scope_tickets(review: ProblemReview) -> QuerySet[Ticket]:
    """Every ticket opened in the review's period."""
    return Ticket.objects.filter(
        customer_id=review.customer_id,
        opened__gte=review.period_start,
        opened__lt=review.period_end,
    )


def carried_tickets(review: ProblemReview) -> QuerySet[Ticket]:
    """Tickets opened before the period and still open at its end (listed apart)."""
    earlier = Ticket.objects.filter(customer_id=review.customer_id, opened__lt=review.period_start)
    return earlier.filter(~Q(status__in=["resolved", "closed"]) | Q(closed__gte=review.period_end))


def missing_analysis(review: ProblemReview) -> list[str]:
    """Closed tickets in scope without a root-cause category or an analysis."""
    closed = scope_tickets(review).filter(status__in=["resolved", "closed"])
    return sorted(
        closed.filter(Q(root_cause="") | Q(root_cause_text="")).values_list("number", flat=True)
    )


def _deliverable(review: ProblemReview, *, actor: Actor) -> Deliverable:
    if review.deliverable is not None:
        if review.deliverable.state == Deliverable.State.PUBLISHED:
            do_withdraw(review.deliverable, actor=actor)
        return review.deliverable
    return do_create_deliverable(
        review.customer,
        item="problem_management",
        title=f"问题管理报告 · {review.quarter}",
        title_en=f"Problem-management report · {review.quarter}",
        kind=Deliverable.Kind.REPORT,
        report_type="problem_management",
        period_start=review.period_start.date(),
        period_end=(review.period_end - timedelta(seconds=1)).date(),
        obligation=next_open_obligation(review.customer, "problem_management"),
        actor=actor,
    )


@transaction.atomic
def do_publish_review(review: ProblemReview, *, actor: Actor) -> Deliverable:
    """Publish the problem-management report (docx + pdf + xlsx, zh and en); refused
    while a closed ticket in scope lacks its root cause or analysis."""
    from netcare.problems import reports
    from netcare.problems.services.records import review_record

    require(actor, "publish_deliverables", review.customer_id)
    missing = missing_analysis(review)
    if missing:
        raise ValidationError(
            {
                "tickets": "give these closed tickets a root cause and an analysis first: "
                + ", ".join(missing[:20])
                + (" …" if len(missing) > 20 else "")
            }
        )
    deliverable = _deliverable(review, actor=actor)
    stem = f"{review.customer.code}-problems-{review.quarter}"
    with tempfile.TemporaryDirectory(prefix="netcare-problems-") as tmp:
        for language in LANGUAGES:
            record = review_record(review, language, author=display_name(actor) or "NetCare")
            for fmt in ("docx", "pdf"):
                path = Path(tmp) / f"{stem}-{language}.{fmt}"
                reports.write_problem_review(record, path, language)
                do_attach_file(deliverable, path, fmt=fmt, language=language, actor=actor)
            path = Path(tmp) / f"{stem}-{language}.xlsx"
            reports.write_problem_review_xlsx(record, path, language)
            do_attach_file(deliverable, path, fmt="xlsx", language=language, actor=actor)
    do_publish(deliverable, actor=actor)
    save_validated(
        review, actor=actor, deliverable=deliverable, state=ProblemReview.State.PUBLISHED
    )
    return deliverable
