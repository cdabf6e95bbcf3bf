"""Read models for the knowledge pages: the library, one document, a customer's
packages and one package."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from netcare.core import access
from netcare.customers.models import Customer
from netcare.knowledge.forms import AddDocumentForm, DocumentForm, ImportForm, ProfileForm
from netcare.knowledge.models import DocPackage, Document, DocumentImport
from netcare.knowledge.services.profiles import profile_for
from netcare.knowledge.vocabulary import KINDS, PLATFORMS
from netcare.web.work import WorkItem

FILTERS = ("q", "kind", "platform", "tag")


def library(user: Any, params: Any) -> dict[str, Any]:
    """The library, filtered by words, kind, platform or tag; the forms for who may write."""
    filters = {name: str(params.get(name, "")).strip() for name in FILTERS}
    found = Document.objects.visible_to(user).order_by("platform", "slug")
    if filters["q"]:
        q = filters["q"]
        found = found.filter(
            Q(slug__icontains=q) | Q(title_zh__icontains=q) | Q(title_en__icontains=q)
        )
    if filters["kind"]:
        found = found.filter(kind=filters["kind"])
    if filters["platform"]:
        found = found.filter(platform=filters["platform"])
    documents = list(found)
    if filters["tag"]:
        documents = [d for d in documents if filters["tag"].lower() in d.tags]
    may_write = access.may_shared(user, "manage_library")
    return {
        "documents": documents,
        "filters": filters,
        "kinds": KINDS,
        "platforms": PLATFORMS,
        "imports": DocumentImport.objects.visible_to(user).select_related("created_by")[:10],
        "may_write": may_write,
        "document_form": DocumentForm() if may_write else None,
        "import_form": ImportForm() if may_write else None,
    }


def customer_packages(customer: Customer, user: Any) -> dict[str, Any]:
    """A customer's packages (customer users: pushed ones), its profile and its form."""
    profile = profile_for(customer)
    staff = access.is_staff_for(user, customer)
    found = (
        DocPackage.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("deliverable", "pushed_by")
        .prefetch_related("items")
    )
    return {
        "customer": customer,
        "profile": profile,
        "packages": found,
        "staff": staff,
        "may_propose": staff and access.may(user, "manage_packages", customer),
        "profile_form": ProfileForm(
            initial={"scenarios": profile.scenarios, "language": profile.language}
        )
        if access.may(user, "declare_scenarios", customer)
        else None,
    }


def package(package: DocPackage, user: Any) -> dict[str, Any]:
    staff = access.is_staff_for(user, package.customer_id)
    items = package.items.select_related("document").order_by("-included", "document__slug")
    editable = (
        staff
        and package.state == DocPackage.State.PROPOSED
        and access.may(user, "manage_packages", package.customer_id)
    )
    return {
        "package": package,
        "customer": package.customer,
        "items": [i for i in items if i.included or staff],
        "staff": staff,
        "editable": editable,
        "add_form": AddDocumentForm() if editable else None,
        "files": package.deliverable.files.all() if package.deliverable else [],
    }


def work_items(user: Any) -> list[WorkItem]:
    """Packages proposed and waiting for the RAM's review and push."""
    from django.urls import reverse

    keepers = access.customer_ids(user, {"l2_expert"})
    proposed = (
        DocPackage.objects.visible_to(user)
        .filter(state=DocPackage.State.PROPOSED, customer_id__in=sorted(keepers))
        .select_related("customer")
    )
    return [
        WorkItem(
            "other",
            str(package),
            package.customer.code,
            reverse("knowledge:package_detail", kwargs={"pk": package.pk}),
            None,
        )
        for package in proposed
    ]


def obligation_link(obligation: Any) -> str | None:
    """A document push is proposed, reviewed and pushed from the packages page."""
    from django.urls import reverse

    if obligation.kind == "doc_push":
        return reverse("knowledge:packages", kwargs={"code": obligation.customer.code})
    return None
