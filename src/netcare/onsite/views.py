"""Onsite pages: a customer's onsite support (quota, warning, visits, dispatch) and one
visit (arrive, log a day, approve an overrun, cancel, publish the record).

Customer users read both pages; every action is the vendor's and answers them 404 like
a stranger, and 403 to staff whose role may not do it. Each action is its own POST view
around one service call; a refused input comes back as a page message.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netcare.core.access import visible_customer_or_404
from netcare.onsite import pages
from netcare.onsite.forms import ApproveForm, CancelForm, DispatchForm, LogDayForm, PublishForm
from netcare.onsite.models import Visit
from netcare.onsite.services import records, visits
from netcare.web.actions import attempt, object_for, submit


def _visit(request: HttpRequest, pk: int, *, staff: bool = True) -> Visit:
    """A visit; its actions are the vendor staff's (404 for customer users)."""
    source = Visit.objects.select_related("customer", "engineer", "site", "request", "deliverable")
    return object_for(request, source, staff=staff, pk=pk)


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code)
    return render(request, "onsite/overview.html", pages.overview(customer, request.user))


@login_required
@require_POST
def visit_dispatch(request: HttpRequest, code: str) -> HttpResponse:
    customer = visible_customer_or_404(request.user, code, staff=True)
    visit = submit(
        request,
        DispatchForm(request.POST, customer=customer),
        lambda data: visits.do_dispatch(customer, actor=request.user, **data),
        _("Field engineer dispatched."),
    )
    if visit is None:
        return redirect("onsite:overview", code=customer.code)
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk, staff=False)
    return render(request, "onsite/visit_detail.html", pages.visit_detail(visit, request.user))


@login_required
@require_POST
def visit_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    attempt(request, lambda: visits.do_arrive(visit, actor=request.user), _("On site."))
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    submit(
        request,
        LogDayForm(request.POST),
        lambda data: visits.do_log_day(visit, actor=request.user, **data),
        _("Day logged and booked on the quota."),
    )
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_approve(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    submit(
        request,
        ApproveForm(request.POST),
        lambda data: visits.do_approve_overrun(visit, note=data["note"], actor=request.user),
        _("Over-quota days approved."),
    )
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    submit(
        request,
        CancelForm(request.POST),
        lambda data: visits.do_cancel(visit, reason=data["reason"], actor=request.user),
        _("Visit cancelled."),
    )
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_publish(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    submit(
        request,
        PublishForm(request.POST),
        lambda data: records.do_publish_record(visit, actor=request.user, **data),
        _("Onsite support record published."),
    )
    return redirect("onsite:visit_detail", pk=visit.pk)
