"""Helpers every app's service functions share: permission checks and audited writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from netcare.core.access import require
from netcare.core.audit import acting_as

if TYPE_CHECKING:
    from netcare.core.access import Actor

__all__ = ["delete_audited", "require", "save_validated"]

M = TypeVar("M", bound=models.Model)


def save_validated(instance: M, *, actor: Actor, **changes: Any) -> M:
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


def delete_audited(instance: models.Model, *, actor: Actor) -> None:
    with acting_as(actor):
        instance.delete()
