"""Contract pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netcare.contracts import pages
from netcare.contracts.models import Contract
from netcare.core.access import get_visible_or_404


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(Contract.objects.select_related("customer"), request.user, pk=pk)
    return render(
        request, "contracts/contract_detail.html", pages.contract_detail(contract, request.user)
    )
