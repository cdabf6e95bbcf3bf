"""The service plan document: generated from the confirmed plan, published as a
deliverable.

Once the customer has confirmed its plan, the RAM or the ASM generates the document
(zh and en; Word, Excel and PDF) and publishes it. The deliverable is drafted against
the kickoff milestone while that is still open, so publishing the plan document is what
completes the kickoff's planned deliverable; when the kickoff was already completed by
another record (or the plan has none), the document is a deliverable of the plan's
contract with no obligation, and ``PlanDocument`` ties it to the plan.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.care.models import PlanDocument
from netcare.care.reports import build_plan_document
from netcare.contracts.services import assignee
from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.delivery import services as delivery
from netcare.delivery.models import Deliverable, Obligation, ServicePlan
from netcare.reports.engine import Document, render

if TYPE_CHECKING:
    from netcare.core.access import Actor
    from netcare.reports.engine import Format

REPORT_TYPE = "service_plan"
LANGUAGES = ("zh", "en")
#: What the customer downloads: Word (the editable master), Excel (the tables), PDF.
FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
KICKOFF_SLOT = "milestone:kickoff"


def kickoff_of(plan: ServicePlan) -> Obligation | None:
    return plan.obligations.filter(slot=KICKOFF_SLOT).select_related("item").first()


def latest(plan: ServicePlan) -> PlanDocument | None:
    return plan.documents.select_related("deliverable").order_by("-version").first()


@transaction.atomic
def do_generate_plan_document(
    plan: ServicePlan,
    *,
    actor: Actor,
    on: dt.date | None = None,
    formats: Iterable[str] | None = None,
) -> PlanDocument:
    """Render the confirmed plan's document into a draft deliverable (zh and en).

    Generating again while the latest issue is unpublished re-renders it; after it was
    published a new issue (``version`` + 1) is drafted. Only the plan's leads may.
    """
    require(actor, "manage_plan", plan.customer_id)
    ServicePlan.objects.select_for_update().filter(pk=plan.pk).first()
    plan.refresh_from_db()
    if plan.state != ServicePlan.State.CONFIRMED:
        raise ValidationError({"state": "the customer has not confirmed this plan yet"})
    previous = latest(plan)
    published = previous is not None and previous.deliverable.state == Deliverable.State.PUBLISHED
    current = None if published else previous
    version = current.version if current else (previous.version + 1 if previous else 1)
    contract = plan.contract
    day = on or timezone.localdate()
    author = access.recorded_user(actor) or assignee(contract, "asm", day)
    ram, asm = assignee(contract, "l2_expert", day), assignee(contract, "asm", day)
    reviewer = ram if author is not None and author == asm else asm
    if current is None:
        kickoff = kickoff_of(plan)
        open_kickoff = kickoff if kickoff is not None and kickoff.is_open else None
        deliverable = delivery.do_create_deliverable(
            plan.customer,
            item=kickoff.item if kickoff is not None else "service_plan",
            title=f"服务计划 · {contract.number}",
            title_en=f"Service plan · {contract.number}",
            kind=Deliverable.Kind.REPORT,
            contract=contract,
            report_type=REPORT_TYPE,
            summary="",
            period_start=contract.start,
            period_end=contract.end,
            obligation=open_kickoff,
            actor=actor,
        )
        current = save_validated(
            PlanDocument(
                customer=plan.customer,
                plan=plan,
                deliverable=deliverable,
                created_by=access.recorded_user(actor),
            ),
            actor=actor,
            version=version,
            plan_revision=plan.revision,
        )
    documents = {
        language: build_plan_document(
            plan, language=language, author=author, reviewer=reviewer, version=version, on=day
        )
        for language in LANGUAGES
    }
    _render(
        current.deliverable,
        documents,
        basename=f"{contract.number}-service-plan-v{version}",
        actor=actor,
        formats=tuple(FORMATS if formats is None else formats),
    )
    return save_validated(
        current, actor=actor, plan_revision=plan.revision, rendered_at=timezone.now()
    )


def _render(
    deliverable: Deliverable,
    documents: dict[str, Document],
    *,
    basename: str,
    actor: Actor,
    formats: tuple[str, ...],
) -> None:
    """Attach each language's document in ``formats``. ``render_into`` renders all four
    formats whatever it attaches; a smaller set (Word alone, when a lead only wants the
    master to edit) skips the PDF, which takes most of the time."""
    if {"docx", "xlsx", "pdf"} <= set(formats):
        delivery.render_into(
            deliverable, documents, basename=basename, actor=actor, formats=formats
        )
        return
    with tempfile.TemporaryDirectory(prefix="netcare-plan-") as tmp:
        for language, document in documents.items():
            for fmt in formats:
                path = render(
                    document, cast("Format", fmt), Path(tmp) / f"{basename}-{language}.{fmt}"
                )
                delivery.do_attach_file(
                    deliverable, path, fmt=fmt, language=language, actor=actor, name=path.name
                )


@transaction.atomic
def do_publish_plan_document(
    document: PlanDocument, *, actor: Actor, at: Any = None
) -> Deliverable:
    """Publish the plan document to the customer (its users are told); published
    against the open kickoff, it completes it."""
    require(actor, "publish_deliverables", document.customer_id)
    if not document.deliverable.files.exists():
        raise ValidationError({"files": "generate the plan document before publishing it"})
    return delivery.do_publish(document.deliverable, actor=actor, at=at)


def documents_for(user: Any, plan: ServicePlan) -> list[PlanDocument]:
    """The plan's documents the user may see (customers: the published ones)."""
    return list(
        PlanDocument.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("deliverable", "created_by")
        .prefetch_related("deliverable__files")
        .order_by("-version")
    )
