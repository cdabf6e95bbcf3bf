"""A changed device is matched again: staff hear of new exposures without waiting for
the next advisory.

A device's version, model, platform or status (``inventory.Device``) or the features of
its configuration (``collection.Fact``) decide its exposures. Saving either marks its
customer; once the transaction commits, each marked customer is matched once — a
collection of thirty devices matches the customer once, not thirty times.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction

_local = threading.local()

#: The device fields an exposure depends on.
DEVICE_FIELDS = ("software_version", "model", "platform_id", "status")


def _pending() -> set[int]:
    if not hasattr(_local, "customers"):
        _local.customers = set()
    found: set[int] = _local.customers
    return found


def mark_customer(customer_id: int) -> None:
    """Match this customer again after the current transaction commits."""
    # Every save queues a flush; the first to run takes every marked customer and the
    # rest find nothing left (a rolled-back transaction drops its own).
    _pending().add(customer_id)
    transaction.on_commit(_flush)


def _flush() -> None:
    from netcare.customers.models import Customer
    from netcare.lifecycle.models import Advisory
    from netcare.lifecycle.services.exposures import do_match

    ids = sorted(_pending())
    _pending().clear()
    if not ids or not Advisory.objects.exists():
        return
    for customer in Customer.objects.filter(pk__in=ids):
        do_match(customer)


def device_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # a fixture or a restore loads rows as they were: nothing to match
    fields = kwargs.get("update_fields")
    if created or fields is None or set(fields) & {f.removesuffix("_id") for f in DEVICE_FIELDS}:
        mark_customer(instance.customer_id)


def fact_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    mark_customer(instance.customer_id)


def connect() -> None:
    from django.db.models.signals import post_save

    from netcare.collection.models import Fact
    from netcare.inventory.models import Device

    post_save.connect(device_saved, sender=Device, dispatch_uid="netcare_lifecycle_device")
    post_save.connect(fact_saved, sender=Fact, dispatch_uid="netcare_lifecycle_fact")
