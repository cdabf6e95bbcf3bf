"""Read models for the inventory pages and the customer-overview panel.

Everything here starts from ``visible_to(user)``, so a page can only show what the
access rule lets the user see.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation

from netcare.core import access
from netcare.customers.models import Customer
from netcare.inventory import services
from netcare.inventory.models import Device
from netcare.web import pages as web_pages

PAGE_SIZE = 100


def device_list(
    customer: Customer, user: Any, filters: dict[str, Any], page: str | None = None
) -> dict[str, Any]:
    """One page of the customer's devices, narrowed by the filter form's values."""
    devices = (
        Device.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("site", "platform")
        .order_by("hostname")
    )
    for name in ("site", "platform", "role", "status"):
        if name in filters:
            devices = devices.filter(**{name: filters[name]})
    if text := filters.get("q"):
        devices = devices.filter(
            Q(hostname__icontains=text)
            | Q(management_address__icontains=text)
            | Q(serial__icontains=text)
            | Q(model__icontains=text)
        )
    return {
        "customer": customer,
        "page": Paginator(devices, PAGE_SIZE).get_page(page),
        "can_import": services.may_manage_devices(user, customer),
    }


def slot_order(slot: str) -> tuple[tuple[int, int | str], ...]:
    """Slots as an engineer reads them: "2" before "10", "1/0/2" before "1/0/10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", slot) if part
    )


def device_detail(device: Device, user: Any) -> dict[str, Any]:
    """A device's identity, modules and version history; its credential's name for staff."""
    staff = access.is_staff_for(user, device.customer)
    return {
        "device": device,
        "customer": device.customer,
        "modules": sorted(device.modules.all(), key=lambda m: slot_order(m.slot)),
        "versions": list(device.version_changes.all()),
        "credential_name": device.credential.name if staff and device.credential else None,
        "show_credential": staff,
        "may_forget_host_key": access.may(user, "collect", device.customer),
        "panels": web_pages.panels("device_panel", web_pages.DEVICE_PANELS, device, user),
    }


def overview_panel(customer: Customer, user: Any) -> dict[str, Any]:
    """Device counts by platform and role for the customer overview, with links.

    The web shell includes ``template`` with this dict as ``panel``; ``import_url``
    is None for users who may not import.
    """
    devices = Device.objects.visible_to(user).filter(customer=customer)
    by_platform = list(
        devices.values("platform__slug", "platform__name_zh", "platform__name_en")
        .annotate(count=Count("id"))
        .order_by("-count", "platform__slug")
    )
    role_labels = dict(Device.Role.choices)
    by_role = [
        {"role": row["role"], "label": role_labels.get(row["role"], row["role"]), **row}
        for row in devices.values("role").annotate(count=Count("id")).order_by("-count", "role")
    ]
    english = translation.get_language() == "en"
    return {
        "template": "inventory/_overview_panel.html",
        "customer": customer,
        "total": sum(row["count"] for row in by_platform),
        "by_platform": [
            {
                "slug": row["platform__slug"],
                "name": row["platform__name_en" if english else "platform__name_zh"],
                "count": row["count"],
            }
            for row in by_platform
        ],
        "by_role": by_role,
        "list_url": reverse("inventory:device_list", kwargs={"code": customer.code}),
        "import_url": (
            reverse("inventory:device_import", kwargs={"code": customer.code})
            if services.may_manage_devices(user, customer)
            else None
        ),
    }
