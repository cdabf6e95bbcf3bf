"""Read models for pages: what each page shows, gathered through the access rule."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from netcare.core.models import Job
from netcare.customers.models import CUSTOMER_ROLES, Contact, Customer, Membership, Site

#: Apps that add a panel to the customer overview: ``netcare.<app>.pages.overview_panel``.
OVERVIEW_PANELS = ["contracts", "inventory", "delivery"]


def panels(customer: Customer, user: Any) -> list[dict[str, Any]]:
    """Each app's overview panel (a dict with its ``template``), in page order."""
    found = []
    for name in OVERVIEW_PANELS:
        try:
            module = import_module(f"netcare.{name}.pages")
        except ModuleNotFoundError as exc:
            if exc.name != f"netcare.{name}.pages":
                raise
            continue
        if hasattr(module, "overview_panel"):
            found.append(module.overview_panel(customer, user))
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
        "panels": panels(customer, user),
    }
