"""The OpenAPI schema as the API really answers, not as DRF's defaults suggest.

drf-spectacular reads serializers, so out of the box it documents the happy path only:
no error answers, a declared-by-hand read-only relation that is often ``null`` shown
as never null, and a file download shown as JSON. A client generated from such a
schema breaks on the first 404 or missing engineer; the schemathesis run in the test
suite (``tests/api/test_schema_fuzz.py``) holds the API to what is written here.

What this module adds to every operation, so no app has to repeat it:

* the error answers DRF gives — 400 (field errors: ``{"field": ["message"]}``, or a
  list of messages), 401 (no or bad token), 403 (not allowed), 404 (no such object,
  another customer's object, or a page past the end), 429 for throttled views;
* ``nullable`` on read-only fields whose source is a nullable model field, also when
  the serializer declares the field by hand (``SlugRelatedField(read_only=True)``
  does not copy ``null=True`` from the model);
* binary file answers for actions named ``download``, in the media types the view
  lists in ``download_media_types``;
* fields a serializer names in ``Meta.staff_only_fields`` (left out of the answer for
  customer users) as not required in answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers

#: ``{"detail": "..."}``: what DRF answers for 401, 403, 404 and 429.
DETAIL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

#: DRF's validation answer: field → messages (nested for nested input), or a list of
#: messages for an error that is not about one field.
VALIDATION_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ]
}

BINARY_SCHEMA: dict[str, Any] = {"type": "string", "format": "binary"}


class NetCareAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with NetCare's error answers, downloads and nulls."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        if getattr(self.view, "action", None) == "download":
            media_types = getattr(self.view, "download_media_types", None) or [
                "application/octet-stream"
            ]
            responses: dict[str, Any] = {
                "200": {
                    "description": "The file itself (sent as an attachment).",
                    "content": {media: {"schema": BINARY_SCHEMA} for media in media_types},
                }
            }
        else:
            responses = super()._get_response_bodies(direction)
        for code, answer in self._error_responses().items():
            responses.setdefault(code, answer)
        return responses

    def _error_responses(self) -> dict[str, Any]:
        detail = self._component("ErrorDetail", DETAIL_SCHEMA)
        errors: dict[str, Any] = {
            "400": {
                "description": "Refused input: the message names the field.",
                "content": {
                    "application/json": {
                        "schema": self._component("ValidationError", VALIDATION_SCHEMA)
                    }
                },
            }
        }
        if self._needs_login():
            errors["401"] = _detail_answer("No or invalid token.", detail)
            errors["403"] = _detail_answer("Not allowed for this user.", detail)
            errors["404"] = _detail_answer(
                "No such object, one the caller may not see, or a page past the end.", detail
            )
        if getattr(self.view, "throttle_classes", None):
            errors["429"] = _detail_answer("Too many attempts; wait and retry.", detail)
        return errors

    def _needs_login(self) -> bool:
        return not all(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )

    def _component(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        ref: dict[str, str] = component.ref
        return ref

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        staff_only = set(getattr(getattr(serializer, "Meta", None), "staff_only_fields", ()))
        if direction == "response" and staff_only and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in staff_only]
        return schema

    def _get_serializer_field_meta(self, field: Any, direction: Any) -> dict[str, Any]:
        meta: dict[str, Any] = super()._get_serializer_field_meta(field, direction)
        if direction == "response" and field.read_only and _source_may_be_null(field):
            meta["nullable"] = True
        return meta


def answer_or_refusal(component: str) -> dict[str, Any]:
    """A 400 body that is either the named component (a report saying what was refused)
    or the usual field errors, for ``extend_schema(responses={400: ...})``."""
    return {
        "anyOf": [
            {"$ref": f"#/components/schemas/{component}"},
            {"$ref": "#/components/schemas/ValidationError"},
        ]
    }


def _detail_answer(description: str, schema: dict[str, str]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _source_may_be_null(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    """Whether a field of a model serializer reads a nullable model field or relation.

    DRF answers ``null`` whenever the attribute at the end of ``source`` is None, and
    the default along a dotted source when a relation on the way is None.
    """
    parent = getattr(field, "parent", None)
    meta = getattr(parent, "Meta", None)
    model: Any = getattr(meta, "model", None)
    source_attrs = getattr(field, "source_attrs", None)
    if model is None or not source_attrs or source_attrs == ["*"]:
        return False
    for position, attr in enumerate(source_attrs):
        try:
            model_field: Any = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if not getattr(model_field, "concrete", False):
            return False
        last = position == len(source_attrs) - 1
        if model_field.null and (last or field.default is serializers.empty):
            return True
        if last or not isinstance(model_field, models.ForeignKey | models.OneToOneField):
            return False
        model = model_field.related_model
    return False


class QuotaFieldExtension(OpenApiSerializerFieldExtension):
    """The entitlement's quota status for the current contract year, or null."""

    target_class = "netcare.contracts.api.QuotaField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        from netcare.contracts.models import QuotaUnit

        return {
            "type": "object",
            "nullable": True,
            "readOnly": True,
            "description": "Granted / used / left for the current contract year; "
            "null for an item without quota.",
            "properties": {
                "contract_year": {"type": "integer"},
                "period_start": {"type": "string", "format": "date"},
                "period_end": {"type": "string", "format": "date"},
                "quota": {"type": "string", "format": "decimal"},
                "used": {"type": "string", "format": "decimal"},
                "left": {"type": "string", "format": "decimal"},
                "unit": {"type": "string", "enum": [unit.value for unit in QuotaUnit]},
            },
            "required": [
                "contract_year",
                "period_start",
                "period_end",
                "quota",
                "used",
                "left",
                "unit",
            ],
        }
