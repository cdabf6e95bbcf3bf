"""Helpers every app's service functions share: permission checks and audited writes."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

from netcare.core import access
from netcare.core.audit import acting_as

M = TypeVar("M", bound=models.Model)


def require(actor: Any, action: str, customer: Any) -> None:
    """Refuse the operation unless ``actor`` may do ``action`` for ``customer``."""
    if actor is None or not access.may(actor, action, customer):
        raise PermissionDenied(f"not allowed: {action}")


def save_validated(instance: M, *, actor: Any, **changes: Any) -> M:
    """Apply field changes, validate the whole object and save it as ``actor``.

    Validation errors name the field (Django ``ValidationError.message_dict``), so
    forms, the API and imports can report them as they are.
    """
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    with acting_as(actor):
        instance.save()
    return instance


def delete_audited(instance: models.Model, *, actor: Any) -> None:
    with acting_as(actor):
        instance.delete()
