"""Read models for pages: what each page shows, gathered through the access rule."""

from __future__ import annotations

from typing import Any

from netcare.core.models import Job
from netcare.customers.models import CUSTOMER_ROLES, Contact, Customer, Membership, Site


def customer_overview(customer: Customer, user: Any) -> dict[str, Any]:
    """Sites, contacts, the team serving the customer and its recent jobs."""
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
    }
