"""Inventory pages: a customer's device list, one device, and the spreadsheet import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core.access import get_visible_or_404, visible_customer_or_404
from netcare.inventory import pages, services
from netcare.inventory.forms import ImportForm
from netcare.inventory.models import Device
from netcare.web import lists


@login_required
def device_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    context = pages.device_list(customer, request.user, request.GET)
    return lists.respond(request, "inventory/device_list.html", context)


@login_required
def device_detail(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_visible_or_404(
        Device.objects.select_related("customer", "site", "platform", "credential"),
        request.user,
        pk=pk,
    )
    return render(
        request, "inventory/device_detail.html", pages.device_detail(device, request.user)
    )


@login_required
@require_POST
def device_forget_host_key(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear a replaced device's pinned SSH host key; the next collection pins the new one."""
    device = get_visible_or_404(Device.objects.select_related("customer"), request.user, pk=pk)
    services.do_forget_host_key(device, actor=request.user)
    messages.success(request, _("Host key forgotten: the next collection trusts the key it sees."))
    return redirect("inventory:device_detail", pk=device.pk)


@login_required
def device_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload form and the row-by-row report; staff who may manage devices only."""
    customer = visible_customer_or_404(request.user, code)
    if not services.may_manage_devices(request.user, customer):
        raise PermissionDenied("not allowed: manage_devices")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.do_import_devices(
            customer,
            filename=upload.name,
            data=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            actor=request.user,
        )
    context = {"customer": customer, "form": form, "result": result}
    return render(request, "inventory/device_import.html", context)
