"""``{{ slug|platform_name }}``: a platform slug as its name in the viewer's language."""

from __future__ import annotations

from django import template

from netcare.inventory import labels

register = template.Library()
register.filter("platform_name", labels.platform_name)
