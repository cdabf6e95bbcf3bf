"""Deliverable pages: the customer's list with downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from netcare.core.access import get_visible_or_404
from netcare.customers.models import Customer
from netcare.delivery import pages


@login_required
def deliverable_list(request: HttpRequest, code: str) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, code=code)
    deliverables = pages.deliverables_for(customer, request.user)
    return render(
        request,
        "delivery/deliverable_list.html",
        {"customer": customer, "deliverables": deliverables},
    )
