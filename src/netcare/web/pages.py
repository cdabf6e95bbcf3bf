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
    }
