"""``{% unread_count %}``: the number beside the inbox link in the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from netcare.notifications.services import unread_count as count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return count(user)
