"""``{{ user|person }}``: a user's name as ``core.people.display_name`` writes it."""

from __future__ import annotations

from typing import Any

from django import template

from netcare.core.people import display_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """Full name in its script's order (张伟, Anna Schmidt), else login; "" for none."""
    return display_name(user)
