"""Operations on deliverables: draft, attach files, review, publish, withdraw, download.

A deliverable drafted against an obligation (``obligation=``) completes it when it is
published and reopens it when it is withdrawn; that is the only way planned work gets
done besides a recorded waiver.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.contracts.models import Contract, ServiceItem
from netcare.core import access, audit
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable, DeliverableFile, Obligation
from netcare.delivery.services import obligations

if TYPE_CHECKING:
    from netcare.core.access import Actor

FORMATS = ("docx", "xlsx", "pdf", "html", "zip", "csv")


def do_create_deliverable(
    customer: Customer,
    *,
    item: str | ServiceItem,
    title: str,
    actor: Actor,
    title_en: str = "",
    kind: str = Deliverable.Kind.REPORT,
    contract: Contract | None = None,
    report_type: str = "",
    summary: str = "",
    period_start: Any = None,
    period_end: Any = None,
    obligation: Obligation | None = None,
) -> Deliverable:
    """Start a deliverable (a draft) for one service item of the customer.

    ``title`` is the Chinese title (or the only one, for a document its author named);
    ``title_en`` the English one, shown to readers of English. Give the ``obligation``
    it fulfils (see ``next_open_obligation``) so that publishing it completes that
    obligation; the contract then defaults to the plan's.
    """
    require(actor, "draft_deliverables", customer)
    service_item = item if isinstance(item, ServiceItem) else ServiceItem.objects.get(code=item)
    if contract is not None and contract.customer_id != customer.pk:
        raise ValidationError({"contract": "the contract belongs to another customer"})
    if obligation is not None:
        if obligation.customer_id != customer.pk:
            raise ValidationError({"obligation": "the obligation belongs to another customer"})
        contract = contract or obligation.plan.contract
    return save_validated(
        Deliverable(
            customer=customer,
            item=service_item,
            contract=contract,
            created_by=access.recorded_user(actor),
            obligation=obligation,
        ),
        actor=actor,
        title_zh=title.strip(),
        title_en=title_en.strip(),
        kind=kind,
        report_type=report_type,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def do_attach_file(
    deliverable: Deliverable, source: Path, *, fmt: str, language: str, actor: Actor, name: str = ""
) -> DeliverableFile:
    """Copy a rendered file into the reports directory and attach it.

    Files land at ``REPORTS_DIR/<customer code>/<name>``; attaching the same format and
    language again replaces the earlier file, so re-rendering a draft never piles up.
    """
    require(actor, "draft_deliverables", deliverable.customer_id)
    if deliverable.state == Deliverable.State.PUBLISHED:
        raise ValidationError(
            {"state": "a published deliverable is not changed; withdraw it first"}
        )
    if fmt not in FORMATS:
        raise ValidationError(
            {"format": f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"}
        )
    file_name = name or source.name
    relative = Path(deliverable.customer.code) / file_name
    target = settings.REPORTS_DIR / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    existing = deliverable.files.filter(format=fmt, language=language).first()
    attached = existing or DeliverableFile(customer=deliverable.customer, deliverable=deliverable)
    attached.file.name = str(relative)
    return save_validated(
        attached,
        actor=actor,
        name=file_name,
        format=fmt,
        language=language,
        size=target.stat().st_size,
        sha256=_sha256(target),
    )


def do_submit_for_review(deliverable: Deliverable, *, actor: Actor) -> Deliverable:
    require(actor, "draft_deliverables", deliverable.customer_id)
    if deliverable.state not in {Deliverable.State.DRAFT, Deliverable.State.WITHDRAWN}:
        raise ValidationError({"state": f"cannot submit a deliverable that is {deliverable.state}"})
    return save_validated(deliverable, actor=actor, state=Deliverable.State.IN_REVIEW)


@transaction.atomic
def do_publish(deliverable: Deliverable, *, actor: Actor, at: Any = None) -> Deliverable:
    """Release a deliverable to the customer; only the L2 expert or account manager may.

    A deliverable with neither files nor a summary has nothing to show and is refused.
    Published against an obligation, it completes it (``at`` backdates the release for
    records entered after the fact). The customer's users are told, except for short
    records such as a contact record, which they see in their timeline.
    """
    require(actor, "publish_deliverables", deliverable.customer_id)
    if deliverable.state == Deliverable.State.PUBLISHED:
        return deliverable
    if not deliverable.summary and not deliverable.files.exists():
        raise ValidationError({"files": "attach the report files (or write a summary) first"})
    save_validated(
        deliverable,
        actor=actor,
        state=Deliverable.State.PUBLISHED,
        published_by=actor,
        published_at=at or timezone.now(),
    )
    if deliverable.obligation is not None:
        obligations.complete_obligation(deliverable.obligation, deliverable, actor=actor)
    if deliverable.kind != Deliverable.Kind.RECORD:
        _tell_customer(deliverable)
    return deliverable


def _tell_customer(deliverable: Deliverable) -> None:
    from django.urls import reverse

    from netcare.notifications.services import notify

    notify(
        access.customer_users(deliverable.customer_id),
        "deliverable_published",
        {"deliverable": deliverable},
        key=f"deliverable:{deliverable.pk}:published",
        customer=deliverable.customer,
        link=reverse("delivery:deliverable_list", kwargs={"code": deliverable.customer.code}),
    )


@transaction.atomic
def do_withdraw(deliverable: Deliverable, *, actor: Actor) -> Deliverable:
    """Take a deliverable back from the customer; an obligation it completed reopens."""
    require(actor, "publish_deliverables", deliverable.customer_id)
    save_validated(deliverable, actor=actor, state=Deliverable.State.WITHDRAWN)
    obligations.reopen_completed_by(deliverable, actor=actor)
    return deliverable


def record_download(file: DeliverableFile, *, user: Any) -> None:
    """Downloads are part of the record: who took which file, when."""
    audit.record("download", file, actor=user)
