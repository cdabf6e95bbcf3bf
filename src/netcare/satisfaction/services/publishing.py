"""The satisfaction-results report published to the customer (满意度调查结果)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from netcare.contracts.services import assignee, current_contract
from netcare.core.services import require
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_create_deliverable,
    do_publish,
    do_withdraw,
    render_into,
)
from netcare.satisfaction.services.figures import gather
from netcare.satisfaction.services.visits import CARE_ITEM

if TYPE_CHECKING:
    from netcare.core.access import Actor

REPORT_TYPE = "satisfaction_results"

__all__ = ["REPORT_TYPE", "do_publish_results"]


@transaction.atomic
def do_publish_results(
    customer: Customer,
    *,
    actor: Actor,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Deliverable:
    """Render the customer's satisfaction results (zh and en; Word, Excel, PDF) for the
    contract term so far (or ``start``–``end``) and publish them. Publishing again for
    the same period replaces the files of the earlier report."""
    from netcare.satisfaction.reports import build_results_document

    require(actor, "publish_deliverables", customer)
    contract = current_contract(customer)
    first = start or (contract.start if contract else None)
    last = end or timezone.localdate()
    record = gather([customer], start=first, end=last)
    existing = (
        Deliverable.objects.filter(
            customer=customer, report_type=REPORT_TYPE, period_start=first, period_end=last
        )
        .order_by("-created")
        .first()
    )
    if existing is not None and existing.state == Deliverable.State.PUBLISHED:
        do_withdraw(existing, actor=actor)
    deliverable = existing or do_create_deliverable(
        customer,
        item=CARE_ITEM,
        title=f"满意度调查结果 · {last:%Y-%m-%d}",
        title_en=f"Satisfaction results · {last:%Y-%m-%d}",
        contract=contract,
        report_type=REPORT_TYPE,
        period_start=first,
        period_end=last,
        actor=actor,
    )
    author = assignee(contract, "asm") if contract else None
    reviewer = assignee(contract, "l2_expert") if contract else None
    documents = {
        language: build_results_document(
            record, language, author=author or actor, reviewer=reviewer or actor
        )
        for language in ("zh", "en")
    }
    render_into(
        deliverable, documents, basename=f"{customer.code}-satisfaction-{last:%Y%m%d}", actor=actor
    )
    return do_publish(deliverable, actor=actor)
