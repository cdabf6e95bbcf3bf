"""Web shell pages: home, customer switcher, customer overview, job progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core.access import (
    customer_ids,
    get_visible_or_404,
    is_vendor_staff,
    visible_customer_or_404,
)
from netcare.core.models import Job
from netcare.customers.models import Customer
from netcare.web import pages
from netcare.web.work import work_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The vendor's team lands on its work queue (``web.work``) above the customers it
    serves; a customer user goes straight to its company."""
    customers = list(Customer.objects.visible_to(request.user))
    # The vendor's team, and the experts named only to review a change, have work here.
    staff = is_vendor_staff(request.user) or bool(customer_ids(request.user, {"reviewer"}))
    if len(customers) == 1 and not staff:
        return redirect("web:customer_detail", code=customers[0].code)
    queue = work_for(request.user) if staff else None
    return render(request, "web/home.html", {"customers": customers, "queue": queue})


@login_required
@require_POST
def switch_customer(request: HttpRequest) -> HttpResponse:
    customer = visible_customer_or_404(request.user, request.POST.get("customer", ""))
    request.session["customer_code"] = customer.code
    return redirect("web:customer_detail", code=customer.code)


@login_required
def customer_overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
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


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The answer to a sign-in refused by the lockout (django-axes' ``AXES_LOCKOUT_CALLABLE``).

    A page in the viewer's language for the web and admin logins, JSON with the same
    sentence for the API token; both 429 with ``Retry-After`` when the lockout ends by
    itself. It never says whether the password was right.
    """
    username = str((credentials or {}).get("username", ""))
    until = _lockout_end(request, username)
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60)) if until else None
    if minutes is not None:
        message = _(
            "Too many failed sign-ins for this account from your address: signing in is "
            "locked for another %(minutes)s min. Try again later, or ask an administrator "
            "to unlock the account."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed sign-ins for this account from your address: signing in is "
            "locked until an administrator unlocks the account."
        )
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/") or request.headers.get("X-Requested-With"):
        response: HttpResponse = JsonResponse(
            {"detail": message, "code": "locked_out", "retry_after_minutes": minutes},
            status=status,
        )
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": message, "until": until, "username": username},
            status=status,
        )
    if minutes is not None:
        response["Retry-After"] = str(minutes * 60)
    return response


def _lockout_end(request: HttpRequest, username: str) -> dt.datetime | None:
    """When the lockout of this username and address ends (None: only an admin ends it)."""
    from axes.helpers import get_client_ip_address, get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off
