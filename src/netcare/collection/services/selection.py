"""Choosing what to collect: who may collect, which devices a query names, which commands.

Reads only; the other service modules build on it.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from netcare.collection.parsing import commands as command_sets
from netcare.core import access
from netcare.customers.models import Customer
from netcare.inventory.models import Device


def may_collect(user: Any, customer: Customer | int) -> bool:
    """Whether a user may start collections and upload archives for the customer."""
    return user is not None and access.may(user, "collect", customer)


_QUERY_FIELDS = {
    "hostname": "hostname",
    "host": "hostname",
    "platform": "platform__slug",
    "site": "site__name",
    "role": "role",
    "address": "management_address",
    "status": "status",
}


def select_devices(customer: Customer, query: str = "") -> QuerySet[Device]:
    """The customer's active devices a query names.

    A query is comma-separated terms; a term is ``field=value`` (hostname, platform,
    site, role, address, status) or a bare hostname. Values may use ``*`` and ``?``
    wildcards. Terms on the same field are alternatives; different fields must all
    match: ``platform=hp_comware,platform=huawei_vrp,site=上海*``.
    """
    devices = Device.objects.filter(customer=customer).select_related("platform", "site")
    if "status=" not in query:
        devices = devices.filter(status=Device.Status.ACTIVE)
    by_field: dict[str, list[str]] = {}
    for term in (t.strip() for t in query.split(",")):
        if not term:
            continue
        name, sep, value = term.partition("=")
        field = _QUERY_FIELDS.get(name.strip().lower()) if sep else "hostname"
        if field is None:
            raise ValidationError({"devices": f"unknown field {name.strip()!r} in {term!r}"})
        by_field.setdefault(field, []).append((value if sep else term).strip())
    for field, values in by_field.items():
        condition = Q()
        for value in values:
            if any(ch in value for ch in "*?"):
                condition |= Q(**{f"{field}__iregex": _wildcard_regex(value)})
            else:
                condition |= Q(**{f"{field}__iexact": value})
        devices = devices.filter(condition)
    return devices.order_by("hostname")


def _wildcard_regex(pattern: str) -> str:
    """``SW-*-0?`` → ``^SW\\-.*\\-0.$``: only ``*`` and ``?`` are special (SQLite and
    PostgreSQL agree on this subset)."""
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return "^" + "".join(parts) + "$"


def command_list(platform: str) -> list[str]:
    """The inspection commands sent to a device of this platform, in order."""
    return [entry.command for entry in command_sets.command_set(platform)]
