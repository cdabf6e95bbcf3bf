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

from netcare.core import access
from netcare.core.access import get_visible_or_404
from netcare.customers.models import Customer
from netcare.onsite import pages
from netcare.onsite.forms import ApproveForm, CancelForm, DispatchForm, LogDayForm, PublishForm
from netcare.onsite.models import Visit
from netcare.onsite.services import records, visits
from netcare.web.actions import attempt, form_errors


def _customer(request: HttpRequest, code: str) -> Customer:
    return get_visible_or_404(Customer, request.user, code=code)


def _visit(request: HttpRequest, pk: int, *, staff: bool = True) -> Visit:
    visit = get_visible_or_404(
        Visit.objects.select_related("customer", "engineer", "site", "request", "deliverable"),
        request.user,
        pk=pk,
    )
    if staff:
        access.require_staff(request.user, visit.customer_id)
    return visit


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    customer = _customer(request, code)
    return render(request, "onsite/overview.html", pages.overview(customer, request.user))


@login_required
@require_POST
def visit_dispatch(request: HttpRequest, code: str) -> HttpResponse:
    customer = _customer(request, code)
    access.require_staff(request.user, customer)
    form = DispatchForm(request.POST, customer=customer)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("onsite:overview", code=customer.code)
    visit = attempt(
        request,
        lambda: visits.do_dispatch(customer, actor=request.user, **form.cleaned_data),
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
    form = LogDayForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: visits.do_log_day(visit, actor=request.user, **form.cleaned_data),
            _("Day logged and booked on the quota."),
        )
    else:
        form_errors(request, form)
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_approve(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: visits.do_approve_overrun(
                visit, note=form.cleaned_data["note"], actor=request.user
            ),
            _("Over-quota days approved."),
        )
    else:
        form_errors(request, form)
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: visits.do_cancel(visit, reason=form.cleaned_data["reason"], actor=request.user),
            _("Visit cancelled."),
        )
    else:
        form_errors(request, form)
    return redirect("onsite:visit_detail", pk=visit.pk)


@login_required
@require_POST
def visit_publish(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: records.do_publish_record(visit, actor=request.user, **form.cleaned_data),
            _("Onsite support record published."),
        )
    else:
        form_errors(request, form)
    return redirect("onsite:visit_detail", pk=visit.pk)
