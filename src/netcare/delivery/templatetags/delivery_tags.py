"""Template helpers of the delivery pages."""

from __future__ import annotations

from typing import Any

from django import template

from netcare.core import access
from netcare.customers.models import CUSTOMER_ROLES

register = template.Library()


@register.filter
def serves(user: Any, customer: Any) -> bool:
    """Whether the user is on the customer's service team (or an admin), not its user."""
    if access.is_admin(user):
        return True
    return bool(access.roles_for(user, customer) - CUSTOMER_ROLES)
