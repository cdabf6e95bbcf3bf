"""Template context every page of the shell needs: the customer switcher."""

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
    current = request.session.get("customer_code")
    return {
        "switcher_customers": customers,
        "current_customer_code": current if any(c.code == current for c in customers) else None,
        "is_admin": access.is_admin(user),
    }
