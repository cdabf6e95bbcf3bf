"""Template context every page of the shell needs: the customer switcher and which
customer tabs the viewer may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from netcare.core import access
from netcare.customers.models import Customer


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    customers = list(Customer.objects.visible_to(user).only("id", "code", "name_zh", "name_en"))
    code = request.session.get("customer_code")
    current = next((c for c in customers if c.code == code), None)
    return {
        "switcher_customers": customers,
        "current_customer_code": current.code if current else None,
        "is_admin": access.is_admin(user),
        # Staff-only tabs (collection records) are shown to staff only, so a customer
        # user never meets a link that answers 404.
        "staff_here": current is not None and access.is_staff_for(user, current),
        # Whoever may be named to review a change (HQ experts, reviewers) finds the
        # reviews waiting for them from every page.
        "reviews_link": bool(access.customer_ids(user, {"reviewer", "hq_expert"})),
    }
