"""Read models for deliverable pages and the customer-overview panel."""

from __future__ import annotations

from typing import Any

from netcare.customers.models import Customer
from netcare.delivery.models import Deliverable


def deliverables_for(customer: Customer, user: Any) -> Any:
    return (
        Deliverable.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("item", "published_by")
        .prefetch_related("files")
    )


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    return {
        "template": "delivery/_overview_panel.html",
        "customer": customer,
        "deliverables": list(deliverables_for(customer, user)[:8]),
    }
