"""Exclusive document packages: propose from the installed base and declared scenarios,
review (take out, add), push (a published deliverable completing the plan's
document-push obligation), and the scheduled proposal before a push falls due.

Only the RAM (``manage_packages``) proposes, reviews and pushes; the customer sees a
package once pushed, through the portal and the deliverable's notification.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from netcare.core import access
from netcare.core.services import require, save_validated
from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable, Obligation, ServicePlan
from netcare.delivery.services import (
    do_attach_file,
    do_create_deliverable,
    do_publish,
    next_open_obligation,
)
from netcare.delivery.services.obligations import responsible
from netcare.inventory.models import Device
from netcare.knowledge import reports
from netcare.knowledge.matching import (
    DeviceFacts,
    DocumentFacts,
    Match,
    Received,
    match_documents,
)
from netcare.knowledge.models import DocPackage, Document, PackageItem
from netcare.knowledge.services.profiles import profile_for
from netcare.reports.engine import render
from netcare.reports.wording import person, pick

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = [
    "ITEM",
    "KIND",
    "Proposal",
    "build_package_zip",
    "do_add_item",
    "do_propose_package",
    "do_push_package",
    "do_remove_item",
    "propose",
    "propose_due",
]

#: The service item and obligation kind a push delivers.
ITEM = "doc_sharing"
KIND = "doc_push"
#: The scheduled task proposes a package this many days before a push falls due.
LEAD_DAYS = 14


@dataclass
class Proposal:
    """What matching proposes for a customer (nothing written)."""

    customer: Customer
    scenarios: list[str]
    platforms: list[str]
    matches: list[Match]
    documents: dict[str, Document]


def installed_base(customer: Customer) -> list[DeviceFacts]:
    """The customer's devices that count (every one not decommissioned)."""
    rows = (
        Device.objects.filter(customer=customer)
        .exclude(status=Device.Status.DECOMMISSIONED)
        .select_related("platform")
        .order_by("hostname")
    )
    return [DeviceFacts(d.hostname, d.platform.slug, d.model, d.software_version) for d in rows]


def received(customer: Customer) -> dict[str, Received]:
    """The edition of each document the customer last received in a pushed package."""
    items = (
        PackageItem.objects.filter(
            customer=customer, included=True, package__state=DocPackage.State.PUSHED
        )
        .select_related("document")
        .order_by("package__pushed_at", "id")
    )
    return {i.document.slug: Received(i.revision, i.document_updated) for i in items}


def _facts(document: Document) -> DocumentFacts:
    return DocumentFacts(
        key=document.slug,
        platform=document.platform,
        series=document.series,
        version_from=document.version_from,
        version_to=document.version_to,
        scenarios=tuple(document.scenarios),
        revision=document.revision,
        updated=document.updated,
    )


def propose(customer: Customer) -> Proposal:
    """The documents matching the customer now, with reasons; writes nothing."""
    profile = profile_for(customer)
    devices = installed_base(customer)
    documents = {d.slug: d for d in Document.objects.order_by("platform", "slug")}
    matches = match_documents(
        [_facts(d) for d in documents.values()], devices, profile.scenarios, received(customer)
    )
    return Proposal(
        customer=customer,
        scenarios=list(profile.scenarios),
        platforms=sorted({d.platform for d in devices}),
        matches=matches,
        documents=documents,
    )


def _open_obligation(customer: Customer) -> Obligation | None:
    return next_open_obligation(customer, ITEM, kinds=[KIND])


@transaction.atomic
def do_propose_package(
    customer: Customer,
    *,
    actor: Actor,
    obligation: Obligation | None = None,
    refresh: bool = False,
) -> DocPackage:
    """The customer's package under review: the open proposal (kept as the RAM left it,
    or matched again with ``refresh`` — items the RAM added or took out stay so), else a
    new one from ``propose``. Linked to the due document-push obligation."""
    require(actor, "manage_packages", customer)
    package = (
        DocPackage.objects.select_for_update()
        .filter(customer=customer, state=DocPackage.State.PROPOSED)
        .first()
    )
    if package is not None and not refresh:
        return package
    if package is None:
        package = save_validated(
            DocPackage(customer=customer, created_by=access.recorded_user(actor)),
            actor=actor,
            language=profile_for(customer).language,
            obligation=obligation or _open_obligation(customer),
        )
    proposal = propose(customer)
    kept = {i.document_id: i for i in PackageItem.objects.filter(package=package)}
    matched_ids: set[int] = set()
    for match in proposal.matches:
        document = proposal.documents[match.key]
        matched_ids.add(document.pk)
        item = kept.get(document.pk)
        if item is None:
            item = PackageItem(customer=customer, package=package, document=document)
        elif item.origin == PackageItem.Origin.ADDED:
            continue
        save_validated(
            item,
            actor=actor,
            revision=document.revision,
            document_updated=document.updated,
            resent=match.resent,
            reason_zh=match.reason_zh,
            reason_en=match.reason_en,
        )
    for document_id, item in kept.items():
        if item.origin == PackageItem.Origin.MATCHED and document_id not in matched_ids:
            item.delete()
    return package


def _editable(package: DocPackage, actor: Actor) -> None:
    require(actor, "manage_packages", package.customer_id)
    if package.state != DocPackage.State.PROPOSED:
        raise ValidationError({"state": "a pushed package is not changed"})


def do_remove_item(item: PackageItem, *, actor: Actor) -> PackageItem:
    """Take a document out of a package under review (kept on record as not included)."""
    _editable(item.package, actor)
    return save_validated(item, actor=actor, included=False)


def do_add_item(package: DocPackage, document: Document, *, actor: Actor) -> PackageItem:
    """Put a library document into a package under review (again, if it was taken out)."""
    _editable(package, actor)
    item = PackageItem.objects.filter(package=package, document=document).first()
    if item is not None:
        return save_validated(item, actor=actor, included=True)
    return save_validated(
        PackageItem(customer=package.customer, package=package, document=document),
        actor=actor,
        origin=PackageItem.Origin.ADDED,
        revision=document.revision,
        document_updated=document.updated,
        reason_zh="专属L2专家补充",
        reason_en="added by the dedicated L2 expert",
    )


def _number(package: DocPackage) -> str:
    return f"{package.customer.code}-DOC-{package.pk:04d}"


def _where(document: Document) -> str:
    if document.file:
        return f"documents/{document.slug}/{document.file_name}"
    return document.url


def build_package_zip(package: DocPackage, directory: Path, *, author: Any = None) -> Path:
    """Write the package zip into ``directory``: each included document's file under
    ``documents/<slug>/`` and the index as ``index.html`` and ``index.xlsx`` in the
    package's language (links are listed in the index)."""
    language = package.language
    items = list(
        package.items.filter(included=True)
        .select_related("document")
        .order_by("document__platform", "document__slug")
    )
    profile = profile_for(package.customer)
    customer = package.customer
    facts = reports.PackageFacts(
        customer=pick(language, customer.name_zh, customer.name_en or customer.name_zh),
        number=_number(package),
        day=timezone.localdate(),
        author=person(author) if author is not None else "NetCare",
        reviewer=person(author) if author is not None else "NetCare",
        scenarios=list(profile.scenarios),
        platforms=sorted({d.platform for d in installed_base(customer)}),
        rows=[
            reports.IndexRow(
                title=i.document.title(language),
                kind=i.document.kind,
                platform=i.document.platform,
                series=i.document.series,
                versions=i.document.version_range,
                language=i.document.language,
                revision=i.revision,
                updated=i.document_updated,
                where=_where(i.document),
                reason=i.reason(language),
                resent=i.resent,
            )
            for i in items
        ],
    )
    document = reports.build_index(facts, language)
    target = directory / f"{_number(package)}.zip"
    with tempfile.TemporaryDirectory(prefix="netcare-package-") as tmp:
        html = render(document, "html", Path(tmp) / "index.html")
        xlsx = render(document, "xlsx", Path(tmp) / "index.xlsx")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(html, "index.html")
            archive.write(xlsx, "index.xlsx")
            for item in items:
                if item.document.file:
                    with item.document.file.open("rb") as handle:
                        archive.writestr(_where(item.document), handle.read())
    return target


@transaction.atomic
def do_push_package(
    package: DocPackage, *, actor: Actor, at: dt.datetime | None = None
) -> Deliverable:
    """Push a reviewed package: a deliverable (the zip) published to the customer against
    the due document-push obligation, which it completes; the customer's users are told
    by e-mail and in-app with a link that needs signing in."""
    _editable(package, actor)
    if not package.items.filter(included=True).exists():
        raise ValidationError({"items": "the package holds no document"})
    obligation = package.obligation
    if obligation is None or obligation.state != Obligation.State.OPEN:
        obligation = _open_obligation(package.customer)
    count = package.items.filter(included=True).count()
    # The customer's language when it is pushed (the profile may have changed since).
    package.language = profile_for(package.customer).language
    deliverable = do_create_deliverable(
        package.customer,
        item=ITEM,
        title=f"专属资料包 {_number(package)}",
        title_en=f"Exclusive document package {_number(package)}",
        kind=Deliverable.Kind.PACKAGE,
        report_type="doc_package",
        summary=f"{count} 份文档 / {count} documents",
        period_start=obligation.period_start if obligation else None,
        period_end=obligation.period_end if obligation else None,
        obligation=obligation,
        actor=actor,
    )
    with tempfile.TemporaryDirectory(prefix="netcare-package-") as tmp:
        path = build_package_zip(package, Path(tmp), author=access.recorded_user(actor))
        do_attach_file(deliverable, path, fmt="zip", language=package.language, actor=actor)
    do_publish(deliverable, actor=actor, at=at)
    save_validated(
        package,
        actor=actor,
        state=DocPackage.State.PUSHED,
        deliverable=deliverable,
        obligation=obligation,
        pushed_by=access.recorded_user(actor),
        pushed_at=at or timezone.now(),
    )
    return deliverable


def propose_due(today: dt.date | None = None) -> list[DocPackage]:
    """The schedule's work: for each open document-push obligation due within
    ``LEAD_DAYS`` (or overdue) of a confirmed plan, the customer's package proposal, and
    its RAM told once. Idempotent: an open proposal is reused."""
    from django.urls import reverse

    from netcare.notifications.services import notify

    day = today or timezone.localdate()
    due = (
        Obligation.objects.filter(
            kind=KIND, state=Obligation.State.OPEN, due__lte=day + dt.timedelta(days=LEAD_DAYS)
        )
        .exclude(plan__state=ServicePlan.State.DRAFT)
        .select_related("customer", "plan__contract", "owner", "co_owner")
        .order_by("due", "id")
    )
    proposed: list[DocPackage] = []
    seen: set[int] = set()
    for obligation in due:
        if obligation.customer_id in seen:
            continue
        seen.add(obligation.customer_id)
        package = do_propose_package(obligation.customer, actor=None, obligation=obligation)
        proposed.append(package)
        notify(
            responsible(obligation, day),
            "doc_package_proposed",
            {"package": package, "obligation": obligation, "count": package.items.count()},
            key=f"docpackage:{package.pk}:proposed",
            customer=obligation.customer,
            link=reverse("knowledge:package_detail", kwargs={"pk": package.pk}),
        )
    return proposed
