"""The multi-role review of a change plan (变更方案审核).

The RAM names reviewers — HQ experts as product support expert, industry expert or R&D
— and naming one gives them a ``reviewer`` membership of the customer, through which
they see the changes they review and nothing else of it. Each reviewer records approve,
approve with conditions, or reject, with comments. The rule is ``summary.conclude``:
every required reviewer approving approves the plan, one rejection returns it to the
filer with the reasons. A returned plan sent again starts a new round in which every
reviewer decides anew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from netcare.assurance import summary
from netcare.assurance.models import ChangeAssurance, Review, Speciality
from netcare.assurance.services import notices
from netcare.core.access import recorded_user, require
from netcare.core.people import display_name
from netcare.core.services import save_validated
from netcare.customers.models import CUSTOMER_ROLES, Membership, Role

if TYPE_CHECKING:
    from netcare.core.access import Actor

#: States in which reviewers may be named (before the plan is approved).
NAMING_STATES = {"draft", "in_review", "returned"}


def reviewer_candidates() -> QuerySet[Any]:
    """Whom the RAM may name: active HQ experts (anyone holding the ``hq_expert`` or
    ``reviewer`` role somewhere) who are no customer's user."""
    users = get_user_model()._default_manager.filter(is_active=True)
    experts = Membership.objects.filter(role__in=[Role.HQ_EXPERT, Role.REVIEWER])
    customers = Membership.objects.filter(role__in=sorted(CUSTOMER_ROLES))
    return (
        users.filter(pk__in=experts.values("user_id"))
        .exclude(pk__in=customers.values("user_id"))
        .order_by("username")
    )


def current_reviews(change: ChangeAssurance) -> QuerySet[Review]:
    """The reviews of the change's current round."""
    return change.reviews.filter(round=change.round).select_related("reviewer")


def decisions(reviews: Any) -> list[summary.Decision]:
    return [
        summary.Decision(display_name(r.reviewer), r.required, r.decision, r.comments, r.conditions)
        for r in reviews
    ]


@transaction.atomic
def do_name_reviewer(
    change: ChangeAssurance,
    reviewer: Any,
    speciality: str,
    *,
    actor: Actor,
    required: bool = True,
) -> Review:
    """Name ``reviewer`` for the change's current round; they get a ``reviewer``
    membership of the customer and are told."""
    from netcare.customers.services import do_grant_membership

    require(actor, "manage_changes", change.customer_id)
    if change.state not in NAMING_STATES:
        raise ValidationError(
            {"reviewer": f"reviewers are named before approval; the change is {change.state}"}
        )
    if speciality not in Speciality.values:
        raise ValidationError(
            {
                "speciality": f"unknown speciality {speciality!r}; use one of "
                + ", ".join(Speciality.values)
            }
        )
    if not reviewer_candidates().filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": f"{reviewer} is not an HQ expert who may review"})
    if change.reviews.filter(round=change.round, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} already reviews this change"})
    review = save_validated(
        Review(customer_id=change.customer_id, change=change, reviewer=reviewer),
        actor=actor,
        speciality=speciality,
        required=required,
        round=change.round,
        named_by=recorded_user(actor),
        named_at=timezone.now(),
    )
    # The system grants it on the RAM's behalf: only admins grant memberships by hand.
    do_grant_membership(
        reviewer, change.customer, Role.REVIEWER, actor=None, note=f"reviewer of change {change.pk}"
    )
    if change.state == ChangeAssurance.State.IN_REVIEW:
        notices.reviewer_named(review)
    return review


@transaction.atomic
def do_record_decision(
    review: Review,
    decision: str,
    *,
    actor: Actor,
    comments: str = "",
    conditions: str = "",
) -> Review:
    """The named reviewer's own decision on the current round. A rejection needs the
    reasons (``comments``), an approval with conditions its conditions. Concludes the
    round when the rule decides it."""
    change = ChangeAssurance.objects.select_for_update().get(pk=review.change_id)
    if actor is None or getattr(actor, "pk", None) != review.reviewer_id:
        raise PermissionDenied("only the named reviewer records this decision")
    if change.state != ChangeAssurance.State.IN_REVIEW or review.round != change.round:
        raise ValidationError(
            {
                "decision": f"the change is {change.state} (round {change.round}); "
                f"this review of round {review.round} is closed"
            }
        )
    if decision not in (
        Review.Decision.APPROVE,
        Review.Decision.CONDITIONS,
        Review.Decision.REJECT,
    ):
        raise ValidationError(
            {
                "decision": f"unknown decision {decision!r}; use approve, "
                "approve_with_conditions or reject"
            }
        )
    if decision == Review.Decision.REJECT and not comments.strip():
        raise ValidationError({"comments": "give the reasons for the rejection"})
    if decision == Review.Decision.CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": "list the conditions of the approval"})
    save_validated(
        review,
        actor=actor,
        decision=decision,
        comments=comments.strip(),
        conditions=conditions.strip() if decision == Review.Decision.CONDITIONS else "",
        decided_at=timezone.now(),
    )
    _conclude(change, actor=actor)
    return review


def _conclude(change: ChangeAssurance, *, actor: Actor) -> None:
    said = decisions(current_reviews(change))
    verdict = summary.conclude(said)
    if verdict == "pending":
        return
    target = "approved" if verdict == "approved" else "returned"
    change.move_to(target)
    save_validated(change, actor=actor)
    notices.review_concluded(change, approved=verdict == "approved", reasons=summary.reasons(said))


def start_round(change: ChangeAssurance, *, actor: Actor) -> None:
    """A returned plan sent again: the next round, every reviewer of the last one named
    again (pending) and told."""
    previous = list(current_reviews(change))
    change.round += 1
    save_validated(change, actor=actor)
    for old in previous:
        review = save_validated(
            Review(customer_id=change.customer_id, change=change, reviewer=old.reviewer),
            actor=actor,
            speciality=old.speciality,
            required=old.required,
            round=change.round,
            named_by=old.named_by,
            named_at=timezone.now(),
        )
        notices.reviewer_named(review)


def return_reasons(change: ChangeAssurance) -> list[str]:
    """Why the change was last returned (the rejections of its latest rejected round)."""
    rejected = change.reviews.filter(decision=Review.Decision.REJECT).select_related("reviewer")
    last = rejected.order_by("-round").values_list("round", flat=True).first()
    return summary.reasons(decisions(r for r in rejected if r.round == last))
