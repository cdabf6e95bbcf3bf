"""Contract pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.contracts import pages, services
from netcare.contracts.models import Contract
from netcare.core import access
from netcare.core.access import get_visible_or_404


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(Contract.objects.select_related("customer"), request.user, pk=pk)
    return render(
        request, "contracts/contract_detail.html", pages.contract_detail(contract, request.user)
    )


@login_required
@require_POST
def contract_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins change the contract's service settings: which on-site work uses the onsite
    person-days (manual collection visits, critical-period rosters)."""
    contract = get_visible_or_404(Contract.objects.select_related("customer"), request.user, pk=pk)
    if not access.is_admin(request.user):
        raise PermissionDenied("only admins manage contracts")
    services.do_update_contract(
        contract,
        actor=request.user,
        manual_collection_counts=request.POST.get("manual_collection_counts") == "on",
        critical_period_counts=request.POST.get("critical_period_counts") == "on",
    )
    messages.success(request, _("Contract settings saved."))
    return redirect("contracts:contract_detail", pk=contract.pk)
