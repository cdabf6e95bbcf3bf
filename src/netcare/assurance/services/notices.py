"""Whom assurance tells, through the one notification service: a reviewer when named;
the change's RAM when every required reviewer approved, or when one rejected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from netcare.customers.models import Membership, Role
from netcare.notifications.services import notify

if TYPE_CHECKING:
    from netcare.assurance.models import ChangeAssurance, Review


def _link(change: ChangeAssurance) -> str:
    return reverse("assurance:change_detail", kwargs={"pk": change.pk})


def leads(change: ChangeAssurance) -> list[Any]:
    """The change's RAM(s) for its customer, and its owner if another person."""
    found = Membership.objects.filter(customer_id=change.customer_id, role=Role.L2_EXPERT)
    people = {m.user_id: m.user for m in found.select_related("user")}
    if change.owner is not None:
        people.setdefault(change.owner_id, change.owner)
    return list(people.values())


def reviewer_named(review: Review) -> None:
    change = review.change
    notify(
        [review.reviewer],
        "change_reviewer_named",
        {"change": change, "review": review},
        key=f"change:{change.pk}:round:{review.round}:reviewer:{review.reviewer_id}",
        customer=change.customer,
        link=_link(change),
    )


def review_concluded(change: ChangeAssurance, *, approved: bool, reasons: list[str]) -> None:
    kind = "change_approved" if approved else "change_rejected"
    notify(
        leads(change),
        kind,
        {"change": change, "reasons": reasons},
        key=f"change:{change.pk}:round:{change.round}:{kind}",
        customer=change.customer,
        link=_link(change),
    )
