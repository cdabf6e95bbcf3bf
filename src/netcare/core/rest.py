"""The tenant-aware REST layer every app's API is built on.

Every domain app's ``api.py`` builds on these pieces instead of DRF's defaults, because
DRF's defaults are not tenant-safe: a related field over ``objects.all()`` accepts (and
the browsable API lists) another customer's objects, and a ``ModelViewSet`` saves
whatever its serializer validated without asking the service layer.

* ``VisiblePrimaryKeyRelatedField`` / ``VisibleSlugRelatedField`` — a writable relation
  chooses only among objects the caller may see; a foreign object and a missing one are
  refused with the same answer, so the answer reveals nothing.
* ``VisibleUserField`` — people named by username, among those the caller works with.
* ``PersonNameField`` — a user shown by display name, the same way pages show them.
* ``CustomerCodeField`` — the customer a record belongs to, shown by its code.
* ``CatalogSlugRelatedField`` — a relation to shared catalog data that belongs to no
  customer (platforms, service items), declared as such so a review can tell.
* ``customer_for_write`` — the customer a new object belongs to: a customer user's own
  one, or the one staff name by code, and only if the caller may see it.
* ``staff_reads`` — whether a serializer answers the customer's vendor staff, who see
  the working material customer users do not.
* ``validated`` — an action's input, checked by its serializer (400 otherwise).
* ``TenantReadOnlyViewSet`` / ``TenantModelViewSet`` — reads start from the access rule;
  writes run only through the app's service functions; ``object_for(action)`` is the
  addressed object once the caller may act on it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework import exceptions, serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from netcare.core import access
from netcare.core.people import display_name

M = TypeVar("M", bound=Model)

#: One refusal for "no such object" and "not yours": the caller cannot tell them apart.
NOT_FOUND = "no such {name}: {value}"


def _request_user(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    request = field.context.get("request")
    return None if request is None else request.user


class _SlugMixin:
    """Refuses a slug holding a NUL character before it reaches the database.

    PostgreSQL cannot compare text with NUL in it and raises instead of finding
    nothing; the caller gets the same 400 as for any unknown slug.
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class _VisibleMixin:
    """Narrows a related field's choices to what the request's user may see."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        assert queryset is not None, "give the field a queryset"
        user = _request_user(self)  # type: ignore[arg-type]
        if user is None:
            return queryset.none()
        return access.restrict(queryset, user)


class VisiblePrimaryKeyRelatedField(_VisibleMixin, serializers.PrimaryKeyRelatedField[Any]):
    """A related object chosen by id, among those the caller may see."""

    default_error_messages = {
        "does_not_exist": NOT_FOUND.format(name="object", value="{pk_value}"),
    }


class VisibleSlugRelatedField(_SlugMixin, _VisibleMixin, serializers.SlugRelatedField[Any]):
    """A related object chosen by a slug (a customer code, a contract number), among
    those the caller may see; foreign and unknown slugs get the same 400."""

    default_error_messages = {
        "does_not_exist": NOT_FOUND.format(name="object", value="{value}"),
    }


class VisibleUserField(_SlugMixin, serializers.SlugRelatedField[Any]):
    """A person chosen by username, among the people the caller works with.

    Users belong to no customer, so the rule is the one of ``access.visible_users``:
    members of the customers the caller sees (admins: everyone).
    """

    default_error_messages = {
        "does_not_exist": NOT_FOUND.format(name="user", value="{value}"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", get_user_model()._default_manager.all())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        user = _request_user(self)
        if user is None:
            return get_user_model()._default_manager.none()
        return access.visible_users(user)


class CatalogSlugRelatedField(_SlugMixin, serializers.SlugRelatedField[Any]):
    """A relation to shared catalog data (platforms, service items) that no customer
    owns; the only writable relation allowed that is not narrowed by the access rule."""

    def __init__(self, **kwargs: Any) -> None:
        queryset = kwargs.get("queryset")
        if queryset is not None and getattr(queryset.model, "customer_path", None) is not None:
            raise ImproperlyConfigured(
                f"{queryset.model.__name__} belongs to a customer: use VisibleSlugRelatedField"
            )
        super().__init__(**kwargs)


class PersonNameField(serializers.CharField):
    """A person's display name, read-only, written as pages and reports write it
    (``core.people.display_name``: 张伟 without a space, else the login name), so the
    API never shows a name differently from the page beside it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return display_name(value)


class CustomerCodeField(serializers.SlugRelatedField[Any]):
    """The customer a record belongs to, read-only, shown by its code: the way every
    answer names the tenant, as the customer is named in URLs and CSV columns."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        kwargs["read_only"] = True
        super().__init__(**kwargs)


def staff_reads(context: dict[str, Any], customer: Any) -> bool:
    """Whether the request a serializer answers comes from the customer's vendor staff
    (or an admin): only they read the vendor's working material. Without a request
    (a serializer used outside a view) nothing extra is shown."""
    request = context.get("request")
    return request is not None and access.is_staff_for(request.user, customer)


def validated(request: Request, serializer_class: type[serializers.Serializer[Any]]) -> Any:
    """An action's input checked by ``serializer_class``; 400 naming every refused field.

    The request goes into the serializer's context, so a related field chooses only
    among the objects the caller may see.
    """
    form = serializer_class(data=request.data, context={"request": request})
    form.is_valid(raise_exception=True)
    return form.validated_data


#: The writable relation fields a NetCare serializer may use (tests walk every one).
SAFE_RELATED_FIELDS: tuple[type[Any], ...] = (
    VisiblePrimaryKeyRelatedField,
    VisibleSlugRelatedField,
    VisibleUserField,
    CatalogSlugRelatedField,
)


class RecordSerializer(serializers.ModelSerializer[M]):
    """A serializer for records the API only shows (runs, outputs, facts): every field,
    relations included, is read-only, so no form offers a choice of related objects."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
            field.required = False
        return fields


class PublishedSerializer(serializers.Serializer[Any]):
    """What a publish action answers: the deliverable the customer now sees."""

    deliverable = serializers.IntegerField()


def customer_for_write(request: Request, action: str | None = None) -> Any:
    """The customer a new object, import or job belongs to.

    A customer user always writes for its own customer (the tenant comes from the
    membership, never from input); staff name the customer by code in ``customer``.
    Either way the caller must see it (404 otherwise, the same as an unknown code) and,
    when ``action`` is given, be allowed to do it (403).
    """
    from netcare.customers.models import Customer

    user = request.user
    code = request.data.get("customer") if hasattr(request.data, "get") else None
    if not code:
        own = access.own_customer(user)
        if own is None:
            raise serializers.ValidationError({"customer": "required: the customer code"})
        customer = own
    else:
        customer = access.get_visible_or_404(Customer, user, code=str(code))
    if action is not None and not access.may(user, action, customer):
        raise exceptions.PermissionDenied(f"not allowed: {action}")
    return customer


def visible_queryset(view: GenericAPIView[Any]) -> QuerySet[Any]:
    """The view's model narrowed by the access rule, with its ``select_related``."""
    assert view.queryset is not None, f"{type(view).__name__} needs a queryset"
    model = view.queryset.model
    return model.objects.visible_to(view.request.user).select_related(
        *getattr(view, "select_related", ())
    )


class _TenantViewMixin(GenericAPIView[Any]):
    """What both tenant viewsets share: rows start from the access rule, and an action
    acts on an object only when the caller may do it for the object's customer."""

    #: Relations fetched with the rows, so a list costs a fixed number of queries.
    select_related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[Any]:
        return visible_queryset(self)

    def object_for(self, action: str) -> Any:
        """The addressed object (404 if the caller does not see it), when the caller may
        do ``action`` for its customer (403 otherwise), checked before any input is read:
        a caller who may not act learns nothing from what its input names."""
        found = self.get_object()
        access.require(self.request.user, action, found.customer_id)
        return found


class TenantReadOnlyViewSet(_TenantViewMixin, viewsets.ReadOnlyModelViewSet[Any]):
    """Reads start from ``visible_to(request.user)``; a foreign object answers 404."""


class TenantModelViewSet(_TenantViewMixin, viewsets.ModelViewSet[Any]):
    """As the read-only one, for apps that write; every write goes through a service.

    DRF's default ``perform_create/update/destroy`` save the serializer straight to the
    database, skipping the service's permission check, validation and audit. Here they
    refuse to run: a viewset that accepts a write overrides the one it accepts (or
    ``create``/``update``/``destroy``) with a call to its service function.
    """

    def _no_service(self, operation: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(
            f"{type(self).__name__}.{operation} must call a service function"
        )

    def perform_create(self, serializer: Any) -> None:
        raise self._no_service("perform_create")

    def perform_update(self, serializer: Any) -> None:
        raise self._no_service("perform_update")

    def perform_destroy(self, instance: Any) -> None:
        raise self._no_service("perform_destroy")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map service-layer errors to API answers: field errors → 400, refusals → 403."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
