"""The onsite support record: built from the visit and the ledger, published as a
deliverable, closing the request the visit answered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.contracts import services as contracts
from netcare.core import access
from netcare.core.people import display_name
from netcare.core.services import require, save_validated
from netcare.delivery.models import Deliverable
from netcare.delivery.services import (
    do_create_deliverable,
    do_publish,
    next_open_obligation,
    render_into,
)
from netcare.delivery.services.engagements import do_record_result
from netcare.onsite import summary
from netcare.onsite.models import Visit
from netcare.onsite.reports import TITLE, build_visit_record_document
from netcare.onsite.services.quota import ITEM, entitlement_on

if TYPE_CHECKING:
    from netcare.core.access import Actor

REPORT_TYPE = "onsite_record"
#: Word is the editable master, PDF for sending (the record has no table worth a workbook).
FORMATS = ("docx", "pdf")


def visit_record(
    visit: Visit,
    *,
    author: Any = None,
    on: dt.date | None = None,
    issued: dt.date | None = None,
) -> summary.VisitRecord:
    """The record of a visit as the report builder takes it (quota as of ``on``, by
    default the visit's last logged day)."""
    days = list(visit.days.select_related("ledger_entry").order_by("date"))
    rows = [
        summary.DayRow(
            date=d.date,
            hours_onsite=d.hours_onsite,
            hours_travel=d.hours_travel,
            counted_hours=d.hours_onsite
            + (d.hours_travel if d.ledger_entry.travel_included else Decimal(0)),
            person_days=d.ledger_entry.amount,
            note=d.note,
        )
        for d in days
    ]
    last = on or (days[-1].date if days else visit.planned_date)
    quota = None
    uses: list[tuple[str, Decimal]] = []
    try:
        entitlement = entitlement_on(visit.customer, last)
    except ValidationError:
        entitlement = None
    if entitlement is not None:
        status = contracts.quota_status(entitlement, last)
        quota = summary.QuotaRow(
            contract=entitlement.contract.number,
            year=status.period.index,
            period_start=status.period.start,
            period_end=status.period.end,
            quota=status.quota,
            used=status.used,
            left=status.left,
            travel_included=entitlement.travel_included,
        )
        entries = entitlement.ledger.filter(
            date__gte=status.period.start, date__lte=status.period.end
        ).order_by("date", "id")
        uses = [(f"{e.date} · {e.description}", e.amount) for e in entries]
    request = visit.request
    follow_ups = [line.strip(" -•\t") for line in visit.follow_ups.splitlines() if line.strip()]
    approval = (
        (display_name(visit.approved_by), visit.approval_note)
        if visit.approved_by is not None and any(d.ledger_entry.approved_by_id for d in days)
        else None
    )
    return summary.VisitRecord(
        number=visit.pk,
        customer_name=visit.customer.name_zh,
        customer_name_en=visit.customer.name_en,
        title=visit.title,
        purpose=visit.purpose,
        engineer=display_name(visit.engineer),
        dispatched_by=display_name(visit.owner) or "NetCare",
        site=visit.site.name if visit.site is not None else "",
        planned_date=visit.planned_date,
        request=f"#{request.pk} {request.title}" if request is not None else "",
        days=rows,
        work_done=visit.work_done,
        follow_ups=[f for f in follow_ups if f],
        quota=quota,
        author=display_name(author) or display_name(visit.owner) or "NetCare",
        reviewer=display_name(visit.owner) or "NetCare",
        issued=issued or timezone.localdate(),
        approval=approval,
        other_visits=uses,
    )


@transaction.atomic
def do_publish_record(
    visit: Visit,
    *,
    actor: Actor,
    work_done: str | None = None,
    follow_ups: str | None = None,
    at: dt.datetime | None = None,
) -> Deliverable:
    """Write the onsite support record (zh and en, Word and PDF), publish it to the
    customer and finish the visit (``on_site → done``), closing its request.

    Only the RAM or ASM publishes; a visit with no day logged has nothing to record.
    """
    require(actor, "publish_deliverables", visit.customer_id)
    if work_done is not None:
        visit.work_done = work_done.strip()
    if follow_ups is not None:
        visit.follow_ups = follow_ups.strip()
    if not visit.FLOW.can(visit.state, Visit.State.DONE):
        visit.move_to(Visit.State.DONE)  # refused: the error names the legal moves
    days = list(visit.days.order_by("date"))
    if not days:
        raise ValidationError({"days": f"visit #{visit.pk} has no day logged to record"})
    if not visit.work_done:
        raise ValidationError({"work_done": "say what was done on site"})
    customer = visit.customer
    deliverable = do_create_deliverable(
        customer,
        item=ITEM,
        title=f"{TITLE['zh']} · {visit.title}"[:200],
        title_en=f"{TITLE['en']} · {visit.title}"[:200],
        kind=Deliverable.Kind.REPORT,
        contract=entitlement_on(customer, days[-1].date).contract,
        report_type=REPORT_TYPE,
        summary=visit.work_done[:1000],
        period_start=days[0].date,
        period_end=days[-1].date,
        obligation=next_open_obligation(customer, ITEM),
        actor=actor,
    )
    issued = timezone.localdate(at) if at is not None else None
    record = visit_record(visit, author=access.recorded_user(actor), issued=issued)
    documents = {lang: build_visit_record_document(record, lang) for lang in ("zh", "en")}
    render_into(
        deliverable,
        documents,
        basename=f"onsite-{visit.pk}-record",
        actor=actor,
        formats=FORMATS,
    )
    do_publish(deliverable, actor=actor, at=at)
    visit.move_to(Visit.State.DONE)
    save_validated(visit, actor=actor, ends_at=at or timezone.now())
    resolution = (
        f"现场技术支持已完成，记录已发布（{len(days)} 天）。 / Onsite support done; the record "
        f"is published ({len(days)} day(s))."
    )
    do_record_result(visit, deliverable, resolution=resolution, actor=actor)
    return deliverable
