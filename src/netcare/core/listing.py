"""How API lists are filtered and paged: django-filter narrowed by the access rule,
and page sizes a caller may choose.

Kept apart from ``core.rest`` because DRF reads ``DEFAULT_FILTER_BACKENDS`` and
``DEFAULT_PAGINATION_CLASS`` while its generic views are being defined, and
``core.rest`` builds on those views.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.pagination import PageNumberPagination

from netcare.core import access


class VisibleFilterBackend(DjangoFilterBackend):
    """django-filter, with the choices of every related-object filter narrowed by the
    access rule.

    The filters django-filter builds from ``filterset_fields`` choose among
    ``objects.all()``: the browsable API's filter form would list every customer's sites
    and devices, and filtering by a foreign id would answer differently from an unknown
    one. Narrowed, both answer "not a valid choice".
    """

    def get_filterset(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for name, found in filterset.filters.items():
            choices = getattr(found, "queryset", None)
            if isinstance(choices, QuerySet):
                narrowed = _narrowed(choices, request.user)
                found.queryset = narrowed
                found.extra["queryset"] = narrowed
                found.__dict__.pop("_field", None)
                if filterset.__dict__.get("_form") is not None:
                    filterset.form.fields[name].queryset = narrowed
        return filterset


def _narrowed(choices: QuerySet[Any], user: Any) -> QuerySet[Any]:
    model = choices.model
    if model is get_user_model():
        return access.visible_users(user)
    if hasattr(model, "customer_path"):
        return access.restrict(choices, user)
    return choices  # catalog data (platforms, service items) belongs to no customer


class Pagination(PageNumberPagination):
    """Pages of 50 by default; ``?page_size=`` up to 500 for exports and scripts."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
