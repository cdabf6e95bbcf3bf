"""Collection codes as names on pages: ``run_status``, ``file_kind``, ``feature_names``."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from netcare.collection import labels

register = template.Library()
register.filter("run_status", labels.run_status)
register.filter("file_kind", labels.file_kind)


@register.filter
def feature_names(codes: Iterable[str] | None) -> str:
    """Configured features by name, comma-separated ("" when none)."""
    return ", ".join(labels.feature_name(code) for code in codes or ())
