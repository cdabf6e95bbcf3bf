"""The audit log: every change to a NetCare object and every sign-in, with its actor.

Changes are caught by model signals, so no write path can forget them; the actor is
the user of the current request (set by ``ActorMiddleware``) or the one a service or
task names with ``acting_as``. Secret fields never enter the log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import uuid
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest

if TYPE_CHECKING:
    from netcare.core.access import Actor
    from netcare.core.models import AuditEvent

_request: ContextVar[HttpRequest | None] = ContextVar("netcare_request", default=None)
_actor: ContextVar[Any] = ContextVar("netcare_actor", default=None)

#: Field names that never enter the audit log, whatever the model.
SECRET_MARKERS = ("password", "secret", "credential", "token", "private_key")
#: Apps whose models are audited.
AUDITED_APP_PREFIX = "netcare."
_SKIPPED_MODELS = {"core.auditevent", "core.job"}


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Attribute the writes inside this block to ``actor`` (a user, or None for the system)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextlib.contextmanager
def request_scope(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_actor() -> Any:
    explicit = _actor.get()
    if explicit is not None:
        return explicit
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def _remote_addr() -> str | None:
    request = _request.get()
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited field values of an instance, secrets left out."""
    values: dict[str, Any] = {}
    excluded = set(getattr(instance, "audit_exclude", ()))
    for field in instance._meta.concrete_fields:
        name = field.attname
        # A relation holds another row's id, never a secret: which credential a device
        # uses (``credential_id``) is part of the record.
        secret = not field.is_relation and any(m in name.lower() for m in SECRET_MARKERS)
        if name in excluded or secret:
            continue
        values[name] = _plain(getattr(instance, name))
    return values


def _audited(sender: type[models.Model]) -> bool:
    return sender.__module__.startswith(AUDITED_APP_PREFIX) and (
        sender._meta.label_lower not in _SKIPPED_MODELS
    )


def _customer_id(instance: models.Model) -> int | None:
    from netcare.customers.models import Customer

    if isinstance(instance, Customer):
        return instance.pk
    return getattr(instance, "customer_id", None)


def record(
    action: str,
    instance: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: Actor = None,
    label: str = "",
    save: bool = True,
) -> AuditEvent:
    """Write one audit event; ``actor`` defaults to the current one. ``save=False``
    builds it unsaved, for a caller that inserts many at once (``record_created``)."""
    from netcare.core.access import recorded_user
    from netcare.core.models import AuditEvent

    who = actor if actor is not None else current_actor()
    event = AuditEvent(
        actor=recorded_user(who),
        actor_label=label or (who.get_username() if who is not None else "system"),
        action=action,
        object_type=instance._meta.label_lower if instance is not None else "",
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        customer_id=_customer_id(instance) if instance is not None else None,
        before=before,
        after=after,
        remote_addr=_remote_addr(),
    )
    if save:
        event.save(force_insert=True)
    return event


def record_created(instances: Sequence[models.Model]) -> None:
    """Audit rows a bulk insert wrote, in one query.

    ``bulk_create`` sends no save signals, so a service that writes many rows at once
    (the notification sweep) reports them here: one "create" event each, as the
    signals would have written.
    """
    from netcare.core.models import AuditEvent

    audited = [i for i in instances if _audited(type(i))]
    AuditEvent.objects.bulk_create(
        [record("create", i, after=snapshot(i), save=False) for i in audited]
    )


def _on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool, **kw: Any) -> None:
    if raw or not _audited(sender) or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous is not None else None  # type: ignore[attr-defined]


def _on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kw: Any
) -> None:
    if raw or not _audited(sender):
        return
    after = snapshot(instance)
    before = None if created else getattr(instance, "_audit_before", None)
    if not created and before == after:
        return
    record("create" if created else "update", instance, before=before, after=after)


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if _audited(sender):
        record("delete", instance, before=snapshot(instance))


def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    token = _request.set(request) if request is not None else None
    try:
        record("login", user, actor=user)
    finally:
        if token is not None:
            _request.reset(token)


def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    if user is not None:
        record("logout", user, actor=user)


def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model()._default_manager.filter(username=username).first()
    record("login_failed", user, actor=None, label=username or "?")


def connect_signals() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="netcare_audit_pre_save")
    post_save.connect(_on_post_save, dispatch_uid="netcare_audit_post_save")
    post_delete.connect(_on_post_delete, dispatch_uid="netcare_audit_post_delete")
    user_logged_in.connect(_on_login, dispatch_uid="netcare_audit_login")
    user_logged_out.connect(_on_logout, dispatch_uid="netcare_audit_logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="netcare_audit_login_failed")
