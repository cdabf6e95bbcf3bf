"""Read models for the inventory pages and the customer-overview panel.

Everything here starts from ``visible_to(user)``, so a page can only show what the
access rule lets the user see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from netcare.core import access
from netcare.customers.models import Customer, Site
from netcare.inventory import services
from netcare.inventory.models import Device, Platform
from netcare.web import lists
from netcare.web import pages as web_pages


def _search(found: QuerySet[Device], text: str) -> QuerySet[Device]:
    return found.filter(
        Q(hostname__icontains=text)
        | Q(management_address__icontains=text)
        | Q(serial__icontains=text)
        | Q(model__icontains=text)
    )


def device_spec(customer: Customer, user: Any) -> lists.ListSpec:
    """The device list's filters (the customer's own sites, as the viewer sees them),
    columns and export."""
    sites = Site.objects.visible_to(user).filter(customer=customer).order_by("name")
    platforms = Platform.objects.order_by("slug")
    may_import = services.may_manage_devices(user, customer)
    return lists.ListSpec(
        name="devices",
        title=_("Devices"),
        form_id="device-filter",
        owner=customer.code,
        default_sort="hostname",
        filters=(
            lists.Filter(
                "q",
                _("Search"),
                kind="text",
                apply=_search,
                placeholder=_("hostname, address, serial, model"),
            ),
            lists.Filter("site", _("Site"), lists.choices((s.pk, s.name) for s in sites)),
            lists.Filter(
                "platform",
                _("Platform"),
                lists.choices((p.slug, p.name) for p in platforms),
                field="platform__slug",
            ),
            lists.Filter("role", _("Role"), Device.Role.choices),
            lists.Filter("status", _("Status"), Device.Status.choices),
        ),
        columns=(
            lists.Column("hostname", _("Hostname"), ("hostname",), lambda d: d.hostname),
            lists.Column(
                "address",
                _("Management address"),
                ("management_address",),
                lambda d: d.management_address,
            ),
            lists.Column("platform", _("Platform"), ("platform__slug",), lambda d: d.platform.name),
            lists.Column("model", _("Model"), ("model",), lambda d: d.model),
            lists.Column(
                "version",
                _("Software version"),
                ("software_version",),
                lambda d: d.software_version,
            ),
            lists.Column("serial", _("Serial number"), (), lambda d: d.serial),
            lists.Column(
                "site", _("Site"), ("site__name",), lambda d: d.site.name if d.site else ""
            ),
            lists.Column("role", _("Role"), ("role",), lambda d: d.get_role_display()),
            lists.Column("status", _("Status"), ("status",), lambda d: d.get_status_display()),
            lists.Column(
                "collected", _("Last collected"), ("last_collected",), lambda d: d.last_collected
            ),
        ),
        empty=_("No devices recorded yet"),
        next_step=_("import the device list from a spreadsheet") if may_import else "",
        next_url=(
            reverse("inventory:device_import", kwargs={"code": customer.code}) if may_import else ""
        ),
    )


def device_list(customer: Customer, user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """One page of the customer's devices, narrowed and sorted as the query asks."""
    devices = (
        Device.objects.visible_to(user)
        .filter(customer=customer)
        .select_related("site", "platform")
        .order_by("hostname")
    )
    listing = lists.list_page(query, devices, device_spec(customer, user))
    return {
        "customer": customer,
        "listing": listing,
        "page": listing.page,
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
