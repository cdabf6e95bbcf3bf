"""Read models for pages: what each page shows, gathered through the access rule."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from netcare.core.models import Job
from netcare.customers.models import CUSTOMER_ROLES, Contact, Customer, Membership, Site

#: Apps that add a panel to the customer overview: ``netcare.<app>.pages.overview_panel``.
OVERVIEW_PANELS = [
    "contracts",
    "inventory",
    "delivery",
    "inspection",
    "lifecycle",
    "problems",
    "assurance",
    "onsite",
    "consulting",
    "knowledge",
    "guides",
    "care",
    "satisfaction",
]
#: Apps that add a panel to a device page: ``netcare.<app>.pages.device_panel``.
DEVICE_PANELS = ["collection", "inspection"]


def panels(hook: str, apps: list[str], *args: Any) -> list[dict[str, Any]]:
    """Panels other apps add to a page: ``netcare.<app>.pages.<hook>(*args)`` for each app
    that has it, in order; each returns a dict with the ``template`` to include.

    Lets a page show what later apps know (collection facts on a device page) without
    the page's own app importing them.
    """
    found = []
    for name in apps:
        try:
            module = import_module(f"netcare.{name}.pages")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{name}.pages":
                raise
            continue
        if hasattr(module, hook):
            found.append(getattr(module, hook)(*args))
    return found


def customer_overview(customer: Customer, user: Any) -> dict[str, Any]:
    """Sites, contacts, the team serving the customer, its recent jobs and app panels."""
    team = (
        Membership.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return {
        "customer": customer,
        "sites": Site.objects.visible_to(user).filter(customer=customer),
        "contacts": Contact.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("site"),
        "team": [m for m in team if m.role not in CUSTOMER_ROLES],
        "customer_users": [m for m in team if m.role in CUSTOMER_ROLES],
        "jobs": Job.objects.visible_to(user).filter(customer=customer)[:10],
        "panels": panels("overview_panel", OVERVIEW_PANELS, customer, user),
        "service_items": service_items(customer, user),
    }


#: Where each of the seventeen service items is worked on, per catalog code:
#: (page for the vendor's staff, page for the customer's users). The customer reads the
#: vendor's working pages (inspections, versions) as published deliverables.
ITEM_PAGES: dict[str, tuple[str, str]] = {
    "l2_expert_service": ("delivery:request_list", "delivery:request_list"),
    "service_plan": ("delivery:plan_detail", "delivery:plan_detail"),
    "doc_sharing": ("knowledge:packages", "knowledge:packages"),
    "problem_management": ("problems:ticket_list", "problems:ticket_list"),
    "inspection": ("inspection:run_list", ""),
    "hardening_plan": ("inspection:run_list", ""),
    "version_management": ("lifecycle:overview", ""),
    "version_assessment": ("lifecycle:overview", ""),
    "change_assurance": ("assurance:change_list", "assurance:change_list"),
    "maintenance_guide": ("guides:guide_list", "guides:guide_list"),
    "onsite_support": ("onsite:overview", "onsite:overview"),
    "asm_service": ("delivery:contact_list", "delivery:request_list"),
    "service_plan_asm": ("care:plan_document", "care:plan_document"),
    "care_and_visit": ("care:agenda", "satisfaction:overview"),
    "proposal_assessment": ("consulting:index", "consulting:index"),
    "technology_workshop": ("consulting:index", "consulting:index"),
    "critical_period_assurance": ("assurance:period_list", "assurance:period_list"),
}


def service_items(customer: Customer, user: Any) -> list[dict[str, Any]]:
    """The service catalog's items, each linked to where it is worked on for this
    customer — one click from the customer page, two from home. An item whose page is
    the vendor's working material opens the customer's deliverables of that item."""
    from django.urls import reverse

    from netcare.contracts.models import ServiceItem
    from netcare.core.access import is_staff_for

    staff = is_staff_for(user, customer)
    found = []
    for item in ServiceItem.objects.order_by("number"):
        pages = ITEM_PAGES.get(item.code)
        if pages is None:
            continue
        name = pages[0] if staff else pages[1]
        if name:
            link = reverse(name, kwargs={"code": customer.code})
        else:
            link = reverse("delivery:deliverable_list", kwargs={"code": customer.code})
            link += f"?item={item.code}"
        found.append({"item": item, "link": link})
    return found
