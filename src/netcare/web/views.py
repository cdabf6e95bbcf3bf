"""Web shell pages: home, customer switcher, customer overview, job progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from netcare.core.access import get_visible_or_404
from netcare.core.models import Job
from netcare.customers.models import Customer
from netcare.web import pages


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The customers the user may see; a customer user goes straight to its company."""
    customers = list(Customer.objects.visible_to(request.user))
    if len(customers) == 1:
        return redirect("web:customer_detail", code=customers[0].code)
    return render(request, "web/home.html", {"customers": customers})


@login_required
@require_POST
def switch_customer(request: HttpRequest) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, code=request.POST.get("customer", ""))
    request.session["customer_code"] = customer.code
    return redirect("web:customer_detail", code=customer.code)


@login_required
def customer_overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = get_visible_or_404(Customer, request.user, code=code)
    request.session["customer_code"] = customer.code
    return render(
        request, "web/customer_overview.html", pages.customer_overview(customer, request.user)
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress; the page polls itself through htmx until the job is done."""
    job = get_visible_or_404(Job, request.user, pk=pk)
    template = (
        "web/_job_status.html" if request.headers.get("HX-Request") else "web/job_detail.html"
    )
    return render(request, template, {"job": job})
