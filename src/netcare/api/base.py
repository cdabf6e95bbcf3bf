"""What every NetCare API viewset shares: the access rule and service-backed writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def visible_queryset(view: GenericAPIView[Any]) -> QuerySet[Any]:
    """The view's model narrowed by the access rule, with its ``select_related``."""
    assert view.queryset is not None, f"{type(view).__name__} needs a queryset"
    model = view.queryset.model
    return model.objects.visible_to(view.request.user).select_related(
        *getattr(view, "select_related", ())
    )


class TenantReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Reads start from ``visible_to(request.user)``; a foreign object answers 404."""

    def get_queryset(self) -> QuerySet[Any]:
        return visible_queryset(self)


class TenantModelViewSet(viewsets.ModelViewSet[Any]):
    """As the read-only one; writes call the app's service functions."""

    def get_queryset(self) -> QuerySet[Any]:
        return visible_queryset(self)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map service-layer errors to API answers: field errors → 400, refusals → 403."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    """A related object chosen by id, among those the caller may see.

    Without this a writable relation would accept (and the browsable API would list)
    another customer's objects.
    """

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        queryset = super().get_queryset()
        assert queryset is not None, "give the field a queryset"
        if request is None:
            return queryset.none()
        return queryset.model.objects.visible_to(request.user)
